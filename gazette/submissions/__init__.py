"""The submissions desk (报送台账): register, import, status, reminders, selection, queries.

Modules stay small and Qt-free; the UI and the CLI call them inside a unit of work.
"""

from gazette.submissions.status import (
    ALL_STATUSES,
    AWAITED_STATUSES,
    StatusCalculator,
    StatusResult,
)
from gazette.vocab import DISCLOSURES

__all__ = [
    "ALL_STATUSES",
    "AWAITED_STATUSES",
    "DISCLOSURES",
    "StatusCalculator",
    "StatusResult",
]
