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
from gazette.db.models.submissions import (
    Reminder,
    ReminderItem,
    Submission,
    SubmissionEvent,
)

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
    "Reminder",
    "ReminderItem",
    "Section",
    "Setting",
    "StoredFile",
    "Submission",
    "SubmissionEvent",
    "User",
]

from gazette.db.models.security import JobLease

__all__ += ["JobLease"]
