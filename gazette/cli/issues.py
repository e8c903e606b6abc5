"""``gazette issue list|build|volume``, the workflow (``proof|sign-off|finalise|publish|reopen``)
and the planning commands of ``issues_plan_cli``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from gazette.cli.base import Runner, command, group, out, user_errors
from gazette.cli.issues_plan import register_planning
from gazette.issues import planning as issues
from gazette.progress import Reporter
from gazette.vocab import issue_label


def _list(args: argparse.Namespace, run: Runner) -> int:
    with run.context().uow() as uow:
        rows = issues.list_issues(uow, args.year)
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
    from gazette.issues.render import BuildRefused, render_issue

    ctx = run.context()
    with ctx.uow() as uow:
        issue_id = issues.find_issue(uow, args.year, args.number)
    reporter = Reporter(_progress if args.verbose else None)
    with user_errors(BuildRefused):
        result = render_issue(ctx, issue_id, Path(args.out), reporter, args.edition)
    for f in result.files:
        out(f"{f.path}\t{f.pages}页")
    return 0


def _volume(args: argparse.Namespace, run: Runner) -> int:
    from gazette.issues.volume import build_volume

    result = build_volume(
        run.context(), args.year, Path(args.out), Reporter(_progress if args.verbose else None)
    )
    out(f"{result.path}\t{result.pages}页\t{result.issues}期")
    return 0


def _issue_id(run: Runner, args: argparse.Namespace) -> int:
    with run.context().uow() as uow:
        return issues.find_issue(uow, args.year, args.number)


def _proof(args: argparse.Namespace, run: Runner) -> int:
    from gazette.issues import workflow as issue_workflow
    from gazette.issues.render import BuildRefused

    issue_id = _issue_id(run, args)
    reporter = Reporter(_progress if args.verbose else None)
    with user_errors(BuildRefused):
        number, pdf = issue_workflow.proof(run.context(), issue_id, Path(args.out), reporter)
    out(f"{issue_label(args.year, args.number)} 第{number}校：{pdf.path}\t{pdf.pages}页")
    return 0


def _sign_off(args: argparse.Namespace, run: Runner) -> int:
    from gazette.issues import workflow as issue_workflow

    issue_id = _issue_id(run, args)
    with run.context().uow() as uow:
        number = issue_workflow.sign_off(uow, issue_id, args.note or "")
        uow.commit()
    out(f"{issue_label(args.year, args.number)} 第{number}校已由{run.context().user}审签")
    return 0


def _step(args: argparse.Namespace, run: Runner, key: str, said: str) -> int:
    """A workflow step with no arguments of its own (定稿, 发布), in one transaction."""
    from gazette.issues import workflow as issue_workflow

    issue_id = _issue_id(run, args)
    with run.context().uow() as uow:
        getattr(issue_workflow, key)(uow, issue_id)
        uow.commit()
    out(f"{issue_label(args.year, args.number)}{said}：{issue_workflow.ACTIONS[key].changes}")
    return 0


def _finalise(args: argparse.Namespace, run: Runner) -> int:
    return _step(args, run, "finalise", "已定稿")


def _publish(args: argparse.Namespace, run: Runner) -> int:
    return _step(args, run, "publish", "已发布")


def _reopen(args: argparse.Namespace, run: Runner) -> int:
    from gazette.issues import workflow as issue_workflow

    issue_id = _issue_id(run, args)
    with run.context().uow() as uow:
        status = issue_workflow.reopen(uow, issue_id, args.reason)
        uow.commit()
    out(
        f"{issue_label(args.year, args.number)}已退回“{issues.STATUSES[status]}”，原因：{args.reason}"
    )
    return 0


def register_workflow(inner: Any) -> None:
    """The named workflow actions, each with its precondition (``gazette.issues.workflow``)."""
    p = command(inner, "proof", _proof, "出校样：排出新一轮校样（编排中的期次进入“校样”）")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--number", type=int, required=True)
    p.add_argument("--out", required=True, help="校样输出目录")
    p.add_argument("-v", "--verbose", action="store_true", help="显示进度")
    p = command(inner, "sign-off", _sign_off, "审签最新一轮校样（不能审签本人制作的校样）")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--number", type=int, required=True)
    p.add_argument("--note", default="", help="审签意见，如“同意付印”")
    p = command(inner, "finalise", _finalise, "定稿：最新一轮校样已审签、规则检查通过后冻结内容")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--number", type=int, required=True)
    p = command(inner, "publish", _publish, "发布：已生成印刷版和电子版后发布，此后只能勘误")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--number", type=int, required=True)
    p = command(inner, "reopen", _reopen, "退回上一步（校样→编排中，定稿→校样），须写明原因")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--number", type=int, required=True)
    p.add_argument("--reason", required=True, help="退回原因")


def register(sub: Any) -> None:
    inner = group(sub, "issue", "公报期次：列表、排版生成 PDF、合订本", dest="issue_command")
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
    register_workflow(inner)
