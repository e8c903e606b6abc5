"""The Typst baseline of ``bench/layout.py``: the same issue text as a Typst source, and one
compile of it timed, so the two engines are compared on the same input."""

from __future__ import annotations

import time
from pathlib import Path

from gazette.layout.typeset import IssueInput

ROOT = Path(__file__).resolve().parent.parent


def _esc(text: str) -> str:
    return "".join("\\" + ch if ch in '\\#*_`$<>@[]~=-+/"' else ch for ch in text)


def typst_source(inp: IssueInput) -> str:
    from gazette.texts.model import Block

    body = '("Liberation Serif", "AR PL UMing CN", "WenQuanYi Micro Hei")'
    head = '("Liberation Serif", "WenQuanYi Micro Hei")'
    kai = '("Liberation Serif", "AR PL UKai CN", "WenQuanYi Micro Hei")'
    out = [
        '#set page(paper: "a4", margin: (top: 37mm, bottom: 35mm, inside: 27mm, outside: 25mm),',
        "  header: context [#set text(size: 10.5pt); 宿迁市人民政府公报　2026年第11期 #line(length: 100%, stroke: 0.6pt)],",
        "  footer: context [#set align(if calc.odd(here().page()) {right} else {left}); #set text(size: 14pt); — #counter(page).display() —])",
        f'#set text(font: {body}, size: 16pt, lang: "zh", region: "cn")',
        "#set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: 12.95pt, spacing: 12.95pt)",
    ]

    def para(text: str, style: str = "body") -> str:
        t = _esc(text)
        if style == "title":
            return f"#block(above: 6pt, below: 26pt)[#align(center)[#text(size: 22pt)[{t}]]]"
        if style == "center":
            return f"#align(center)[{t}]"
        if style == "right":
            return f"#align(right)[{t}#h(4em)]"
        if style == "heading1":
            return f"#block(sticky: true)[#h(2em)#text(font: {head})[{t}]]"
        if style == "heading2":
            return f"#block(sticky: true)[#h(2em)#text(font: {kai})[{t}]]"
        if style == "flush":
            return f"#block[{t}]"
        return t

    def block(b: Block) -> str:
        if b.kind == "table":
            rows = b.rows or []
            ncols = max(sum(c.colspan for c in r) for r in rows)
            cells = []
            for r in rows:
                for c in r:
                    cells.append(
                        f"table.cell(rowspan: {c.rowspan}, colspan: {c.colspan})[{_esc(c.text)}]"
                    )
            return f"#text(size: 11pt)[#table(columns: {ncols}, {', '.join(cells)})]"
        return para(b.text, b.kind if b.kind in ("heading1", "heading2") else "body")

    for k, d in enumerate(inp.documents):
        t = d.text
        if k:
            out.append("#pagebreak()")
        if t.doc_number:
            out.append(para(t.doc_number, "center"))
        out.append(para(t.title, "title"))
        if t.addressees:
            out.append(para(t.addressees, "flush"))
        out += [block(b) for b in t.blocks]
        out += [para(n) for n in t.attachment_notes]
        out += [para(s, "right") for s in t.signature]
        if t.date:
            out.append(para(t.date, "right"))
        if t.disclosure:
            out.append(para(t.disclosure))
        for app in t.appendices:
            out.append("#pagebreak()")
            out.append(para(app.label, "heading1"))
            if app.title:
                out.append(para(app.title, "title"))
            out += [block(b) for b in app.blocks]
    return "\n\n".join(out)


def run_typst(inp: IssueInput, out: Path, cache: Path | None = None) -> tuple[float, float, int]:
    import typst

    src = out.with_suffix(".typ")
    src.write_text(typst_source(inp), "utf-8")
    start, cpu = time.perf_counter(), time.process_time()
    typst.compile(
        str(src),
        output=str(out),
        font_paths=[str(ROOT / "resources" / "fonts")],
        ignore_system_fonts=True,
    )
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    import pypdf

    return seconds, cpu_seconds, len(pypdf.PdfReader(out).pages)
