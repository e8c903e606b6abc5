"""Qt models of the issues screen over plain rows (never live ORM objects)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTreeView

from gazette.issues.planning import STATUSES, IssuePlan, IssueRow
from gazette.issues.proofs import RoundRow
from gazette.issues.rules import Problem
from ui.rows_model import ROW_ROLE, RowsModel
from ui.validity_box import validity_brush

Index = QModelIndex | QPersistentModelIndex


class IssueTableModel(RowsModel):
    COL_YEAR, COL_NUMBER, COL_SERIAL, COL_DATE, COL_STATUS, COL_ITEMS = range(6)
    HEADERS = ("年份", "期号", "总期号", "出版日期", "状态", "篇数")

    def cell(self, row: IssueRow, column: int) -> str:
        return [
            str(row.year),
            f"第{row.number}期",
            f"总第{row.serial}期" if row.serial else "",
            row.published_on.isoformat() if row.published_on else "",
            STATUSES.get(row.status, row.status),
            str(row.items),
        ][column]


class ProblemTableModel(RowsModel):
    COL_SECTION, COL_MESSAGE = range(2)
    HEADERS = ("栏目", "问题")

    def cell(self, row: Problem, column: int) -> str:
        return [row.section, row.message][column]


class RoundTableModel(RowsModel):
    COL_ROUND, COL_PAGES, COL_BUILT, COL_SIGNED_BY, COL_SIGNED_AT = range(5)
    HEADERS = ("校次", "页数", "出样时间", "审签人", "审签时间")

    def cell(self, row: RoundRow, column: int) -> str:
        return [
            f"第{row.round}校",
            str(row.pages),
            row.built_at.strftime("%Y-%m-%d %H:%M"),
            row.signed_by or "未审签",
            row.signed_at.strftime("%Y-%m-%d %H:%M") if row.signed_at else "",
        ][column]


class DiffTableModel(RowsModel):
    """Where a proof's typeset text departs from the source: (document, Change)."""

    COL_DOCUMENT, COL_KIND, COL_SOURCE, COL_TYPESET, COL_CONTEXT = range(5)
    HEADERS = ("文件", "差异", "原文", "排版后", "上下文")
    KINDS: ClassVar[dict[str, str]] = {"replace": "替换", "delete": "缺失", "insert": "多出"}

    def cell(self, row: tuple[str, Any], column: int) -> str:
        label, change = row
        return [
            label,
            self.KINDS.get(change.op, change.op),
            change.source,
            change.typeset,
            change.context,
        ][column]


class DocumentTableModel(RowsModel):
    """Documents that can be added to an issue: (id, 发文字号, title, kind)."""

    COL_NUMBER, COL_TITLE, COL_KIND = range(3)
    HEADERS = ("发文字号", "标题", "类别")

    def cell(self, row: tuple[int, str | None, str, str], column: int) -> str:
        return [row[1] or "", row[2], row[3]][column]


MIME = "application/x-gazette-issue-item"


class PlanModel(QAbstractItemModel):
    """Sections (top level) with their items; items are dragged within and between sections.

    A drop calls ``on_move(section_id, [item ids in order])``; the screen saves it on a worker
    thread and reloads the plan.
    """

    COL_TITLE, COL_NUMBER, COL_VALIDITY = range(3)
    HEADERS = ("栏目 / 标题", "发文字号", "效力")

    def __init__(
        self, on_move: Callable[[int, list[int]], None] | None = None, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.plan: IssuePlan | None = None
        self.on_move = on_move
        self.editable = True

    def set_plan(self, plan: IssuePlan | None, editable: bool = True) -> None:
        self.beginResetModel()
        self.plan, self.editable = plan, editable
        self.endResetModel()

    # structure: internalId 0 = a section; n > 0 = an item of section row n - 1
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        if parent.internalId() == 0:
            return self.createIndex(row, column, parent.row() + 1)
        return QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(int(index.internalId()) - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if self.plan is None:
            return 0
        if not parent.isValid():
            return len(self.plan.sections)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self.plan.sections[parent.row()].items)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def item_at(self, index: Index) -> Any:
        if self.plan is None or not index.isValid():
            return None
        if index.internalId() == 0:
            return self.plan.sections[index.row()]
        return self.plan.sections[int(index.internalId()) - 1].items[index.row()]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        obj = self.item_at(index)
        if obj is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if index.internalId() == 0:
                count = "本期停用" if obj.off else len(obj.items)
                return f"{obj.name}（{count}）" if index.column() == 0 else ""
            return [obj.title, obj.doc_number or obj.kind, obj.validity][index.column()]
        if role == ROW_ROLE:
            return obj
        if role == Qt.ItemDataRole.ToolTipRole and index.internalId() != 0:
            return f"{obj.title}\n{obj.doc_number or obj.kind}　{obj.validity}"  # the whole title
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.internalId() != 0
            and index.column() == self.COL_VALIDITY
        ):
            return validity_brush(obj.validity)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled if self.editable else Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.editable:
            return base
        if index.internalId() == 0:
            return base | Qt.ItemFlag.ItemIsDropEnabled
        return base | Qt.ItemFlag.ItemIsDragEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids = sorted({self.item_at(i).id for i in indexes if i.isValid() and i.internalId() != 0})
        mime = QMimeData()
        mime.setData(MIME, json.dumps(ids).encode())
        return mime

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        if self.plan is None or not data.hasFormat(MIME) or not parent.isValid():
            return False
        if parent.internalId() != 0:  # dropped onto an item: insert before it in its section
            row, parent = parent.row(), self.parent(parent)
        moved = json.loads(bytes(data.data(MIME).data()).decode())
        return self.move(parent.row(), row, moved)

    def move(self, section_row: int, row: int, moved: list[int]) -> bool:
        """Put items ``moved`` into section ``section_row`` at ``row`` (−1: at the end)."""
        assert self.plan is not None
        section = self.plan.sections[section_row]
        ids = [i.id for i in section.items]
        row = len(ids) if row < 0 else row
        before = [i for i in ids[:row] if i not in moved]
        after = [i for i in ids[row:] if i not in moved]
        order = before + moved + after
        if self.on_move:
            self.on_move(section.id, order)
        return False  # the model is reloaded from the database, not edited in place


class WrappedTitleDelegate(QStyledItemDelegate):
    """A plan title on as many lines as it needs at the column's width: at 1366×768 the title
    column holds about a dozen characters, and a title cut to "市政府关于印发宿迁市…" reads
    the same for half the issue. The view paints the wrap; this says how tall the row is."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        depth = 1 if index.parent().isValid() else 0
        width = self.view.header().sectionSize(index.column()) - self.view.indentation() * (
            depth + 1
        )
        text = str(index.data() or "")
        if width <= 20 or not text:
            return size
        box = QFontMetrics(option.font).boundingRect(
            QRect(0, 0, width - 8, 100_000), int(Qt.TextFlag.TextWordWrap), text
        )
        return QSize(size.width(), max(size.height(), box.height() + 6))
