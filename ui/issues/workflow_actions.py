"""The editorial workflow from the 公报编排 screen: 定稿, 发布, 退回 and 审签, each after a
confirmation that says what it changes, on a worker, with the conflict dialog for a stale save.

A mixin of ``ui.issues.screen.Screen``, like ``IssueBuilds``: it uses the screen's snapshot,
task runner and round table, and keeps the status flow apart from planning and editing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtWidgets import QTableView

from gazette.db import UnitOfWork
from gazette.issues import planning as issues
from gazette.issues import proofs
from gazette.issues import workflow as issue_workflow
from gazette.office.conflicts import ConflictError
from ui.conflict_dialog import ConflictDialog, resolve
from ui.issues.workflow_dialogs import ask_reason, confirm
from ui.tasks import Task

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.issues.models import RoundTableModel
    from ui.issues.screen import Snapshot

    _OnScreen = QWidget  # the mixin's object is the screen, a QWidget
else:
    _OnScreen = object

T = TypeVar("T")


class IssueWorkflow(_OnScreen):
    issue_id: int | None
    snapshot: Snapshot | None
    round_model: RoundTableModel
    round_view: QTableView
    conflict_dialog: ConflictDialog | None

    if TYPE_CHECKING:  # the screen's own

        def reload(self) -> None: ...
        def load_issue(self) -> None: ...
        def _failed(self, message: str, _detail: str) -> None: ...
        def _say(self, text: str) -> None: ...
        def _change(
            self,
            title: str,
            fn: Callable[[UnitOfWork], T],
            on_done: Callable[[T], None] | None = None,
            *,
            on_conflict: Callable[[ConflictError], None] | None = None,
        ) -> Task: ...

    def _advance(self) -> None:
        """定稿 or 发布, after a confirmation that says what it changes."""
        if self.snapshot is None or self.issue_id is None:
            return
        shown = self.snapshot.plan.issue
        nxt = issues.NEXT_STATUS.get(shown.status)
        step = issue_workflow.next_action(shown.status)
        if nxt and step and confirm(self, step.key, shown.label):
            self._set_status(shown, nxt, shown.version)

    def _reopen(self) -> None:
        """退回 one step, with the reason the trail records."""
        if self.snapshot is None:
            return
        shown = self.snapshot.plan.issue
        back = issues.BACK_STATUS.get(shown.status)
        reason = ask_reason(self, shown.label, issues.STATUSES[back]) if back else None
        if back and reason:
            self._set_status(shown, back, shown.version, reason)

    def _set_status(
        self, shown: issues.IssueRow, status: str, version: int | None, reason: str = ""
    ) -> None:
        def change(uow: UnitOfWork) -> None:
            issues.set_status(uow, shown.id, status, reason=reason, expected_version=version)

        def conflict(error: ConflictError) -> None:
            self._failed(str(error), "")

            def merged(values: dict[str, Any], err: ConflictError) -> None:
                if values["status"] == err.current.get("status"):
                    self.load_issue()  # theirs is already saved
                else:
                    self._set_status(shown, str(values["status"]), err.version, reason)

            self.conflict_dialog = resolve(
                self,
                error,
                {"status": shown.status},
                {"status": status},
                on_reload=self.reload,
                on_merge=merged,
                show=lambda _k, v: issues.STATUSES.get(str(v), str(v)),
                subject=f"{shown.label}的状态",
            )

        self._change("推进状态", change, lambda _x: self.load_issue(), on_conflict=conflict)

    def _sign(self) -> None:
        rows = [
            self.round_model.row_at(i.row())
            for i in self.round_view.selectionModel().selectedRows()
        ]
        issue_id = self.issue_id
        if not rows or issue_id is None or self.snapshot is None:
            self._say("请先选择要审签的校次")
            return
        if not confirm(self, "sign-off", f"{self.snapshot.plan.issue.label}第{rows[0].round}校"):
            return

        def change(uow: UnitOfWork) -> None:
            proofs.sign_off(uow, issue_id, rows[0].round)

        self._change("审签", change, lambda _x: self.load_issue())  # the round table only
