"""Tables read from their drawn borders: a merged cell centred between rows goes to the rows it
spans, a wrapped cell stays one cell, a table continued on the next page stays one table.

The PDFs are drawn with ReportLab the way producers draw them: WPS 表格 draws each rule as a
thin filled box, Skia and Word stroke lines. The real spreadsheet exports are in the corpus
(``pdf-wps-czb-2023-luyong.pdf`` and its neighbours), checked here as tables and as pages.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gazette.texts import fidelity
from gazette.texts.importer import import_file, read_raw
from gazette.texts.model import Block, Cell, DocumentText
from tests.conftest import need_tool

NATIVE = Path(__file__).parent / "texts_fixtures" / "real" / "native"
SIZE = 10.0
HEADER = ["序号", "拟录用职位", "姓名", "准考证号"]
XS = [60.0, 100.0, 220.0, 300.0, 420.0]
ROW = 26.0


def _draw(
    path: Path,
    pages: list[tuple[list[float], list[tuple[float, int, int]], list[tuple[float, float, str]]]],
    filled: bool,
) -> Path:
    """Each page: its row borders (y from the top), the vertical gaps as (y, column, rows)
    where a border is left out (a merged cell), and its texts as (x, y of the baseline, text).
    ``filled`` draws rules as 0.9-pt filled boxes (WPS), otherwise as stroked lines."""
    from reportlab.pdfgen import canvas

    from gazette.layout.fonts import ensure_registered

    font = ensure_registered()["body"]
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    for ys, gaps, texts in pages:

        def rule(x0: float, y0: float, x1: float, y1: float) -> None:
            if filled:
                w, h = max(x1 - x0, 0.9), max(y1 - y0, 0.9)
                c.rect(x0, 842 - y0 - h, w, h, stroke=0, fill=1)
            else:
                c.line(x0, 842 - y0, x1, 842 - y1)

        for y in ys:
            col = 0
            while col < len(XS) - 1:
                if (y, col) in {(g[0], g[1]) for g in gaps}:
                    col += 1
                    continue
                rule(XS[col], y, XS[col + 1], y)
                col += 1
        for x in XS:
            rule(x, ys[0], x, ys[-1])
        for x, y, text in texts:
            c.setFont(font, SIZE)
            c.drawString(x, 842 - y, text)
        c.showPage()
    c.save()
    return path


def _grid_rows(first: float, count: int) -> list[float]:
    return [first + k * ROW for k in range(count + 1)]


def _row_texts(y_top: float, cells: list[str]) -> list[tuple[float, float, str]]:
    base = y_top + ROW / 2 + SIZE / 3
    return [(XS[i] + 3, base, t) for i, t in enumerate(cells) if t]


def _spreadsheet(path: Path, filled: bool) -> Path:
    """A header and four people; the first three share one 职位 cell (no borders between
    them in that column), printed in two lines centred over the three rows, so its first
    line stands level with no row and its second beside the second person."""
    ys = _grid_rows(100.0, 5)
    gaps = [(ys[2], 1, 1), (ys[3], 1, 1)]
    texts = _row_texts(ys[0], HEADER)
    people = [("1", "王首骏", "113111020401105"), ("2", "赵聪睿", "113111023401210")]
    people += [("3", "洪扬鹏晨", "113136250101412"), ("4", "崔怀谷", "113111060300110")]
    for k, (n, name, number) in enumerate(people):
        texts += _row_texts(ys[k + 1], [n, "", name, number])
    middle = (ys[1] + ys[4]) / 2
    texts += [(XS[1] + 3, middle - 2, "国库支付中心"), (XS[1] + 3, middle + SIZE + 2, "400")]
    texts += _row_texts(ys[4], ["", "关税政策研究中心", "", ""])  # the last row's own post
    return _draw(path, [(ys, gaps, texts)], filled)


def _table(path: Path) -> Block:
    tables = [b for b in read_raw(path).items if isinstance(b, Block)]
    assert len(tables) == 1, tables
    return tables[0]


@pytest.mark.parametrize("filled", [True, False], ids=["filled-boxes", "stroked-lines"])
def test_a_merged_cell_centred_between_rows_belongs_to_the_rows_it_spans(
    tmp_path: Path, filled: bool
) -> None:
    table = _table(_spreadsheet(tmp_path / "list.pdf", filled))
    assert table.rows is not None
    assert [c.text for c in table.rows[0]] == HEADER
    first = table.rows[1]
    assert [(c.text, c.rowspan) for c in first] == [
        ("1", 1),
        ("国库支付中心\n400", 3),
        ("王首骏", 1),
        ("113111020401105", 1),
    ]
    assert [c.text for c in table.rows[2]] == ["2", "赵聪睿", "113111023401210"]
    assert [c.text for c in table.rows[3]] == ["3", "洪扬鹏晨", "113136250101412"]
    assert [c.text for c in table.rows[4]] == ["4", "关税政策研究中心", "崔怀谷", "113111060300110"]
    grid = table.grid()
    assert [len(r) for r in grid] == [4] * 5 and grid[2][1] is None and grid[3][1] is None


def test_the_merged_cell_keeps_every_character_against_pdftotext(tmp_path: Path) -> None:
    """pdftotext prints the merged cell's lines between the rows; the stored table holds them
    once, in the first row, and the fidelity check finds them there."""
    need_tool("pdftotext")
    path = _spreadsheet(tmp_path / "list.pdf", True)
    result = fidelity.check_file(path, import_file(path).text)
    assert result.ok, result.lost
    assert "国库支付中心" in result.moved  # printed beside a later row: found, out of order


def test_a_table_continued_on_the_next_page_is_one_table(tmp_path: Path) -> None:
    """The header repeated on page 2 goes; a row cut by the page break is one row, its cells'
    text joined; a merged cell crossing the break is one cell, taller."""
    ys1 = _grid_rows(100.0, 3)
    texts1 = _row_texts(ys1[0], HEADER)
    texts1 += _row_texts(ys1[1], ["1", "国库支付中心", "王首骏", "113111020401105"])
    texts1 += _row_texts(ys1[2], ["2", "", "赵聪睿", "1131110234"])  # cut: number goes on
    ys2 = _grid_rows(80.0, 3)
    texts2 = _row_texts(ys2[0], HEADER)
    texts2 += _row_texts(ys2[1], ["", "", "", "01210"])
    texts2 += _row_texts(ys2[2], ["3", "", "洪扬鹏晨", "113136250101412"])
    pages = [
        (ys1, [(ys1[2], 1, 1)], texts1),  # 职位 merged over rows 1–2 on page 1 …
        (ys2, [(ys2[2], 1, 1)], texts2),  # … and on over the cut row and row 3 on page 2
    ]
    table = _table(_draw(tmp_path / "two.pdf", pages, filled=True))
    assert table.rows is not None
    texts = [[c.text for c in r] for r in table.rows]
    assert texts == [
        HEADER,
        ["1", "国库支付中心", "王首骏", "113111020401105"],
        ["2", "赵聪睿", "113111023401210"],
        ["3", "洪扬鹏晨", "113136250101412"],
    ]
    assert table.rows[1][1].rowspan == 3


def test_a_ruled_box_around_one_line_of_text_is_no_table(tmp_path: Path) -> None:
    """One row whose boxes hold a single text is a frame, not a table; its text stays a
    paragraph. Two filled cells in one row are a table (a list's last row on a page of its own)."""
    ys = _grid_rows(100.0, 1)
    framed = _draw(tmp_path / "box.pdf", [(ys, [], _row_texts(ys[0], ["", "此件公开发布"]))], True)
    items = read_raw(framed).items
    assert not any(isinstance(b, Block) for b in items) and "此件公开发布" in items
    row = _draw(tmp_path / "row.pdf", [(ys, [], _row_texts(ys[0], ["44", "", "张潮"]))], True)
    assert [[c.text for c in r] for r in _table(row).rows or []] == [["44", "", "张潮", ""]]


def test_lines_in_cells_run_on_where_they_wrap_and_break_where_typed() -> None:
    from gazette.texts.grid import Glyph, cell_text

    def line(text: str, x: float, y: float) -> list[Glyph]:
        return [
            Glyph(ch, x + i * SIZE, y, x + (i + 1) * SIZE, y + SIZE, SIZE)
            for i, ch in enumerate(text)
        ]

    box = (0.0, 84.0)  # room for eight characters beside a 2-pt padding
    wrapped = line("宜春市委统一战线", 2, 0) + line("工作部", 2, 12)
    typed = line("乡镇机关", 22, 0) + line("公务员", 27, 12)
    kinsoku = line("知识产权行", 2, 0) + line("案”审判", 2, 12)  # 案” may not be split
    assert cell_text(wrapped, box) == "宜春市委统一战线工作部"
    assert cell_text(typed, box) == "乡镇机关\n公务员"
    assert cell_text(kinsoku, box) == "知识产权行案”审判"


def test_a_cell_missing_from_a_stored_table_is_still_lost() -> None:
    """The allowance for merged cells (a page layout prints them among the rows they span)
    reaches back only within the table's spanned rows, and only for a laid-out reference."""
    school = [Cell("硕士研究生"), Cell("香港中文大学"), Cell("招商银行股份有限公司北京分行")]
    reference = [
        "名单",
        "1 王首骏 113111020401105 硕士研究生 香港中文大学 招商银行股份有限公司北京分行",
        "国库支付中心",
        "2 赵聪睿 113111023401210",
    ]
    rows = [
        [
            Cell("1"),
            Cell("国库支付中心", rowspan=2),
            Cell("王首骏"),
            Cell("113111020401105"),
            *school,
        ],
        [Cell("2"), Cell("赵聪睿"), Cell("113111023401210")],
    ]
    doc = DocumentText(title="名单", blocks=[Block("table", rows=rows)])
    assert fidelity.check("x", reference, doc, laid=True).ok
    assert not fidelity.check("x", reference, doc).ok  # a reference in cell order has no excuse
    rows[0][1] = Cell("", rowspan=2)
    assert fidelity.check("x", reference, doc, laid=True).lost == ["国库支付中心"]


REAL_LISTS = {
    "pdf-wps-swb-2023-luyong.pdf": (
        29,
        ["1", "一级主任科员及以下（英语一）", "200110001001", "帅思达"],
    ),
    "pdf-wps-czb-2023-luyong.pdf": (44, ["1", "国库支付中心400110001001", "王首骏", "男"]),
    "pdf-skia-yichun-2022-dibu.pdf": (71, ["220090201001", "宜丰县人民法院", "法官助理岗（一）"]),
}


@pytest.mark.parametrize("name", sorted(REAL_LISTS), ids=lambda n: n.split("-")[2])
def test_real_spreadsheet_exports_keep_their_rows(name: str) -> None:
    """The WPS and browser exports: one table across the pages, a row per person."""
    rows_wanted, first = REAL_LISTS[name]
    tables = [b for b in read_raw(NATIVE / name).items if isinstance(b, Block)]
    table = max(tables, key=lambda b: len(b.rows or []))
    assert table.rows is not None
    assert len(table.rows) == rows_wanted + 1  # the header once, then one row per person
    assert [c.text for c in table.rows[1]][: len(first)] == first
    width = len(table.grid()[0])
    assert all(len(r) == width for r in table.grid())


def test_real_lists_typeset(tmp_path: Path) -> None:
    """The imported lists build, every person's name in the PDF (pdftotext)."""
    import subprocess

    from gazette.layout import styles
    from gazette.layout.fonts import font_set
    from gazette.layout.furniture import IssueFacts
    from gazette.layout.typeset import DocInput, IssueInput, typeset_issue

    need_tool("pdftotext")
    docs = [import_file(NATIVE / name).text for name in sorted(REAL_LISTS)]
    ss = styles.load()
    inp = IssueInput(
        IssueFacts("测试公报", 2026, 1, 1, dt.date(2026, 1, 5), "测试编辑部"),
        [DocInput(k + 1, "测试", d.title, d) for k, d in enumerate(docs)],
    )
    ts = typeset_issue(inp, ss, font_set(ss.fonts, cache_dir=tmp_path / "fonts"))
    pdf = tmp_path / "body.pdf"
    pdf.write_bytes(ts.body)
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True)
    printed = "".join(out.stdout.decode("utf-8").split())
    for name in ("帅思达", "王首骏", "阮章妍", "李文琪", "熊娅楠"):
        assert name in printed
