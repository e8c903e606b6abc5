"""Compact posting lists for the PostgreSQL index: which documents hold a gram, how much, and
where.

A posting list covers one segment of 16,384 document ids. It stores the ids as gaps from the
previous one (two bytes each), the low bytes first and the high bytes after them, then
deflated: most gaps are small, so the high half is nearly all zeros and costs almost nothing.
Decoding is a decompress and a running sum, both done in C, so a list of ten thousand
documents unpacks in well under a millisecond.

The impact tiers of a text bigram (see ``tokenise.impact_tier``) ride along as one byte per
posting, in the same order.

A text bigram's list also says where it occurs (``positions``): per document, in the list's
order, how many times, then the character positions as gaps from the previous one in the same
document, all as 32-bit numbers in four byte planes, deflated (about 1.5 bytes an occurrence).
A phrase of three or more characters is then found from its bigrams' positions alone (the bigram
at offset i must sit at the phrase's start + i), without reading any text; numpy does it in bulk.
Only bigrams covering every character need checking (``cover``): for a long term about half.

A segment is built with numpy a chunk of documents at a time (about a million characters):
every text's bigrams as integers, sorted once, give each bigram's documents, counts and
positions together; the chunks' lists, kept narrow, are merged per bigram when the segment is
written. So the build's memory stays a few hundred MB for a full segment, not gigabytes.
"""

from __future__ import annotations

import heapq
import sys
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt

from gazette.search import tokenise
from gazette.search.id_sets import Ids, member

SEG_BITS = 14
SEG_SIZE = 1 << SEG_BITS
TEXT, TITLE = 0, 1  # the ``field`` of a posting row
POS_BITS = 32  # a key in memory: (document id << POS_BITS) | character position

U32 = npt.NDArray[np.uint32]
U64 = npt.NDArray[np.uint64]
PostingRow = tuple[int, str, int, int, bytes, bytes | None, bytes | None]

_LEVEL = 1  # deflate level: the lists are small and the build is CPU-bound
_RAW, _DEFLATED = b"\x00", b"\x01"  # a blob's first byte


def _deflate(data: bytes) -> bytes:
    """Deflated behind a marker byte; a few bytes are kept as they are (deflating them would
    not shrink them). Most lists are short, and setting up deflate's full 32 KiB window costs
    far more than compressing them, so only long data gets it."""
    if len(data) < 48:
        return _RAW + data
    wbits, mem = (-15, 8) if len(data) > 1 << 16 else (-9, 1)
    c = zlib.compressobj(_LEVEL, zlib.DEFLATED, wbits, mem)
    return _DEFLATED + c.compress(data) + c.flush()


def _inflate(data: bytes) -> bytes:
    return data[1:] if data[:1] == _RAW else zlib.decompress(data[1:], -15)


def _plane_list(values: npt.NDArray[np.generic]) -> list[bytes]:
    """Each byte plane of little-endian integers as its own bytes (plane 0: lowest bytes):
    joined, all the lowest bytes, then the next, …"""
    le = values.astype(values.dtype.newbyteorder("<"), copy=False)
    planes = le.view(np.uint8).reshape(-1, le.itemsize).T
    return [p.tobytes() for p in planes]


def _u32_planes(raw: bytes, at: int, count: int) -> U32:
    """``count`` 32-bit numbers as byte planes from ``at`` (all-zero high planes skipped)."""
    planes = np.frombuffer(raw, np.uint8, 4 * count, at).reshape(4, count)
    out: U32 = planes[0].astype(np.uint32)
    for k in (1, 2, 3):
        if planes[k].any():
            out |= planes[k].astype(np.uint32) << np.uint32(8 * k)
    return out


def pack_ids(offsets: array) -> bytes:
    """Ascending offsets within a segment (an ``array('H')``) to a compact blob."""
    gaps = array("H", [offsets[0]])
    gaps.extend(b - a for a, b in pairwise(offsets))
    if sys.byteorder == "big":
        gaps.byteswap()
    raw = gaps.tobytes()
    return _deflate(raw[0::2] + raw[1::2])


