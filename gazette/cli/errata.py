"""``gazette erratum list|add|print|rerelease``: errata of a published issue from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from gazette.cli.base import Runner, command, group, out
from gazette.cli.validity import find_document
from gazette.issues import errata
from gazette.issues import planning as issues
from gazette.progress import Reporter
from gazette.vocab import issue_label


def _issue(run: Runner, year: int, number: int) -> int:
    with run.context().uow() as uow:
        return issues.find_issue(uow, year, number)


def _list(args: argparse.Namespace, run: Runner) -> int:
    issue_id = _issue(run, args.year, args.number)
    with run.context().uow() as uow:
        rows = errata.errata_of(uow, issue_id)
        versions = errata.versions(uow, issue_id)
    if not rows:
        out("（本期没有勘误）")
    for r in rows:
        version = f"电子版第{r.rereleased_version}版" if r.rereleased_version else "未重新发布"
        out(
            f"{r.id}\t{r.doc_number or r.title}\t{r.location}\t“{r.wrong}”→“{r.right}”\t"
            f"{r.reason or '—'}\t{r.recorded_by}\t{r.notice_label or '未安排刊登'}\t{version}"
        )
    for v in versions:
        out(f"电子版第{v.version}版\t{v.name}\t{v.pages}页\t{v.note or '首次发布'}")
    return 0


def _add(args: argparse.Namespace, run: Runner) -> int:
    issue_id = _issue(run, args.year, args.number)
    with run.context().uow() as uow:
        doc_id = find_document(uow, args.doc)
        new_id = errata.record(
            uow, issue_id, doc_id, args.where, args.wrong, args.right, args.reason
        )
        uow.commit()
    out(f"已登记勘误 {new_id}")
    return 0


def _print(args: argparse.Namespace, run: Runner) -> int:
    target = _issue(run, args.year, args.number)
    with run.context().uow() as uow:
        errata.print_in(uow, args.id, target)
        uow.commit()
    out(f"勘误 {args.id} 将刊登在{issue_label(args.year, args.number)}")
    return 0


def _progress(done: int, total: int, message: str = "") -> None:
    sys.stderr.write(f"[{done}/{total}] {message}\n")


def _rerelease(args: argparse.Namespace, run: Runner) -> int:
    issue_id = _issue(run, args.year, args.number)
    reporter = Reporter(_progress if args.verbose else None)
    result = errata.rerelease(run.context(), issue_id, Path(args.out), reporter)
    for f in result.of("web"):
        out(f"{f.path}\t{f.pages}页")
    return 0


def _issue_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--number", type=int, required=True, help="期号")


def register(sub: Any) -> None:
    inner = group(sub, "erratum", "勘误：登记、安排刊登、重新发布电子版", dest="erratum_command")
    p = command(inner, "list", _list, "列出一期的勘误和电子版各版本")
    _issue_args(p)
    p = command(inner, "add", _add, "为已发布的一期登记勘误")
    _issue_args(p)
    p.add_argument("--doc", required=True, help="出错文件的发文字号或标题")
    p.add_argument("--where", required=True, help="出错位置，如 第5页第3段")
    p.add_argument("--wrong", required=True, help="错误内容")
    p.add_argument("--right", required=True, help="更正内容")
    p.add_argument("--reason", default="", help="更正原因")
    p = command(inner, "print", _print, "在以后的一期（--year/--number）刊登这条勘误")
    p.add_argument("id", type=int, help="勘误编号（见 erratum list）")
    _issue_args(p)
    p = command(inner, "rerelease", _rerelease, "重新发布电子版（勘误版），旧版保留")
    _issue_args(p)
    p.add_argument("--out", required=True, help="输出目录")
    p.add_argument("-v", "--verbose", action="store_true", help="显示进度")
