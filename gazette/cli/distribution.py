"""``gazette distribution import|export|list|from-departments|reserve|sheet|labels|envelopes|slips|receipts|mark|print-run``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from gazette.cli.base import CliError, Runner, command, group, out, user_errors
from gazette.distribution import issue as dist
from gazette.distribution import labels, listing, mailings, sheet
from gazette.distribution import recipients as rcp
from gazette.issues import planning as issues
from gazette.vocab import issue_label

STATUS_WORDS = {
    "received": "received",
    "签收": "received",
    "returned": "returned",
    "退回": "returned",
    "pending": "pending",
    "未确认": "pending",
}


def _issue(run: Runner, args: argparse.Namespace) -> int:
    with run.context().uow() as uow, user_errors(issues.IssueError):
        return issues.find_issue(uow, args.year, args.number)


def _import(args: argparse.Namespace, run: Runner) -> int:
    with user_errors(sheet.ImportFileError), run.context().uow() as uow:
        report = sheet.import_recipients(uow.session, args.file)
        if not report.issues:
            uow.commit()
    out(report.summary())
    for issue in report.issues:
        sys.stderr.write(f"  {issue}\n")
    return 1 if report.issues else 0


def _export(args: argparse.Namespace, run: Runner) -> int:
    with run.context().uow() as uow:
        count = sheet.export_recipients(uow.session, args.file)
    out(f"已导出 {count} 个发行对象到 {args.file}")
    return 0


def _list(args: argparse.Namespace, run: Runner) -> int:
    with run.context().uow() as uow:
        rows = rcp.list_recipients(uow.session, include_inactive=args.all)
    for r in rows:
        state = "" if r.state == "正常" else f"（{r.state}）"
        out(
            "\t".join(
                [f"{r.name}{state}", r.category, r.postcode, r.address, r.method, f"{r.copies}份"]
            )
        )
    out(f"共 {len(rows)} 个发行对象，每期 {sum(r.copies for r in rows if r.active)} 份")
    return 0


def _from_departments(args: argparse.Namespace, run: Runner) -> int:
    with run.context().uow() as uow:
        added = rcp.from_departments(uow.session)
        uow.commit()
    out(f"从部门名单新增 {added} 个“机关”发行对象；请补充地址和邮政编码")
    return 0


def _reserve(args: argparse.Namespace, run: Runner) -> int:
    with run.context().uow() as uow:
        if args.copies is not None:
            with user_errors(dist.DistributionError):
                dist.save_reserve(uow.session, args.copies)
            uow.commit()
        out(f"留存（档案）每期 {dist.reserve(uow.session)} 份")
    return 0


def _sheet(args: argparse.Namespace, run: Runner) -> int:
    issue_id = _issue(run, args)
    with run.context().uow() as uow:
        with user_errors(dist.DistributionError):
            count = listing.write(uow.session, issue_id, args.file)
        out(f"{issue_label(args.year, args.number)}发行清单（{count} 个发行对象）：{args.file}")
        out(listing.summary_of(dist.view(uow.session, issue_id)))
    return 0


def _labels(args: argparse.Namespace, run: Runner) -> int:
    issue_id = _issue(run, args)
    with run.context().uow() as uow:
        shown = dist.view(uow.session, issue_id)
    layout = labels.SHEETS[args.sheet]
    problems = labels.check(shown.lines, shown.label, layout)
    for p in problems:
        sys.stderr.write(f"  {p}\n")
    lines = shown.lines
    if problems and not args.skip_bad:
        raise CliError(
            f"{len(problems)} 张标签不能打印（见上）；改正后重试，或加 --skip-bad 只打印其余的"
        )
    if problems:
        bad = {p.split("：", 1)[0] for p in problems}
        lines = [x for x in lines if x.name not in bad]
    with user_errors(labels.LabelError):
        placed = labels.render(lines, shown.label, layout, args.file, outlines=args.outlines)
    pages = placed[-1].page + 1
    out(f"{shown.label}：{len(placed)} 张标签（{args.sheet}，{pages} 页）：{args.file}")
    return 1 if problems else 0


def _envelopes(args: argparse.Namespace, run: Runner) -> int:
    issue_id = _issue(run, args)
    with run.context().uow() as uow, user_errors(labels.LabelError):
        count = mailings.write_envelopes(uow.session, issue_id, args.file, args.size)
    out(f"{issue_label(args.year, args.number)}：{count} 个信封（{args.size}）：{args.file}")
    return 0


def _slips(args: argparse.Namespace, run: Runner) -> int:
    issue_id = _issue(run, args)
    with run.context().uow() as uow, user_errors(labels.LabelError):
        count = mailings.write_slips(uow.session, issue_id, args.file)
    out(f"{issue_label(args.year, args.number)}：{count} 张签收回执：{args.file}")
    return 0


def _receipts(args: argparse.Namespace, run: Runner) -> int:
    issue_id = _issue(run, args)
    with run.context().uow() as uow:
        shown = dist.view(uow.session, issue_id)
    if not shown.frozen:
        out(f"{shown.label}尚未定稿，发行未冻结")
        return 0
    for line in listing.ordered(shown.lines):
        if args.outstanding and line.status != "pending":
            continue
        reason = f"（{line.reason}）" if line.reason else ""
        out(f"{line.name}\t{line.copies}份\t{line.status_text}{reason}")
    c = shown.counts()
    out(f"已签收 {c['received']}，退回 {c['returned']}，未确认 {c['pending']}")
    return 0


def _mark(args: argparse.Namespace, run: Runner) -> int:
    issue_id = _issue(run, args)
    status = STATUS_WORDS.get(args.status)
    if status is None:
        raise CliError(f"状态应为 签收、退回 或 未确认，而不是“{args.status}”")
    with run.context().uow() as uow:
        s = uow.session
        found = [line for line in dist.view(s, issue_id).lines if line.name == args.recipient]
        if not found:
            raise CliError(
                f"{issue_label(args.year, args.number)}的发行清单中没有“{args.recipient}”"
            )
        with user_errors(dist.DistributionError):
            dist.mark(s, issue_id, found[0].recipient_id, status, args.reason)
        uow.commit()
    out(f"{args.recipient}：{dist.STATUSES[status]}")
    return 0


def _print_run(args: argparse.Namespace, run: Runner) -> int:
    issue_id = _issue(run, args)
    with run.context().uow() as uow:
        if args.set is not None:
            with user_errors(dist.DistributionError):
                dist.override_print_run(uow.session, issue_id, args.set, args.reason)
            uow.commit()
        out(listing.summary_of(dist.view(uow.session, issue_id)))
    return 0


def _issue_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("year", type=int)
    p.add_argument("number", type=int)


def register(sub: Any) -> None:
    inner = group(
        sub, "distribution", "赠阅发行：发行对象、发行清单、标签、签收", dest="distribution_command"
    )
    p = command(inner, "import", _import, "从 XLSX 导入发行对象（有任何错误则全部不导入）")
    p.add_argument("file")
    p = command(inner, "export", _export, "把发行对象导出为 XLSX（与导入同列）")
    p.add_argument("file")
    p = command(inner, "list", _list, "列出发行对象")
    p.add_argument("--all", action="store_true", help="包括已停用的发行对象")
    command(inner, "from-departments", _from_departments, "从部门名单一次填入“机关”发行对象")
    p = command(inner, "reserve", _reserve, "查看或设置每期留存（档案）份数")
    p.add_argument("copies", type=int, nargs="?")
    p = command(inner, "sheet", _sheet, "导出一期的发行清单（.pdf 或 .xlsx）")
    _issue_args(p)
    p.add_argument("file")
    p = command(inner, "labels", _labels, "打印一期的地址标签（A4 标签纸）")
    _issue_args(p)
    p.add_argument("file")
    p.add_argument("--sheet", choices=sorted(labels.SHEETS), default="2x7", help="标签纸规格")
    p.add_argument("--outlines", action="store_true", help="画出标签边框（白纸试印用）")
    p.add_argument("--skip-bad", action="store_true", help="跳过不能打印的标签，只打印其余的")
    p = command(inner, "envelopes", _envelopes, "打印一期的信封（左上角邮政编码框）")
    _issue_args(p)
    p.add_argument("file")
    p.add_argument("--size", choices=sorted(mailings.ENVELOPES), default="DL", help="信封规格")
    p = command(inner, "slips", _slips, "打印一期每个发行对象的签收回执")
    _issue_args(p)
    p.add_argument("file")
    p = command(inner, "receipts", _receipts, "列出一期的签收情况")
    _issue_args(p)
    p.add_argument("--outstanding", action="store_true", help="只列未确认的")
    p = command(inner, "mark", _mark, "登记签收或退回")
    _issue_args(p)
    p.add_argument("recipient", help="单位名称")
    p.add_argument("status", help="签收 / 退回 / 未确认")
    p.add_argument("--reason", default="", help="退回原因，如 地址不详、单位撤并")
    p = command(inner, "print-run", _print_run, "查看一期的印数，或写明原因后调整")
    _issue_args(p)
    p.add_argument("--set", type=int)
    p.add_argument("--reason", default="")


__all__ = ["CliError", "register"]