def id_array(blob: bytes, base: int) -> npt.NDArray[np.int64]:
    """The document ids of a blob made by ``pack_ids`` for the segment starting at ``base``."""
    planes = np.frombuffer(_inflate(blob), np.uint8).reshape(2, -1).astype(np.int64)
    ids = np.cumsum(planes[0] | planes[1] << 8)
    ids += base
    return ids


def unpack_ids(blob: bytes, base: int) -> list[int]:
    """``id_array`` as a list."""
    out: list[int] = id_array(blob, base).tolist()
    return out


def pack_tiers(tiers: bytes | bytearray) -> bytes:
    return _deflate(bytes(tiers))


def unpack_tiers(blob: bytes) -> bytes:
    return _inflate(blob)


def pack_positions(counts: U32, gaps: U32) -> bytes:
    """Per document of a list, its number of occurrences; then every occurrence's position as
    a gap from the previous one in its document (the first from 0)."""
    return _deflate(b"".join([*_plane_list(counts), *_plane_list(gaps)]))


def positions_of(per_doc: list[npt.NDArray[np.int64]]) -> bytes:
    """``pack_positions`` of each document's ascending positions, in the list's order."""
    counts = np.array([len(p) for p in per_doc], np.uint32)
    gaps = np.concatenate([np.diff(p, prepend=0) for p in per_doc]).astype(np.uint32)
    return pack_positions(counts, gaps)


