"""Typesetting an issue with ReportLab, in three parts that ``gazette.pdf`` assembles.

1. the body (one pass): every document from a fresh page, running heads and folios; the pages
   where each document starts are recorded as it is set;
2. the front: cover and contents, now that the page numbers are known (contents entries record
   where they were drawn, for the e-edition's links);
3. the colophon page.
The folios start at the body, so the contents' length never moves a page number, and one pass
of each part suffices. ReportLab draws the pages (``invariant=1``); each part is kept as its
pages' operators and font subsets (``pdfwrite``), so a rebuild can reuse the pages of the
documents before a correction (``pagecache``).
"""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
)

from gazette.layout.document import Marker, flowables, text_units
from gazette.layout.failures import LayoutFailed as LayoutFailed
from gazette.layout.failures import failure as _failure
from gazette.layout.failures import first_words as _first_words
from gazette.layout.fonts import FontSet, MissingGlyph
from gazette.layout.furniture import (
    ContentsEntry,
    ContentsLine,
    SectionHeading,
    draw_colophon,
    draw_cover,
    draw_running_head,
    para_style,
)
from gazette.layout.linecache import Entries, LineCache
from gazette.layout.pagecache import START, Run, RunCache
from gazette.layout.para import CJKParagraph, Typesetter
from gazette.layout.parts import Body as Body
from gazette.layout.parts import DocInput as DocInput
from gazette.layout.parts import DocPages as DocPages
from gazette.layout.parts import IssueInput as IssueInput
from gazette.layout.parts import Typeset as Typeset
from gazette.layout.pdfwrite import CaptureCanvas, FontState, Part, take_state
from gazette.layout.styles import StyleSheet
from gazette.layout.textcheck import missing_units
from gazette.progress import Reporter

# binary (Flate only) streams: ASCII85 on top makes files 25 % larger and costs a third of the
# time of writing the PDF in ReportLab's pure-Python encoder
rl_config.useA85 = 0


class _Doc(BaseDocTemplate):  # type: ignore[misc]
    """Records the page where each marker lands, and the section of the page for its head."""

    def __init__(
        self,
        buf: io.BytesIO,
        reporter: Reporter | None,
        total: int,
        ts: Typesetter | None = None,
        **kw: Any,
    ) -> None:
        super().__init__(buf, invariant=1, **kw)
        self.offset = 0  # pages before this build's first (documents reused from the cache)
        self.states: list[FontState] | None = None  # font subsets after each document drawn
        self.set_here = 0  # documents (and the notices) begun in this build
        self.starts: dict[Any, int] = {}
        self.section = ""
        self.reporter = reporter
        self.total = total
        self.ts = ts
        self.current = ""  # the label of the document being set

    def handle_flowable(self, flowables: list[Any]) -> None:
        """Any failure while setting a block names the document and the block, in Chinese."""
        f = flowables[0] if flowables else None
        try:
            super().handle_flowable(flowables)
        except (MissingGlyph, LayoutFailed):
            raise
        except Exception as exc:
            label = getattr(f, "where", "") or self.current
            raise _failure(label, _first_words(f), exc) from exc

    def _setPageTemplate(self) -> None:
        """The template named by the page's ``autoNextPageTemplate``, for the next page only:
        ReportLab leaves that choice standing, so the page after it got the same template
        again (odd, even, even, odd, odd, …) and every other body page had its type area on
        the spine's wrong side, and a page's frame depended on where the build started."""
        auto = not (
            hasattr(self, "_nextPageTemplateCycle") or hasattr(self, "_nextPageTemplateIndex")
        )
        super()._setPageTemplate()
        if auto and hasattr(self, "_nextPageTemplateIndex"):
            del self._nextPageTemplateIndex

    def afterFlowable(self, flowable: Any) -> None:
        if isinstance(flowable, Marker):
            if flowable.kind == "doc" and self.states is not None and self.set_here:
                self.states.append(take_state(self.canv._doc))  # after the previous document
            self.set_here += flowable.kind == "doc"
            self.starts[flowable.key] = self.offset + self.page
            if flowable.kind == "doc":
                self.current = flowable.title
                if self.ts is not None:  # what is drawn from here on belongs to this document
                    self.ts.drawing = flowable.key
            self.section = flowable.title if flowable.kind == "section" else self.section
            if self.reporter and flowable.kind == "doc":
                self.reporter.step(len(self.starts), self.total, f"排版：{flowable.title}")


