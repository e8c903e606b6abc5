"""``gazette site build --out DIR``: export the public website."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from gazette.cli.base import Runner, command, out, user_errors


def _build(args: argparse.Namespace, run: Runner) -> int:
    from gazette.progress import Reporter
    from gazette.site.build import SiteBuildError, build

    def progress(done: int, total: int, message: str = "") -> None:
        if args.verbose and message:
            sys.stderr.write(f"{message}\n")

    with user_errors(SiteBuildError):
        report = build(run.context(), args.out, Reporter(progress), base_url=args.base_url)
    out(report.summary())
    if args.list:
        for path in report.written:
            out(f"  写入 {path}")
        for path in report.removed:
            out(f"  删除 {path}")
    elif report.written and len(report.written) <= 30:
        for path in report.written:
            out(f"  写入 {path}")
    return 0


def register(sub: Any) -> None:
    site = sub.add_parser(
        "site", help="电子版公报网站", description="导出可上传到政府网站的静态网站"
    )
    site_sub = site.add_subparsers(dest="site_command", metavar="COMMAND", required=True)
    p = command(site_sub, "build", _build, "导出（或增量更新）静态网站文件夹")
    p.add_argument(
        "--out", required=True, metavar="DIR", help="输出文件夹（空文件夹或上次导出的网站）"
    )
    p.add_argument(
        "--base-url",
        metavar="URL",
        help="网站地址，如 https://www.example.gov.cn/gb/（用于 sitemap.xml 与订阅）",
    )
    p.add_argument("--list", action="store_true", help="列出写入和删除的每个文件")
    p.add_argument("--verbose", action="store_true", help="显示进度")
