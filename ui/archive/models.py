"""Table models of the backlog screens: ``ui.rows_model.RowsModel`` over plain rows from archive/,
the lines and articles made editable."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from archive.catalogue import Article
from archive.ocr import LOW_CONFIDENCE, Line, line_text
from archive.plan import StepStatus
from archive.register import RegisterRow
from archive.workflow import LABELS
from ui.rows_model import ROW_ROLE as ROW_ROLE
from ui.rows_model import RowsModel

Index = QModelIndex | QPersistentModelIndex
LATE = QBrush(QColor("#b00020"))  # a step whose forecast passes the deadline
MISSING = LATE  # an issue marked 缺期

STATE_COLOURS = {
    "to_locate": "#f3f3f3",
    "located": "#e8eef7",
    "scanned": "#dcebf8",
    "ocred": "#d9f2f2",
    "proofread": "#e0f2e0",
    "catalogued": "#fbebd9",
    "published": "#f8dada",
}


class RegisterModel(RowsModel):
    """The register: one row per issue, its state coloured, sorted by the UserRole key."""

    COL_ISSUE, COL_SERIAL, COL_DATE, COL_STATE, COL_LOCATION, COL_ASSIGNEE, COL_PAGES, COL_NOTE = (
        range(8)
    )
    HEADERS = ("期次", "总期号", "出版日期", "状态", "馆藏位置", "负责人", "页数", "备注")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        r: RegisterRow = self.row_at(index.row())
        col = index.column()
        if role == Qt.ItemDataRole.UserRole:  # sort key
            if col == self.COL_ISSUE:
                return r.year * 1000 + (r.number or 900) + r.supplement
            if col == self.COL_SERIAL:
                return r.serial or 0
            if col == self.COL_PAGES:
                return r.pages
            return self.cell(r, col)
        if role == Qt.ItemDataRole.BackgroundRole and col == self.COL_STATE:
            return QColor(STATE_COLOURS.get(r.state, "#ffffff"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"缺期，已查找：{r.searched_where}" if r.missing else None
        return super().data(index, role)

    def foreground(self, r: RegisterRow) -> QBrush | None:
        return MISSING if r.missing else None

    def cell(self, r: RegisterRow, col: int) -> str:
        if col == self.COL_ISSUE:
            return r.label
        if col == self.COL_SERIAL:
            return f"总第{r.serial}期" if r.serial else ""
        if col == self.COL_DATE:
            return r.published_on.isoformat() if r.published_on else ""
        if col == self.COL_STATE:
            return "缺期" if r.missing else LABELS.get(r.state, r.state)
        if col == self.COL_LOCATION:
            return " / ".join(x for x in (r.location, r.box) if x)
        if col == self.COL_ASSIGNEE:
            return r.assignee or ""
        if col == self.COL_PAGES:
            return str(r.pages) if r.pages else ""
        if col == self.COL_NOTE:
            flags = {"mismatch": "封面与登记不符", "ok": "封面已核对", "resolved": "封面差异已处理"}
            return "；".join(
                x
                for x in (flags.get(r.cover_status, ""), r.note.splitlines()[0] if r.note else "")
                if x
            )
        return ""


class LinesModel(RowsModel):
    """Recognised lines of one page; editing a line saves the correction at once."""

    COL_NO, COL_TEXT, COL_CONF = range(3)
    HEADERS = ("行", "识别文字（双击修改）", "置信度")

    def __init__(self, save: Callable[[int, str], None] | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.save = save

    @property
    def lines(self) -> list[Line]:
        return self._rows

    def set_lines(self, lines: list[Line]) -> None:
        self.set_rows(lines)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == self.COL_TEXT:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def html(self, row: int) -> str:
        """The line with low-confidence characters highlighted (corrected lines shown plain)."""
        line = self.lines[row]
        if line.get("corrected") is not None or not line.get("chars"):
            return escape(line_text(line))
        out = []
        for ch in line["chars"]:
            text = escape(str(ch[0]))
            low = float(ch[1]) < LOW_CONFIDENCE
            out.append(
                f'<span style="background:#ffd54f;color:#b00020">{text}</span>' if low else text
            )
        return "".join(out)

    def cell(self, line: Line, column: int) -> str:
        if column == self.COL_NO:
            return ""  # a line's number is its place in the page: data() gives it
        if column == self.COL_TEXT:
            return line_text(line)
        return f"{float(line['conf']):.2f}"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.lines):
            return None
        line = self.lines[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return str(index.row() + 1) if col == self.COL_NO else self.cell(line, col)
        if role == Qt.ItemDataRole.UserRole and col == self.COL_TEXT:
            return self.html(index.row())
        if role == Qt.ItemDataRole.BackgroundRole:
            if line.get("corrected") is not None:
                return QColor("#e0f2e0")
            if col == self.COL_CONF and float(line["conf"]) < LOW_CONFIDENCE:
                return QColor("#ffe0b2")
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != self.COL_TEXT:
            return False
        row = index.row()
        text = str(value)
        line = dict(self.lines[row])
        line["corrected"] = None if text == line["text"] else text
        self.lines[row] = line
        if self.save is not None:
            self.save(row, text)
        self.dataChanged.emit(self.index(row, 0), self.index(row, 2))
        return True


class ArticlesModel(RowsModel):
    """Proposed articles of an issue, editable before confirming."""

    COL_TITLE, COL_DOCNO, COL_ISSUER, COL_DATE, COL_FROM, COL_TO, COL_SECTION = range(7)
    HEADERS = ("标题", "发文字号", "发文机关", "成文日期", "起页", "止页", "栏目")
    FIELDS = ("title", "doc_number", "issuer", "issued_on", "page_start", "page_end", "section")

    @property
    def articles(self) -> list[Article]:
        return self._rows

    def set_articles(self, articles: list[Article]) -> None:
        self.set_rows(articles)

    def flags(self, index: Index) -> Qt.ItemFlag:
        return (
            super().flags(index) | Qt.ItemFlag.ItemIsEditable
            if index.isValid()
            else super().flags(index)
        )

    def cell(self, article: Article, column: int) -> str:
        value = getattr(article, self.FIELDS[column])
        return "" if value is None else str(value)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.EditRole:
            role = Qt.ItemDataRole.DisplayRole
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        name = self.FIELDS[index.column()]
        text = str(value).strip()
        if name in ("page_start", "page_end"):
            if not text.isdigit():
                return False
            setattr(self.articles[index.row()], name, int(text))
        else:
            setattr(
                self.articles[index.row()],
                name,
                text or (None if name in ("doc_number", "issued_on") else ""),
            )
        self.dataChanged.emit(index, index)
        return True


class StepsModel(RowsModel):
    COL_STEP, COL_DONE, COL_LEFT, COL_PLANNED, COL_RATE, COL_NEEDED, COL_FORECAST = range(7)
    HEADERS = ("步骤", "已完成", "剩余", "计划剩余", "近期每周", "需每周", "预计完成")

    def set_steps(self, steps: list[StepStatus]) -> None:
        self.set_rows(steps)

    def cell(self, s: StepStatus, column: int) -> str:
        return (
            s.label,
            str(s.done),
            str(s.remaining),
            str(s.planned_remaining),
            f"{s.per_week:.1f}",
            f"{s.needed_per_week:.1f}",
            s.forecast.isoformat() if s.forecast else "无进展",
        )[column]

    def foreground(self, s: StepStatus) -> QBrush | None:
        return LATE if s.late else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid() and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)
