"""``gazette document import|show``: import a document's text, and print what was found."""

from __future__ import annotations

import argparse
import json
from typing import Any

from gazette.cli.base import CliError, Runner, command, out, user_errors
from gazette.vocab import KINDS


def _import(args: argparse.Namespace, run: Runner) -> int:
    from gazette.texts.store import import_document

    try:
        result = import_document(
            run.context(), args.file, department=args.department, kind=args.kind
        )
    except ValueError as exc:  # an unknown --kind
        raise CliError(str(exc)) from exc
    t = result.text
    out(
        f"{'已新建' if result.created else '已更新'}文件 #{result.document_id}（来源格式：{result.source}）"
    )
    how = "（从正文识别）" if result.kind_found else ""
    out(f"类型：{result.kind}{how}")
    out(f"标题：{t.title or '（未识别）'}")
    out(f"发文字号：{t.doc_number or '（无）'}")
    out(f"主送：{t.addressees or '（无）'}")
    heads = [b for b in t.blocks if b.kind.startswith("heading")]
    paras = sum(b.kind == "paragraph" for b in t.blocks)
    tables = sum(b.kind == "table" for b in t.blocks) + sum(
        b.kind == "table" for a in t.appendices for b in a.blocks
    )
    out(f"正文：{len(heads)} 个标题，{paras} 个段落，{tables} 个表格")
    for b in heads:
        level = "一二三四"[int(b.kind[-1]) - 1]
        out(f"  {level}级标题：{b.text}")
    for note in t.attachment_notes:
        out(f"附件说明：{note}")
    out(f"署名：{'；'.join(t.signature) or '（无）'}")
    out(f"成文日期：{t.date or '（无）'}")
    out(f"公开属性：{result.disclosure or t.disclosure or '（无）'}")
    for app in t.appendices:
        out(f"{app.label}：{app.title or '（无标题）'}（{len(app.blocks)} 块）")
    if t.imprint:
        out(
            f"版记：{t.imprint.cc}；{t.imprint.printer} {t.imprint.printed_on}印发（排版时默认不印）"
        )
    if result.department:
        out(f"报送部门：{result.department}")
    for w in result.warnings:
        out(f"提示：{w}")
    return 0


def add_document_choice(parser: argparse.ArgumentParser) -> None:
    """``--doc 发文字号 | --id N``: how every command names one document."""
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--doc", metavar="发文字号", help="文件的发文字号")
    which.add_argument("--id", type=int, metavar="N", help="文件编号（没有发文字号的文件用它）")


def chosen_document(run: Runner, args: argparse.Namespace) -> int:
    from gazette.texts.store import find_document

    with run.context().uow() as uow, user_errors(LookupError):
        return find_document(uow, doc_number=args.doc, document_id=args.id)


def _show(args: argparse.Namespace, run: Runner) -> int:
    from gazette.texts import show

    doc_id = chosen_document(run, args)
    data = show.as_json(show.load(run.context(), doc_id))
    if args.format == "json":
        out(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for line in show.as_text(data):
            out(line)
    return 0


def register(sub: Any) -> None:
    parser = sub.add_parser("document", help="公文文本：导入并识别结构", description="公文文本")
    inner = parser.add_subparsers(dest="document_command", metavar="ACTION", required=True)
    imp = command(
        inner,
        "import",
        _import,
        "导入 DOCX/PDF/OFD/TXT（DOC/WPS 需 LibreOffice），识别标题、文号、层次、落款等",
    )
    imp.add_argument("file", metavar="FILE", help="文件路径")
    imp.add_argument("--department", metavar="NAME", help="报送部门（名称或简称）")
    imp.add_argument(
        "--kind",
        choices=KINDS,
        help="文件类型（不给出时从正文识别，识别不出为公文）；令、人事任免、政策解读、"
        "人大决定、公告依其性质公开，公文须标明“此件公开发布”",
    )
    p = command(inner, "show", _show, "显示一份文件识别出的结构（JSON 或文字）")
    add_document_choice(p)
    p.add_argument("--format", choices=("json", "text"), default="json")
