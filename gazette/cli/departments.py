"""``gazette departments import|list|export|template``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from gazette.cli.base import CliError, Runner, command, group, out, progress_reporter, user_errors
from gazette.departments import roster as deps
from gazette.departments import xlsx


def _import(args: argparse.Namespace, run: Runner) -> int:
    with user_errors(xlsx.ImportFileError), run.context().uow() as uow:
        report = xlsx.import_departments(uow, args.file, reporter=progress_reporter("导入部门"))
        uow.commit()
    out(report.summary())
    for change in report.liaison_changes:
        out(f"  {change}")
    for issue in report.issues:
        sys.stderr.write(f"  {issue}\n")
    return 1 if report.issues else 0


def _list(args: argparse.Namespace, run: Runner) -> int:
    with run.context().uow() as uow:
        rows = deps.list_departments(uow, include_inactive=args.all)
    for r in rows:
        liaison = f"{r.liaison} {r.liaison_mobile}".strip() or "（无联络员）"
        alternate = f"备用：{r.alternate} {r.alternate_mobile}".strip() if r.alternate else ""
        state = "" if r.active else "（已停用）"
        today = f"今日联系：{r.contact_today}" if r.contact_note else ""
        out("\t".join([f"{r.name}{state}", r.codes_text, liaison, alternate, today]).rstrip())
    out(f"共 {len(rows)} 个部门")
    return 0


def _export(args: argparse.Namespace, run: Runner) -> int:
    with run.context().uow() as uow:
        count = xlsx.export_departments(uow, args.file, include_inactive=args.all)
    out(f"已导出 {count} 个部门到 {args.file}")
    return 0


def _template(args: argparse.Namespace, run: Runner) -> int:
    xlsx.write_template(args.file)
    out(f"已生成导入模板 {args.file}")
    return 0


def register(sub: Any) -> None:
    inner = group(sub, "departments", "部门与联络员：导入、列出、导出", dest="departments_command")
    p = command(inner, "import", _import, "从 XLSX 导入部门与联络员（有错误的行列出并跳过）")
    p.add_argument("file")
    p = command(inner, "list", _list, "列出部门、机关代字和现任联络员")
    p.add_argument("--all", action="store_true", help="包括已停用的部门")
    p = command(inner, "export", _export, "把部门与联络员导出为 XLSX（与导入模板同列）")
    p.add_argument("file")
    p.add_argument("--all", action="store_true", help="包括已停用的部门")
    p = command(inner, "template", _template, "生成空白导入模板")
    p.add_argument("file")


__all__ = ["CliError", "register"]
