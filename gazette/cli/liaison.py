"""``gazette liaison absent|absences|end|delete|contact``: liaison absences from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from gazette.cli.base import CliError, Runner, command, date_arg, group, out
from gazette.db.uow import UnitOfWork
from gazette.departments import absences
from gazette.departments import roster as deps


def _department(uow: UnitOfWork, name: str) -> int:
    dep_id = deps.find_by_name(uow, name)
    if dep_id is None:
        raise CliError(f"没有名为“{name}”的部门（gazette departments list 列出全部部门）")
    return dep_id


def _absent(args: argparse.Namespace, run: Runner) -> int:
    role = "alternate" if args.alternate else "primary"
    with run.context().uow() as uow:
        dep_id = _department(uow, args.department)
        holder = absences.current_holder(uow.session, dep_id, role)
        if holder is None:
            raise CliError(f"{args.department}没有现任{absences.ROLE_LABELS[role]}")
        absences.record_absence(
            uow.session, holder.id, args.starts, args.ends, args.reason, args.note
        )
        uow.commit()
        name = holder.name
    until = args.ends.isoformat() if args.ends else "返岗日期未定"
    out(f"已登记：{args.department}{absences.ROLE_LABELS[role]}{name}{args.reason}，")
    out(f"  {args.starts.isoformat()} 至 {until}")
    return 0


def _list(args: argparse.Namespace, run: Runner) -> int:
    with run.context().uow() as uow:
        rows = absences.list_absences(uow.session, _department(uow, args.department))
    for r in rows:
        out("\t".join([str(r.id), r.role_label, r.name, r.period, r.reason, r.note]).rstrip())
    out(f"共 {len(rows)} 条不在岗登记")
    return 0


def _end(args: argparse.Namespace, run: Runner) -> int:
    with run.context().uow() as uow:
        absences.end_absence(uow.session, args.id, args.last_day)
        uow.commit()
    out(f"不在岗登记 {args.id} 已提前结束，最后一天为 {args.last_day.isoformat()}")
    return 0


def _delete(args: argparse.Namespace, run: Runner) -> int:
    with run.context().uow() as uow:
        absences.delete_absence(uow.session, args.id)
        uow.commit()
    out(f"已删除不在岗登记 {args.id}")
    return 0


def _contact(args: argparse.Namespace, run: Runner) -> int:
    on = args.on or dt.date.today()
    with run.context().uow() as uow:
        choice = absences.who_to_contact(uow.session, _department(uow, args.department), on)
    if choice.contact is None:
        out(f"{on.isoformat()} {args.department}：{choice.explanation}")
        return 1
    c = choice.contact
    reach = " ".join(x for x in (c.mobile, c.office_phone, c.email) if x)
    out(f"{on.isoformat()} {args.department}：{c.role_label}{c.name} {reach}".rstrip())
    if choice.explanation:
        out(f"  {choice.explanation}")
    return 0


def register(sub: Any) -> None:
    inner = group(
        sub,
        "liaison",
        "联络员不在岗：登记、列出、提前结束、删除、今日联系谁",
        dest="liaison_command",
    )
    p = command(inner, "absent", _absent, "登记联络员（或备用联络员）不在岗")
    p.add_argument("--department", required=True, help="单位名称，如 市教育局")
    p.add_argument(
        "--from", dest="starts", type=date_arg, required=True, help="第一天，如 2025-03-24"
    )
    p.add_argument("--to", dest="ends", type=date_arg, help="最后一天（含）；不填表示返岗日期未定")
    p.add_argument("--reason", required=True, choices=absences.REASONS, help="原因")
    p.add_argument("--note", default="", help="说明")
    p.add_argument("--alternate", action="store_true", help="登记的是备用联络员")
    p = command(inner, "absences", _list, "列出一个部门的不在岗登记（含编号）")
    p.add_argument("--department", required=True)
    p = command(inner, "end", _end, "提前结束一条不在岗登记")
    p.add_argument("--id", type=int, required=True, help="登记编号（见 liaison absences）")
    p.add_argument("--last-day", type=date_arg, required=True, help="不在岗的最后一天")
    p = command(inner, "delete", _delete, "删除误登记的不在岗记录")
    p.add_argument("--id", type=int, required=True)
    p = command(inner, "contact", _contact, "某日应联系谁（联络员不在岗时为备用联络员）")
    p.add_argument("--department", required=True)
    p.add_argument("--on", type=date_arg, help="日期，默认今天")
