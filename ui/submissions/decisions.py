"""The desk's 选登 / 不予选登: asking for a decline's reason and saving a decision against the
version shown, with the conflict dialog when someone decided first. Mixed into the desk."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QInputDialog, QMessageBox

from gazette.db import UnitOfWork
from gazette.office.conflicts import ConflictError
from gazette.submissions import selection
from gazette.submissions.queries import DeskRow
from ui import ops
from ui.conflict_dialog import ConflictDialog, resolve
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from gazette.context import AppContext

    _OnScreen = QWidget  # the mixin's object is the desk screen, a QWidget
else:
    _OnScreen = object


class DecisionActions(_OnScreen):
    ctx: AppContext
    runner: TaskRunner
    conflict_dialog: ConflictDialog | None

    if TYPE_CHECKING:  # the screen's own

        def reload(self) -> None: ...
        def selected_row(self) -> DeskRow | None: ...

    def _decide(self, decision: str) -> None:
        row = self.selected_row()
        if row is None:
            QMessageBox.information(self, "选登", "请先在表格中选中一件文件")
            return
        reason = ""
        if decision == "不予选登":
            reason, ok = QInputDialog.getText(
                self, "不予选登", f"{row.doc_number} 不予选登的理由："
            )
            if not ok:
                return
        label = row.doc_number or row.title
        shown = (row.decision or None, row.decision_reason)
        self._save_decision(row.document_id, label, decision, reason, row.version, shown)

    def _save_decision(
        self,
        doc_id: int,
        label: str,
        decision: str,
        reason: str,
        version: int | None,
        shown: tuple[str | None, str],
    ) -> None:
        """Save a decision against the version shown. A decision and its reason go together,
        so a conflict compares them as one field (选登 never takes a decline's reason)."""

        def change(uow: UnitOfWork) -> None:
            selection.decide(uow.session, doc_id, decision, reason, expected_version=version)

        def conflict(error: ConflictError) -> None:
            now = error.current
            theirs = (now.get("decision"), str(now.get("decision_reason") or ""))

            def merged(values: dict[str, Any], err: ConflictError) -> None:
                chosen = values["decision"]
                if chosen == theirs:  # their decision stands: nothing of mine to save
                    self.reload()
                    return
                self._save_decision(doc_id, label, chosen[0], chosen[1], err.version, theirs)

            def show(_key: str, value: Any) -> str:
                made, why = value
                return f"{made}：{why}" if made and why else made or "（未决定）"

            self.conflict_dialog = resolve(
                self,
                error,
                {"decision": shown},
                {"decision": (decision, reason)},
                theirs={"decision": theirs},
                on_reload=self.reload,
                on_merge=merged,
                show=show,
                subject=f"{label} 的选登决定",
            )

        ops.run_op(self, decision, change, on_error=self._refused, on_conflict=conflict)

    def _refused(self, message: str, details: str) -> None:
        QMessageBox.warning(self, "未能保存", message)
