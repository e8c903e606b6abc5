"""The layout cache: a rebuild after one document's correction breaks only that document into
lines again, reuses the drawn pages of the documents before it and draws only from it on, and
every build (clean, cached, corrected, parallel) gives the clean build's bytes: the print
edition, the e-edition and each document's PDF."""

from __future__ import annotations

import datetime as dt
import os
import random
from dataclasses import replace
from pathlib import Path

import pytest

from gazette.demo import issue_docs as gen
from gazette.layout import pdfwrite, styles
from gazette.layout.fonts import font_set
from gazette.layout.furniture import IssueFacts
from gazette.layout.linecache import LineCache
from gazette.layout.typeset import DocInput, IssueInput, Typeset, typeset_issue
from gazette.pdf import assemble
from gazette.texts.model import Block

META = assemble.Meta("测试公报", "测试公报", "", "测试编辑部", dt.date(2026, 1, 5))


def _input(corrected: int | None = None) -> IssueInput:
    rng = random.Random(7)
    texts = [
        gen.government_notice(rng, 3, 2026, office=False, long=False),
        gen.department_rule(rng, 4, 2026)[1],  # with a table
        gen.appointments(rng, 2026),
        gen.interpretation(rng, 2026),
    ]
    docs = [DocInput(k + 1, "测试", t.doc_number or t.title, t) for k, t in enumerate(texts)]
    if corrected is not None:  # two characters added to one paragraph of one document
        d = docs[corrected]
        blocks = list(d.text.blocks)
        at = next(k for k, b in enumerate(blocks) if b.kind == "paragraph")
        text = blocks[at].text
        blocks[at] = Block("paragraph", text[:4] + "依法" + text[4:])
        assert blocks[at] != d.text.blocks[at]
        docs[corrected] = replace(d, text=replace(d.text, blocks=blocks))
    facts = IssueFacts("测试公报", 2026, 1, 1, dt.date(2026, 1, 5), "测试编辑部")
    return IssueInput(facts, docs)


@pytest.fixture(scope="module")
def fonts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    cache = tmp_path_factory.mktemp("fontcache")
    return cache, font_set(styles.load().fonts, cache_dir=cache)


def _build(inp: IssueInput, fonts: tuple[Path, object], **kw: object) -> tuple[bytes, Typeset]:
    ss = styles.load()
    ts = typeset_issue(inp, ss, fonts[1], **kw)  # type: ignore[arg-type]
    return assemble.print_edition(ts, META, ss.page.pad_multiple, False, ss.page.bleed), ts


def _same(a: object, b: object) -> bool:
    """Equal (a function, so a failure does not diff megabytes of PDF)."""
    return a == b


def _all(inp: IssueInput, fonts: tuple[Path, object], **kw: object) -> tuple[list[bytes], Typeset]:
    """The print edition, the e-edition and every document's PDF of one build."""
    printed, ts = _build(inp, fonts, **kw)
    web = assemble.web_edition(ts, META, 1)
    return [printed, web, *(assemble.document_pdf(ts, d, META, 1) for d in ts.docs)], ts


def test_cached_rebuild_relays_out_only_the_corrected_document(
    tmp_path: Path, fonts: tuple[Path, object]
) -> None:
    clean, ts = _all(_input(), fonts)
    assert ts.body_pages > 4 and ts.relaid == [1, 2, 3, 4]
    assert ts.drawn == [1, 2, 3, 4] and ts.pages_drawn == ts.body_pages
    cache = tmp_path / "layout"
    first, ts = _all(_input(), fonts, cache_dir=cache)
    assert _same(first, clean) and ts.relaid == [1, 2, 3, 4] and ts.drawn == [1, 2, 3, 4]
    assert len(list(cache.glob("*.lines.json"))) == 4
    assert len(list(cache.glob("*.run"))) == 4
    again, ts = _all(_input(), fonts, cache_dir=cache)
    assert _same(again, clean) and ts.relaid == [] and ts.drawn == [] and ts.pages_drawn == 0
    for which in (1, 3):  # a correction in a middle document, and in the last
        clean_fix, clean_ts = _all(_input(which), fonts)
        assert clean_fix[0] != clean[0]
        cached_fix, ts = _all(_input(which), fonts, cache_dir=cache)
        assert ts.relaid == [which + 1]  # only it is broken into lines again
        # it and the documents after it are paginated (from their lines) and drawn; the
        # pages before it are reused as they were drawn
        assert ts.drawn == list(range(which + 1, 5))
        first_drawn = ts.docs[which].first
        assert ts.pages_drawn == ts.body_pages - first_drawn + 1 < ts.body_pages
        assert _same(cached_fix, clean_fix)  # byte for byte, every file
        assert ts.printed == clean_ts.printed
        # the runs it kept carry the right font subsets on: all reused, the same bytes
        again_fix, ts = _all(_input(which), fonts, cache_dir=cache)
        assert ts.drawn == [] and _same(again_fix, clean_fix)


