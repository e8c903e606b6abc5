"""Site search ranks documents whose title holds the words above those that only mention them,
then by date; a snippet can come from the end of a long text."""

from __future__ import annotations

from pathlib import Path

from gazette.site import search_index as si


def _site(tmp_path: Path, docs: list[tuple[str, str]]) -> si.IndexReader:
    index = si.IndexBuilder()
    for seq, (title, text) in enumerate(docs):
        index.add(seq, f"{title}\n{text}", None, "", title=title)
    n, shards, _size = si.shard_files(index.encoded())
    for rel, payload in shards:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(payload)
    rel, payload = si.manifest((n, 0), len(docs), len(docs), {2026: (0, len(docs))}, [])
    (tmp_path / rel).write_bytes(payload)
    return si.IndexReader(tmp_path)


def test_title_matches_come_first_then_the_newest(tmp_path) -> None:
    reader = _site(
        tmp_path,
        [
            ("关于政务公开工作的通知", "正文"),  # 0: in the title, oldest
            ("关于安全生产的通知", "做好政务公开"),  # 1: only in the body
            ("政务公开实施意见", "正文"),  # 2: in the title
            ("关于防汛的通知", "政务公开"),  # 3: only in the body, newest
            ("关于其他事项的通知", "无关"),  # 4: not at all
        ],
    )
    assert reader.search("政务公开") == [2, 0, 3, 1]
    assert reader.search("防汛") == [3]


def test_a_snippet_can_come_from_the_end_of_a_long_text() -> None:
    text = "前言。" * 2000 + "此处提到依申请公开。"
    _path, payload = si.doc_entry(0, "标题", "d/0/0.html", "", text, 2026)
    assert "依申请公开" in payload.decode("utf-8")
