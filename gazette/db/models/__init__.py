"""ORM models of the core. Wings add modules here (and archive/models.py) on the same Base."""

from gazette.db.models.absences import LiaisonAbsence
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
from gazette.db.models.interpretations import (
    DisclosureRequest,
    InterpretationMaterial,
    SelfCheckReply,
)
from gazette.db.models.issues import (
    AdOverride,
    BuiltFile,
    DocumentLink,
    Erratum,
    ProofRound,
    SectionOff,
)
from gazette.db.models.search import QueryHistory, SavedQuery
from gazette.db.models.submissions import (
    Reminder,
    ReminderItem,
    Submission,
    SubmissionEvent,
)
from gazette.db.models.texts import TextCorrection

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
    "LiaisonAbsence",
    "ProofRound",
    "QueryHistory",
    "Reminder",
    "ReminderItem",
    "SavedQuery",
    "Section",
    "SectionOff",
    "Setting",
    "StoredFile",
    "Submission",
    "SubmissionEvent",
    "TextCorrection",
    "User",
]

from gazette.db.models.security import JobLease

__all__ += ["JobLease"]
__all__ += ["DisclosureRequest", "InterpretationMaterial", "SelfCheckReply"]

from gazette.db.models.distribution import (  # noqa: E402
    DistributionLine,
    IssueDistribution,
    Recipient,
    RecipientCopies,
)

__all__ += ["DistributionLine", "IssueDistribution", "Recipient", "RecipientCopies"]
