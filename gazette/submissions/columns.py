"""The desk's columns, named once: the XLSX export, ``gazette submissions list`` and the screen.

Each column is a ``DeskRow`` field with its heading; the screen uses a shorter heading where
the table is narrow. ``value`` gives what a person reads in the cell (the status's label, 是/否),
so the export and the command line cannot word a row differently.
"""

from __future__ import annotations

from dataclasses import dataclass

from gazette.submissions.queries import DeskRow


@dataclass(frozen=True)
class DeskColumn:
    key: str  # the DeskRow field
    header: str  # in the export and on the command line
    short: str = ""  # on the screen, where it differs

    @property
    def screen_header(self) -> str:
        return self.short or self.header


COLUMNS: tuple[DeskColumn, ...] = (
    DeskColumn("department", "报送单位"),
    DeskColumn("title", "文件标题"),
    DeskColumn("doc_number", "发文字号"),
    DeskColumn("issued_on", "印发日期"),
    DeskColumn("received_on", "报送日期"),
    DeskColumn("deadline", "截止日期"),
    DeskColumn("status", "状态"),
    DeskColumn("days", "逾期工作日"),
    DeskColumn("disclosure", "公开属性"),
    DeskColumn("is_normative", "是否规范性文件", "规范性"),
    DeskColumn("channel", "报送方式"),
    DeskColumn("liaison_name", "联络员"),
    DeskColumn("decision", "选登决定", "选登"),
    DeskColumn("decision_reason", "理由"),
    DeskColumn("reminders", "催报次数", "催报"),
    DeskColumn("returns", "退文次数", "退文"),
    DeskColumn("interpretation", "解读"),
)
_BY_KEY = {c.key: c for c in COLUMNS}

# Which columns each place shows, in order.
EXPORT_KEYS: tuple[str, ...] = tuple(c.key for c in COLUMNS)
LIST_KEYS: tuple[str, ...] = (*EXPORT_KEYS[:10], "decision")  # the command line's CSV
SCREEN_KEYS: tuple[str, ...] = (*LIST_KEYS, "reminders")


def headers(keys: tuple[str, ...], *, screen: bool = False) -> tuple[str, ...]:
    return tuple(_BY_KEY[k].screen_header if screen else _BY_KEY[k].header for k in keys)


EXPORT_HEADERS = headers(EXPORT_KEYS)
LIST_HEADERS = headers(LIST_KEYS)
SCREEN_HEADERS = headers(SCREEN_KEYS, screen=True)


def value(row: DeskRow, key: str) -> object:
    """The cell as a person reads it; dates stay dates (the caller formats them)."""
    if key == "status":
        return row.status.label
    if key == "is_normative":
        return "是" if row.is_normative else "否"
    if key == "interpretation":
        return interpretation_state(row)
    return getattr(row, key)


def interpretation_state(row: DeskRow) -> str:
    """齐全/不齐全 and whether it reached the portal on time, for a document that needs one."""
    if not row.needs_interpretation:
        return ""
    state = "齐全" if row.interpretation_complete else "不齐全"
    late = {True: "，按时上网", False: "，上网超期", None: ""}[row.interpretation_on_time]
    return state + late
