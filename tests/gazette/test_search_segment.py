"""A segment's lists built a chunk of documents at a time are the ones one sort of all its
documents gives, byte for byte, and the build never sorts or merges more than its budget."""

from __future__ import annotations

import random

import numpy as np

from gazette.search.postings import (
    TEXT,
    Segment,
    doc_positions,
    unpack_ids,
    unpack_positions,
    unpack_tiers,
)
from gazette.search.tokenise import impact_tier

CHARS = "公报政府关于通知印发办法市区县局委员会的了和在，。 \n"


def corpus(n: int = 120) -> list[tuple[int, str, str]]:
    """(doc id, title, text): short and long texts, empty ones, one character repeated past a
    byte's count, and one longer than 16-bit positions reach."""
    rng = random.Random(7)
    docs = []
    for i in range(n):
        size = rng.choice([0, 1, 2, 5, 40, 300, 900])
        docs.append(
            (
                i * 3 + 1,
                "关于" + "".join(rng.choices(CHARS, k=4)),
                "".join(rng.choices(CHARS, k=size)),
            )
        )
    docs.append((400, "长文", "公报" * 300 + "".join(rng.choices(CHARS, k=70_000))))
    docs.append((401, "重复", "的" * 600))
    return docs


def build(budget: int, docs: list[tuple[int, str, str]]) -> tuple[Segment, list[tuple]]:
    seg = Segment(0, budget=budget)
    for doc_id, title, text in docs:
        seg.add(doc_id, title, text)
    return seg, list(seg.rows())


def test_chunked_build_is_byte_identical_to_one_sort() -> None:
    docs = corpus()
    whole, one = build(10**9, docs)
    chunked, many = build(500, docs)
    assert len(whole.sorted_sizes) == 1 and len(whole.merged_sizes) == 1
    assert len(chunked.sorted_sizes) > 20 and len(chunked.merged_sizes) > 20
    assert many == one
    assert [r[:2] for r in one] == sorted(r[:2] for r in one)  # the index's order


def test_lists_hold_each_documents_bigrams_where_they_occur() -> None:
    docs = corpus(40)
    _, rows = build(300, docs)
    texts = {d: t for d, _, t in docs}
    expected: dict[str, dict[int, list[int]]] = {}
    for d, t in texts.items():
        for gram, pos in doc_positions(t).items():
            expected.setdefault(gram, {})[d] = pos.tolist()
    got: dict[str, dict[int, list[int]]] = {}
    for field, gram, _seg, n, ids, tiers, pos in rows:
        if field != TEXT or len(gram) != 2:
            continue
        offs = unpack_ids(ids, 0)
        counts, flat = unpack_positions(pos, offs)
        assert n == len(offs) and counts.tolist() == [len(expected[gram][d]) for d in offs]
        want = [impact_tier(len(expected[gram][d]), len(texts[d])) for d in offs]
        assert list(unpack_tiers(tiers)) == want
        split = np.split(flat, np.cumsum(counts)[:-1])
        got[gram] = {d: p.tolist() for d, p in zip(offs, split, strict=True)}
    assert got == expected


def test_budget_bounds_what_is_sorted_and_merged_at_once() -> None:
    docs = [d for d in corpus() if len(d[2]) <= 1000]
    budget = 1000
    seg, _ = build(budget, docs)
    total = sum(len(t) for _, _, t in docs)
    assert sum(seg.sorted_sizes) == total
    assert max(seg.sorted_sizes) <= budget
    occurrences = sum(max(len(t) - 1, 0) for _, _, t in docs)
    assert sum(o for o, _ in seg.merged_sizes) == occurrences
    # a batch over the budget is one bigram's list, which is written whole
    assert all(o <= budget or grams == 1 for o, grams in seg.merged_sizes)
    assert len(seg.merged_sizes) >= occurrences // budget