def test_a_rebuild_draws_only_the_corrected_last_document_of_a_long_issue(
    tmp_path: Path, fonts: tuple[Path, object]
) -> None:
    """Twelve documents: a correction in the last one draws its pages alone."""
    base = _input()
    docs = [
        replace(d, id=10 * k + d.id, section=f"栏目{k}") for k in range(3) for d in base.documents
    ]
    inp = replace(base, documents=docs)
    last = docs[-1]
    blocks = list(last.text.blocks)
    at = next(k for k, b in enumerate(blocks) if b.kind == "paragraph")
    blocks[at] = Block("paragraph", blocks[at].text[:4] + "依法" + blocks[at].text[4:])
    fixed = replace(
        inp, documents=[*docs[:-1], replace(last, text=replace(last.text, blocks=blocks))]
    )
    cache = tmp_path / "layout"
    _build(inp, fonts, cache_dir=cache)
    cached, ts = _build(fixed, fonts, cache_dir=cache)
    clean, _ = _build(fixed, fonts)
    assert _same(cached, clean)
    assert ts.relaid == [last.id] and ts.drawn == [last.id]
    d = ts.docs[-1]
    assert ts.pages_drawn == d.last - d.first + 1 and ts.pages_drawn * 4 < ts.body_pages


def test_body_pages_alternate_their_type_area_with_the_spine(fonts: tuple[Path, object]) -> None:
    """Odd pages have the spine on the left, even pages on the right, page after page (the
    page templates once repeated each choice for two pages)."""
    import pypdfium2 as pdfium

    ss = styles.load()
    page = ss.page
    printed, ts = _build(_input(), fonts)
    pdf = pdfium.PdfDocument(printed)
    layout = assemble.plan_pages(ts, ss.page.pad_multiple)
    checked = 0
    try:
        for n in range(1, ts.body_pages + 1):
            tp = pdf[layout.body_index(n)].get_textpage()
            lefts = [tp.get_charbox(i, loose=True)[0] for i in range(tp.count_chars())
                     if not tp.get_text_range(i, 1).isspace()]  # fmt: skip
            tp.close()
            if not lefts:
                continue
            own, other = page.frame(n)[0], page.frame(n + 1)[0]
            assert abs(min(lefts) - own) < abs(min(lefts) - other), (n, min(lefts))
            checked += 1
    finally:
        pdf.close()
    assert checked >= 4 and page.frame(1)[0] != page.frame(2)[0]