def _frames(ss: StyleSheet) -> tuple[Frame, Frame]:
    page = ss.page
    odd = Frame(
        *page.frame(1), leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="o"
    )
    even = Frame(
        *page.frame(2), leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="e"
    )
    return odd, even


def _size(ss: StyleSheet) -> tuple[float, float]:
    return ss.page.width, ss.page.height


def typeset_body(
    inp: IssueInput,
    ss: StyleSheet,
    ts: Typesetter,
    reporter: Reporter | None = None,
    *,
    reused: list[Run] | None = None,
    runs: RunCache | None = None,
    keys: dict[int, str] | None = None,
) -> Body:
    """The body's pages. ``reused``: the page runs of the issue's first documents, found in
    the page cache (``pagecache``); only the documents after them are paginated and drawn,
    from the font subsets the last of them left. With ``runs`` (and the documents' line-cache
    ``keys``) each document drawn is kept there as a run."""
    reused = reused or []
    done = len(reused)
    offset = sum(len(r.pages) for r in reused)
    todo = inp.documents[done:]
    first = inp.first_folio
    pages: list[bytes] = [p for r in reused for p in r.pages]
    starts: dict[Any, int] = {}
    printed: dict[int, str] = {}
    at = 1
    for d, r in zip(inp.documents, reused, strict=False):
        starts[("doc", d.id)] = at
        printed[d.id] = r.printed
        at += len(r.pages)
    state = reused[-1].state() if reused else None
    final = state or FontState()
    width, height = _size(ss)
    drawn_pages = 0
    states: list[FontState] = []
    if todo or inp.notices or not inp.documents:
        buf = io.BytesIO()
        doc = _Doc(
            buf,
            reporter,
            len(inp.documents),
            ts,
            pagesize=_size(ss),
            initialFontName=ts.fonts.name("body"),
            title=inp.facts.name,
            author=inp.facts.publisher,
            creator="公报编辑部",
        )
        doc.offset = offset
        doc.states = [] if runs is not None else None
        doc.starts.update(starts)
        if done:
            doc.section = inp.documents[done - 1].section

        def furniture(canvas: Any, d: _Doc) -> None:
            if ts.dry:
                return
            page = d.offset + d.page
            folio = ss.section("folio").get("format", "— {page} —").format(page=first + page - 1)
            draw_running_head(canvas, ts, ss, inp.facts, d.section, page % 2 == 1, folio)

        odd, even = _frames(ss)
        templates = [
            PageTemplate(
                "odd", [odd], onPageEnd=furniture, autoNextPageTemplate="even", pagesize=_size(ss)
            ),
            PageTemplate(
                "even", [even], onPageEnd=furniture, autoNextPageTemplate="odd", pagesize=_size(ss)
            ),
        ]
        doc.addPageTemplates(templates if offset % 2 == 0 else templates[::-1])
        story: list[Any] = []
        section = inp.documents[done - 1].section if done else None
        for k, d in enumerate(todo):
            ts.fonts.check(d.text.plain_text(), "body", d.label)
            if k:
                story.append(PageBreak())
            if d.section != section:
                story.append(Marker("section", ("section", d.section), d.section))
                section = d.section
            story.append(Marker("doc", ("doc", d.id), d.label))
            story += flowables(d.text, ss, ts, d.label)
        if inp.notices:
            if story or not done:
                story.append(PageBreak())
            story += [
                Marker("section", ("section", "勘误"), "勘误"),
                Marker("doc", ("notices", 0), "勘误"),
            ]
            story.append(CJKParagraph("勘　误", ss["title"], ts))
            story += [CJKParagraph(n, ss["errata"], ts) for n in inp.notices]
        if not story:
            story.append(Spacer(1, 1))
        ts.printed, ts.drawing = {}, None
        doc._doSave = 0  # the pages are kept by CaptureCanvas; pdfwrite writes the file
        try:
            doc.build(story, canvasmaker=functools.partial(CaptureCanvas, state=state))
        except (MissingGlyph, LayoutFailed):
            raise
        except Exception as exc:
            raise _failure(doc.current, "", exc) from exc
        ts.drawing = None
        final = take_state(doc.canv._doc)
        if doc.states is not None:
            doc.states.append(final)
        states = doc.states or []
        drawn_pages = len(doc.canv.pages)
        pages += doc.canv.pages
        starts = doc.starts
        for d in todo:
            printed[d.id] = "\n".join(ts.printed.get(("doc", d.id), []))
        for d in [] if ts.dry else todo:
            lost = missing_units(text_units(d.text), printed[d.id])
            if lost:
                raise LayoutFailed(
                    f"排版失败：文件“{d.label}”排版后缺少“{lost[0][:20]}”等{len(lost)}处文字。"
                    "本期没有生成任何文件；请把该文件交技术人员检查。"
                )
    total = offset + drawn_pages
    docs: list[DocPages] = []
    order = inp.documents
    for k, d in enumerate(order):
        start = starts[("doc", d.id)]
        nxt = starts.get(("doc", order[k + 1].id)) if k + 1 < len(order) else None
        nxt = nxt or starts.get(("notices", 0))
        end = (nxt - 1) if nxt else total
        docs.append(DocPages(d.id, d.section, d.text.title, d.text.doc_number, start, end))
    if runs is not None and keys is not None and not ts.dry and todo:
        before = reused[-1].state_digest if reused else START
        for k, (d, dp) in enumerate(zip(order, docs, strict=True)):
            if k < done:
                continue
            key = runs.key(keys[d.id], d.id, d.section, dp.first, before)
            before = runs.save(key, pages[dp.first - 1 : dp.last], printed[d.id], states[k - done])
    return Body(
        Part(width, height, pages, final),
        total,
        docs,
        starts.get(("notices", 0)),
        printed,
        [d.id for d in todo],
        drawn_pages,
    )


