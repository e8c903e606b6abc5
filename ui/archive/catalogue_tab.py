"""编目: check the cover against the register, split the issue into articles, confirm."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from archive import catalogue, textlayer
from archive.catalogue import Article
from archive.register import RegisterRow
from gazette.context import AppContext
from gazette.db import UnitOfWork
from gazette.office.conflicts import ConflictError
from ui import ops
from ui.archive.models import ArticlesModel
from ui.archive.widgets import buttons, choose, inform, issue_box, refill, row_table
from ui.conflict_dialog import resolve
from ui.tasks import TaskRunner

CATALOGUABLE = ("ocred", "proofread", "catalogued", "published")
SCAN_LINKED = frozenset({"stored_files", "document_files"})  # the searchable scan, attached


class CatalogueTab(QWidget):
    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.shown_version: int | None = None  # the entry's version when the draft was shown
        self.shown_draft: list[dict[str, Any]] = []
        self.issue_box = issue_box(220, self._load)
        self.queue_box = QComboBox()
        self.queue_box.activated.connect(self._jump)
        self.cover = QLabel("封面：未核对")
        self.cover.setWordWrap(True)
        self.model = ArticlesModel(self)
        widths = ((1, 170), (2, 160), (3, 110), (4, 44), (5, 44), (6, 120))
        self.table = row_table(self.model, ArticlesModel.COL_TITLE, widths, many=True)

        top = QHBoxLayout()
        top.addWidget(QLabel("期次"))
        top.addWidget(self.issue_box)
        self.buttons = buttons(top, (("核对封面", self._check),))
        top.addStretch(1)
        top.addWidget(QLabel("待核对队列"))
        top.addWidget(self.queue_box)
        self.buttons |= buttons(
            top,
            (
                ("以登记簿为准", lambda: self._resolve("register")),
                ("以封面为准", lambda: self._resolve("cover")),
            ),
        )
        actions = QHBoxLayout()
        self.buttons |= buttons(
            actions,
            (
                ("重新提议", self._propose),
                ("添加一篇", self._add),
                ("删除所选", self._remove),
                ("保存草稿", self._save),
            ),
        )
        actions.addStretch(1)
        self.buttons |= buttons(actions, (("确认编目", self._confirm),))
        self.buttons["确认编目"].setDefault(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.cover)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)

    def reload(self, rows: list[RegisterRow]) -> None:
        """The register changed: refill the lists; the draft on screen is kept (it may hold
        unsaved edits) unless the chosen issue is gone."""
        before = self.issue_box.currentData()
        first = before is None  # first opening: the first issue waiting for 编目, not 2001年第1期
        refill(self.issue_box, ((r.label, r.entry_id) for r in rows if r.state in CATALOGUABLE))
        waiting = [(r.label, r.entry_id) for r in rows if r.cover_status == "mismatch"]
        refill(self.queue_box, waiting or [("（无）", None)])
        if first:
            i = self.issue_box.findData(waiting_for_catalogue(rows))
            self.issue_box.setCurrentIndex(max(0, i))
        if self.issue_box.currentData() != before or first:
            self._load()

    def choose_issue(self, entry_id: int) -> None:
        choose(self.issue_box, entry_id)

    def _jump(self) -> None:
        entry = self.queue_box.currentData()
        if entry is not None:
            self.choose_issue(entry)

    def _load(self) -> None:
        entry = self.issue_box.currentData()
        if entry is None:
            self._show_draft(None, 0, [])
            return

        def read(uow: UnitOfWork) -> tuple[int, list[Article]]:
            version = catalogue.draft_version(uow, entry)  # before the draft it guards
            return version, catalogue.proposals(uow, entry)

        ops.run_query(self, "读取编目草稿", read, lambda got: self._show_draft(entry, *got))

    def _show_draft(self, entry: int | None, version: int, articles: list[Article]) -> None:
        if entry != self.issue_box.currentData():
            return
        self.shown_version = version if entry else None
        self.model.set_articles(articles)
        self.shown_draft = self._draft()
        self.cover.setText(empty_note(entry, len(self.model.articles)) or "封面：未核对")

    def _draft(self) -> list[dict[str, Any]]:
        return [a.to_json() for a in self.model.articles]

    @staticmethod
    def _own_change(uow: UnitOfWork, entry: int) -> tuple[int, list[dict[str, Any]]]:
        """Read on the worker after the cover check, which changes the entry too: see
        ``_keep_version``."""
        version = catalogue.draft_version(uow, entry)
        return version, [a.to_json() for a in catalogue.proposals(uow, entry)]

    def _keep_version(self, entry: int, version: int, stored: list[dict[str, Any]]) -> None:
        """Keep saving against the entry while the stored draft is still the one shown
        (anything else is someone else's draft, and must conflict)."""
        if entry == self.issue_box.currentData() and stored == self.shown_draft:
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
            ops.run_query(
                self,
                "重新提议",
                lambda uow: catalogue.propose(catalogue.page_texts(uow, entry)),
                self.model.set_articles,
            )

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
        articles, version = list(self.model.articles), self.shown_version

        def save(uow: UnitOfWork) -> int:
            catalogue.save_draft(uow, entry, articles, expected_version=version)
            return catalogue.draft_version(uow, entry)

        def saved(new_version: int) -> None:
            self.shown_version, self.shown_draft = new_version, [a.to_json() for a in articles]
            self.cover.setText(self.cover.text() + "　草稿已保存")

        ops.run_op(self, "保存草稿", save, saved, on_conflict=self._draft_conflict)

    def _check(self) -> None:
        entry = self.issue_box.currentData()
        if entry is None:
            return

        def check(
            uow: UnitOfWork,
        ) -> tuple[tuple[str, list[str]], tuple[int, list[dict[str, Any]]]]:
            return catalogue.check_cover(uow, entry), self._own_change(uow, entry)

        def checked(got: tuple[tuple[str, list[str]], tuple[int, list[dict[str, Any]]]]) -> None:
            (status, diffs), (version, stored) = got
            head = {"ok": "封面与登记簿一致", "mismatch": "封面与登记簿不符，已放入待核对队列"}
            self._keep_version(entry, version, stored)
            self.cover.setText(f"<b>{head[status]}</b>　" + "；".join(diffs))

        ops.run_op(self, "核对封面", check, checked)

    def _resolve(self, trust: str) -> None:
        entry = self.issue_box.currentData()
        if entry is None:
            return
        note = f"封面差异：以{'登记簿' if trust == 'register' else '封面'}为准"

        def resolved(_none: None) -> None:
            self.cover.setText("封面差异已处理")
            ops.run_query(
                self,
                "读取编目草稿",
                lambda uow: self._own_change(uow, entry),
                lambda got: self._keep_version(entry, *got),
            )

        ops.run_op(
            self,
            "处理封面差异",
            lambda uow: catalogue.resolve_cover(uow, entry, trust, note),
            resolved,
        )

    def _confirm(self) -> None:
        entry = self.issue_box.currentData()
        if entry is None or not self.model.articles:
            return
        articles, version = list(self.model.articles), self.shown_version

        def confirmed(ids: list[int]) -> None:
            inform(self, "确认编目", f"已编目 {len(ids)} 篇文件，本期状态为“已编目”。")
            ops.run_job(  # the searchable scan goes with the articles (查阅 and the site show it)
                self,
                "生成可检索 PDF",
                lambda r: textlayer.attach_scan_pdf(self.ctx, entry, r),
                changes=SCAN_LINKED,
            )

        ops.run_op(
            self,
            "确认编目",
            lambda uow: catalogue.confirm(uow, entry, articles, expected_version=version),
            confirmed,
            on_conflict=self._draft_conflict,
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
