"""文件类型: what a document is (公文, 令, 人事任免 …), and so whether it needs 此件公开发布.

The importer reads the kind from the text where it can; an editor corrects it here. Shown beside
a document's 效力与关联 wherever the editor looks at one. A change saves against the version
shown: someone else's save in between opens the conflict dialog instead of being overwritten.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from gazette.context import AppContext
from gazette.db import UnitOfWork
from gazette.office.auth import allowed
from gazette.office.conflicts import ConflictError
from gazette.texts.store import Loaded, change_kind, load_text
from gazette.vocab import KIND_HELP, KINDS, canonical_kind, public_by_nature
from ui import ops
from ui.conflict_dialog import resolve
from ui.tasks import TaskRunner


def kind_note(kind: str) -> str:
    return "依其性质公开，无需“此件公开发布”" if public_by_nature(kind) else "须标明“此件公开发布”"


class KindBox(QWidget):
    changed = Signal(int)  # document id, after its kind was saved

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.document_id: int | None = None
        self.kind: str | None = None  # as loaded: the base of a merge
        self.version: int | None = None
        self._saved_note = ""  # said after a save, kept through the reload that follows
        self.may_edit = allowed(ctx.role, "documents.write")

        self.choice = QComboBox()
        for kind in KINDS:
            self.choice.addItem(kind, kind)
            self.choice.setItemData(self.choice.count() - 1, KIND_HELP[kind], 3)  # tooltip
        self.save_btn = QPushButton("改为此类型")
        self.note = QLabel("")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("文件类型"))
        row.addWidget(self.choice)
        row.addWidget(self.save_btn)
        row.addWidget(self.note, 1)
        self.choice.currentIndexChanged.connect(self._sync)
        self.save_btn.clicked.connect(self.save)
        self.show_document(None)

    def show_document(self, document_id: int | None) -> None:
        """Load a document's kind on a worker thread (``None``: nothing chosen)."""
        self.document_id, self.kind, self.version = document_id, None, None
        self._sync()
        if document_id is None:
            self.note.setText("未选择文件")
            return

        def work(uow: UnitOfWork) -> Loaded:
            return load_text(uow, document_id)

        ops.run_query(self, "读取文件类型", work, self._loaded, on_error=self._failed)

    def _loaded(self, loaded: Loaded) -> None:
        if loaded.document_id != self.document_id:
            return  # another document was chosen meanwhile
        self.kind, self.version = canonical_kind(loaded.kind), loaded.version
        found = self.choice.findData(self.kind)
        if found < 0:  # a kind from before the list: show it as it is
            self.choice.addItem(loaded.kind, loaded.kind)
            found = self.choice.count() - 1
        self.choice.setCurrentIndex(found)
        self._sync()
        if self._saved_note:  # the reload after a save keeps saying what was saved
            self.note.setText(self._saved_note)
            self._saved_note = ""

    def _sync(self, *_args: Any) -> None:
        chosen = self.choice.currentData()
        self.choice.setEnabled(self.kind is not None and self.may_edit)
        self.save_btn.setEnabled(self.kind is not None and self.may_edit and chosen != self.kind)
        if self.kind is not None:
            self.note.setText(kind_note(str(chosen)))

    def save(self, kind: str | None = None, version: int | None = None) -> None:
        if self.document_id is None:
            return
        doc_id = self.document_id
        new = kind or str(self.choice.currentData())
        seen = version if version is not None else self.version
        self.save_btn.setEnabled(False)

        def work(uow: UnitOfWork) -> str:
            return change_kind(uow, doc_id, new, version=seen)

        def done(saved: str) -> None:
            self._saved_note = f"已改为“{saved}”：{kind_note(saved)}"
            self.note.setText(self._saved_note)
            self.changed.emit(doc_id)
            self.show_document(doc_id)

        ops.run_op(
            self, "修改文件类型", work, done, on_error=self._failed, on_conflict=self._conflict
        )

    def _conflict(self, error: ConflictError) -> None:
        mine = str(self.choice.currentData())
        self.conflict_dialog = resolve(
            self,
            error,
            {"kind": self.kind},
            {"kind": mine},
            theirs={"kind": error.current.get("kind", self.kind)},
            on_reload=lambda: self.show_document(self.document_id),
            on_merge=lambda values, err: self.save(str(values["kind"]), err.version),
            subject="此文件的类型",
        )

    def _failed(self, message: str, _details: str) -> None:
        self.note.setText(f"失败：{message}")
        self._sync()
