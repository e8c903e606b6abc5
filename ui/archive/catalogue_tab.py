"""编目: check the cover against the register, split the issue into articles, confirm."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from archive import catalogue, textlayer
from archive.catalogue import Article
from gazette.context import AppContext
from gazette.office.conflicts import ConflictError
from ui.archive.models import ArticlesModel
from ui.conflict_dialog import resolve
from ui.errors import show_error
from ui.tasks import TaskRunner


class CatalogueTab(QWidget):
    def __init__(
        self,
        ctx: AppContext,
        runner: TaskRunner,
        changed: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.runner, self.changed = ctx, runner, changed
        self.shown_version: int | None = None  # the entry's version when the draft was shown
        self.shown_draft: list[dict[str, Any]] = []
        self.issue_box = QComboBox()
        self.issue_box.setMinimumWidth(220)
        self.issue_box.currentIndexChanged.connect(self._load)
        self.queue_box = QComboBox()
        self.queue_box.activated.connect(self._jump)
        self.cover = QLabel("封面：未核对")
        self.cover.setWordWrap(True)
        self.model = ArticlesModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(
            ArticlesModel.COL_TITLE, QHeaderView.ResizeMode.Stretch
        )
        for col, w in ((1, 170), (2, 160), (3, 110), (4, 44), (5, 44), (6, 120)):
            self.table.setColumnWidth(col, w)

        top = QHBoxLayout()
        top.addWidget(QLabel("期次"))
        top.addWidget(self.issue_box)
        check = QPushButton("核对封面")
        check.clicked.connect(self._check)
        top.addWidget(check)
        top.addStretch(1)
        top.addWidget(QLabel("待核对队列"))
        top.addWidget(self.queue_box)
        for text, trust in (("以登记簿为准", "register"), ("以封面为准", "cover")):
            b = QPushButton(text)
            b.clicked.connect(lambda _=False, t=trust: self._resolve(t))
            top.addWidget(b)
        actions = QHBoxLayout()
        for text, slot in (
            ("重新提议", self._propose),
            ("添加一篇", self._add),
            ("删除所选", self._remove),
            ("保存草稿", self._save),
        ):
            b = QPushButton(text)
            b.clicked.connect(slot)
            actions.addWidget(b)
        actions.addStretch(1)
        confirm = QPushButton("确认编目")
        confirm.setDefault(True)
        confirm.clicked.connect(self._confirm)
        actions.addWidget(confirm)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.cover)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)

    def reload(self, rows: list[Any]) -> None:
        current = self.issue_box.currentData()
        self.issue_box.blockSignals(True)
        self.issue_box.clear()
        for r in rows:
            if r.state in ("ocred", "proofread", "catalogued", "published"):
                self.issue_box.addItem(r.label, r.entry_id)
        if current is None:  # first opening: the first issue waiting for 编目, not 2001年第1期
            current = waiting_for_catalogue(rows)
        i = self.issue_box.findData(current)
        self.issue_box.setCurrentIndex(max(0, i))
        self.issue_box.blockSignals(False)
        self.queue_box.clear()
        labels = {r.entry_id: r.label for r in rows}
        for entry in catalogue.mismatch_queue(self.ctx):
            self.queue_box.addItem(labels.get(entry, str(entry)), entry)
        if not self.queue_box.count():
            self.queue_box.addItem("（无）", None)
        self._load()

    def choose_issue(self, entry_id: int) -> None:
        i = self.issue_box.findData(entry_id)
        if i >= 0:
            self.issue_box.setCurrentIndex(i)

    def _jump(self) -> None:
        entry = self.queue_box.currentData()
        if entry is not None:
            self.choose_issue(entry)

    def _load(self) -> None:
        entry = self.issue_box.currentData()
        self.shown_version = catalogue.draft_version(self.ctx, entry) if entry else None
        self.model.set_articles(catalogue.proposals(self.ctx, entry) if entry else [])
        self.shown_draft = self._draft()
        self.cover.setText(empty_note(entry, len(self.model.articles)) or "封面：未核对")

    def _draft(self) -> list[dict[str, Any]]:
        return [a.to_json() for a in self.model.articles]

    def _own_change(self, entry: int) -> None:
        """The cover check changes the entry too: keep saving against it while the stored draft
        is still the one shown (anything else is someone else's draft, and must conflict)."""
        version = catalogue.draft_version(self.ctx, entry)
        if [a.to_json() for a in catalogue.proposals(self.ctx, entry)] == self.shown_draft:
            self.shown_version = version

    def _draft_conflict(self, error: ConflictError) -> None:
        entry = self.issue_box.currentData()
        theirs = list(error.current.get("catalogue_draft") or [])

        def show(_key: str, value: Any) -> str:
            titles = "、".join(str(a.get("title", "")) for a in value[:6])
            return f"共 {len(value)} 篇：{titles}" + ("…" if len(value) > 6 else "")

        def merged(values: dict[str, Any], err: ConflictError) -> None:
            self.model.set_articles([Article.from_json(a) for a in values["articles"]])
            self.shown_version, self.shown_draft = err.version, theirs
            self._save()

        self.conflict_dialog = resolve(
            self,
            error,
            {"articles": self.shown_draft},
            {"articles": self._draft()},
            theirs={"articles": theirs},
            on_reload=self._load,
            on_merge=merged,
            show=show,
            subject=f"{self.issue_box.currentText()}的编目草稿" if entry else "编目草稿",
        )

    def _propose(self) -> None:
        entry = self.issue_box.currentData()
        if entry:
            self.model.set_articles(catalogue.propose(catalogue._pages(self.ctx, entry)))

    def _add(self) -> None:
        arts = [*self.model.articles, Article("（新文章，双击修改标题）")]
        self.model.set_articles(arts)

    def _remove(self) -> None:
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        self.model.set_articles([a for i, a in enumerate(self.model.articles) if i not in rows])

    def _save(self) -> None:
        entry = self.issue_box.currentData()
        if entry is None:
            return
        try:
            with self.ctx.uow() as uow:
                catalogue.save_draft(
                    uow, entry, self.model.articles, expected_version=self.shown_version
                )
                uow.commit()
        except ConflictError as exc:
            self._draft_conflict(exc)
            return
        self.shown_version = catalogue.draft_version(self.ctx, entry)
        self.shown_draft = self._draft()
        self.cover.setText(self.cover.text() + "　草稿已保存")

    def _check(self) -> None:
        entry = self.issue_box.currentData()
        if entry is None:
            return
        try:
            status, diffs = catalogue.check_cover(self.ctx, entry)
        except Exception as exc:
            show_error(self, "核对封面", exc)
            return
        head = {"ok": "封面与登记簿一致", "mismatch": "封面与登记簿不符，已放入待核对队列"}[status]
        self._own_change(entry)
        self.changed()
        self.cover.setText(f"<b>{head}</b>　" + "；".join(diffs))

    def _resolve(self, trust: str) -> None:
        entry = self.issue_box.currentData()
        if entry is None:
            return
        with self.ctx.uow() as uow:
            catalogue.resolve_cover(
                uow, entry, trust, f"封面差异：以{'登记簿' if trust == 'register' else '封面'}为准"
            )
            uow.commit()
        self._own_change(entry)
        self.cover.setText("封面差异已处理")
        self.changed()

    def _confirm(self) -> None:
        entry = self.issue_box.currentData()
        if entry is None or not self.model.articles:
            return
        try:
            with self.ctx.uow() as uow:
                ids = catalogue.confirm(
                    uow, entry, self.model.articles, expected_version=self.shown_version
                )
                uow.commit()
        except ConflictError as exc:
            self._draft_conflict(exc)
            return
        except Exception as exc:
            show_error(self, "确认编目", exc)
            return
        self.changed()
        QMessageBox.information(self, "确认编目", f"已编目 {len(ids)} 篇文件，本期状态为“已编目”。")
        self.runner.submit(  # the searchable scan goes with the articles (查阅 and the site show it)
            "生成可检索 PDF",
            lambda r: textlayer.attach_scan_pdf(self.ctx, entry, r),
            None,
            lambda m, d: show_error(self, "生成可检索 PDF", m, d),
        )


def waiting_for_catalogue(rows: list[Any]) -> int | None:
    """The first issue whose text is proofread (else recognised): where 编目 has work to do."""
    for state in ("proofread", "ocred"):
        entry = next((r.entry_id for r in rows if r.state == state), None)
        if entry is not None:
            return int(entry)
    return None


def empty_note(entry: int | None, articles: int) -> str:
    """Why the article list is empty, and what to do about it; "" when it is not."""
    if entry is None:
        return "还没有可编目的期次：一期公报扫描入库并识别文字后，才能在这里编目。"
    if articles == 0:
        return "本期还没有文章条目：点“重新提议”按识别文字重新划分，或点“添加一篇”手工录入。"
    return ""