def typeset_front(
    inp: IssueInput, ss: StyleSheet, ts: Typesetter, docs: list[DocPages]
) -> tuple[Part, int, list[Any]]:
    buf = io.BytesIO()
    doc = _Doc(
        buf,
        None,
        0,
        pagesize=_size(ss),
        initialFontName=ts.fonts.name("body"),
        title=inp.facts.name,
        creator="公报编辑部",
    )
    spec = ss.section("contents")
    page = ss.page
    highlights = [(d.section, d.title) for d in docs]
    cover_frame = Frame(0, 0, page.width, page.height, id="cover")
    frame = Frame(
        page.outer + 10,
        page.bottom - 30,
        page.width - 2 * page.outer - 20,
        page.height - page.top - page.bottom + 60,
        id="contents",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates(
        [
            PageTemplate(
                "cover",
                [cover_frame],
                onPage=lambda c, d: draw_cover(c, ts, ss, inp.facts, highlights),
                pagesize=_size(ss),
            ),
            PageTemplate("contents", [frame], pagesize=_size(ss)),
        ]
    )
    sink: list[Any] = []
    title_style = para_style(
        ss, "title", size=float(spec.get("title_size", 22)), space_after=18, space_before=0
    )
    story: list[Any] = [Spacer(1, 1), NextPageTemplate("contents"), PageBreak()]
    story.append(CJKParagraph(ss.section("cover").get("contents_title", "目　录"), title_style, ts))
    section = None
    for d in docs:
        if d.section != section:
            story.append(SectionHeading(d.section, ts, float(spec.get("section_size", 15))))
            section = d.section
        entry = ContentsEntry(
            d.title, d.number, inp.first_folio + d.first - 1, d.first - 1, f"doc{d.id}"
        )
        story.append(ContentsLine(entry, ts, ss, sink))
    return _captured(doc, story), doc.page, sink


def _captured(doc: _Doc, story: list[Any]) -> Part:
    """Build a ReportLab document and keep its pages (pdfwrite writes the file)."""
    doc._doSave = 0
    doc.build(story, canvasmaker=CaptureCanvas)
    canvas = doc.canv
    width, height = doc.pagesize
    return Part(width, height, list(canvas.pages), take_state(canvas._doc))


def typeset_colophon(inp: IssueInput, ss: StyleSheet, ts: Typesetter) -> Part:
    buf = io.BytesIO()
    doc = _Doc(
        buf,
        None,
        0,
        pagesize=_size(ss),
        initialFontName=ts.fonts.name("body"),
        creator="公报编辑部",
    )
    page = ss.page
    frame = Frame(0, 0, page.width, page.height, id="colophon")
    doc.addPageTemplates(
        [
            PageTemplate(
                "c",
                [frame],
                onPage=lambda c, d: draw_colophon(c, ts, ss, inp.facts),
                pagesize=_size(ss),
            )
        ]
    )
    return _captured(doc, [Spacer(1, 1)])


def typeset_issue(
    inp: IssueInput,
    ss: StyleSheet,
    fonts: FontSet,
    reporter: Reporter | None = None,
    *,
    cache_dir: Path | None = None,
    workers: int = 1,
    font_cache: Path | None = None,
) -> Typeset:
    """The issue's three parts. With ``cache_dir`` each document's drawn pages are kept there
    (``pagecache``): the documents before the first changed one are reused as drawn, and from
    it on the documents are paginated from their kept lines (``linecache``), only a changed
    one being broken into lines again; the cover and contents are reused while no title,
    section or page moved. With ``workers`` > 1 the documents
    to lay out afresh are first broken into lines in that many processes (``font_cache``: the
    fonts' metrics cache for them). The bytes are the same either way."""
    ts = Typesetter(fonts)
    cache = LineCache(cache_dir, ss, fonts) if cache_dir is not None else None
    keys: dict[int, str] = {}
    reused: list[Run] = []
    runs: RunCache | None = None
    if cache is not None and cache_dir is not None:
        keys = {d.id: cache.key_of(d.text.to_json()) for d in inp.documents}
        runs = RunCache(cache_dir, inp.facts, inp.first_folio, cache.base)
        start, before = 1, START
        for d in inp.documents:  # the first documents whose pages are kept as drawn
            run = runs.load(runs.key(keys[d.id], d.id, d.section, start, before))
            if run is None:
                break
            reused.append(run)
            start, before = start + len(run.pages), run.state_digest
    missing: list[DocInput] = []
    for d in inp.documents[len(reused) :]:  # to paginate: from their lines when cached
        got: Entries | None = cache.load(keys[d.id]) if cache is not None else None
        if got is None:
            missing.append(d)
        else:
            ts.known.update(got)
    missing_ids = {d.id for d in missing}
    parallel = workers > 1 and len(missing) > 1
    if parallel:
        from gazette.layout.workers import lay_out_parallel  # it sets documents with this module

        for entries in lay_out_parallel(inp.facts, missing, ss, workers, font_cache):
            ts.known.update(entries)
    ts.used = {} if cache is not None else None
    body = typeset_body(inp, ss, ts, reporter, reused=reused, runs=runs, keys=keys)
    relaid = set(missing_ids) if parallel else set()
    relaid |= {k[1] for k in ts.fresh if isinstance(k, tuple) and k[0] == "doc"}
    if cache is not None and ts.used is not None:
        for d in inp.documents:
            if d.id in relaid or d.id in missing_ids:
                cache.save(keys[d.id], ts.used.get(("doc", d.id), {}))
        if missing:
            cache.prune()
        if runs is not None and body.drawn:
            runs.prune()
    ts.used = None
    front, front_pages, links = _front(inp, ss, ts, body.docs, runs)
    colophon = _colophon(inp, ss, ts, runs)
    for part in (body.part, front, colophon):  # their font subsets kept for the next process
        part.keep = cache_dir
    return Typeset(
        body.part,
        body.pages,
        body.docs,
        front,
        front_pages,
        links,
        colophon,
        body.notices_first,
        body.printed,
        [d.id for d in inp.documents if d.id in relaid],
        body.drawn,
        body.pages_drawn,
    )


def _front(
    inp: IssueInput, ss: StyleSheet, ts: Typesetter, docs: list[DocPages], runs: RunCache | None
) -> tuple[Part, int, list[Any]]:
    """The cover and contents, reused when no document's title, section or pages moved."""
    if runs is None:
        return typeset_front(inp, ss, ts, docs)
    key = runs.part_key("front", [[d.id, d.section, d.title, d.number, d.first, d.last]
                                  for d in docs])  # fmt: skip
    got = runs.load_part(key, *_size(ss))
    if got is not None:
        part, (count, links) = got
        return (
            part,
            int(count),
            [
                (int(n), (float(a), float(b), float(c), float(d)), ContentsEntry(*e))
                for n, (a, b, c, d), e in links
            ],
        )
    part, count, links = typeset_front(inp, ss, ts, docs)
    kept = [[n, list(rect), [e.title, e.number, e.page, e.target, e.key]] for n, rect, e in links]
    runs.save_part(key, part, [count, kept])
    return part, count, links


def _colophon(inp: IssueInput, ss: StyleSheet, ts: Typesetter, runs: RunCache | None) -> Part:
    if runs is None:
        return typeset_colophon(inp, ss, ts)
    key = runs.part_key("colophon", [])
    got = runs.load_part(key, *_size(ss))
    if got is not None:
        return got[0]
    part = typeset_colophon(inp, ss, ts)
    runs.save_part(key, part, None)
    return part
