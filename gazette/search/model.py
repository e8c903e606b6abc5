"""Plain values shared by the index implementations, the service, the CLI and the screen."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Filters:
    """Restrictions applied with the words. Empty fields restrict nothing."""

    year_from: int | None = None
    year_to: int | None = None
    issue_id: int | None = None
    issue_number: int | None = None  # 第N期 within the year range
    section: str | None = None
    issuer: str | None = None  # substring of the issuer's name
    kind: str | None = None
    disclosure: str | None = None
    validity: str | None = None  # 有效 / 失效 / 废止
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    historical: bool | None = None  # True: historical only, False: current only

    def active(self) -> bool:
        return any(v is not None and v != "" for v in self.__dict__.values())


@dataclass(frozen=True)
class IndexRow:
    """One document as the index stores it: sort key, filter values and the searchable text."""

    doc_id: int
    key: int  # larger is newer; FTS rowid, so "newest first" is a rowid order
    title: str
    text: str  # title, 发文字号 and body, see tokenise.searchable_text
    year: int | None = None
    issue_id: int | None = None
    issue_year: int | None = None
    issue_number: int | None = None
    page: int | None = None
    section: str | None = None
    issuer: str = ""
    kind: str = ""
    disclosure: str | None = None
    validity: str = ""
    issued_on: dt.date | None = None
    historical: bool = False
    doc_number: str | None = None


# IndexRow's filter columns, in the order both index tables store them
META_COLUMNS = (
    "year",
    "issue_id",
    "issue_year",
    "issue_number",
    "page",
    "section",
    "issuer",
    "kind",
    "disclosure",
    "validity",
    "issued_on",
    "historical",
    "doc_number",
)


@dataclass(frozen=True)
class RawHit:
    doc_id: int
    key: int
    score: float = 0.0


@dataclass(frozen=True)
class RawPage:
    total: int
    hits: list[RawHit] = field(default_factory=list)


DOC_ID_BITS = 24
EPOCH = dt.date(1900, 1, 1)


def sort_key(day: dt.date | None, doc_id: int) -> int:
    """Newer documents get larger keys; documents of one day keep their id order."""
    days = (day - EPOCH).days if day and day >= EPOCH else 0
    return (days << DOC_ID_BITS) | (doc_id & ((1 << DOC_ID_BITS) - 1))


def filter_clauses(f: Filters, alias: str, contains: str) -> tuple[list[str], dict[str, object]]:
    """SQL conditions on the ``search_docs`` columns (alias given) with their bound parameters.

    ``contains`` is the dialect's substring function (instr on SQLite, strpos on PostgreSQL).
    """
    a = alias
    where: list[str] = []
    p: dict[str, object] = {}
    if f.year_from is not None:
        where.append(f"{a}.year >= :f_year_from")
        p["f_year_from"] = f.year_from
    if f.year_to is not None:
        where.append(f"{a}.year <= :f_year_to")
        p["f_year_to"] = f.year_to
    if f.issue_id is not None:
        where.append(f"{a}.issue_id = :f_issue_id")
        p["f_issue_id"] = f.issue_id
    if f.issue_number is not None:
        where.append(f"{a}.issue_number = :f_issue_number")
        p["f_issue_number"] = f.issue_number
    for name in ("section", "kind", "disclosure", "validity"):
        value = getattr(f, name)
        if value:
            where.append(f"{a}.{name} = :f_{name}")
            p[f"f_{name}"] = value
    if f.issuer:
        where.append(f"{contains}({a}.issuer, :f_issuer) > 0")
        p["f_issuer"] = f.issuer
    if f.date_from is not None:
        where.append(f"{a}.issued_on >= :f_date_from")
        p["f_date_from"] = f.date_from.isoformat()
    if f.date_to is not None:
        where.append(f"{a}.issued_on <= :f_date_to")
        p["f_date_to"] = f.date_to.isoformat()
    if f.historical is not None:
        where.append(f"{a}.historical = :f_historical")
        p["f_historical"] = 1 if f.historical else 0
    return where, p
