"""``gazette docno TEXT``: print the normalised 发文字号 or the reason it is not one."""

from __future__ import annotations

import argparse
from typing import Any

from gazette.cli.base import CliError, Runner, command, out
from gazette.texts.docno import DocNumberError, normalise


def _docno(args: argparse.Namespace, run: Runner) -> int:
    try:
        out(normalise(args.text))
    except DocNumberError as exc:
        raise CliError(str(exc)) from exc
    return 0


def register(sub: Any) -> None:
    p = command(
        sub, "docno", _docno, "规范化发文字号（如 宿政办发[2018]56号 → 宿政办发〔2018〕56号）"
    )
    p.add_argument("text")
