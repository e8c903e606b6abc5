"""``gazette search QUERY [filters] [--format json]`` and ``gazette search-index rebuild``."""

from __future__ import annotations

import argparse
import json
from functools import partial
from typing import Any

from gazette.cli.base import CliError, Runner, command, date_arg, out
from gazette.office import settings
from gazette.progress import Reporter
from gazette.search import service
from gazette.search.model import Filters

_DATE = partial(date_arg, example="2018-05-13")


def filters_from(args: argparse.Namespace) -> Filters:
    historical = True if args.historical else False if args.current else None
    return Filters(
        year_from=args.year_from,
        year_to=args.year_to,
        issue_number=args.issue,
        section=args.section,
        issuer=args.issuer,
        kind=args.kind,
        disclosure=args.disclosure,
        validity=args.validity,
        date_from=args.date_from,
        date_to=args.date_to,
        historical=historical,
    )


def hit_json(hit: service.Hit, gazette_name: str) -> dict[str, Any]:
    return {
        "doc_id": hit.doc_id,
        "title": hit.title,
        "doc_number": hit.doc_number,
        "issuer": hit.issuer,
        "issued_on": hit.issued_on.isoformat() if hit.issued_on else None,
        "issue_year": hit.issue_year,
        "issue_number": hit.issue_number,
        "page": hit.page,
        "section": hit.section,
        "historical": hit.historical,
        "snippet": hit.snippet.text,
        "highlights": [list(s) for s in hit.snippet.spans],
        "citation": service.citation(gazette_name, hit),
        "score": hit.score,
    }


def _search(args: argparse.Namespace, run: Runner) -> int:
    ctx = run.context()
    if args.page < 1:
        raise CliError("页码从 1 开始")
    results = service.search(ctx, args.query, filters_from(args), args.page - 1, args.page_size)
    name = settings.get(ctx, "gazette_name") or "本刊"  # an office not yet named
    if args.format == "json":
        payload = {
            "query": args.query,
            "total": results.total,
            "page": args.page,
            "pages": results.pages,
            "elapsed_ms": round(results.elapsed_ms, 1),
            "hits": [hit_json(h, name) for h in results.hits],
        }
        out(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    out(
        f"共 {results.total} 条（第 {args.page}/{results.pages} 页，{results.elapsed_ms:.0f} 毫秒）"
    )
    for i, h in enumerate(results.hits, start=(args.page - 1) * args.page_size + 1):
        where = service.citation(name, h) if h.issue_year else "（未刊登）"
        out(f"{i}. {h.title}")
        out(f"   {h.doc_number or '无文号'}　{h.issuer}　{where}")
        out(f"   {h.snippet.marked()}")
    return 0


def _rebuild(args: argparse.Namespace, run: Runner) -> int:
    ctx = run.context()
    last = [-1]

    def show(done: int, total: int, message: str = "") -> None:
        pct = done * 100 // total if total else 100
        if pct // 10 != last[0]:
            last[0] = pct // 10
            out(f"{message}（{pct}%）")

    if service.rebuild_unfinished(ctx) and not args.restart:
        out("上次重建未完成，从中断处继续（--restart 从头重建）")
    n = service.rebuild(ctx, Reporter(show), restart=args.restart)
    out(f"检索索引已重建：{n} 件文件")
    return 0


def register(sub: Any) -> None:
    p = command(sub, "search", _search, '全文检索历年公报文件（多个词须同时出现，"短语"，-排除）')
    p.add_argument("query", help='检索词，如 政务公开、宿政办发〔2018〕56号、"政务 公开" -依申请')
    p.add_argument("--year-from", type=int, help="起始年份（刊期年份）")
    p.add_argument("--year-to", type=int, help="截止年份")
    p.add_argument("--issue", type=int, help="期号（第N期）")
    p.add_argument("--section", help="栏目")
    p.add_argument("--issuer", help="发文机关（包含即可）")
    p.add_argument("--kind", help="文件类型，如 公文、政策解读")
    p.add_argument("--disclosure", help="公开属性，如 此件公开发布")
    p.add_argument("--validity", choices=("有效", "失效", "废止"), help="效力")
    p.add_argument("--date-from", type=_DATE, help="成文日期起，如 2018-01-01")
    p.add_argument("--date-to", type=_DATE, help="成文日期止")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--historical", action="store_true", help="只查历史公报")
    group.add_argument("--current", action="store_true", help="只查现行（非历史）公报")
    p.add_argument("--page", type=int, default=1, help="第几页（每页 --page-size 条）")
    p.add_argument("--page-size", type=int, default=service.PAGE_SIZE)
    p.add_argument("--format", choices=("text", "json"), default="text")

    idx = sub.add_parser("search-index", help="检索索引维护", description="检索索引维护")
    isub = idx.add_subparsers(dest="search_index_command", required=True)
    rb = command(
        isub, "rebuild", _rebuild, "从全部文件重建检索索引（中断后再次运行即从中断处继续）"
    )
    rb.add_argument("--restart", action="store_true", help="不续接上次未完成的重建，从头开始")
