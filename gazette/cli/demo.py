"""``gazette demo``: fill an empty database with the demo office, printing progress.

The command at the top (``commands.py``) gives it the whole office's loader (``loader``), the
backlog's history included; on its own it loads the core's parts.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from gazette.cli.base import CliError, Runner, command, out
from gazette.progress import Reporter


def _demo(args: argparse.Namespace, run: Runner) -> int:
    from gazette import demo

    ctx = run.context()
    if not demo.is_empty(ctx) and not demo.unfinished(ctx):
        raise CliError(
            f"{ctx.db.display_name()} 中已有数据，演示数据只能载入空数据库。"
            "请用 --data-dir 指定一个新的数据目录，或 --database 指定一个空数据库。"
        )
    started = time.perf_counter()

    def progress(done: int, total: int, message: str = "") -> None:
        out(f"[{done}/{total}] {message}")

    loader = getattr(args, "loader", None) or demo.load
    loader(ctx, Reporter(progress))
    out(f"完成，用时 {time.perf_counter() - started:.1f} 秒：{ctx.db.display_name()}")
    return 0


def register(sub: Any) -> None:
    command(
        sub,
        "demo",
        _demo,
        "向空数据库载入完整的演示编辑部（部门、联络员、报送记录、已发布的公报和历史公报）",
    )
