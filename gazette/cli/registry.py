"""Every core subcommand, listed once: each area keeps its commands in its own module with a
``register(subparsers)``. ``archive/cli.py`` does the same for the backlog, and the top-level
``commands.py`` joins both under the global options.
"""

from __future__ import annotations

import argparse
from typing import Any

from gazette.cli.base import Runner, command, out


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
    from gazette.cli import demo as demo_cli
    from gazette.cli import departments as departments_cli
    from gazette.cli import distribution as distribution_cli
    from gazette.cli import docno as docno_cli
    from gazette.cli import errata as errata_cli
    from gazette.cli import interpretations as interpretations_cli
    from gazette.cli import issues as issues_cli
    from gazette.cli import liaison as liaison_cli
    from gazette.cli import office as office_cli
    from gazette.cli import search as search_cli
    from gazette.cli import settings as settings_cli
    from gazette.cli import site as site_cli
    from gazette.cli import submissions as submissions_cli
    from gazette.cli import texts as texts_cli
    from gazette.cli import validity as validity_cli
    from gazette.cli import workdays as workdays_cli

    command(sub, "info", _info, "显示正在使用的数据库和数据目录")
    command(sub, "upgrade", _upgrade, "把数据库结构升级到最新（升级前自动备份内置数据库）")
    workdays_cli.register(sub)
    docno_cli.register(sub)
    departments_cli.register(sub)
    liaison_cli.register(sub)
    submissions_cli.register(sub)
    interpretations_cli.register(sub)
    demo_cli.register(sub)
    texts_cli.register(sub)
    issues_cli.register(sub)
    errata_cli.register(sub)
    validity_cli.register(sub)
    site_cli.register(sub)
    search_cli.register(sub)
    settings_cli.register(sub)
    distribution_cli.register(sub)
    office_cli.register(sub)
