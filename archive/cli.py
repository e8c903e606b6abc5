"""The backlog subcommands: ``gazette archive …``."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from gazette.cli.base import CliError, Runner, command, out


def _entries(run: Runner, refs: list[str]) -> list[int]:
    from archive.register import parse_issue_ref

    with run.context().uow() as uow:
        return [parse_issue_ref(uow, r) for r in refs]


def _register(args: argparse.Namespace, run: Runner) -> int:
    from archive.register import Period, register_period

    period = Period(
        Period.parse_month(args.start),
        Period.parse_month(args.end),
        args.frequency,
        args.first_serial,
    )
    with run.context().uow() as uow:
        res = register_period(uow, period)
        uow.commit()
    first = f"，{res.labels[0]} 至 {res.labels[-1]}" if res.labels else ""
    out(f"登记 {res.created} 期{first}；已存在 {res.existing} 期")
    return 0


def _supplement(args: argparse.Namespace, run: Runner) -> int:
    from archive.register import add_supplement

    day = dt.date.fromisoformat(args.date) if args.date else None
    with run.context().uow() as uow:
        add_supplement(uow, args.year, day, args.serial, args.note or "")
        uow.commit()
    out(f"已登记 {args.year} 年增刊")
    return 0


def _gaps(args: argparse.Namespace, run: Runner) -> int:
    from archive.register import find_gaps

    with run.context().uow() as uow:
        gaps = find_gaps(uow)
    for line in gaps.lines() or ["未发现缺号、重号、顺序颠倒或缺期"]:
        out(line)
    return 0


def _export(args: argparse.Namespace, run: Runner) -> int:
    from archive.register_xlsx import export_xlsx

    with run.context().uow() as uow:
        n = export_xlsx(uow, Path(args.file))
    out(f"已导出 {n} 期到 {args.file}")
    return 0


def _import(args: argparse.Namespace, run: Runner) -> int:
    from archive.register_xlsx import import_xlsx

    with run.context().uow() as uow:
        res = import_xlsx(uow, Path(args.file))
        uow.commit()
    out(f"新增 {res.created} 期，更新 {res.updated} 期")
    for e in res.errors:
        out(f"错误：{e}")
    return 1 if res.errors else 0


def _printer(prefix: str) -> Any:
    def progress(done: int, total: int, message: str = "") -> None:
        out(f"{prefix}[{done}/{total}] {message}")

    return progress


def _ingest(args: argparse.Namespace, run: Runner) -> int:
    from archive import ocr
    from archive.ingest import ingest
    from gazette.progress import Reporter

    ctx = run.context()
    entry = _entries(run, [args.issue])[0] if args.issue else None
    report = ingest(ctx, [Path(p) for p in args.paths], entry)
    for line in report.lines():
        out(line)
    ocred = 0
    if report.needs_ocr and not args.no_ocr:
        result = ocr.run(ctx, Reporter(_printer("识别 ")), page_ids=report.page_ids)
        ocred = result.done
        for page_id, error in result.failed:
            out(f"识别失败：页面 {page_id}：{error}")
    out(f"入库 {report.pages} 页，识别 {ocred} 页，错误 {len(report.errors)} 个")
    return 1 if report.errors else 0


def _ocr_file(args: argparse.Namespace, run: Runner) -> int:
    from archive import ocr

    path = Path(args.file)
    if not path.is_file():
        raise CliError(f"文件不存在：{path}")
    lines = ocr.recognise_file(path)
    for line in lines:
        out(line["text"])
    if args.verbose:
        low = sum(1 for ln in lines if ln["conf"] < ocr.LOW_CONFIDENCE)
        out(f"（{len(lines)} 行，低置信度 {low} 行）")
    return 0


def _status(args: argparse.Namespace, run: Runner) -> int:
    from archive import plan, workflow

    ctx = run.context()
    with ctx.uow() as uow:
        counts = workflow.counts(uow)
        missing = workflow.missing_count(uow)
        has_plan = plan.current_plan(uow) is not None
        st = plan.status(uow) if has_plan else None
    total = sum(c.count for c in counts)
    out(f"共登记 {total} 期（缺期 {missing} 期）")
    for c in counts:
        out(f"  {c.label}：{c.count}")
    if st is None:
        out("尚未制定计划：gazette archive plan create")
        return 0
    out(f"计划：{st.start} 至 {st.deadline}，速度按近 {st.weeks} 周计")
    for s in st.steps:
        fc = s.forecast.isoformat() if s.forecast else "无进展，无法预计"
        out(
            f"  {s.label}：剩余 {s.remaining}，近期每周 {s.per_week:.1f}，"
            f"按期完成需每周 {s.needed_per_week:.1f}，预计 {fc}"
        )
    fc = st.forecast.isoformat() if st.forecast else "无法预计（有步骤近期无进展）"
    out(f"预计全部完成：{fc}")
    for w in st.warnings():
        out(f"警告：{w}")
    return 0


def _plan_create(args: argparse.Namespace, run: Runner) -> int:
    from archive.plan import create_plan

    start = dt.date.fromisoformat(args.start) if args.start else dt.date.today()
    deadline = dt.date.fromisoformat(args.deadline) if args.deadline else None
    with run.context().uow() as uow:
        create_plan(uow, start, deadline, velocity_weeks=args.weeks)
        uow.commit()
    out(f"计划已制定：自 {start} 起，截止 {deadline or '三年后'}")
    return 0


def _plan_report(args: argparse.Namespace, run: Runner) -> int:
    from archive import plan
    from archive.plan_report import write_report
    from gazette.office import settings

    ctx = run.context()
    with ctx.uow() as uow:
        st = plan.status(uow)
    name = settings.get(ctx, "gazette_name") or "政府公报"
    write_report(st, Path(args.file), str(name))
    out(f"进度报告已写入 {args.file}")
    return 0


def _pdf(args: argparse.Namespace, run: Runner) -> int:
    from archive.textlayer import issue_pdf

    entry = _entries(run, [args.issue])[0]
    issue_pdf(run.context(), entry, Path(args.file))
    out(f"可检索 PDF 已写入 {args.file}")
    return 0


def _advance(args: argparse.Namespace, run: Runner) -> int:
    from archive import workflow

    ids = _entries(run, args.issues)
    to = workflow.state_code(args.to) if args.to else None
    with run.context().uow() as uow:
        n = workflow.advance(uow, ids, to, location=args.location)
        uow.commit()
    out(f"{len(ids)} 期共前进 {n} 步")
    return 0


def _send_back(args: argparse.Namespace, run: Runner) -> int:
    from archive import workflow

    ids = _entries(run, args.issues)
    with run.context().uow() as uow:
        workflow.send_back(uow, ids, args.to, args.reason)
        uow.commit()
    out(f"已退回 {len(ids)} 期")
    return 0


def _assign(args: argparse.Namespace, run: Runner) -> int:
    from archive import workflow

    ids = _entries(run, args.issues)
    with run.context().uow() as uow:
        workflow.assign(uow, ids, args.person)
        uow.commit()
    out(f"已将 {len(ids)} 期分配给 {args.person}")
    return 0


def _demo(args: argparse.Namespace, run: Runner) -> int:
    from archive import demo

    summary = demo.load(run.context())
    for line in summary:
        out(line)
    return 0


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 0


def register(sub: Any) -> None:
    """Register ``gazette archive`` and its subcommands."""
    parser = sub.add_parser("archive", help="历史公报数字化", description="历史公报数字化")
    parser.set_defaults(handler=lambda args, run: _help(parser))
    s = parser.add_subparsers(dest="archive_command", metavar="COMMAND")
    p = command(s, "register", _register, "按出版时期登记应有的各期（每个时期调用一次）")
    p.add_argument("--from", dest="start", required=True, metavar="YYYY-MM")
    p.add_argument("--to", dest="end", required=True, metavar="YYYY-MM")
    p.add_argument(
        "--frequency", required=True, help="monthly / semimonthly / decadal / bimonthly / quarterly"
    )
    p.add_argument("--first-serial", type=int, required=True, help="该时期第一期的总期号")
    p = command(s, "supplement", _supplement, "手工登记增刊")
    p.add_argument("year", type=int)
    p.add_argument("--date")
    p.add_argument("--serial", type=int)
    p.add_argument("--note")
    command(s, "gaps", _gaps, "检查缺号、重号、顺序颠倒和缺期")
    p = command(s, "export", _export, "导出登记簿（XLSX）")
    p.add_argument("file")
    p = command(s, "import", _import, "导入登记簿（XLSX）")
    p.add_argument("file")
    p = command(s, "ingest", _ingest, "扫描件入库（图像、扫描 PDF、电子 PDF）并识别")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--issue", metavar="Y/N", help="所属期次，例如 2003/7")
    p.add_argument("--no-ocr", action="store_true", help="只入库，不识别")
    p = command(s, "ocr", _ocr_file, "识别一个图像或 PDF 文件并打印文字")
    p.add_argument("file")
    p.add_argument("-v", "--verbose", action="store_true")
    command(s, "status", _status, "各状态数量、预计完成日期和按期完成所需的每周进度")
    p = command(s, "plan", lambda a, r: _help(plan_parser), "数字化计划")
    plan_parser = p
    ps = p.add_subparsers(dest="plan_command", metavar="COMMAND")
    q = command(ps, "create", _plan_create, "制定计划（默认三年，按季度均分目标）")
    q.add_argument("--start", metavar="YYYY-MM-DD")
    q.add_argument("--deadline", metavar="YYYY-MM-DD")
    q.add_argument("--weeks", type=int, default=8, help="速度按近 N 周计算")
    q = command(ps, "report", _plan_report, "导出一页进度报告（PDF）")
    q.add_argument("file")
    p = command(s, "pdf", _pdf, "生成一期的可检索 PDF")
    p.add_argument("issue", metavar="Y/N")
    p.add_argument("file")
    p = command(s, "advance", _advance, "期次前进到下一步（或到指定步骤）")
    p.add_argument("issues", nargs="+", metavar="Y/N")
    p.add_argument("--to")
    p.add_argument("--location")
    p = command(s, "send-back", _send_back, "退回到之前的步骤（须写原因）")
    p.add_argument("issues", nargs="+", metavar="Y/N")
    p.add_argument("--to", required=True)
    p.add_argument("--reason", required=True)
    p = command(s, "assign", _assign, "把期次分配给某人")
    p.add_argument("issues", nargs="+", metavar="Y/N")
    p.add_argument("--person", required=True)
    command(s, "demo", _demo, "载入历史公报数字化演示数据")
