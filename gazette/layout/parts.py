"""What typesetting an issue takes and gives: the documents in, each part's pages out.

``Typeset`` holds the issue's three parts as drawn pages (``pdfwrite.Part``); ``body``,
``front`` and ``colophon`` are each part as a PDF file of its own, written when first asked for.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field

from gazette.layout.furniture import ContentsEntry, IssueFacts
from gazette.layout.pdfwrite import Part, write_pdf
from gazette.texts.model import DocumentText


@dataclass
class DocInput:
    id: int
    section: str
    label: str  # 发文字号 or title: names the document in messages
    text: DocumentText


@dataclass
class IssueInput:
    facts: IssueFacts
    documents: list[DocInput]
    first_folio: int = 1
    notices: list[str] = field(default_factory=list)  # 勘误 notices printed after the documents


@dataclass
class DocPages:
    id: int
    section: str
    title: str
    number: str | None
    first: int  # 1-based page within the body
    last: int


@dataclass
class Typeset:
    """The issue's three parts as drawn pages (``gazette.pdf.assemble`` puts them together);
    ``body``, ``front`` and ``colophon`` are each part as a PDF file of its own."""

    body_part: Part
    body_pages: int
    docs: list[DocPages]
    front_part: Part
    front_pages: int
    links: list[tuple[int, tuple[float, float, float, float], ContentsEntry]]
    colophon_part: Part
    notices_first: int | None = None
    printed: dict[int, str] = field(default_factory=dict)  # document id -> its text as drawn
    relaid: list[int] = field(default_factory=list)  # documents broken into lines afresh
    drawn: list[int] = field(default_factory=list)  # documents paginated and drawn afresh
    pages_drawn: int = 0  # body pages drawn in this build (the others reused as they were)

    @functools.cached_property
    def body(self) -> bytes:
        return _alone(self.body_part, "body")

    @functools.cached_property
    def front(self) -> bytes:
        return _alone(self.front_part, "front")

    @functools.cached_property
    def colophon(self) -> bytes:
        return _alone(self.colophon_part, "colophon")


def _alone(part: Part, name: str) -> bytes:
    ident = hashlib.md5(name.encode(), usedforsecurity=False).digest()
    return write_pdf([part], {"Creator": "公报编辑部"}, ident)


@dataclass
class Body:
    part: Part
    pages: int
    docs: list[DocPages]
    notices_first: int | None
    printed: dict[int, str]
    drawn: list[int]
    pages_drawn: int
