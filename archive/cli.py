"""The backlog subcommands: ``gazette archive …``."""

from __future__ import annotations

from typing import Any


def register(sub: Any) -> None:
    """Register ``gazette archive`` and its subcommands."""
    parser = sub.add_parser("archive", help="历史公报数字化", description="历史公报数字化")
    parser.set_defaults(handler=lambda args, run: (parser.print_help(), 0)[1])
    parser.add_subparsers(dest="archive_command", metavar="COMMAND")
