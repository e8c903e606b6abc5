"""``gazette interp …`` (退文, 重新报送, 解读材料, 关联, 门户日期, 公开属性理由) and
``gazette selfcheck …`` (the November self-check: report, replies, the 依申请公开 register).

A document is named by its 发文字号, its exact title, or its id.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gazette.cli.base import CliError, Runner, command, date_arg, group, out
from gazette.db.models import Department, Document
from gazette.office import settings
from gazette.submissions import interpretation, returns, selfcheck
from gazette.texts import docno
from gazette.vocab import INTERPRETATION_FORMS, INTERPRETATION_MATERIALS, RETURN_REASONS


def doc_id(session: Session, ref: str) -> int:
    """The document a person names by 发文字号, exact title or id; CliError when none."""
    ref = ref.strip()
    if ref.isdigit() and session.get(Document, int(ref)) is not None:
        return int(ref)
    try:
        number: str | None = docno.normalise(ref)
    except docno.DocNumberError:
        number = None
    stmt = select(Document.id).where(Document.historical.is_(False))
    found = session.scalars(
        stmt.where(Document.doc_number == number) if number else stmt.where(Document.title == ref)
    ).first()
    if found is None:
        raise CliError(f"找不到文件“{ref}”（可用发文字号、完整标题或编号）")
    return int(found)


def _return(args: argparse.Namespace, run: Runner) -> int:
    ctx = run.context()
    with ctx.uow() as uow:
        office = settings.office_in(uow.session, "publisher")["publisher"]
        notice = returns.return_submission(
            uow.session, doc_id(uow.session, args.document), args.reason, args.detail, args.on
        )
        uow.commit()
    out(f"已退文：《{notice.title}》{notice.doc_number}，{notice.reason}（{notice.returned_on}）")
    if args.letter:
        from gazette.reports import return_pdf

        return_pdf.write(notice, office, args.letter)
        out(f"退文通知：{args.letter}")
    return 0


def _record(run: Runner, document: str, write: Callable[[Session, int], object], done: str) -> int:
    """Find the document, record one fact about it, commit, and say what was recorded."""
    with run.context().uow() as uow:
        write(uow.session, doc_id(uow.session, document))
        uow.commit()
    out(done)
    return 0


def _resubmit(args: argparse.Namespace, run: Runner) -> int:
    return _record(
        run,
        args.document,
        lambda s, did: returns.resubmit(s, did, args.on, args.channel or ""),
        f"已登记重新报送（{args.on}），报送日期以此为准",
    )


def _material(args: argparse.Namespace, run: Runner) -> int:
    ctx = run.context()
    with ctx.uow() as uow:
        did = doc_id(uow.session, args.document)
        path = Path(args.file) if args.file else None
        store = ctx.filestore() if path else None
        interpretation.add_material(
            uow.session, did, args.material, args.on, args.form, path, store
        )
        complete = interpretation.interpretation_complete(uow.session, did)
        uow.commit()
    out(
        f"已登记{args.material}（{args.form}，{args.on}收到）；解读材料{'齐全' if complete else '尚不齐全'}"
    )
    return 0


def _link(args: argparse.Namespace, run: Runner) -> int:
    with run.context().uow() as uow:
        interp, target = (
            doc_id(uow.session, args.interpretation),
            doc_id(uow.session, args.document),
        )
        made = interpretation.link(uow.session, interp, target)
        uow.commit()
    out("已关联政策解读与文件（双向）" if made else "已关联过，无变化")
    return 0


def _portal(args: argparse.Namespace, run: Runner) -> int:
    return _record(
        run,
        args.document,
        lambda s, did: interpretation.set_portal_dates(
            s, did, args.document_on, args.interpretation_on
        ),
        "已登记门户网站发布日期",
    )


def _reason(args: argparse.Namespace, run: Runner) -> int:
    return _record(
        run,
        args.document,
        lambda s, did: interpretation.set_disclosure_reason(s, did, args.basis, args.reason),
        "已登记公开属性的依据和理由",
    )


def _check(args: argparse.Namespace, run: Runner) -> int:
    with run.context().uow() as uow:
        did = doc_id(uow.session, args.document)
        doc = uow.session.get(Document, did)
        assert doc is not None
        reasons = interpretation.return_reasons(uow.session, doc)
        mismatch = interpretation.text_mismatch(doc)
        linked = interpretation.interpretations_of(uow.session, did)
    out(f"应退文：{'、'.join(reasons)}" if reasons else "材料齐全，无需退文")
    if mismatch:
        out(f"提示：{mismatch}")
    out(f"已关联政策解读 {len(linked)} 件")
    return 1 if reasons else 0


def _meta(args: argparse.Namespace, run: Runner) -> int:
    from gazette.submissions import selection

    with run.context().uow() as uow:
        did = doc_id(uow.session, args.document)
        doc = selection.confirm_metadata(
            uow.session, did, topic=args.topic, index_no=args.index_no, publishing_org=args.org
        )
        shown = (
            doc.topic or "（未定）",
            doc.index_no or "（按期次生成）",
            doc.publishing_org or "",
        )
        uow.commit()
    out("主题分类：{}　索引号：{}　发布机构：{}".format(*shown))
    return 0


def _selfcheck(args: argparse.Namespace, run: Runner) -> int:
    target = Path(args.out)
    if target.suffix.lower() not in (".pdf", ".xlsx"):
        raise CliError(f"{target}：输出文件应为 .pdf 或 .xlsx")
    with run.context().uow() as uow:
        checks = selfcheck.build(uow.session, args.year)
        office = settings.office_in(uow.session, "publisher")["publisher"]
    from gazette.reports import selfcheck_out

    if target.suffix.lower() == ".pdf":
        selfcheck_out.write_pdf(checks, args.year, office, args.on or dt.date.today(), target)
    else:
        selfcheck_out.write_xlsx(checks, args.year, target)
    items = sum(len(c.items) for c in checks)
    replied = sum(1 for c in checks if c.replied_on)
    out(
        f"{args.year}年度自查：{len(checks)}个部门，非公开文件{items}件，已回复{replied}个部门：{target}"
    )
    return 0


def _reply(args: argparse.Namespace, run: Runner) -> int:
    with run.context().uow() as uow:
        s = uow.session
        dept = s.scalar(
            select(Department.id).where(
                (Department.name == args.department) | (Department.short_name == args.department)
            )
        )
        if dept is None:
            raise CliError(f"找不到部门“{args.department}”")
        opened = [doc_id(s, ref) for ref in args.open or []]
        selfcheck.record_reply(s, dept, args.year, args.on, args.result, opened)
        uow.commit()
    out(f"已登记自查整改情况；改为公开 {len(opened)} 件")
    return 0


def _register_import(args: argparse.Namespace, run: Runner) -> int:
    with run.context().uow() as uow:
        result = selfcheck.import_register(uow.session, args.file)
        uow.commit()
    out(f"导入依申请公开登记 {result.added} 条，其中对应到文件 {result.matched} 条")
    for p in result.problems:
        out(f"跳过：{p}")
    return 1 if result.problems else 0


def register(sub: Any) -> None:
    inner = group(sub, "interp", "政策解读、退文与公开属性", dest="interp_command")
    p = command(inner, "return", _return, "退文：材料不齐全的报送退回报送单位")
    p.add_argument("document", help="发文字号、完整标题或编号")
    p.add_argument("--reason", required=True, choices=RETURN_REASONS)
    p.add_argument("--detail", default="", help="具体情况（理由为“其他”时必填）")
    p.add_argument("--on", type=date_arg, help="退文日期（默认今天）")
    p.add_argument("--letter", help="生成退文通知 PDF")
    p = command(inner, "resubmit", _resubmit, "登记退文后的重新报送（材料须已齐全）")
    p.add_argument("document")
    p.add_argument("--on", type=date_arg, required=True, help="重新报送日期")
    p.add_argument("--channel", help="报送方式")
    p = command(inner, "material", _material, "登记解读方案或解读材料")
    p.add_argument("document")
    p.add_argument("material", choices=INTERPRETATION_MATERIALS)
    p.add_argument("--on", type=date_arg, required=True, help="收到日期")
    p.add_argument("--form", choices=INTERPRETATION_FORMS, default="文字")
    p.add_argument("--file", help="材料文件")
    p = command(inner, "link", _link, "关联政策解读与其文件（双向链接）")
    p.add_argument("interpretation", help="政策解读")
    p.add_argument("document", help="被解读的文件")
    p = command(inner, "portal", _portal, "登记文件和解读在政府门户网站的发布日期")
    p.add_argument("document")
    p.add_argument("--document-on", type=date_arg)
    p.add_argument("--interpretation-on", type=date_arg)
    p = command(inner, "reason", _reason, "登记非公开属性的依据和理由")
    p.add_argument("document")
    p.add_argument("--basis", required=True, help="法律依据")
    p.add_argument("--reason", required=True, help="理由")
    p = command(inner, "meta", _meta, "确认或修改文件的主题分类、索引号、发布机构")
    p.add_argument("document")
    p.add_argument("--topic", help="主题分类")
    p.add_argument("--index-no", help="索引号")
    p.add_argument("--org", help="发布机构")
    p = command(inner, "check", _check, "检查一件报送是否应退文（退出码 1：应退文）")
    p.add_argument("document")

    sinner = group(
        sub,
        "selfcheck",
        "年度自查：非公开文件清单、整改回复、依申请公开登记",
        dest="selfcheck_command",
    )
    p = command(sinner, "report", _selfcheck, "生成年度自查清单（PDF 或 XLSX）")
    p.add_argument("year", type=int)
    p.add_argument("--out", required=True)
    p.add_argument("--on", type=date_arg, help="发文日期（默认今天）")
    p = command(sinner, "reply", _reply, "登记部门的自查整改情况")
    p.add_argument("department")
    p.add_argument("year", type=int)
    p.add_argument("--on", type=date_arg, required=True, help="回复日期")
    p.add_argument("--result", required=True, help="自查结果")
    p.add_argument("--open", nargs="*", help="改为公开的文件（发文字号）")
    p = command(sinner, "import-register", _register_import, "导入依申请公开登记表（XLSX）")
    p.add_argument("file")
