"""Document pages, their search snippets and the search shards, rendered only when their inputs
changed (``gazette.site.inputs``).

Three plans for the search shards, chosen before any body is read:

- *keep*: every document contributes what it did last time; the shards stay as they are;
- *extend*: the earlier documents are unchanged and new ones follow them (a new issue); the
  earlier shards are read back (checked against the manifest's hashes first) and only the new
  documents' bodies are indexed;
- *full*: anything else (a correction to an old document, a withdrawal, other Settings); every
  body is read and the index is encoded afresh.

All three give the same bytes for the same archive, so an export made step by step equals a
clean export.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from gazette.progress import Reporter
from gazette.site import inputs, paths, search_index, views
from gazette.site.collect import SiteData, SiteDoc, SiteIssue, bodies, row_versions
from gazette.site.pages import Site, cn_date
from gazette.texts.model import DocumentText

if TYPE_CHECKING:
    from gazette.context import AppContext
    from gazette.site.build import Writer


def _index_plan(w: Writer, same_site: bool, keys: list[str]) -> tuple[str, int, list[bytes]]:
    """('keep' | 'extend' | 'full', first position to index, the earlier shards' bytes when
    they are extended: read once, checked against the manifest's hashes)."""
    old = w.old_inputs.get("index", []) if same_site else []
    n = w.old_inputs.get("shards", 0) if same_site else 0
    shards = [paths.shard(i) for i in range(n)]
    if not old or not n or not w.old_inputs.get("index_size") or keys[: len(old)] != old:
        return "full", 0, []
    if keys == old and all(w.keep(p) for p in shards):
        return "keep", len(keys), []
    if len(keys) > len(old):
        earlier = []
        for p in shards:
            data = w.read_intact(p)
            if data is None:
                return "full", 0, []
            earlier.append(data)
        return "extend", len(old), earlier
    return "full", 0, []


def _search_text(structure: dict | None, body_text: str) -> tuple[str, str]:  # type: ignore[type-arg]
    """(text to index, text a hit's snippet is cut from)."""
    if not structure:
        return body_text, body_text
    parsed = DocumentText.from_json(structure)
    skip = {parsed.title, parsed.doc_number}
    return parsed.plain_text(), "\n".join(x for x in parsed.lines() if x not in skip)


def documents(
    ctx: AppContext,
    w: Writer,
    site: Site,
    data: SiteData,
    key: str,
    issuers: list[str],
    reporter: Reporter,
) -> None:
    """Write (or keep) every document page and snippet, the shards and the index manifest."""
    issue_of: dict[int, SiteIssue] = {i.id: i for i in data.issues}
    by_id = {d.id: d for d in data.docs}
    labels = {i.id: i.label for i in data.issues}
    issuer_no = {name: n for n, name in enumerate(issuers)}
    versions = row_versions(ctx, [d.id for d in data.docs])
    same_site = w.old_inputs.get("site") == key
    old_pages: dict[str, str] = w.old_inputs.get("pages", {}) if same_site else {}
    old_index: list[str] = w.old_inputs.get("index", []) if same_site else []

    pages: dict[str, str] = {}
    index_keys: list[str] = []
    for doc in data.docs:
        issue = issue_of[doc.issue_id]
        version = versions.get(doc.id, 0)
        pages[str(doc.id)] = inputs.page_digest(key, data, doc, issue, version, labels, by_id)
        index_keys.append(inputs.index_digest(key, doc, issue, version, issuer_no.get(doc.issuer)))
    plan, first, earlier = _index_plan(w, same_site, index_keys)

    page_todo: set[int] = set()
    snippet_todo: set[int] = set()
    for doc in data.docs:
        if old_pages.get(str(doc.id)) != pages[str(doc.id)] or not w.keep(paths.doc_page(doc.id)):
            page_todo.add(doc.id)
        same = doc.seq < len(old_index) and old_index[doc.seq] == index_keys[doc.seq]
        if not same or not w.keep(paths.doc_data(doc.seq)):
            snippet_todo.add(doc.id)
    todo = [d.id for d in data.docs if d.id in page_todo or d.id in snippet_todo or d.seq >= first]

    index = search_index.IndexBuilder()
    for n, (doc_id, structure, body_text) in enumerate(bodies(ctx, todo)):
        if n % 200 == 0:
            reporter.step(n, len(todo), f"生成文件页 {n}/{len(todo)}")
        doc = by_id[doc_id]
        issue = issue_of[doc.issue_id]
        if doc_id in page_todo:
            page = views.doc_page(site, data, doc, issue, structure, body_text, by_id)
            w.put(paths.doc_page(doc.id), page.encode())
        text, snippet = _search_text(structure, body_text)
        if doc.seq >= first:
            _add(index, doc, text, issuer_no)
        if doc_id in snippet_todo:
            meta = "　".join(
                x for x in (issue.label, doc.doc_number, doc.issuer, cn_date(doc.issued_on)) if x
            )
            w.put(
                *search_index.doc_entry(
                    doc.seq, doc.title, paths.doc_page(doc.id), meta, snippet, issue.year
                )
            )

    reporter.step(len(todo), len(todo), "生成检索索引")
    n_shards = w.old_inputs.get("shards", 0)
    size = w.old_inputs.get("index_size", 0)
    if plan == "extend":
        parsed = [search_index.shard_postings(data) for data in earlier]
        del earlier[:]  # 16 MiB at three years: not kept while the new shards are encoded
        n_shards, shards, touched, size = search_index.extend(parsed, index, size)
        for path, payload in shards:
            w.put(path, payload)
        for i in set(range(n_shards)) - touched:
            w.keep(paths.shard(i))  # checked intact when the plan was made
    elif plan == "full":
        n_shards, shards, size = search_index.shard_files(index.encoded())
        for path, payload in shards:
            w.put(path, payload)
    _manifest(w, data, n_shards, issuers)
    w.inputs.update(site=key, pages=pages, index=index_keys, shards=n_shards, index_size=size)


def _add(
    index: search_index.IndexBuilder, doc: SiteDoc, text: str, issuer_no: dict[str, int]
) -> None:
    index.add(
        doc.seq,
        f"{doc.title}\n{doc.doc_number}\n{doc.issuer}\n{text}",
        issuer_no.get(doc.issuer),
        doc.doc_number,
        title=doc.title,
    )


def _manifest(w: Writer, data: SiteData, n_shards: int, issuers: list[str]) -> None:
    years: dict[int, list[int]] = defaultdict(list)
    year_of = {i.id: i.year for i in data.issues}
    for d in data.docs:
        years[year_of[d.issue_id]].append(d.seq)
    ranges = {y: (min(s), max(s) + 1) for y, s in years.items()}
    count = len(data.docs)
    w.put(*search_index.manifest((n_shards, 0), count, count, ranges, issuers))
