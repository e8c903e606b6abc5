"""The browser index, read back in Python: exact for 1–2 character queries, compact, bounded."""

from __future__ import annotations

import json
from array import array

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gazette.site import search_index as si
from gazette.site.collect import bodies, collect
from gazette.texts.model import DocumentText
from tests.gazette.site.sitedata import SiteEnv


@given(st.sets(st.integers(min_value=0, max_value=200_000), min_size=1, max_size=400))
def test_postings_round_trip(ids: set[int]) -> None:
    ordered = sorted(ids)
    assert si.decode(si.encode(array("I", ordered))) == ordered


def test_dense_postings_use_a_bitmap() -> None:
    dense = array("I", range(0, 5000, 2))
    assert si.encode(dense).startswith("~")
    assert len(si.encode(dense)) < 900


def test_keys() -> None:
    assert si.query_keys("政务公开") == ["政务", "公开"]
    assert si.query_keys("公开发布") == ["公开", "发布"]
    assert si.query_keys("政务公开工作") == ["政务", "公开", "工作"]
    assert si.query_keys("公开") == ["公开"]
    assert si.query_keys("府") == ["府"]
    assert si.query_keys("宿政办发〔２０１８〕56号") == ["宿政", "办发", "号", "2018", "56"]
    assert {"宿政", "政办", "宿", "2018", "56", "号"} <= si.keys_of("宿政办发〔2018〕56号")
    assert si.fnv1a("政府") == 0x55149956  # the value assets/search.js computes (see browser test)


def test_index_agrees_with_a_substring_scan(site_env: SiteEnv) -> None:
    reader = si.IndexReader(site_env.out)
    manifest = reader.manifest
    for n in range(manifest["n"]):
        shard = si._payload(site_env.out / f"search/s/{n}.js")
        assert all(si.slot(k, manifest["n"]) == n for k in shard)
    data = collect(site_env.ctx)
    texts = {}
    for doc_id, structure, body in bodies(site_env.ctx, [d.id for d in data.docs]):
        d = next(x for x in data.docs if x.id == doc_id)
        plain = DocumentText.from_json(structure).plain_text() if structure else body
        texts[d.seq] = si.normalise(f"{d.title}\n{d.doc_number}\n{d.issuer}\n{plain}")
    assert manifest["count"] == len(texts)
    for query in ("政府", "生态", "财政", "解读", "转义", "府", "2018", "公开文本", "人事"):
        scan = {seq for seq, t in texts.items() if si.normalise(query) in t}
        assert set(reader.search(query)) == scan, query
    # issuer filter keys and year ranges
    issuers = manifest["issuers"]
    n = issuers.index("宿迁市财政局")
    assert set(reader.postings(f"@{n}")) == {d.seq for d in data.docs if d.issuer == "宿迁市财政局"}
    lo, hi = manifest["years"]["2017"]
    assert {d.seq for d in data.docs if data.issues[0].year <= 2017} and all(
        (lo <= d.seq < hi) == (next(i for i in data.issues if i.id == d.issue_id).year == 2017)
        for d in data.docs
    )


def test_doc_numbers_match_exactly(site_env: SiteEnv) -> None:
    reader = si.IndexReader(site_env.out)
    data = collect(site_env.ctx)
    target = next(d for d in data.docs if d.doc_number.endswith("〕2号"))
    agency, rest = target.doc_number.split("〔")
    for query in (
        target.doc_number,
        f"{agency}[{rest.replace('〕', ']')}",
        f"{agency}（{rest.replace('〕', '）')}",
    ):
        hits = reader.search(query)
        assert hits == [d.seq for d in reversed(data.docs) if d.doc_number == target.doc_number]
    assert si.docno_key("宿政办发〔2018〕") is None


@given(
    st.one_of(  # sparse lists (delta varints) and dense ones (bitmaps)
        st.sets(st.integers(0, 50_000), min_size=2, max_size=300),
        st.sets(st.integers(0, 400), min_size=2, max_size=300),
    ),
    st.integers(1, 299),
)
def test_appending_postings_equals_encoding_them_afresh(ids: set[int], cut: int) -> None:
    """A new issue's postings are appended to the earlier export's encoded lists, sparse or
    dense (bitmaps), and give the very string that encoding the whole list gives."""
    whole = sorted(ids)
    cut = min(cut, len(whole) - 1)
    old, new = array("I", whole[:cut]), array("I", whole[cut:])
    assert si.append(si.encode(old), new) == si.encode(array("I", whole))


@given(
    st.lists(  # ids up to 2**32 - 1, so every length of delta (one to seven letters) occurs
        st.sets(st.integers(0, 2**32 - 1), min_size=1, max_size=50).map(sorted),
        min_size=1,
        max_size=20,
    )
)
def test_last_ids_of_many_delta_lists_at_once(lists: list[list[int]]) -> None:
    """The batch sum that finds where each earlier list ends, lists laid end to end."""
    deltas = [si.encode(array("I", ids)) for ids in lists]
    sparse = [(d, ids) for d, ids in zip(deltas, lists, strict=True) if not d.startswith("~")]
    assert si.last_ids([d for d, _ in sparse]) == [ids[-1] for _, ids in sparse]


@given(st.lists(st.text(min_size=1, max_size=30), max_size=60), st.sampled_from([1, 8, 512, 4096]))
def test_slots_of_many_keys_equal_slot_of_each(keys: list[str], n: int) -> None:
    """The batch FNV-1a a new issue's keys go through puts each key where ``slot`` (and the
    browser) looks for it, title keys with their words, letters beyond the BMP included."""
    keys += ["财政", si.TITLE + "财政", "𠀀𠀁", "#宿政办发〔2018〕12号", "2018"]
    assert si.slots(keys, n) == [si.slot(k, n) for k in keys]


@pytest.mark.parametrize("target", [0, 400, 10**6])  # 0: just full before, so the count doubles
def test_extending_shards_equals_building_them_afresh(
    monkeypatch: pytest.MonkeyPatch, target: int
) -> None:
    texts = [f"关于第{n}号文件的通知 政府 财政 教育{n % 7} 住房{n % 3}" for n in range(60)]
    whole, before, after = si.IndexBuilder(), si.IndexBuilder(), si.IndexBuilder()
    for seq, text in enumerate(texts):
        whole.add(seq, text, seq % 4, title=text[:8])
        (before if seq < 45 else after).add(seq, text, seq % 4, title=text[:8])
    monkeypatch.setattr(si, "TARGET_SHARD", target or si.shard_files(before.encoded())[2])
    n0, files0, size0 = si.shard_files(before.encoded())
    earlier = [json.loads(p[p.index(b",") + 1 : p.rindex(b")")]) for _, p in files0]
    n, files, touched, size = si.extend(earlier, after, size0)
    expected_n, expected, expected_size = si.shard_files(whole.encoded())
    assert (n, size) == (expected_n, expected_size)
    wanted = dict(expected)
    got = dict(files)
    assert set(got) == {si.paths.shard(i) for i in touched}
    assert all(got[p] == wanted[p] for p in got)
    unchanged = {si.paths.shard(i): p for i, (_, p) in enumerate(files0)} if n == n0 else {}
    assert all(unchanged[p] == wanted[p] for p in set(wanted) - set(got))
    if n != n0:  # a new shard count moves keys between shards: all are rewritten
        assert n > n0 and touched == set(range(n))
    assert (n != n0) == (target == 0)
