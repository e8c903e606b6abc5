"""Breaking documents into lines in worker processes, before the issue is paginated.

A document's lines do not depend on the page it starts on, only on its text, so each worker
runs a dry pagination of one document alone (nothing drawn, nothing saved) and hands back the
lines (``linecache``'s encoding); the build then paginates and draws with them.
"""

from __future__ import annotations

import json
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from gazette.layout.fonts import font_set
from gazette.layout.furniture import IssueFacts
from gazette.layout.linecache import Entries, decode, encode
from gazette.layout.para import Typesetter
from gazette.layout.parts import DocInput, IssueInput
from gazette.layout.styles import StyleSheet
from gazette.layout.typeset import typeset_body

_WORKER: dict[str, Any] = {}


def _start_worker(families: dict[str, Any] | None, font_cache: Path | None) -> None:
    if "fonts" not in _WORKER:  # a forked worker has them already
        _WORKER["fonts"] = font_set(families, cache_dir=font_cache)


def _lay_out_alone(job: tuple[IssueFacts, DocInput, StyleSheet]) -> list[Any]:
    """One document's lines: a dry pagination of it alone (its lines do not depend on the page
    it starts on), nothing drawn or saved."""
    facts, doc, ss = job
    ts = Typesetter(_WORKER["fonts"])
    ts.dry = True
    ts.used = {}
    typeset_body(IssueInput(facts, [doc]), ss, ts)
    return encode(ts.used.get(("doc", doc.id), {}))


def lay_out_parallel(
    facts: IssueFacts, docs: list[DocInput], ss: StyleSheet, workers: int, font_cache: Path | None
) -> list[Entries]:
    """Each document's lines, broken in ``workers`` processes, in the order given. Forked when
    this process runs one thread (the fonts are inherited, loaded); spawned when it runs more
    (the app's Qt threads: forking them is unsafe), which costs a fresh interpreter each."""
    forkable = threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if forkable else "spawn")
    if forkable:
        _WORKER["fonts"] = font_set(ss.fonts, cache_dir=font_cache)
    # the longest documents first, so no worker is left with one long tail at the end
    order = sorted(range(len(docs)), key=lambda k: -len(json.dumps(docs[k].text.to_json())))
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=ctx, initializer=_start_worker,
        initargs=(ss.fonts, font_cache),
    ) as pool:  # fmt: skip
        done = pool.map(_lay_out_alone, [(facts, docs[k], ss) for k in order])
        results = dict(zip(order, done, strict=True))
    return [decode(results[k]) for k in range(len(docs))]
