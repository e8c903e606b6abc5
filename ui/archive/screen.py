"""历史公报数字化: register and workflow, ingest and OCR, proofreading, cataloguing, plan."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from archive import ocr_pool, register, workflow
from archive.register import RegisterRow
from gazette.context import AppContext
from gazette.db import UnitOfWork
from ui import ops
from ui.archive.catalogue_tab import CatalogueTab
from ui.archive.ingest_tab import IngestTab
from ui.archive.models import ROW_ROLE
from ui.archive.plan_tab import PlanTab
from ui.archive.proof_tab import ProofTab
from ui.archive.register_tab import RegisterTab
from ui.tasks import TaskRunner

# what the register's rows and the plan are read from: a change to any of them reloads the tabs
# (a proofreading correction touches only archive_ocr_pages, and reloads nothing)
REGISTER_TABLES = frozenset(
    {"archive_entries", "archive_events", "archive_pages", "archive_plans", "archive_plan_targets"}
)


class Screen(QWidget):
    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.loads = 0  # register reads shown so far: tests wait on it
        self.ocr_started = False  # the OCR processes are started on the first opening
        self.tabs = QTabWidget()
        self.register = RegisterTab(ctx, runner, self.reload, self)
        self.ingest = IngestTab(ctx, runner, self)
        self.proof = ProofTab(ctx, runner, self)
        self.catalogue = CatalogueTab(ctx, runner, self)
        self.plan = PlanTab(ctx, runner, self)
        self.tabs.addTab(self.register, "登记簿与流程")
        self.tabs.addTab(self.ingest, "入库与识别")
        self.tabs.addTab(self.proof, "校对")
        self.tabs.addTab(self.catalogue, "编目")
        self.tabs.addTab(self.plan, "计划与进度")
        self.register.table.doubleClicked.connect(self._open_issue)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.tabs)
        runner.changed.connect(self._changed)
        self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        """The wing's first opening starts the OCR processes, so a job recognises at once.

        Not at the app's start: most of the office never opens this wing, and two loaded
        recognisers cost each PC about a second of CPU and some hundreds of MB for nothing.
        """
        super().showEvent(event)
        if not self.ocr_started:
            self.ocr_started = True
            # on a worker: spawning the processes returns once they run; they load the models
            ops.run_job(self, "启动文字识别进程", lambda _reporter: ocr_pool.warm_up())

    def shutdown(self) -> None:
        """The app is closing: stop the OCR processes (the main window calls this)."""
        ocr_pool.shutdown()

    def _open_issue(self, index: QModelIndex) -> None:
        """Double-clicking an issue opens the tab for its next step."""
        row = index.data(ROW_ROLE)
        entry, state = row.entry_id, row.state
        for tab in (self.ingest, self.proof, self.catalogue):
            tab.choose_issue(entry)
        target = {"ocred": self.proof, "proofread": self.catalogue, "catalogued": self.catalogue}
        self.tabs.setCurrentWidget(target.get(state, self.ingest))

    def _changed(self, tables: frozenset[str]) -> None:
        if tables & REGISTER_TABLES:
            self.reload()

    def reload(self, then: Callable[[], None] | None = None) -> None:
        """Every tab reads the register afresh (plain rows, one query on a worker)."""

        def read(uow: UnitOfWork) -> tuple[list[RegisterRow], list[tuple[str, int]]]:
            return register.rows(uow), workflow.people(uow)

        def show(data: tuple[list[RegisterRow], list[tuple[str, int]]]) -> None:
            rows, people = data
            self.register.show_rows(rows, people)
            self.ingest.reload(rows)
            self.proof.reload(rows)
            self.catalogue.reload(rows)
            self.plan.reload()
            self.loads += 1
            if then is not None:
                then()

        ops.run_query(self, "载入登记簿", read, show)
