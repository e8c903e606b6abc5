"""``gazette submissions import|list|template|reminders`` and ``gazette report submissions``."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from gazette.cli.base import CliError, Runner, command, date_arg, group, out, progress_reporter
from gazette.submissions import columns, importer, queries, reminders
from gazette.submissions.status import ALL_STATUSES, uncovered_banner
from gazette.vocab import SubmissionStatus


def _import(args: argparse.Namespace, run: Runner) -> int:
    with run.context().uow() as uow:
        reporter = progress_reporter("导入报送登记")
        result = importer.import_file(uow.session, Path(args.file), reporter)
        uow.commit()
    out(f"导入 {result.imported} 行（{result.summary()}）")
    for w in result.warnings:
        out(f"提示：{w}")
    for p in result.problems:
        out(f"拒绝：{p}")
    return 1 if result.problems else 0


def _text(cell: object) -> Any:
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return "" if cell is None else cell


def _row_values(r: queries.DeskRow) -> list[Any]:
    return [_text(columns.value(r, key)) for key in columns.LIST_KEYS]


def _status(text: str) -> SubmissionStatus:
    try:
        return SubmissionStatus.from_label(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _list(args: argparse.Namespace, run: Runner) -> int:
    as_of = args.as_of or dt.date.today()
    with run.context().uow() as uow:
        desk = queries.desk(uow.session, as_of)
    rows = [
        r
        for r in desk.rows
        if (not args.status or r.status == args.status)
        and (not args.department or args.department in r.department)
        and (args.all or r.is_normative)
    ]
    if desk.missing_years:
        sys.stderr.write("注意：" + uncovered_banner(desk.missing_years, command=True) + "\n")
    if args.format == "json":
        # JSON keeps the field names and a true boolean; the status's code rides along
        keys = [{"days": "days_late"}.get(k, k) for k in columns.LIST_KEYS]
        data = [
            dict(zip(keys, _row_values(r), strict=True))
            | {"is_normative": r.is_normative, "status_code": r.status.value}
            for r in rows
        ]
        sys.stdout.write(
            json.dumps({"as_of": as_of.isoformat(), "rows": data}, ensure_ascii=False, indent=1)
            + "\n"
        )
    else:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns.LIST_HEADERS)
        for r in rows:
            writer.writerow(_row_values(r))
    return 0


def _template(args: argparse.Namespace, run: Runner) -> int:
    path = importer.write_template(Path(args.file))
    out(f"已生成导入模板：{path}")
    return 0


def _reminders(args: argparse.Namespace, run: Runner) -> int:
    as_of = args.as_of or dt.date.today()
    with run.context().uow() as uow:
        rows = queries.desk(uow.session, as_of).rows
        notices = reminders.build(uow.session, rows, as_of, include_due_soon=not args.overdue_only)
        if args.record:
            for n in notices:
                reminders.record_sent(uow.session, n, args.record)
            uow.commit()
    if args.out:
        from gazette.reports import reminder_pdf

        reminder_pdf.write(notices, Path(args.out))
        out(f"已生成催报通知：{args.out}（{len(notices)} 份）")
    for n in notices:
        out("=" * 40)
        out(n.text())
    if not notices:
        out("没有需要催报的文件")
    return 0


def _report(args: argparse.Namespace, run: Runner) -> int:
    from gazette.reports import submissions_data

    target = Path(args.out)
    suffix = target.suffix.lower()
    if suffix not in (".pdf", ".xlsx"):
        raise CliError(f"{target}：输出文件应为 .pdf 或 .xlsx")
    with run.context().uow() as uow:
        data = submissions_data.build(
            uow.session, args.date_from, args.date_to, args.as_of, include_non_normative=args.all
        )
    if suffix == ".pdf":
        from gazette.reports import submissions_pdf

        submissions_pdf.write(data, target)
    else:
        from gazette.reports import submissions_xlsx

        submissions_xlsx.write_report(data, target)
    t = data.total
    out(f"已生成 {data.period_label}报送选登情况通报：{target}")
    out(
        f"印发 {t.issued}，已报送 {t.submitted}，按时 {t.on_time}，逾期报送 {t.late}，"
        f"逾期未报 {t.never}，选登 {t.selected}，不予选登 {t.declined}"
    )
    if data.banner:
        out("注意：" + data.banner)
    return 0


def register(sub: Any) -> None:
    inner = group(
        sub, "submissions", "报送台账：导入、列表、模板、催报", dest="submissions_command"
    )
    p = command(inner, "import", _import, "从 XLSX/CSV 导入报送登记（逐行报告被拒绝的行）")
    p.add_argument("file")
    p = command(inner, "list", _list, "列出报送台账及状态")
    p.add_argument("--as-of", type=date_arg, help="状态计算日期（默认今天）")
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    p.add_argument(
        "--status", type=_status, metavar="STATUS", help="、".join(s.label for s in ALL_STATUSES)
    )
    p.add_argument("--department", help="报送单位（名称中包含的文字）")
    p.add_argument("--all", action="store_true", help="包括非规范性文件")
    p = command(inner, "template", _template, "导出导入模板（XLSX）")
    p.add_argument("file")
    p = command(inner, "reminders", _reminders, "生成催报通知（按联络员分组）")
    p.add_argument("--as-of", type=date_arg)
    p.add_argument("--out", help="催报通知 PDF")
    p.add_argument("--overdue-only", action="store_true", help="只催逾期未报，不含即将到期")
    p.add_argument("--record", choices=reminders.METHODS, help="记录已按此方式发送")

    rinner = group(sub, "report", "生成通报", dest="report_command", metavar="REPORT")
    p = command(rinner, "submissions", _report, "报送选登情况通报（PDF 或 XLSX）")
    p.add_argument("--from", dest="date_from", type=date_arg, required=True, help="印发日期起")
    p.add_argument("--to", dest="date_to", type=date_arg, required=True, help="印发日期止")
    p.add_argument("--as-of", type=date_arg, help="统计截至日期（默认今天）")
    p.add_argument("--out", required=True, help="输出 FILE.pdf 或 FILE.xlsx")
    p.add_argument("--all", action="store_true", help="包括非规范性文件")
