"""赠阅发行: each issue's distribution and receipts, and the recipients list, as two tabs.

The screen refreshes what it shows when a committed change touches its tables.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from gazette.context import AppContext
from ui.distribution.issues_tab import IssuesTab
from ui.distribution.recipients_tab import RecipientsTab
from ui.tasks import TaskRunner

TABLES = frozenset(
    {
        "recipients",
        "recipient_copies",
        "issue_distributions",
        "distribution_lines",
        "issues",
        "settings",
    }
)


class Screen(QWidget):
    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.issues_tab = IssuesTab(ctx, runner, self)
        self.recipients_tab = RecipientsTab(ctx, runner, self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.issues_tab, "各期发行")
        self.tabs.addTab(self.recipients_tab, "发行对象")
        title = QLabel("<h2 style='margin:0'>赠阅发行</h2>")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        runner.changed.connect(self._changed)
        self.refresh()

    def refresh(self) -> None:
        self.issues_tab.refresh()
        self.recipients_tab.refresh()

    def print_(self) -> None:
        """Ctrl+P: the chosen issue's 发行清单 (the recipients list prints as its XLSX)."""
        self.tabs.setCurrentWidget(self.issues_tab)
        self.issues_tab.print_()

    def _changed(self, tables: frozenset[str]) -> None:
        if tables & TABLES:
            self.refresh()
