"""What the PostgreSQL index keeps of every document in memory, read once per write of the
index (``search_stamp``) by each process, for a few recent stamps (processes on several schemas):

- the sort keys, and the documents newest first;
- the filter values, so a filter costs a few array comparisons on a search's candidates instead
  of a scan of ``search_docs`` (at 50,000 documents 50–90 ms, more than the rest of the search).

The conditions are ``model.filter_clauses``'s, with SQL's NULL rule: a missing value passes
no condition on it. Numbers and dates are floats (NaN for NULL, which compares false), and
text columns codes into their few distinct values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from gazette.search.id_sets import Ids
from gazette.search.model import EPOCH, Filters

F64 = npt.NDArray[np.float64]
_NUMBERS = ("year", "issue_id", "issue_number", "issued_on", "historical")
_WORDS = ("section", "issuer", "kind", "disclosure", "validity")
COLUMNS = ("doc_id", *_NUMBERS, *_WORDS)  # the statement that reads them selects these


def _days(iso: str | None) -> float:
    return float("nan") if not iso else float((dt.date.fromisoformat(iso) - EPOCH).days)


class DocFacts:
    """Every document's filter values, by row; ``row`` maps a document id to its row."""

    def __init__(self, rows: Iterable[tuple[Any, ...]]) -> None:
        cols = list(zip(*rows, strict=True)) or [()] * len(COLUMNS)
        ids = np.array(cols[0], np.int64)
        self.row = np.full(int(ids.max()) + 1 if len(ids) else 1, -1, np.int64)
        self.row[ids] = np.arange(len(ids))
        self.numbers: dict[str, F64] = {}
        for i, name in enumerate(_NUMBERS, 1):
            if name == "issued_on":  # ISO dates as days since the epoch (NaT: none)
                days = np.array(cols[i], "datetime64[D]") - np.datetime64(EPOCH, "D")
                values = np.where(np.isnat(days), np.nan, days.astype(np.float64))
            else:  # None: NaN
                values = np.array(cols[i], np.float64)
            self.numbers[name] = values
        self.words: dict[str, tuple[dict[Any, int], npt.NDArray[np.int32]]] = {}
        for i, name in enumerate(_WORDS, 1 + len(_NUMBERS)):
            vocab: dict[Any, int] = {}
            codes = [vocab.setdefault(v, len(vocab)) for v in cols[i]]
            self.words[name] = (vocab, np.array(codes, np.int32))

    def passing(self, filters: Filters, cands: set[int]) -> set[int]:
        """The candidates that pass the filters (all of them when none is set)."""
        ids = np.fromiter(cands, np.int64, len(cands))
        return set(self.passing_ids(filters, ids).tolist())

    def passing_ids(self, filters: Filters, ids: Ids) -> Ids:
        """``passing`` for an array of document ids (kept in their order)."""
        known = ids < len(self.row)  # a document written after the values were read: fails
        rows = self.row[np.where(known, ids, 0)]
        ok = known & (rows >= 0)
        n = self.numbers
        f = filters

        def at_least(name: str, value: float | None) -> None:
            if value is not None:
                ok[:] &= n[name][rows] >= value

        def at_most(name: str, value: float | None) -> None:
            if value is not None:
                ok[:] &= n[name][rows] <= value

        def equal(name: str, value: float | None) -> None:
            if value is not None:
                ok[:] &= n[name][rows] == value

        at_least("year", f.year_from)
        at_most("year", f.year_to)
        equal("issue_id", f.issue_id)
        equal("issue_number", f.issue_number)
        at_least("issued_on", _days(f.date_from.isoformat()) if f.date_from else None)
        at_most("issued_on", _days(f.date_to.isoformat()) if f.date_to else None)
        if f.historical is not None:
            equal("historical", 1.0 if f.historical else 0.0)
        for name in ("section", "kind", "disclosure", "validity"):
            value = getattr(f, name)
            if value:
                vocab, codes = self.words[name]
                ok &= codes[rows] == vocab.get(value, -1)
        if f.issuer:
            vocab, codes = self.words["issuer"]
            hold = [c for v, c in vocab.items() if v and f.issuer in v]
            ok &= np.isin(codes[rows], hold)
        out: Ids = ids[ok]
        return out


_KEYS: dict[str, dict[int, int]] = {}  # per stamp: doc_id -> sort key
# id of a _KEYS map -> (sort key by doc id, -1 where none; its doc ids newest first)
_ORDER: dict[int, tuple[Ids, Ids]] = {}
_FACTS: dict[str, DocFacts] = {}
T = TypeVar("T")


def _keep(cache: dict[str, T], stamp: str, value: T) -> T:
    if len(cache) >= 4:
        old = cache.pop(next(iter(cache)))
        _ORDER.pop(id(old), None)
    cache[stamp] = value
    return value


def sort_keys(raw: Any, stamp: str) -> dict[int, int]:
    """doc_id -> sort key (``raw``: the driver's connection)."""
    keys = _KEYS.get(stamp)
    if keys is None:
        rows = raw.execute("SELECT doc_id, key FROM search_docs").fetchall()
        keys = _keep(_KEYS, stamp, dict(rows))
        _ORDER[id(keys)] = _arrays(keys)
    return keys


def _arrays(keys: dict[int, int]) -> tuple[Ids, Ids]:
    ids = np.fromiter(keys, np.int64, len(keys))
    values = np.fromiter(keys.values(), np.int64, len(keys))
    by_id = np.full(int(ids.max()) + 1 if len(ids) else 1, -1, np.int64)
    by_id[ids] = values
    return by_id, ids[np.argsort(-values, kind="stable")]


def key_arrays(keys: dict[int, int]) -> tuple[Ids, Ids]:
    """A ``sort_keys`` map as arrays: each document's sort key by id (-1: none), and the
    documents newest first. Ranking sorts and filters whole levels with them in C."""
    arrays = _ORDER.get(id(keys))
    return arrays if arrays is not None else _arrays(keys)  # dropped meanwhile: made again


def of(raw: Any, stamp: str) -> DocFacts:
    """Every document's filter values."""
    facts = _FACTS.get(stamp)
    if facts is None:
        sql = f"SELECT {', '.join(COLUMNS)} FROM search_docs"
        facts = _keep(_FACTS, stamp, DocFacts(raw.execute(sql).fetchall()))
    return facts
