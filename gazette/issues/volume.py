"""The annual volume (合订本): the year's issues merged behind an annual contents (总目录),
with a combined outline (issue → section → document) and linked contents entries."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import RectangleObject
from reportlab.platypus import Frame, PageTemplate, Spacer

from gazette.files.atomic import atomic_write_bytes
from gazette.issues import planning as issues
from gazette.issues.render import _meta, load_input, style_sheet
from gazette.layout.fonts import cache_dir_of, font_set
from gazette.layout.furniture import ContentsEntry, ContentsLine, SectionHeading, para_style
from gazette.layout.para import CJKParagraph, Typesetter
from gazette.layout.typeset import Typeset, _Doc, typeset_issue
from gazette.pdf import assemble
from gazette.progress import Reporter

if TYPE_CHECKING:
    from gazette.context import AppContext


@dataclass
class VolumeResult:
    path: Path
    pages: int
    issues: int


def build_volume(
    ctx: AppContext, year: int, out_file: Path | str, reporter: Reporter | None = None
) -> VolumeResult:
    reporter = reporter or Reporter()
    ss = style_sheet(ctx)
    fonts = font_set(ss.fonts, cache_dir=cache_dir_of(ctx.data_dir))
    with ctx.uow() as uow:
        rows = [r for r in issues.list_issues(uow, year) if r.items]
    if not rows:
        raise issues.IssueError(f"{year}年没有编排了文件的期次，无法生成合订本")
    parts: list[tuple[str, bytes, Typeset, int]] = []
    name = ""
    for k, row in enumerate(rows):
        reporter.step(k, len(rows) + 1, f"排版{row.label}")
        inp = load_input(ctx, row.id, ss)
        name = inp.facts.name
        ts = typeset_issue(inp, ss, fonts)
        data = assemble.web_edition(ts, _meta(inp), inp.first_folio)
        parts.append((row.label, data, ts, inp.first_folio))
    reporter.step(len(rows), len(rows) + 1, "生成总目录并合订")
    toc, toc_pages, sink, targets = _annual_contents(ss, Typesetter(fonts), name, year, parts)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(toc)))
    if toc_pages % 2:
        w, h = ss.page.width, ss.page.height
        writer.add_blank_page(w, h)
    top = writer.add_outline_item(title=f"{year}年总目录", page_number=0)
    del top
    offsets: list[int] = []
    for label, data, _ts, _first in parts:
        offsets.append(len(writer.pages))
        item = writer.add_outline_item(title=label, page_number=len(writer.pages))
        reader = PdfReader(io.BytesIO(data))
        start = len(writer.pages)
        writer.append(reader, import_outline=False)
        _copy_outline(writer, reader, item, start)
    for page_no, rect, entry in sink:
        issue_k, body_index = targets[entry.key]
        link = Link(
            rect=RectangleObject(list(rect)), target_page_index=offsets[issue_k] + body_index
        )
        writer.add_annotation(page_no - 1, link)
    meta = assemble.Meta(
        f"{name} {year}年合订本",
        f"{name}{year}年全年{len(parts)}期",
        "政府公报 合订本 总目录",
        name,
        None,
    )
    data = assemble._fix(writer, meta, f"volume:{name}:{year}")
    out = Path(out_file)
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out, data)
    reporter.step(len(rows) + 1, len(rows) + 1, "合订本完成")
    return VolumeResult(out, assemble.page_count(data), len(parts))


def _copy_outline(writer: PdfWriter, reader: PdfReader, parent, start: int) -> None:
    def walk(items, under) -> None:
        last = None
        for it in items:
            if isinstance(it, list):
                if last is not None:
                    walk(it, last)
                continue
            page = reader.get_destination_page_number(it) or 0
            last = writer.add_outline_item(title=it.title, page_number=start + page, parent=under)

    walk(reader.outline, parent)


def _annual_contents(
    ss, ts: Typesetter, name: str, year: int, parts
) -> tuple[bytes, int, list, dict]:
    """总目录: every issue, its sections and documents, with 期·页 numbers."""
    buf = io.BytesIO()
    doc = _Doc(
        buf,
        None,
        0,
        pagesize=(ss.page.width, ss.page.height),
        initialFontName=ts.fonts.name("body"),
        title=f"{name}{year}年总目录",
    )
    page = ss.page
    frame = Frame(
        page.outer + 10,
        page.bottom,
        page.width - 2 * page.outer - 20,
        page.height - page.top - page.bottom + 30,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate("toc", [frame], pagesize=(page.width, page.height))])
    sink: list = []
    targets: dict[str, tuple[int, int]] = {}
    story: list = [
        CJKParagraph(f"{name}{year}年总目录", para_style(ss, "title", space_before=0), ts)
    ]
    spec = ss.section("contents")
    for k, (label, _data, tset, first) in enumerate(parts):
        layout = assemble.screen_pages(tset)  # the parts are e-editions
        story.append(SectionHeading(label, ts, float(spec.get("section_size", 15)) + 1))
        section = None
        for d in tset.docs:
            if d.section != section:
                story.append(
                    CJKParagraph(
                        d.section,
                        para_style(ss, "heading2", size=13, leading=22, first_indent_em=0),
                        ts,
                    )
                )
                section = d.section
            key = f"{k}:{d.id}"
            targets[key] = (k, layout.body_index(d.first))
            number = label.split("第")[-1].rstrip("期")
            entry = ContentsEntry(d.title, d.number, f"{number}·{first + d.first - 1}", 0, key)
            story.append(ContentsLine(entry, ts, ss, sink))
    story.append(Spacer(1, 1))
    doc.build(story)
    return buf.getvalue(), doc.page, sink, targets
