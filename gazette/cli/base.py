"""What every subcommand shares: the lazily opened context, ``command`` to add one, ``out`` to
print, and ``CliError`` for a user's mistake (printed without a traceback)."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from gazette import config
from gazette.cli.errors import printable
from gazette.context import AppContext, open_context
from gazette.progress import Reporter


class CliError(Exception):
    """A user error: printed to stderr without a traceback, exit status 2."""


class Runner:
    """Opens the context lazily, so commands that need no database never touch one."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._ctx: AppContext | None = None

    def context(self) -> AppContext:
        if self._ctx is None:
            password = _prompted_password(self.args)
            self._ctx = open_context(self.args.database, self.args.data_dir, password=password)
            if self._ctx.extras.get("schema_pending"):
                raise CliError(
                    "共享数据库需要升级结构，只有管理员可以执行："
                    "请以管理员身份设置 GAZETTE_USER 和 GAZETTE_PASSWORD 后运行 gazette upgrade"
                )
        return self._ctx

    def close(self) -> None:
        if self._ctx is not None:
            self._ctx.close()


def _prompted_password(args: argparse.Namespace) -> str | None:
    """On a shared database, GAZETTE_USER without GAZETTE_PASSWORD or a PGPASSFILE asks for the
    password at the terminal; there is never a password flag (it would show in ``ps``)."""
    user = os.environ.get("GAZETTE_USER")
    if not user or "GAZETTE_PASSWORD" in os.environ or os.environ.get("PGPASSFILE"):
        return None
    if config.resolve(args.database, args.data_dir).is_embedded:
        return None
    if not sys.stdin.isatty():
        return None
    return getpass.getpass(f"{user} 的密码：")


Handler = Callable[[argparse.Namespace, Runner], int]


def command(sub: Any, name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
    """Add a subcommand whose handler is called with (args, runner)."""
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help_text, description=help_text)
    parser.set_defaults(handler=handler)
    return parser


def group(sub: Any, name: str, help_text: str, *, dest: str, metavar: str = "COMMAND") -> Any:
    """Add a command that only holds subcommands (``gazette distribution …``); returns the
    subparsers to ``command`` them into, one of which must be given."""
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help_text)
    return parser.add_subparsers(dest=dest, metavar=metavar, required=True)


@contextmanager
def user_errors(*kinds: type[Exception]) -> Iterator[None]:
    """A core service's own error becomes a ``CliError``, so its Chinese message is printed
    without a traceback; one place for what every handler would otherwise spell as try/except."""
    try:
        yield
    except kinds as exc:
        raise CliError(str(exc)) from exc


def date_arg(text: str, example: str = "2025-03-24") -> dt.date:
    """An argparse ``type`` for a date option: one format and one message for every command
    (``functools.partial(date_arg, example=...)`` shows a date that fits the option)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"日期应写作 {example}，而不是“{printable(text)}”"
        ) from exc


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def progress_reporter(what: str) -> Reporter:
    """Progress of a long command on stderr, one line per whole percent, so a 100,000-row import
    shows it is moving without flooding the terminal or the output a script reads."""
    shown = [-1]

    def show(done: int, total: int, message: str = "") -> None:
        percent = done * 100 // total if total > 0 else 100
        if percent != shown[0]:
            shown[0] = percent
            sys.stderr.write(f"{what}：{percent}%  {message}\n")
            sys.stderr.flush()

    return Reporter(show)
