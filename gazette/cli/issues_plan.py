"""``gazette issue create|add|remove|allow|sections``: plan an issue from the command line.

With ``gazette document import`` and ``gazette issue build`` these take a document from its file
to a built issue without the desktop. A document is named by its 发文字号 (``--doc``) or, when it
has none, by its number (``--id``, printed by the import).
"""

from __future__ import annotations

import argparse
from functools import partial
from typing import Any

from gazette.cli.base import Runner, command, date_arg, out
from gazette.cli.texts import add_document_choice, chosen_document
from gazette.issues import placing
from gazette.issues import planning as issues
from gazette.vocab import issue_label

_DATE = partial(date_arg, example="2026-12-02")


def _issue_id(uow: Any, args: argparse.Namespace) -> int:
    return issues.find_issue(uow, args.year, args.number)


def _create(args: argparse.Namespace, run: Runner) -> int:
    with run.context().uow() as uow:
        issue_id = issues.create_issue(uow, args.year, args.number, args.serial, args.date)
        uow.commit()
    serial = f"（总第{args.serial}期）" if args.serial else ""
    out(f"已新建{issue_label(args.year, args.number)}{serial}，编号 {issue_id}")
    return 0


def _add(args: argparse.Namespace, run: Runner) -> int:
    doc_id = chosen_document(run, args)
    with run.context().uow() as uow:
        issue_id = _issue_id(uow, args)
        placing.place_document(uow, issue_id, doc_id, args.section, args.position)
        uow.commit()
    out(f"已把文件 #{doc_id} 编入{issue_label(args.year, args.number)}“{args.section}”栏目")
    return 0


def _remove(args: argparse.Namespace, run: Runner) -> int:
    doc_id = chosen_document(run, args)
    with run.context().uow() as uow:
        placing.take_out(uow, _issue_id(uow, args), doc_id)
        uow.commit()
    out(f"已把文件 #{doc_id} 移出{issue_label(args.year, args.number)}")
    return 0


def _sections(args: argparse.Namespace, run: Runner) -> int:
    with run.context().uow() as uow:
        issue_id = _issue_id(uow, args)
        for name, on in [(n, False) for n in args.off] + [(n, True) for n in args.on]:
            issues.switch_section(uow, issue_id, issues.find_section(uow, name), on)
        uow.commit()
        plan = issues.plan(uow, issue_id)
    for s in plan.sections:
        if s.id > 0:
            state = "本期停用" if s.off else f"{len(s.items)}篇"
            out(f"{s.name}\t{state}")
    return 0


def _allow(args: argparse.Namespace, run: Runner) -> int:
    from gazette.issues.rules import override_ad

    doc_id = chosen_document(run, args)
    with run.context().uow() as uow:
        override_ad(uow, _issue_id(uow, args), doc_id, args.word, args.reason)
        uow.commit()
    out(f"已放行文件 #{doc_id} 中的“{args.word}”（理由：{args.reason}）")
    return 0


def _issue_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, required=True, help="年份")
    p.add_argument("--number", type=int, required=True, help="期号")


def register_planning(inner: Any) -> None:
    """Add the planning commands to ``gazette issue``."""
    p = command(inner, "create", _create, "新建一期（年份、期号，可给总期号和出版日期）")
    _issue_args(p)
    p.add_argument("--serial", type=int, default=None, help="总期号")
    p.add_argument("--date", type=_DATE, default=None, help="出版日期，如 2026-12-02")
    p = command(inner, "add", _add, "把一份文件编入某期的某个栏目")
    _issue_args(p)
    add_document_choice(p)
    p.add_argument("--section", required=True, metavar="栏目", help="栏目名称，如 市政府文件")
    p.add_argument("--position", type=int, default=None, metavar="K", help="栏目内第 K 篇")
    p = command(inner, "remove", _remove, "把一份文件移出某期（文件本身保留）")
    _issue_args(p)
    add_document_choice(p)
    p = command(inner, "allow", _allow, "确认疑似广告用语是误报并放行（记录理由）")
    _issue_args(p)
    add_document_choice(p)
    p.add_argument("--word", required=True, help="规则检查报告的用语")
    p.add_argument("--reason", required=True, help="放行理由")
    p = command(inner, "sections", _sections, "本期停用或启用栏目，并列出各栏目")
    _issue_args(p)
    p.add_argument("--off", action="append", default=[], metavar="栏目", help="本期停用")
    p.add_argument("--on", action="append", default=[], metavar="栏目", help="本期重新启用")
