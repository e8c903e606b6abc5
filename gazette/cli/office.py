"""``gazette office init``: set up the roles a shared PostgreSQL database enforces.

Run once per office with the server owner's credentials (``--database`` or PGPASSWORD), and again
after each ``gazette upgrade``; it is safe to repeat. The first administrator's password comes
from GAZETTE_ADMIN_PASSWORD or a prompt, never from a flag, and is stored only by the server.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from gazette import config
from gazette.cli.base import CliError, Runner, command, out
from gazette.db import Database
from gazette.db.audit import audited_tables
from gazette.db.migrate import upgrade
from gazette.office import pg_roles
from gazette.office.auth import ROLES


def _admin_password() -> str:
    secret = os.environ.get("GAZETTE_ADMIN_PASSWORD")
    if secret:
        return secret
    if not sys.stdin.isatty():
        raise CliError("请用环境变量 GAZETTE_ADMIN_PASSWORD 给出第一位管理员的密码")
    first = getpass.getpass("第一位管理员的密码：")
    if first != getpass.getpass("再输入一次：") or not first:
        raise CliError("两次输入的密码不一致")
    return first


def _init(args: argparse.Namespace, run: Runner) -> int:
    loc = config.resolve(args.database, args.data_dir)
    db = Database(loc.database_url, loc.data_dir)
    try:
        if db.is_embedded:
            raise CliError("内置数据库只供一人使用，无需设置角色；多人共用请连接 PostgreSQL")
        password = _admin_password()
        upgrade(db)
        with db.engine.begin() as conn:
            report = pg_roles.init_office(
                conn,
                args.admin,
                password,
                audited=audited_tables(),
                display_name=args.display_name or "",
            )
    finally:
        db.dispose()
    out(f"已设置 schema {report.schema} 的服务器角色：")
    out(f"  所有者 {report.names.owner}（无人登录）；用户管理 {report.names.manager}（无人登录）")
    for role, group in report.names.groups.items():
        out(f"  {ROLES[role]}\t{group}")
    out(f"审计触发器：{len(report.audited)} 张表")
    if report.needs_password:
        names = "、".join(report.needs_password)
        out(f"以下账号需要管理员重设一次密码后才能登录：{names}")
    return 0


def register(sub: Any) -> None:
    office = sub.add_parser(
        "office", help="办公室共享数据库的设置", description="办公室共享数据库的设置"
    )
    inner = office.add_subparsers(dest="office_command", metavar="COMMAND", required=True)
    init = command(inner, "init", _init, "在共享 PostgreSQL 数据库上建立角色、授权和审计触发器")
    init.add_argument("--admin", required=True, help="第一位管理员的用户名（数据库登录名）")
    init.add_argument("--display-name", default="", help="第一位管理员的姓名")
