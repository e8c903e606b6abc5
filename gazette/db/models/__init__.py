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
from gazette.db.models.search import QueryHistory, SavedQuery

__all__ = [
    "AuditEntry",
    "CalendarYear",
    "Department",
    "Document",
    "DocumentFile",
    "HolidayOverride",
    "Issue",
    "IssueItem",
    "Liaison",
    "QueryHistory",
    "SavedQuery",
    "Section",
    "Setting",
    "StoredFile",
    "User",
]
