"""``gazette docno TEXT``: print the normalised 发文字号 or the reason it is not one."""

from __future__ import annotations

import argparse
from typing import Any

from gazette.cli.base import Runner, command, out, user_errors
from gazette.texts.docno import DocNumberError, normalise


def _docno(args: argparse.Namespace, run: Runner) -> int:
    with user_errors(DocNumberError):
        out(normalise(args.text))
    return 0


def register(sub: Any) -> None:
    p = command(
        sub, "docno", _docno, "规范化发文字号（如 宿政办发[2018]56号 → 宿政办发〔2018〕56号）"
    )
    p.add_argument("text")