def test_a_damaged_or_foreign_cache_file_is_laid_out_again(
    tmp_path: Path, fonts: tuple[Path, object]
) -> None:
    cache = tmp_path / "layout"
    clean, _ = _build(_input(), fonts, cache_dir=cache)
    # a damaged page run: that document and those after it are drawn again, from their lines
    ts = _build(_input(), fonts, cache_dir=cache)[1]
    assert ts.drawn == []
    damaged = sorted(cache.glob("*.run"), key=lambda p: p.stat().st_size)
    damaged[-1].write_bytes(damaged[-1].read_bytes()[:-7])  # truncated
    again, ts = _build(_input(), fonts, cache_dir=cache)
    assert _same(again, clean) and ts.relaid == [] and 0 < len(ts.drawn) < 4
    # a damaged font subset kept for the next process is cut again from the font
    subsets = sorted(cache.glob("*.subset"))
    assert subsets
    for path in subsets:
        path.write_bytes(path.read_bytes()[:-3])
    pdfwrite._SUBSETS.clear()  # as in a fresh process
    pdfwrite._ON_DISK.clear()
    again, ts = _build(_input(), fonts, cache_dir=cache)
    assert _same(again, clean) and ts.drawn == []
    for run in cache.glob("*.run"):  # no pages kept: every document is paginated again
        run.unlink()
    files = sorted(cache.glob("*.lines.json"))
    files[0].write_text('{"format": 1, "key": "x", "entries": [[1]]}', "utf-8")
    files[1].write_bytes(files[1].read_bytes()[:50])  # truncated
    again, ts = _build(_input(), fonts, cache_dir=cache)
    assert _same(again, clean) and len(ts.relaid) == 2 and ts.drawn == [1, 2, 3, 4]
    # a different style sheet never reads these lines: every document is laid out afresh
    ss = styles.load(overrides={"paragraphs": {"body": {"size": 15}}})
    other = LineCache(cache, ss, fonts[1])  # type: ignore[arg-type]
    same = LineCache(cache, styles.load(), fonts[1])  # type: ignore[arg-type]
    text = _input().documents[0].text.to_json()
    assert other.key_of(text) != same.key_of(text) and same.load(same.key_of(text))


def test_parallel_layout_gives_the_serial_bytes(fonts: tuple[Path, object]) -> None:
    serial, _ = _build(_input(), fonts)
    parallel, ts = _build(_input(), fonts, workers=2, font_cache=fonts[0])
    assert parallel == serial and ts.relaid == [1, 2, 3, 4]


def test_the_least_recently_used_files_are_pruned(
    tmp_path: Path, fonts: tuple[Path, object]
) -> None:
    cache = tmp_path / "layout"
    _build(_input(), fonts, cache_dir=cache)
    lc = LineCache(cache, styles.load(), fonts[1])  # type: ignore[arg-type]
    keys = [lc.key_of(d.text.to_json()) for d in _input().documents]
    for k, key in enumerate(keys):  # documents 1..4 used in that order, long ago
        os.utime(lc.path(key), ns=(10**18 + k, 10**18 + k))
    assert lc.load(keys[0]) is not None  # reading document 1 makes it the most recent
    assert lc.prune(keep=2) == 2
    assert [lc.path(key).exists() for key in keys] == [True, False, False, True]


def test_a_correction_that_moves_later_pages_redraws_the_contents(
    tmp_path: Path, fonts: tuple[Path, object]
) -> None:
    """A document grows by pages: the documents after it start later, and the contents (which
    print every document's page) are drawn again; the files stay the clean build's."""
    cache = tmp_path / "layout"
    before, ts_before = _all(_input(), fonts, cache_dir=cache)
    grown = _input()
    d = grown.documents[1]
    extra = [Block("paragraph", "新增条款：" + "依法规范行政行为，" * 40) for _ in range(6)]
    grown.documents[1] = replace(d, text=replace(d.text, blocks=[*d.text.blocks, *extra]))
    cached, ts = _all(grown, fonts, cache_dir=cache)
    clean, clean_ts = _all(grown, fonts)
    assert _same(cached, clean)
    assert ts.docs[2].first > ts_before.docs[2].first  # the later documents moved
    assert ts.drawn == [2, 3, 4] and ts.relaid == [2]
    # the contents name the new pages (the front differs from the earlier build's)
    assert ts.front != ts_before.front and ts.front == clean_ts.front
    assert before[0] != cached[0]


def test_errata_notices_after_reused_documents(tmp_path: Path, fonts: tuple[Path, object]) -> None:
    """The 勘误 page follows the last document: drawn on from the kept runs' font subsets."""
    notices = ["本刊2026年第1期刊登的《测试》第二段，“依法”应为“依规”。特此更正。"]
    cache = tmp_path / "layout"
    _build(replace(_input(), notices=notices), fonts, cache_dir=cache)
    for inp in (replace(_input(), notices=notices), replace(_input(3), notices=notices)):
        clean, clean_ts = _build(inp, fonts)
        cached, ts = _build(inp, fonts, cache_dir=cache)
        assert _same(cached, clean) and ts.notices_first == clean_ts.notices_first
        assert ts.drawn == ([] if inp.documents == _input().documents else [4])
