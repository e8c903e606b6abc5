"""``gazette workdays deadline|check|import``."""

from __future__ import annotations

import argparse
from typing import Any

from gazette.calendar.store import import_notice, load_calendar, parse_notice
from gazette.cli.base import CliError, Runner, command, date_arg, group, out


def _deadline(args: argparse.Namespace, run: Runner) -> int:
    with run.context().uow() as uow:
        cal = load_calendar(uow.session)
    out(cal.deadline(args.date, args.days).isoformat())
    return 0


def _check(args: argparse.Namespace, run: Runner) -> int:
    with run.context().uow() as uow:
        cal = load_calendar(uow.session)
    out(cal.info(args.date).label)
    return 0


def _import(args: argparse.Namespace, run: Runner) -> int:
    notice = parse_notice(args.file)
    with run.context().uow() as uow:
        count = import_notice(uow.session, notice)
        uow.commit()
    out(f"已导入 {notice.year} 年节假日安排：{count} 天")
    return 0


def register(sub: Any) -> None:
    inner = group(
        sub, "workdays", "工作日历：截止日期、查询、导入节假日通知", dest="workdays_command"
    )
    p = command(inner, "deadline", _deadline, "计算印发日期之后第 N 个工作日（报送截止日期）")
    p.add_argument("date", type=date_arg, help="印发日期 YYYY-MM-DD")
    p.add_argument("--days", type=int, default=5, help="工作日数（默认 5）")
    p = command(inner, "check", _check, "查询某日是工作日还是休息日")
    p.add_argument("date", type=date_arg)
    p = command(inner, "import", _import, "导入国务院节假日安排通知（holiday-cn 格式 JSON）")
    p.add_argument("file")


__all__ = ["CliError", "register"]
