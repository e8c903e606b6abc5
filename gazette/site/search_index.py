"""The browser's full-text index: sharded, self-registering script files.

Browsers refuse ``fetch()`` from file://, so every piece is a script that calls a global
(``GZ.shard(n, {...})``, ``GZ.doc(seq, {...})``, ``GZ.manifest({...})``) and works from a folder
as well as from any static web server.

- Keys: CJK bigrams (the unit FACTS.md found exact on 200/200 queries) plus CJK unigrams for
  one-character queries, and ASCII words/numbers (years, 发文字号 serials). NFKC + lower case on
  both sides, so full-width digits match.
- Documents are numbered by ``seq`` (oldest first), so a year filter is an id range and the newest
  hits come first without loading anything else. An issuer filter is one more key (``@n``).
- Postings: a varint delta list in a URL-safe 64-letter alphabet, or a bitmap (``~first:base64``)
  when denser; whichever is shorter. Keys go to shards by FNV-1a of their code points, a title
  key ``^k`` with its word ``k`` (``slot``), so a query reads one shard per word; the shard
  count is a power of two chosen so that an average shard is about ``TARGET_SHARD`` bytes.
- One layer of shards, a function of the public documents alone, so an export made step by step
  equals a clean one byte for byte. A new issue appends its documents' postings to the earlier
  export's (``extend``): no old body is read again, and only shards whose keys changed are
  rewritten. A query loads one shard per key, then one small snippet script per shown hit.
  (The manifest's ``m`` is 0: ``search.js`` still reads the delta layer older exports carried.)
"""

from __future__ import annotations

import base64
import json
import re
import unicodedata
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from gazette.site import paths

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
WORD = re.compile(r"[0-9a-z]+")
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
TARGET_SHARD = 48 * 1024
# a hit's snippet may come from anywhere in the text, so the whole of it is kept (up to this)
SNIPPET_CHARS = 200_000
TITLE = "^"  # prefix of the keys of a title (the JavaScript twin ranks by them too)
_ENC = [""] * 32768


def _varint(v: int) -> str:
    out = []
    while v >= 32:
        out.append(ALPHABET[32 | (v & 31)])
        v >>= 5
    out.append(ALPHABET[v])
    return "".join(out)


for _v in range(32768):
    _ENC[_v] = _varint(_v)
_DEC = {ch: n for n, ch in enumerate(ALPHABET)}
# a delta list's bytes as the letters' values (a value of 32 or more: the delta goes on)
_VALUE = bytes(_DEC.get(chr(b), 0) for b in range(256))
# a delta of more than one letter: continuation letters, then a terminal one
_LONG = re.compile(f"[{re.escape(ALPHABET[32:])}]+[{ALPHABET[:32]}]")


def normalise(text: str) -> str:
    if not unicodedata.is_normalized("NFKC", text):  # a quick check; most text already is
        text = unicodedata.normalize("NFKC", text)
    return text.lower()


def keys_of(text: str) -> set[str]:
    """Every key a text is findable by."""
    t = normalise(text)
    out: set[str] = set()
    for run in CJK_RUN.findall(t):
        out.update(run)
        out.update(map(str.__add__, run, run[1:]))  # the bigrams, without a loop in Python
    out.update(WORD.findall(t))
    return out


_OPEN = str.maketrans({"[": "〔", "(": "〔", "【": "〔", "]": "〕", ")": "〕", "】": "〕"})
DOCNO = re.compile(r"^([\u3400-\u9fff]+)〔(\d{4})〕第?0*(\d+)号$")


def docno_key(text: str) -> str | None:
    """A 发文字号 as one exact key (brackets and width normalised), or None if it is not one.
    The JavaScript twin is ``docno`` in assets/search.js."""
    m = DOCNO.match(re.sub(r"\s+", "", normalise(text)).translate(_OPEN))
    return f"#{m.group(1)}〔{m.group(2)}〕{m.group(3)}号" if m else None


def query_keys(query: str) -> list[str]:
    """The keys a query needs (the JavaScript twin is ``terms`` in assets/search.js)."""
    t = normalise(query)
    out: list[str] = []
    for run in CJK_RUN.findall(t):
        if len(run) == 1:
            out.append(run)
            continue
        out += [run[i : i + 2] for i in range(0, len(run) - 1, 2)]
        if len(run) % 2:
            out.append(run[-2:])
    out += WORD.findall(t)
    return list(dict.fromkeys(out))