def _runs(blob: bytes, n: int, keep: npt.NDArray[np.bool_] | None) -> tuple[U32, Ids, Ids]:
    """Per document (of ``n``, those in ``keep`` if given) its count of occurrences; the
    running sum of all their gaps; per document the running sum before its first gap."""
    raw = _inflate(blob)
    counts = _u32_planes(raw, 0, n)
    gaps = _u32_planes(raw, 4 * n, (len(raw) - 4 * n) // 4)
    if keep is not None:
        gaps, counts = gaps[np.repeat(keep, counts)], counts[keep]
    sums = np.cumsum(gaps, dtype=np.int64)
    starts = np.cumsum(counts, dtype=np.int64) - counts
    before = np.where(starts > 0, sums[np.maximum(starts - 1, 0)], 0) if len(sums) else starts
    return counts, sums, before


def unpack_positions(blob: bytes, doc_ids: list[int] | Ids) -> tuple[U32, Ids]:
    """(count per document, every position) of a blob made by ``pack_positions`` for a list
    of these documents."""
    counts, sums, before = _runs(blob, len(doc_ids), None)
    return counts, sums - np.repeat(before, counts)


def keys_of(blob: bytes, doc_ids: Ids, within: Ids | None = None) -> U64:
    """Every occurrence as one ascending key: (document id << POS_BITS) | position; only in
    the documents ``within`` (sorted ids) if given. One pass: each document's id, less the
    running sum before it, is spread over its occurrences and added to the running sums."""
    keep = None
    if within is not None:
        keep = member(doc_ids, within)
        doc_ids = doc_ids[keep]
    counts, sums, before = _runs(blob, len(keep) if keep is not None else len(doc_ids), keep)
    out: U64 = (np.repeat((doc_ids << POS_BITS) - before, counts) + sums).view(np.uint64)
    return out


def cover(term: str, size: Callable[[str], int]) -> list[int]:
    """Offsets of the term's bigrams whose positions decide it: every character lies in one of
    them, so the term occurs exactly where they all sit at their offsets (for 汉字公报: 汉字 and
    公报, not 字公). Of such sets, the one whose lists are shortest in total."""
    n = len(term) - 1  # bigrams at offsets 0 … n-1; char c lies in bigrams c-1 and c
    best: list[tuple[int, list[int]]] = []  # per offset j: cheapest set ending with j
    for j in range(n):
        w = size(term[j : j + 2])
        if j == 0:
            best.append((w, [0]))
            continue
        # the previous chosen bigram must reach char j-1: it starts at j-1 or j-2
        cost, chosen = min(best[k] for k in (j - 1, j - 2) if k >= 0)
        best.append((cost + w, [*chosen, j]))
    return best[n - 1][1]


def phrase_docs(term: str, offsets: list[int], keys: dict[str, U64]) -> npt.NDArray[np.int64]:
    """The documents where a term occurs, from the keys (``keys_of``) of its bigrams at
    ``offsets`` (a ``cover``; fewer offsets give the documents where those bigrams sit so, a
    superset): start from the rarest bigram's occurrences and keep those where every other one
    sits at its offset. Sorted ids."""
    grams = sorted(((i, term[i : i + 2]) for i in offsets), key=lambda g: len(keys.get(g[1], ())))
    first, gram = grams[0]
    have = keys.get(gram)
    if have is None or not len(have):
        return np.zeros(0, np.int64)
    mask = np.uint64((1 << POS_BITS) - 1)
    starts = have[(have & mask) >= first] - np.uint64(first)
    for i, gram in grams[1:]:
        other = keys.get(gram)
        if other is None or not len(starts):
            return np.zeros(0, np.int64)
        # both ascending, no repeats: a stable sort merges them, and a shared key stands twice
        both = np.concatenate((starts + np.uint64(i), other))
        both.sort(kind="stable")
        starts = both[1:][both[1:] == both[:-1]] - np.uint64(i)
    return np.unique(starts >> np.uint64(POS_BITS)).astype(np.int64)


def bigram_codes(norm: str) -> U64:
    """Each position's bigram as one integer: two code points of 21 bits."""
    cps = np.frombuffer(norm.encode("utf-32-le", "surrogatepass"), "<u4").astype(np.uint64)
    out: U64 = (cps[:-1] << np.uint64(21)) | cps[1:]
    return out


def code_gram(code: int) -> str:
    return chr(code >> 21) + chr(code & 0x1FFFFF)


def doc_positions(norm: str) -> dict[str, npt.NDArray[np.int64]]:
    """Each bigram of one normalised text with its ascending positions."""
    codes = bigram_codes(norm)
    if not len(codes):
        return {}
    order = np.argsort(codes, kind="stable")
    codes = codes[order]
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    ends = np.r_[starts[1:], len(codes)]
    pos = order.astype(np.int64)
    return {
        code_gram(int(codes[a])): pos[a:b]
        for a, b in zip(starts.tolist(), ends.tolist(), strict=True)
    }


def impact_tiers(tf: npt.NDArray[np.int64], length: npt.NDArray[np.int64]) -> U32:
    """``tokenise.impact_tier`` of many (count, text length) pairs, in the same float steps."""
    k1, b, avg = tokenise.K1, tokenise.B, tokenise.AVG_LEN
    impact = tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / avg))
    out: U32 = np.minimum(tokenise.TIERS - 1, (impact * 7).astype(np.int64)).astype(np.uint32)
    return out


def text_grams(norm: str) -> tuple[Counter[str], set[str]]:
    """A normalised text's bigrams with their counts, and its distinct characters."""
    counts = Counter(map("".join, pairwise(norm)))
    chars = set(norm)
    chars.difference_update(" \n")
    return counts, chars


def title_grams(norm_title: str) -> set[str]:
    return set(map("".join, pairwise(norm_title)))


def term_grams(term: str) -> list[str]:
    """The grams whose lists a term's documents are all in: the term itself if one character,
    otherwise its distinct bigrams in order."""
    if len(term) == 1:
        return [term]
    return list(dict.fromkeys(term[i : i + 2] for i in range(len(term) - 1)))


