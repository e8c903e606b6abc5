"""Table models of the distribution screen, over the core's plain rows."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QBrush, QColor

from gazette.distribution.issue import STATUSES, IssueStatusRow, Line
from gazette.distribution.recipients import RecipientRow
from gazette.issues.planning import STATUSES as ISSUE_STATUSES
from ui.rows_model import GREY, RowsModel

RED = QBrush(QColor("#B00020"))
AMBER = QBrush(QColor("#9C5700"))


class IssuesModel(RowsModel):
    """Every issue's distribution at a glance."""

    HEADERS = ("期次", "状态", "发行", "发行对象", "印数", "已签收", "退回", "未确认")

    def cell(self, row: IssueStatusRow, column: int) -> str:
        return (
            row.label,
            ISSUE_STATUSES.get(row.issue_status, row.issue_status),
            "已冻结" if row.frozen else "预览",
            str(row.recipients),
            str(row.print_run),
            str(row.received) if row.frozen else "",
            str(row.returned) if row.frozen else "",
            str(row.pending) if row.frozen else "",
        )[column]

    def foreground(self, row: IssueStatusRow) -> QBrush | None:
        return RED if row.returned else None if row.frozen else GREY


class LinesModel(RowsModel):
    """One issue's recipients, copies and receipts."""

    HEADERS = ("单位名称", "类别", "地址", "邮编", "发送方式", "份数", "签收", "原因")
    COL_STATUS = 6

    def cell(self, row: Line, column: int) -> str:
        return (
            row.name,
            row.category,
            row.address or "（缺地址）",
            row.postcode,
            row.method,
            str(row.copies),
            STATUSES.get(row.status, row.status) if row.line_id else "",
            row.reason,
        )[column]

    def foreground(self, row: Line) -> QBrush | None:
        return RED if row.status == "returned" else None


class RecipientsModel(RowsModel):
    """The recipients list."""

    HEADERS = ("单位名称", "类别", "地址", "邮编", "收件人", "电话", "发送方式", "每期份数", "状态")
    COL_STATE = 8

    def cell(self, row: RecipientRow, column: int) -> str:
        return (
            row.name,
            row.category,
            row.address,
            row.postcode,
            row.contact,
            row.phone,
            row.method,
            str(row.copies),
            row.state,
        )[column]

    def foreground(self, row: RecipientRow) -> QBrush | None:
        if not row.active:
            return GREY
        return RED if row.needs_review else AMBER if row.incomplete else None


class HistoryModel(RowsModel):
    """A recipient's issues: (期次, 份数, 签收, 原因)."""

    HEADERS = ("期次", "份数", "签收", "原因")

    def cell(self, row: Any, column: int) -> str:
        return str(row[column])
