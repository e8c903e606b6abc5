"""The core subcommands of the ``gazette`` command.

Each area keeps its commands in its own ``*_cli`` module with a ``register(subparsers)``;
this module lists them. ``archive/cli.py`` does the same for the backlog, and the top-level
``commands.py`` joins both under the global options.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from gazette.context import AppContext, open_context


class CliError(Exception):
    """A user error: printed to stderr without a traceback, exit status 2."""


class Runner:
    """Opens the context lazily, so commands that need no database never touch one."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._ctx: AppContext | None = None

    def context(self) -> AppContext:
        if self._ctx is None:
            self._ctx = open_context(self.args.database, self.args.data_dir)
            if self._ctx.extras.get("schema_pending"):
                raise CliError(
                    "共享数据库需要升级结构，只有管理员可以执行："
                    "请以管理员身份设置 GAZETTE_USER 和 GAZETTE_PASSWORD 后运行 gazette upgrade"
                )
        return self._ctx

    def close(self) -> None:
        if self._ctx is not None:
            self._ctx.close()


Handler = Callable[[argparse.Namespace, Runner], int]


def command(sub: Any, name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
    """Add a subcommand whose handler is called with (args, runner)."""
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help_text, description=help_text)
    parser.set_defaults(handler=handler)
    return parser


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _info(args: argparse.Namespace, run: Runner) -> int:
    ctx = run.context()
    out(f"数据库：{ctx.db.display_name()}（来源：{ctx.location.database_source}）")
    out(f"数据目录：{ctx.data_dir}（来源：{ctx.location.data_dir_source}）")
    if ctx.last_backup:
        out(f"升级前备份：{ctx.last_backup}")
    return 0


def _upgrade(args: argparse.Namespace, run: Runner) -> int:
    run.context()
    out("数据库结构已是最新")
    return 0


def register(sub: Any) -> None:
    """Register every core command."""
    from gazette import (
        demo_cli,
        departments_cli,
        docno_cli,
        errata_cli,
        issues_cli,
        liaison_cli,
        search_cli,
        settings_cli,
        site_cli,
        submissions_cli,
        texts_cli,
        validity_cli,
        workdays_cli,
    )

    command(sub, "info", _info, "显示正在使用的数据库和数据目录")
    command(sub, "upgrade", _upgrade, "把数据库结构升级到最新（升级前自动备份内置数据库）")
    workdays_cli.register(sub)
    docno_cli.register(sub)
    departments_cli.register(sub)
    liaison_cli.register(sub)
    submissions_cli.register(sub)
    demo_cli.register(sub)
    texts_cli.register(sub)
    issues_cli.register(sub)
    errata_cli.register(sub)
    validity_cli.register(sub)
    site_cli.register(sub)
    search_cli.register(sub)
    settings_cli.register(sub)