def _sorted_bigrams(
    texts: list[U32], offs: list[int]
) -> tuple[U64, npt.NDArray[np.int32], npt.NDArray[np.int32], U64]:
    """Every bigram of the texts (code points; ``offs`` their documents' offsets) sorted by
    bigram, then document, then position: (bigram codes, offsets, positions, characters), a
    bigram's code being its characters' indexes a * len(characters) + b.

    One plain sort of 64-bit keys does it: the characters are numbered densely, so a bigram
    takes few bits and each occurrence's index in the concatenated texts fits below it, which
    keeps the order of documents and positions within a bigram (a stable argsort of the same
    data takes some thirty times longer)."""
    sizes = np.array([len(t) for t in texts], np.int64)
    cps = np.concatenate(texts)
    chars = np.unique(cps) if len(cps) < 1 << 16 else np.flatnonzero(np.bincount(cps))
    rank = np.zeros(int(chars[-1]) + 1 if len(chars) else 1, np.uint64)
    rank[chars] = np.arange(len(chars), dtype=np.uint64)
    width = len(chars)
    first = np.cumsum(sizes) - sizes
    last = (first + sizes - 1)[sizes > 0]
    starts = np.ones(len(cps), bool)
    starts[last] = False  # no bigram begins at a text's last character
    at = np.flatnonzero(starts).astype(np.uint64)
    codes = rank[cps[at]] * np.uint64(width) + rank[cps[at + np.uint64(1)]]
    shift = max(len(cps).bit_length(), 1)
    if (width * width).bit_length() + shift > 64:  # not seen in practice: sort stably instead
        order = np.argsort(codes, kind="stable")
        codes, at = codes[order], at[order]
    else:
        keys = (codes << np.uint64(shift)) | at
        keys.sort()
        codes, at = keys >> np.uint64(shift), keys & np.uint64((1 << shift) - 1)
    doc = np.searchsorted(first, at.astype(np.int64), side="right") - 1
    found_offs = np.asarray(offs, np.int32)[doc]
    pos = (at.astype(np.int64) - first[doc]).astype(np.int32)
    return codes, found_offs, pos, chars.astype(np.uint64)


CHUNK_CHARS = 1 << 20  # characters of text sorted at once: the build's memory, whatever the segment


@dataclass
class _Chunk:
    """The text bigram lists of some consecutive documents, sorted (by bigram, document,
    position) and kept narrow until the segment is written: ``codes`` each bigram's two code
    points (``bigram_codes``), ascending; ``runs`` and ``occs`` where its documents and
    occurrences start; per document of a list its offset and count; per occurrence its
    position as a gap from the previous one in the document. (Tiers follow from the counts
    and the documents' lengths when written.)"""

    codes: U64
    runs: npt.NDArray[np.int32]
    occs: npt.NDArray[np.int32]
    offs: npt.NDArray[np.uint16]
    tf: npt.NDArray[np.unsignedinteger]
    gaps: npt.NDArray[np.unsignedinteger]


def _narrow(values: npt.NDArray[np.integer]) -> npt.NDArray[np.unsignedinteger]:
    """As the narrowest unsigned numbers they all fit in (gaps: nearly always 16 bits)."""
    top = int(values.max()) if len(values) else 0
    return values.astype(np.uint8 if top < 1 << 8 else np.uint16 if top < 1 << 16 else np.uint32)


