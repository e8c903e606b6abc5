"""``gazette issue list|build|volume``, and the planning commands of ``issues_plan_cli``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from gazette import issues
from gazette.cli import CliError, Runner, command, out
from gazette.issues_plan_cli import register_planning
from gazette.progress import Reporter


def _list(args: argparse.Namespace, run: Runner) -> int:
    with run.context().uow() as uow:
        rows = issues.list_issues(uow.session, args.year)
    if not rows:
        out("（没有期次）")
    for r in rows:
        date = r.published_on.isoformat() if r.published_on else "—"
        serial = f"总第{r.serial}期" if r.serial else "—"
        out(
            f"{r.year}\t第{r.number}期\t{serial}\t{date}\t{issues.STATUSES.get(r.status, r.status)}\t{r.items}篇"
        )
    return 0


def _progress(done: int, total: int, message: str = "") -> None:
    import sys

    sys.stderr.write(f"[{done}/{total}] {message}\n")


def _build(args: argparse.Namespace, run: Runner) -> int:
    from gazette.layout.render import BuildRefused, render_issue

    ctx = run.context()
    with ctx.uow() as uow:
        issue_id = issues.find_issue(uow.session, args.year, args.number)
    reporter = Reporter(_progress if args.verbose else None)
    try:
        result = render_issue(ctx, issue_id, Path(args.out), reporter, args.edition)
    except BuildRefused as exc:
        raise CliError(str(exc)) from exc
    for f in result.files:
        out(f"{f.path}\t{f.pages}页")
    return 0


def _volume(args: argparse.Namespace, run: Runner) -> int:
    from gazette.pdf.volume import build_volume

    result = build_volume(
        run.context(), args.year, Path(args.out), Reporter(_progress if args.verbose else None)
    )
    out(f"{result.path}\t{result.pages}页\t{result.issues}期")
    return 0


def register(sub: Any) -> None:
    parser = sub.add_parser("issue", help="公报期次：列表、排版生成 PDF、合订本")
    inner = parser.add_subparsers(dest="issue_command", metavar="COMMAND", required=True)
    p = command(inner, "list", _list, "列出各期：年份、期号、总期号、出版日期、状态")
    p.add_argument("--year", type=int, default=None)
    p = command(inner, "build", _build, "排版一期，生成印刷版、电子版和单篇文件 PDF")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--number", type=int, required=True)
    p.add_argument("--out", required=True, help="输出目录")
    p.add_argument("--edition", choices=("print", "web", "both"), default="both")
    p.add_argument("-v", "--verbose", action="store_true", help="显示进度")
    register_planning(inner)
    p = command(inner, "volume", _volume, "把一年的各期合订为一册（含总目录和书签）")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--out", required=True, help="输出文件")
    p.add_argument("-v", "--verbose", action="store_true")
