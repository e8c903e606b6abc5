"""The one way the office writes a spreadsheet cell: text stays text.

openpyxl stores any ``str`` beginning with ``=`` as a live formula, and Excel evaluates text that
begins with ``+``, ``-`` or ``@`` once a user edits the cell. A department or title typed by
someone outside the office (``=HYPERLINK("http://…","点此")``) must never run on an office PC, so
every XLSX writer goes through :func:`put_cell` (or :func:`append_row`, which calls it): strings
are stored with the string data type, and those with a formula lead also carry Excel's
quote-prefix mark, so editing the cell keeps it text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # openpyxl loads on first export, not with the module
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def put_cell(ws: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write ``value`` at (row, column); a string is always stored as a string."""
    cell = ws.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_LEADS):
            cell.quotePrefix = True
    return cell


def append_row(ws: Worksheet, values: Iterable[Any]) -> int:
    """Write ``values`` as a new row under the last one; returns its row number."""
    row = ws.max_row + 1 if _has_cells(ws) else 1
    for column, value in enumerate(values, start=1):
        put_cell(ws, row, column, value)
    return row


def _has_cells(ws: Worksheet) -> bool:
    return bool(ws._cells)  # a fresh sheet reports max_row 1 with no cells at all
