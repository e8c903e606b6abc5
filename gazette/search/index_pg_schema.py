"""The PostgreSQL index's tables, indexes and the one statement that reads its lists.

Kept apart from ``index_pg`` (which writes and queries them) so the layout can be read at a
glance: ``search_postings`` (gram → compact document lists, and where each text bigram
occurs), ``search_docs`` (filter values and
deflated text) and ``search_stamp`` (changes with every write).
"""

from __future__ import annotations

import zlib

from gazette.search.model import META_COLUMNS

# where a text bigram occurs (migration 0530 adds it to an older index): read only for the
# bigrams of terms of three or more characters, so stored out of line like the other lists
POS_COLUMN = (
    "ALTER TABLE search_postings ADD COLUMN IF NOT EXISTS pos BYTEA",
    "ALTER TABLE search_postings ALTER COLUMN pos SET STORAGE EXTERNAL",
)
POSTING_COLUMNS = "field, gram, seg, n, ids, tiers, pos"
DOC_COLUMNS = ("key", "doc_id", "title_key", *META_COLUMNS, "title", "body")


def pack_body(body: str) -> bytes:
    """A document's text as ``search_docs.body`` keeps it (deflated)."""
    return zlib.compress(body.encode("utf-8"), 3)


def unpack_body(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8")


DDL = (
    """CREATE TABLE IF NOT EXISTS search_docs (
        key BIGINT NOT NULL,
        doc_id INTEGER NOT NULL,
        title_key TEXT NOT NULL,
        year INTEGER, issue_id INTEGER, issue_year INTEGER, issue_number INTEGER,
        page INTEGER, section TEXT, issuer TEXT NOT NULL DEFAULT '', kind TEXT,
        disclosure TEXT, validity TEXT, issued_on TEXT, historical INTEGER NOT NULL DEFAULT 0,
        doc_number TEXT, title TEXT NOT NULL, body BYTEA NOT NULL)""",
    # already deflated: PostgreSQL's own compression would only spend time failing
    "ALTER TABLE search_docs ALTER COLUMN body SET STORAGE EXTERNAL",
    """CREATE TABLE IF NOT EXISTS search_postings (
        field SMALLINT NOT NULL,
        gram TEXT COLLATE "C" NOT NULL,
        seg INTEGER NOT NULL,
        n INTEGER NOT NULL,
        ids BYTEA NOT NULL,
        tiers BYTEA,
        pos BYTEA)""",
    *POS_COLUMN,
    "ALTER TABLE search_postings ALTER COLUMN ids SET STORAGE EXTERNAL",
    "ALTER TABLE search_postings ALTER COLUMN tiers SET STORAGE EXTERNAL",
    "CREATE TABLE IF NOT EXISTS search_stamp (one INTEGER PRIMARY KEY, stamp TEXT NOT NULL)",
    "INSERT INTO search_stamp VALUES (1, gen_random_uuid()::text) ON CONFLICT DO NOTHING",
)
# the lookups' indexes, made with the tables (a rebuild keeps them: it only changes rows)
INDEXES = (
    "CREATE UNIQUE INDEX IF NOT EXISTS search_postings_gram ON search_postings (field, gram, seg)",
    "CREATE UNIQUE INDEX IF NOT EXISTS search_docs_key ON search_docs (key)",
    "CREATE UNIQUE INDEX IF NOT EXISTS search_docs_doc_id ON search_docs (doc_id) INCLUDE (key)",
    "CREATE INDEX IF NOT EXISTS search_docs_title_key ON search_docs (title_key)",
)
DROP = (
    "DROP TABLE IF EXISTS search_postings",
    "DROP TABLE IF EXISTS search_docs",
    "DROP TABLE IF EXISTS search_stamp",
)
# in one round trip: the lists of some grams (a nested loop of primary-key probes, whatever
# the table's size), the index's stamp (-1) and the documents titled exactly as the query (-2)
# (with each list the size of its positions, stored out of line: read from the pointer alone)
LISTS_SQL = (
    "SELECT p.field, p.gram, p.seg, p.ids, p.tiers, octet_length(p.pos) "
    "FROM unnest(%s::smallint[], %s::text[]) AS u(f, g) "
    'JOIN search_postings p ON p.field = u.f AND p.gram = u.g COLLATE "C" '
    "UNION ALL SELECT -1, stamp, 0, NULL, NULL, NULL FROM search_stamp "
    "UNION ALL SELECT -2, '', doc_id, NULL, NULL, NULL FROM search_docs WHERE title_key = %s "
    "ORDER BY 1, 2, 3"
)
# the positions of some text bigrams (those a long term is checked with), one probe each
POSITIONS_SQL = (
    "SELECT p.gram, p.seg, p.ids, p.pos FROM unnest(%s::text[]) AS u(g) "
    'JOIN search_postings p ON p.field = 0 AND p.gram = u.g COLLATE "C" ORDER BY 1, 2'
)
# writers of the index take this lock, so two read-modify-writes of a list never interleave
WRITE_LOCK = 0x5EA2C4
