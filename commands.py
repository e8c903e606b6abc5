"""The ``gazette`` console command: global options, then the core and backlog subcommands.

It lives at the top so that ``gazette/`` never imports ``archive/``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import archive.cli
import archive.demo
import gazette.cli.base
import gazette.cli.registry
from gazette import __version__
from gazette.cli import argparse_zh
from gazette.cli import errors as cli_errors
from gazette.config import resolve


def build_parser() -> argparse.ArgumentParser:
    argparse_zh.install()
    parser = argparse.ArgumentParser(
        prog="gazette", description="公报编辑部：政府公报报送、编排与历史公报数字化"
    )
    parser.add_argument("--database", metavar="URL", help=argparse_zh.DATABASE_HELP)
    parser.add_argument("--data-dir", metavar="DIR", help=argparse_zh.DATA_DIR_HELP)
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__}",
        help=argparse_zh.VERSION_HELP,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    gazette.cli.registry.register(sub)
    archive.cli.register(sub)
    # `gazette demo` loads the whole office: the core's parts and the backlog's history
    sub.choices["demo"].set_defaults(loader=archive.demo.load_office)
    return parser


def main(argv: list[str] | None = None) -> int:
    if sys.stdout.encoding and sys.stdout.encoding.lower() not in ("utf-8", "utf8"):
        sys.stdout.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
        sys.stderr.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    runner = gazette.cli.base.Runner(args)
    try:
        code = int(args.handler(args, runner) or 0)
        sys.stdout.flush()  # a closed reader shows here, not as a message at exit
        return code
    except BrokenPipeError:  # `gazette … | head` stopped reading: that is no error of ours
        _silence_stdout()
        return 0
    except (Exception, KeyboardInterrupt) as exc:  # the office never sees a traceback
        return cli_errors.report(exc, _data_dir(args))
    finally:
        try:
            runner.close()
        except Exception as exc:
            cli_errors.log_failure(exc, _data_dir(args))


def _silence_stdout() -> None:
    """Point stdout at the null device, so the interpreter's last flush has nowhere to fail."""
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, sys.stdout.fileno())
    os.close(null)


def _data_dir(args: argparse.Namespace) -> Path | None:
    """Where the log goes: the data folder this command uses, if it can be known."""
    try:
        return resolve(args.database, args.data_dir).data_dir
    except Exception:
        return None


if __name__ == "__main__":
    raise SystemExit(main())