def fnv1a(key: str) -> int:
    h = 2166136261
    for ch in key:
        h ^= ord(ch)
        h = (h * 16777619) & 0xFFFFFFFF
    return h


def slot(key: str, n: int) -> int:
    """The shard of ``n`` that holds a key. A title key lives with its word: every query reads
    both, and one request is cheaper than two on a slow line (JavaScript twin: ``GZ.slot``)."""
    return fnv1a(key[1:] if key.startswith(TITLE) else key) % n


def slots(keys: list[str], n: int) -> list[int]:
    """``slot`` of many keys at once (a new issue brings tens of thousands of keys, and FNV-1a
    a letter at a time in Python cost a tenth of a second): one step per letter position."""
    words = [k[1:] if k.startswith(TITLE) else k for k in keys]
    if not words:
        return []
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    points = np.frombuffer("".join(words).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    h = np.full(len(words), 2166136261, dtype=np.uint64)
    for j in range(int(lengths.max())):
        going = lengths > j
        at = starts[going] + j
        h[going] = ((h[going] ^ points[at]) * np.uint64(16777619)) & np.uint64(0xFFFFFFFF)
    return (h % np.uint64(n)).tolist()  # type: ignore[no-any-return]


def encode(ids: array) -> str:
    """A sorted id list as the shorter of a varint delta list and a bitmap."""
    if len(ids) == 1 and ids[0] < 32768:  # most keys of a new issue are new and rare
        return _ENC[ids[0]]  # at most three letters, so shorter than any bitmap
    prev = 0
    parts = []
    for i in ids:
        d = i - prev
        parts.append(_ENC[d] if d < 32768 else _varint(d))
        prev = i
    deltas = "".join(parts)
    first = ids[0]
    span = ids[-1] - first + 1
    if (span + 7) // 8 * 4 // 3 + 8 < len(deltas):
        bits = bytearray((span + 7) // 8)
        for i in ids:
            o = i - first
            bits[o >> 3] |= 1 << (o & 7)
        return f"~{first}:" + base64.b64encode(bytes(bits)).decode("ascii")
    return deltas


def decode(value: str) -> list[int]:
    """Python twin of the browser's decoder (used by tests and the benchmark)."""
    if value.startswith("~"):
        head, b64 = value[1:].split(":", 1)
        first = int(head)
        bits = base64.b64decode(b64)
        return [first + n * 8 + b for n, byte in enumerate(bits) for b in range(8) if byte >> b & 1]
    out, cur, shift, acc = [], 0, 0, 0
    for ch in value:
        v = _DEC[ch]
        acc |= (v & 31) << shift
        if v & 32:
            shift += 5
            continue
        cur += acc
        out.append(cur)
        acc = shift = 0
    return out


def script(call: str, *args: object) -> bytes:
    body = ",".join(json.dumps(a, ensure_ascii=False, separators=(",", ":")) for a in args)
    return f"GZ.{call}({body});\n".encode()


class IndexBuilder:
    """Collects postings while documents stream past in ``seq`` order."""

    def __init__(self) -> None:
        self.postings: dict[str, array] = {}
        self.count = 0

    def add(
        self, seq: int, text: str, issuer: int | None, doc_number: str = "", title: str = ""
    ) -> None:
        keys = keys_of(text)
        keys.update(TITLE + k for k in keys_of(title))  # ranks title matches first
        exact = docno_key(doc_number) if doc_number else None
        if exact:
            keys.add(exact)
        if issuer is not None:
            keys.add(f"@{issuer}")
        post = self.postings
        for k in keys:
            arr = post.get(k)
            if arr is None:
                arr = post[k] = array("I")
            arr.append(seq)
        self.count = max(self.count, seq + 1)

    def encoded(self) -> dict[str, str]:
        """Every key's postings, encoded as the shards store them."""
        return {k: encode(ids) for k, ids in self.postings.items()}


def append(old: str, ids: array, last: int | None = None) -> str:
    """``encode(decode(old) + ids)`` for ids above every id in ``old``, without decoding a
    delta list (a new issue touches most keys, and most are delta lists). ``last``: the last
    id of ``old`` when the caller has it (``last_ids``)."""
    if old.startswith("~"):
        head, b64 = old[1:].split(":", 1)
        first = int(head)
        bits = bytearray(base64.b64decode(b64))
        span = ids[-1] - first + 1
        # each id takes a delta character at least, so a bitmap shorter than the count of ids
        # is the shorter form for certain (encode's own test), and no id need be decoded
        if (span + 7) // 8 * 4 // 3 + 8 < int.from_bytes(bits, "little").bit_count() + len(ids):
            bits.extend(bytes((span + 7) // 8 - len(bits)))
            for i in ids:
                o = i - first
                bits[o >> 3] |= 1 << (o & 7)
            return f"~{first}:" + base64.b64encode(bytes(bits)).decode("ascii")
        return encode(array("I", decode(old)) + ids)
    if last is None:
        last = last_ids([old])[0]
    lead = _LONG.match(old)
    first = _varint_value(lead.group()) if lead else _DEC[old[0]]
    parts = [old]
    prev = last
    for i in ids:
        d = i - prev
        parts.append(_ENC[d] if d < 32768 else _varint(d))
        prev = i
    deltas = "".join(parts)
    span = ids[-1] - first + 1
    if (span + 7) // 8 * 4 // 3 + 8 < len(deltas):
        return encode(array("I", decode(old)) + ids)
    return deltas


def _varint_value(letters: str) -> int:
    acc = shift = 0
    for ch in letters:
        acc |= (_DEC[ch] & 31) << shift
        shift += 5
    return acc


def last_ids(lists: list[str]) -> list[int]:
    """The last id of each delta list, the sum of its deltas, for all the lists at once: a new
    issue appends to thousands of the common words' long lists, millions of letters in all,
    too many to decode one by one in Python."""
    if not lists:
        return []
    value = np.frombuffer("".join(lists).encode("ascii").translate(_VALUE), dtype=np.uint8)
    going_on = value >= 32
    # a letter's place in its delta: how many continuation letters come just before it (every
    # list ends with a terminal letter, so no delta runs on into the next list); small types
    # throughout, as millions of letters would otherwise cost more in memory than in sums
    place = np.zeros(len(value), dtype=np.uint32)
    behind = np.zeros(len(value), dtype=bool)
    behind[1:] = going_on[:-1]
    k = 1
    while behind.any():
        place += behind
        k += 1
        behind[k:] &= going_on[:-k]
        behind[:k] = False
    parts = (value & 31).astype(np.uint32) << (5 * place)  # < 2**32: a delta is an id
    starts = np.cumsum([0, *(len(x) for x in lists[:-1])])
    return [int(x) for x in np.add.reduceat(parts, starts, dtype=np.int64)]


def extend(
    shards: list[dict[str, str]], added: IndexBuilder, total: int
) -> tuple[int, Iterator[tuple[str, bytes]], set[int], int]:
    """An earlier export's shards (of ``total`` size, as ``shard_files`` measured it) plus
    documents appended after it (every added ``seq`` above every earlier one): (shard count,
    the shards to write, which of them changed, the new size). Equal to encoding the whole
    archive afresh; only shards holding a changed key are rewritten."""
    n = len(shards)
    changed: dict[int, dict[str, str]] = {}
    keys = list(added.postings)
    found = [
        (k, added.postings[k], i, shards[i].get(k))
        for k, i in zip(keys, slots(keys, n), strict=True)
    ]
    lasts = iter(last_ids([old for *_, old in found if old and not old.startswith("~")]))
    for k, ids, i, old in found:
        if old:
            value = append(old, ids, None if old.startswith("~") else next(lasts))
        else:
            value = encode(ids)
        total += len(value) - len(old) if old else len(k) * 3 + len(value) + 6
        changed.setdefault(i, {})[k] = value
    if _count(total) != n:  # the index outgrew its shard count
        everything = {
            k: v for i, s in enumerate(shards) for k, v in {**s, **changed.get(i, {})}.items()
        }
        m, files, total = shard_files(everything)
        return m, files, set(range(m)), total

    def gen() -> Iterator[tuple[str, bytes]]:
        for i in sorted(changed):
            merged = {**shards[i], **changed[i]}
            yield paths.shard(i), script("shard", i, {k: merged[k] for k in sorted(merged)})

    return n, gen(), set(changed), total


def shard_files(encoded: dict[str, str]) -> tuple[int, Iterator[tuple[str, bytes]], int]:
    """(shard count, iterator of (path, script bytes), size); deterministic for equal postings."""
    total = _size(encoded)
    n, buckets = _bucket(encoded, total)
    return n, ((paths.shard(i), script("shard", i, b)) for i, b in enumerate(buckets)), total


def shard_postings(data: bytes) -> dict[str, str]:
    """The encoded postings of one shard file's bytes."""
    return _parse(data.decode("utf-8"))


def _size(encoded: dict[str, str]) -> int:
    return sum(len(k) * 3 + len(v) + 6 for k, v in encoded.items())


def _count(total: int) -> int:
    n = 1
    while total / n > TARGET_SHARD:
        n *= 2
    return n


def _bucket(encoded: dict[str, str], total: int) -> tuple[int, list[dict[str, str]]]:
    n = _count(total)
    buckets: list[dict[str, str]] = [{} for _ in range(n)]
    keys = sorted(encoded)
    for k, i in zip(keys, slots(keys, n), strict=True):
        buckets[i][k] = encoded[k]
    return n, buckets


def doc_entry(seq: int, title: str, url: str, meta: str, text: str, year: int) -> tuple[str, bytes]:
    """The snippet script of one document: what a hit shows, with text to highlight in."""
    body = re.sub(r"\s+", " ", text).strip()
    data = {"t": title, "u": url, "m": meta, "y": year, "x": body[:SNIPPET_CHARS]}
    return paths.doc_data(seq), script("doc", seq, data)


def manifest(
    shards: tuple[int, int],
    base: int,
    count: int,
    years: dict[int, tuple[int, int]],
    issuers: list[str],
) -> tuple[str, bytes]:
    data = {
        "n": shards[0],
        "m": shards[1],
        "base": base,
        "count": count,
        "years": {str(y): list(r) for y, r in sorted(years.items())},
        "issuers": issuers,
    }
    return f"{paths.SEARCH_DIR}/manifest.js", script("manifest", data)


def _payload(path: Path) -> Any:
    return _parse(path.read_text("utf-8"))


def _parse(text: str) -> Any:
    return json.loads(text[text.index(",") + 1 : text.rindex(")")])


class IndexReader:
    """Reads an exported index the way the browser does (tests and the benchmark use it)."""

    def __init__(self, site: Path) -> None:
        self.site = site
        text = (site / paths.SEARCH_DIR / "manifest.js").read_text("utf-8")
        self.manifest: dict[str, Any] = json.loads(text[text.index("(") + 1 : text.rindex(")")])
        self.loaded: dict[str, int] = {}  # file -> bytes, as a browser would download them
        self._cache: dict[str, dict[str, str]] = {}

    def _shard(self, rel: str) -> dict[str, str]:
        if rel not in self._cache:
            path = self.site / rel
            self.loaded[rel] = path.stat().st_size
            self._cache[rel] = _payload(path)
        return self._cache[rel]

    def files_for(self, key: str) -> list[str]:
        out = [paths.shard(slot(key, self.manifest["n"]))]
        if self.manifest["m"]:
            out.append(paths.delta_shard(fnv1a(key) % self.manifest["m"]))
        return out

    def postings(self, key: str) -> list[int]:
        ids: list[int] = []
        for rel in self.files_for(key):
            value = self._shard(rel).get(key)
            ids += decode(value) if value else []
        return ids

    def search(self, query: str) -> list[int]:
        """Documents holding every key of the query: those whose title holds them all first,
        then the rest, each newest first; a 发文字号 matches exactly."""
        exact = docno_key(query)
        if exact and self.postings(exact):
            return sorted(self.postings(exact), reverse=True)
        found: set[int] | None = None
        titled: set[int] | None = None
        for k in query_keys(query):
            ids = set(self.postings(k))
            found = ids if found is None else found & ids
            tids = set(self.postings(TITLE + k))
            titled = tids if titled is None else titled & tids
        found, titled = found or set(), (titled or set()) & (found or set())
        return sorted(titled, reverse=True) + sorted(found - titled, reverse=True)

    def all_keys(self) -> set[str]:
        keys: set[str] = set()
        for folder in ("s", "t"):
            for path in (self.site / paths.SEARCH_DIR / folder).glob("*.js"):
                keys |= set(_payload(path))
        return keys
