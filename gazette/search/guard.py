"""Search requests checked at the edge, so a bad page size or year is a clear message and not
a division by zero, an integer SQLite cannot hold, or text UTF-8 cannot encode."""

from __future__ import annotations

import dataclasses

from gazette.search.model import Filters
from gazette.search.query import Query

MAX_PAGE_SIZE = 1000
MAX_PAGE = 1_000_000
YEARS = range(1, 10000)
MAX_ISSUE_NUMBER = 10000


class SearchInputError(ValueError):
    """A request the search cannot answer; the message names the field, in Chinese."""


def check(query: str | Query, filters: Filters, page: int, page_size: int) -> None:
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise SearchInputError(f"每页条数应在 1 到 {MAX_PAGE_SIZE} 之间，而不是 {page_size}")
    if not 0 <= page < MAX_PAGE:
        raise SearchInputError(f"页码应在 1 到 {MAX_PAGE} 之间，而不是 {page + 1}")
    for name, label in (("year_from", "起始年份"), ("year_to", "截止年份")):
        year = getattr(filters, name)
        if year is not None and year not in YEARS:
            raise SearchInputError(f"{label}应是 1 到 9999 之间的年份，而不是 {year}")
    if filters.issue_number is not None and not 1 <= filters.issue_number <= MAX_ISSUE_NUMBER:
        raise SearchInputError(
            f"期号应在 1 到 {MAX_ISSUE_NUMBER} 之间，而不是 {filters.issue_number}"
        )
    if filters.issue_id is not None and not 0 <= filters.issue_id < 2**63:
        raise SearchInputError(f"刊期编号无效：{filters.issue_id}")
    texts = [query] if isinstance(query, str) else []
    texts += [v for v in dataclasses.asdict(filters).values() if isinstance(v, str)]
    for text in texts:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise SearchInputError(
                f"检索条件中有无法识别的字符（第 {exc.start + 1} 个字符），请重新输入"
            ) from exc
