"""ORM models of the core. Wings add modules here (and archive/models.py) on the same Base."""

from gazette.db.models.core import (
    AuditEntry,
    CalendarYear,
    Department,
    Document,
    DocumentFile,
    HolidayOverride,
    Issue,
    IssueItem,
    Liaison,
    Section,
    Setting,
    StoredFile,
    User,
)
from gazette.db.models.issues import AdOverride, BuiltFile, DocumentLink, Erratum, ProofRound

__all__ = [
    "AdOverride",
    "AuditEntry",
    "BuiltFile",
    "CalendarYear",
    "Department",
    "Document",
    "DocumentFile",
    "DocumentLink",
    "Erratum",
    "HolidayOverride",
    "Issue",
    "IssueItem",
    "Liaison",
    "ProofRound",
    "Section",
    "Setting",
    "StoredFile",
    "User",
]