def _chunk(texts: list[U32], offs: list[int]) -> _Chunk | None:
    """The lists of these documents' text bigrams from one sort (``_sorted_bigrams``)."""
    if sum(max(len(t) - 1, 0) for t in texts) == 0:
        return None
    codes, found_offs, pos, chars = _sorted_bigrams(texts, offs)
    new_gram = np.r_[True, codes[1:] != codes[:-1]]
    run_at = np.flatnonzero(new_gram | np.r_[True, found_offs[1:] != found_offs[:-1]])
    tf = np.diff(np.r_[run_at, len(codes)])
    run_off = found_offs[run_at]
    gaps = np.diff(pos, prepend=0).astype(np.uint32)  # wraps between runs: reset below
    gaps[run_at] = pos[run_at]
    gram_runs = np.flatnonzero(new_gram[run_at])
    width = np.uint64(len(chars))
    first = codes[run_at[gram_runs]]
    real = (chars[first // width] << np.uint64(21)) | chars[first % width]
    return _Chunk(
        real, gram_runs.astype(np.int32), run_at[gram_runs].astype(np.int32),
        run_off.astype(np.uint16), _narrow(tf), _narrow(gaps),
    )  # fmt: skip


def _merged(chunks: list[_Chunk], lo: int, hi: int) -> tuple[U64, ...]:
    """Per document of the lists of bigrams ``lo`` ≤ code < ``hi``, across the chunks: its
    bigram, offset and count; then every occurrence's gap. Ordered as one sort of all the
    documents would order them: the chunks are in document order, so a stable sort by bigram
    keeps each list's documents ascending."""
    parts: list[list[Any]] = [[], [], [], []]  # codes, offs, tf, gaps
    for c in chunks:
        a, b = np.searchsorted(c.codes, [lo, hi]).tolist()
        if a == b:
            continue
        ra = int(c.runs[a])
        rb = int(c.runs[b]) if b < len(c.runs) else len(c.offs)
        pa = int(c.occs[a])
        pb = int(c.occs[b]) if b < len(c.occs) else len(c.gaps)
        per_gram = np.diff(np.r_[c.runs[a:b], rb])
        parts[0].append(np.repeat(c.codes[a:b], per_gram))
        parts[1].append(c.offs[ra:rb])
        parts[2].append(c.tf[ra:rb])
        parts[3].append(c.gaps[pa:pb])
    codes, offs, tf, gaps = (np.concatenate(p) for p in parts)
    if len(parts[0]) > 1:
        order = np.argsort(codes, kind="stable")
        tf_all = tf.astype(np.int64)
        start = np.cumsum(tf_all) - tf_all
        moved = tf_all[order]
        # each document's occurrences, in the new order of documents
        occ = np.repeat(start[order] - (np.cumsum(moved) - moved), moved) + np.arange(
            int(moved.sum())
        )
        codes, offs, tf, gaps = codes[order], offs[order], tf[order], gaps[occ]
    return codes, offs, tf, gaps


def _list_rows(
    seg: int, length_of: npt.NDArray[np.int64], codes: U64, offs: npt.NDArray[Any],
    tf: npt.NDArray[Any], gaps: npt.NDArray[Any],
) -> Iterator[PostingRow]:  # fmt: skip
    """The rows of whole lists from their documents and occurrences, in bigram order; a
    document's tier from its count and length."""
    new_gram = np.r_[True, codes[1:] != codes[:-1]]
    gram_runs = np.flatnonzero(new_gram)
    run_off = offs.astype(np.int32)
    id_gaps = np.diff(run_off, prepend=0).astype(np.uint16)
    id_gaps[gram_runs] = run_off[gram_runs]
    tf32 = tf.astype(np.uint32)
    occ_at = np.cumsum(tf32, dtype=np.int64) - tf32
    run_ends = np.r_[gram_runs[1:], len(codes)]
    pos_starts = occ_at[gram_runs]
    pos_ends = np.r_[pos_starts[1:], len(gaps)]
    # each array's byte planes once, so a list's blob is a few slices of bytes
    id_planes = _plane_list(id_gaps)
    count_planes = _plane_list(tf32)
    pos_planes = _plane_list(gaps.astype(np.uint32))
    tier_bytes = impact_tiers(tf.astype(np.int64), length_of[run_off]).astype(np.uint8).tobytes()
    grams = [code_gram(c) for c in codes[gram_runs].tolist()]
    for gram, ra, rb, pa, pb in zip(
        grams, gram_runs.tolist(), run_ends.tolist(), pos_starts.tolist(), pos_ends.tolist(),
        strict=True,
    ):  # fmt: skip
        ids = b"".join([p[ra:rb] for p in id_planes])
        where = b"".join([*(p[ra:rb] for p in count_planes), *(p[pa:pb] for p in pos_planes)])
        yield (
            TEXT, gram, seg, rb - ra, _deflate(ids), _deflate(tier_bytes[ra:rb]), _deflate(where)
        )  # fmt: skip


class Segment:
    """The posting lists of one segment, built as documents arrive in id order.

    The text bigrams are sorted a chunk of documents at a time (``budget`` characters), kept
    narrow, and merged per bigram when the segment is written, a batch of bigrams at a time:
    the memory the sorting takes no longer grows with the segment (a full one of real
    documents, some thirty million characters, took 2 GB sorted at once)."""

    def __init__(self, seg: int, budget: int = CHUNK_CHARS) -> None:
        self.seg = seg
        self.budget = budget
        self._texts: list[U32] = []  # the current chunk's texts' code points, in id order
        self._offs: list[int] = []
        self._length_of = np.zeros(SEG_SIZE, np.int64)  # each document's text length
        self._pending = 0  # characters in the current chunk
        self._chunks: list[_Chunk] = []
        self.sorted_sizes: list[int] = []  # characters of each chunk sorted
        self.merged_sizes: list[tuple[int, int]] = []  # (occurrences, bigrams) of each batch
        self.chars: dict[str, array] = {}
        self.title: dict[str, array] = {}

    def add(self, doc_id: int, norm_title: str, norm: str) -> None:
        if self._pending and self._pending + len(norm) > self.budget:
            self._sort_chunk()
        off = doc_id - (self.seg << SEG_BITS)
        self._texts.append(np.frombuffer(norm.encode("utf-32-le", "surrogatepass"), "<u4"))
        self._offs.append(off)
        self._length_of[off] = len(norm)
        self._pending += len(norm)
        chars = set(norm)
        chars.difference_update(" \n")
        for groups, grams in ((self.chars, chars), (self.title, title_grams(norm_title))):
            for gram in grams:
                ids = groups.get(gram)
                if ids is None:
                    ids = groups[gram] = array("H")
                ids.append(off)

    def _sort_chunk(self) -> None:
        if self._texts:
            self.sorted_sizes.append(self._pending)
            chunk = _chunk(self._texts, self._offs)
            if chunk is not None:
                self._chunks.append(chunk)
        self._texts, self._offs, self._pending = [], [], 0

    def _text_rows(self) -> Iterator[PostingRow]:
        """Every text bigram's row, in bigram order: the chunks' lists merged a batch of
        bigrams (about ``budget`` occurrences) at a time."""
        self._sort_chunk()
        chunks, self._chunks = self._chunks, []
        if not chunks:
            return
        codes = np.unique(np.concatenate([c.codes for c in chunks]))
        occs = np.zeros(len(codes), np.int64)  # occurrences per bigram, over the chunks
        for c in chunks:
            ends = np.r_[c.occs[1:], len(c.gaps)]
            occs[np.searchsorted(codes, c.codes)] += ends - c.occs
        total = np.cumsum(occs)
        at = 0
        while at < len(codes):
            # the bigrams up to ``budget`` occurrences further (at least one)
            done = int(total[at - 1]) if at else 0
            end = max(int(np.searchsorted(total, done + self.budget, "right")), at + 1)
            lo, hi = int(codes[at]), int(codes[end - 1]) + 1
            self.merged_sizes.append((int(total[end - 1]) - done, end - at))
            yield from _list_rows(self.seg, self._length_of, *_merged(chunks, lo, hi))
            at = end

    def rows(self) -> Iterator[PostingRow]:
        """(field, gram, seg, n, ids, tiers, positions) for every list, in the index's order
        (a bigram's code order is its text's), made as they are written."""
        small: list[PostingRow] = []
        for gram, ids in self.chars.items():
            small.append((TEXT, gram, self.seg, len(ids), pack_ids(ids), None, None))
        for gram, ids in self.title.items():
            small.append((TITLE, gram, self.seg, len(ids), pack_ids(ids), None, None))
        small.sort(key=_row_key)
        return heapq.merge(self._text_rows(), small, key=_row_key)


def _row_key(row: PostingRow) -> tuple[int, str]:
    return row[0], row[1]
