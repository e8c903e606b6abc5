"""A document's structured text as HTML, shared by the website and the 查阅 screen.

Both show the standard text with its structure: headings at their level, 附件 tables with merged
cells, the signature and the disclosure line. Callers pass ``esc``, which turns a piece of text
into safe HTML: plain escaping for the site, escaping plus hit highlighting for the screen.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from gazette.texts.model import Block, DocumentText

Escape = Callable[[str], str]
HEADING_TAG = {"heading1": "h2", "heading2": "h3", "heading3": "h4", "heading4": "h5"}


def escape(text: str) -> str:
    return html.escape(text, quote=True)


def block_html(b: Block, esc: Escape = escape) -> str:
    if b.kind in HEADING_TAG:
        tag = HEADING_TAG[b.kind]
        return f'<{tag} class="{b.kind}">{esc(b.text)}</{tag}>'
    if b.kind == "table" and b.rows:
        body = []
        for row in b.rows:
            cells = []
            for c in row:
                span = (f' colspan="{c.colspan}"' if c.colspan > 1 else "") + (
                    f' rowspan="{c.rowspan}"' if c.rowspan > 1 else ""
                )
                text = "<br>".join(esc(line) for line in c.text.split("\n"))
                cells.append(f"<td{span}>{text}</td>")
            body.append(f"<tr>{''.join(cells)}</tr>")
        return f'<div class="table-wrap"><table><tbody>{"".join(body)}</tbody></table></div>'
    return f"<p>{esc(b.text)}</p>"


def structure_html(text: DocumentText, esc: Escape = escape, line_sep: str = "") -> str:
    """The document in reading order (as ``DocumentText.lines``). ``line_sep`` goes between the
    signature's lines, for renderers without CSS block spans (Qt's rich text)."""
    out: list[str] = []
    if text.addressees:
        out.append(f'<p class="addressees">{esc(text.addressees)}</p>')
    out += [block_html(b, esc) for b in text.blocks]
    if text.attachment_notes:
        notes = "".join(f"<li>{esc(n)}</li>" for n in text.attachment_notes)
        out.append(f'<ul class="attachments" aria-label="附件">{notes}</ul>')
    if text.signature or text.date:
        lines = [f"<span>{esc(s)}</span>" for s in text.signature]
        if text.date:
            lines.append(f"<span>{esc(text.date)}</span>")
        out.append(f'<p class="signature">{line_sep.join(lines)}</p>')
    if text.disclosure:
        out.append(f'<p class="disclosure">{esc(text.disclosure)}</p>')
    for n, app in enumerate(text.appendices, 1):
        title = f'<h2 class="appendix-title">{esc(app.title)}</h2>' if app.title else ""
        blocks = "".join(block_html(b, esc) for b in app.blocks)
        out.append(
            f'<section class="appendix" aria-labelledby="app{n}">'
            f'<p class="appendix-label" id="app{n}">{esc(app.label)}</p>{title}{blocks}</section>'
        )
    return "\n".join(out)
