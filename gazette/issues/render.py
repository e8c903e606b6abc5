"""Render an issue from the database: check the rules, typeset, assemble, write, record.

``render_issue(ctx, issue_id, out_dir, reporter)`` writes the print PDF, the e-edition and one
PDF per document, stores each in the file store and records it (``BuiltFile``) with its hash.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gazette.db.models import BuiltFile, Document, Erratum, Issue, IssueItem, Setting
from gazette.db.uow import UnitOfWork
from gazette.distribution import issue as distribution
from gazette.distribution.recipients import reading_points
from gazette.files.atomic import atomic_write_bytes
from gazette.issues import planning as issues
from gazette.issues import related
from gazette.layout import styles
from gazette.layout.document import document_text_of
from gazette.layout.fonts import cache_dir_of, font_set
from gazette.layout.furniture import IssueFacts
from gazette.layout.linecache import layout_cache_of
from gazette.layout.typeset import DocInput, IssueInput, Typeset, typeset_issue
from gazette.office import settings
from gazette.office.auth import mutating, require
from gazette.office.leases import lease
from gazette.office.settings import COLOPHON_KEY, DEFAULT_COLOPHON, STYLE_KEY
from gazette.pdf import assemble
from gazette.progress import Reporter
from gazette.vocab import issue_label

if TYPE_CHECKING:
    from gazette.context import AppContext

EDITIONS = ("print", "web", "both")


class BuildRefused(ValueError):
    """The issue breaks a rule; the message lists every reason."""


@dataclass
class BuiltPdf:
    kind: str  # print / web / document / proof / volume
    path: Path
    pages: int
    sha256: str = ""
    document_id: int | None = None


@dataclass
class BuildResult:
    files: list[BuiltPdf] = field(default_factory=list)
    typeset: Typeset | None = None
    # document id -> its text as printed: print order, a table's repeated header included (the
    # build has checked that every unit of the stored text is in it)
    texts: dict[int, str] = field(default_factory=dict)
    head: str = ""  # the running head's outer text (gazette and issue)
    first_folio: int = 1
    folio_format: str = "— {page} —"

    def furniture(self, document_id: int) -> list[list[str]]:
        """Running head and folio strings of each page of a document's PDF (for text checks)."""
        assert self.typeset is not None
        d = next(x for x in self.typeset.docs if x.id == document_id)
        return [
            [d.section, self.head, self.folio_format.format(page=self.first_folio + p - 1)]
            for p in range(d.first, d.last + 1)
        ]

    def of(self, kind: str) -> list[BuiltPdf]:
        return [f for f in self.files if f.kind == kind]


def _setting(session: Session, key: str, default: Any) -> Any:
    row = session.get(Setting, key)
    return row.value if row is not None and row.value is not None else default


def first_folio(session: Session, issue: Issue, continuous: bool) -> int:
    """1, or (continuous folios) one after the last page of the year's previous issue."""
    if not continuous:
        return 1
    prev = session.scalar(
        select(func.max(IssueItem.page_end))
        .join(Issue, Issue.id == IssueItem.issue_id)
        .where(Issue.year == issue.year, Issue.number < issue.number)
    )
    return int(prev or 0) + 1


def _reading_points(session: Session, ss: styles.StyleSheet) -> tuple[str, ...]:
    """The distribution's 查阅点, when the office's style sheet prints them in the colophon."""
    if not ss.section("colophon").get("reading_points"):
        return ()
    return tuple(name for name, _ in reading_points(session))


def load_input(
    ctx: AppContext, issue_id: int, ss: styles.StyleSheet, errata_of_issue: bool = False
) -> IssueInput:
    try:
        office = settings.office(ctx)
    except settings.MissingSetting as exc:
        raise BuildRefused(str(exc)) from exc
    with ctx.uow() as uow:
        s = uow.session
        issue = s.get(Issue, issue_id)
        if issue is None:
            raise issues.IssueError(f"找不到期次（id={issue_id}）")
        plan = issues.plan(uow, issue_id)
        colophon = {**DEFAULT_COLOPHON, **_setting(s, COLOPHON_KEY, {})}
        colophon["print_run"] = distribution.print_run_text(s, issue_id) or colophon["print_run"]
        facts = IssueFacts(
            name=office["gazette_name"],
            year=issue.year,
            number=issue.number,
            serial=issue.serial,
            published_on=issue.published_on,
            publisher=office["publisher"],
            colophon={k: str(v or "") for k, v in colophon.items()},
            reading_points=_reading_points(s, ss),
        )
        docs: list[DocInput] = []
        for section in plan.sections:
            for item in section.items:
                doc = s.get(Document, item.document_id)
                assert doc is not None
                text = document_text_of(doc.title, doc.body_text, doc.structure, doc.doc_number)
                label = doc.doc_number or doc.title or f"文件（id={doc.id}）"
                docs.append(DocInput(doc.id, section.name, label, text))
        notices = []
        # notices printed in this issue; a re-release keeps them and adds the issue's own errata
        which = Erratum.notice_issue_id == issue_id
        if errata_of_issue:
            which = which | (Erratum.issue_id == issue_id)
        for e in s.scalars(select(Erratum).where(which).order_by(Erratum.id)):
            src = s.get(Issue, e.issue_id)
            d = s.get(Document, e.document_id)
            assert src is not None and d is not None
            notices.append(
                f"本刊{issue_label(src.year, src.number, src.supplement)}刊登的《{d.title}》"
                + (f"（{d.doc_number}）" if d.doc_number else "")
                + f"{e.location}，“{e.wrong}”应为“{e.right}”。特此更正。"
            )
        first = first_folio(s, issue, ss.page.continuous_folios)
    return IssueInput(facts, docs, first, notices)


def style_sheet(ctx: AppContext) -> styles.StyleSheet:
    """The style sheet issues are rendered with: the office's (``save_style_sheet``) or the
    shipped one."""
    with ctx.uow() as uow:
        path = _setting(uow.session, STYLE_KEY, None)
    return styles.load(path)


@mutating
def save_style_sheet(uow: UnitOfWork, path: Path | str | None) -> None:
    """Render issues with an office style sheet (JSON, merged over the shipped one); None returns
    to the shipped one. A sheet that does not load is refused, naming the file."""
    require(uow, "settings.write")
    if path is not None:
        styles.load(path)
    settings.put_one(uow, STYLE_KEY, str(path) if path else None)


def _meta(inp: IssueInput) -> assemble.Meta:
    f = inp.facts
    return assemble.Meta(
        title=f"{f.name} {issue_label(f.year, f.number)}",
        subject=f"{f.name}（总第{f.serial}期）" if f.serial else f.name,
        keywords="政府公报 " + " ".join(sorted({d.section for d in inp.documents})),
        author=f.publisher,
        day=f.published_on,
    )


@mutating
def render_issue(
    ctx: AppContext,
    issue_id: int,
    out_dir: Path | str,
    reporter: Reporter | None = None,
    edition: str = "both",
    *,
    proof_round: int | None = None,
    record: bool = True,
    check_rules: bool = True,
    errata_of_issue: bool = False,
) -> BuildResult:
    """Typeset an issue to PDFs in ``out_dir`` and record them; refuses an issue breaking a rule.

    The build holds a lease on the issue, so two people never build the same issue at once.
    A recorded build writes the issue's items and built files, so it needs ``issues.write``.
    """
    if record:
        require(ctx, "issues.write")
    if edition not in EDITIONS:
        raise ValueError(f"版本必须是 {'、'.join(EDITIONS)} 之一")
    with lease(ctx.db, f"issue-build:{issue_id}", ctx.user):
        options: dict[str, Any] = {
            "proof_round": proof_round,
            "record": record,
            "check_rules": check_rules,
        }
        # an e-edition re-released with the issue's errata: a later rebuild must not drop them
        if (
            proof_round is None
            and edition != "print"
            and not errata_of_issue
            and _rereleased_errata(ctx, issue_id)
        ):
            web = _render_issue(
                ctx, issue_id, out_dir, reporter, "web", errata_of_issue=True, **options
            )
            if edition == "web":
                return web
            printed = _render_issue(
                ctx, issue_id, out_dir, reporter, "print", errata_of_issue=False, **options
            )
            printed.files.extend(web.files)
            return printed
        return _render_issue(
            ctx, issue_id, out_dir, reporter, edition, errata_of_issue=errata_of_issue, **options
        )


def _rereleased_errata(ctx: AppContext, issue_id: int) -> int:
    """How many of the issue's own errata its published e-edition already carries."""
    with ctx.uow() as uow:
        return int(
            uow.session.scalar(
                select(func.count())
                .select_from(Erratum)
                .where(Erratum.issue_id == issue_id, Erratum.rereleased_version.is_not(None))
            )
            or 0
        )


def _render_issue(
    ctx: AppContext,
    issue_id: int,
    out_dir: Path | str,
    reporter: Reporter | None,
    edition: str,
    *,
    proof_round: int | None,
    record: bool,
    check_rules: bool,
    errata_of_issue: bool,
) -> BuildResult:
    reporter = reporter or Reporter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if check_rules:
        with ctx.uow() as uow:
            problems = issues.check(uow, issue_id)
        if problems:
            raise BuildRefused(
                "规则检查未通过，不能排版：\n" + "\n".join(p.message for p in problems)
            )
    ss = style_sheet(ctx)
    inp = load_input(ctx, issue_id, ss, errata_of_issue)
    fonts = font_set(ss.fonts, cache_dir=cache_dir_of(ctx.data_dir))
    reporter.step(0, len(inp.documents) + 3, "开始排版")
    # each document's lines are kept in the data folder's cache: a proof round after one
    # correction breaks only that document into lines again (same bytes as a clean build);
    # serial, because worker processes did not pay on a loaded two-core office PC (bench/layout.py)
    ts = typeset_issue(inp, ss, fonts, reporter, cache_dir=layout_cache_of(ctx.data_dir))
    meta = _meta(inp)
    f = inp.facts
    stem = f"{f.year}-{f.number:02d}"
    spec = ss.section("running_head")
    result = BuildResult(
        typeset=ts,
        texts=dict(ts.printed),
        head=f.fmt(spec.get("left", "{name}")) + "　" + f.fmt(spec.get("right", "")),
        first_folio=inp.first_folio,
        folio_format=ss.section("folio").get("format", "— {page} —"),
    )
    total = len(inp.documents) + 3
    reporter.step(total - 2, total, "生成印刷版与电子版")
    page = ss.page
    outputs: list[tuple[str, str, bytes, int | None]] = []
    if proof_round is not None:
        data = assemble.print_edition(ts, meta, page.pad_multiple, False, page.bleed)
        wm = ss.section("watermark")
        text = str(wm.get("text", "校样　第{round}校")).format(round=proof_round)
        data = assemble.watermark(
            data,
            text,
            wm.get("color", "#D01010"),
            float(wm.get("alpha", 0.18)),
            float(wm.get("size", 60)),
        )
        outputs.append(("proof", f"{stem}-校样{proof_round}.pdf", data, None))
    else:
        if edition in ("print", "both"):
            data = assemble.print_edition(ts, meta, page.pad_multiple, page.crop_marks, page.bleed)
            outputs.append(("print", f"{stem}-印刷版.pdf", data, None))
        if edition in ("web", "both"):
            note = "勘误版" if errata_of_issue else ""
            with ctx.uow() as uow:
                notes = related.notes(uow.session, issue_id, [d.id for d in ts.docs])
            data = assemble.web_edition(ts, meta, inp.first_folio, note, related=notes)
            outputs.append(("web", f"{stem}-电子版.pdf", data, None))
            docs_dir = f"{stem}-文件"
            for k, d in enumerate(ts.docs, 1):
                data = assemble.document_pdf(ts, d, meta, inp.first_folio)
                name = f"{docs_dir}/{k:02d}-{_safe(d.number or d.title)}.pdf"
                outputs.append(("document", name, data, d.id))
    reporter.step(total - 1, total, "写出文件")
    for kind, name, data, doc_id in outputs:
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, data)
        result.files.append(BuiltPdf(kind, path, assemble.page_count(data), document_id=doc_id))
    if record:
        _record(ctx, issue_id, f.year, outputs, result, ts, inp.first_folio)
    reporter.step(total, total, "排版完成")
    return result


def _safe(name: str) -> str:
    return "".join("_" if ch in '\\/:*?"<>|' else ch for ch in name)[:60]


def _record(
    ctx: AppContext,
    issue_id: int,
    year: int,
    outputs: list[tuple[str, str, bytes, int | None]],
    result: BuildResult,
    ts: Typeset,
    first: int,
) -> None:
    """Store each built file by hash, record it, and note each item's pages."""
    store = ctx.filestore()
    with ctx.uow() as uow:
        s = uow.session
        for (kind, name, data, doc_id), built in zip(outputs, result.files, strict=True):
            stored = store.put_bytes(s, data, Path(name).name)
            built.sha256 = stored.sha256
            version = (
                s.scalar(
                    select(func.max(BuiltFile.version)).where(
                        BuiltFile.issue_id == issue_id,
                        BuiltFile.kind == kind,
                        BuiltFile.document_id == doc_id,
                    )
                )
                or 0
            )
            last = s.scalar(
                select(BuiltFile.sha256)
                .where(
                    BuiltFile.issue_id == issue_id,
                    BuiltFile.kind == kind,
                    BuiltFile.document_id == doc_id,
                )
                .order_by(BuiltFile.version.desc())
                .limit(1)
            )
            if last == stored.sha256:
                continue  # the same bytes again: nothing new to record
            s.add(
                BuiltFile(
                    issue_id=issue_id,
                    year=year,
                    kind=kind,
                    document_id=doc_id,
                    version=version + 1,
                    name=name,
                    sha256=stored.sha256,
                    pages=built.pages,
                    size=len(data),
                    built_by=uow.user,
                    built_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
                )
            )
        pages = {d.id: d for d in ts.docs}
        for item in s.scalars(select(IssueItem).where(IssueItem.issue_id == issue_id)):
            d = pages.get(item.document_id)
            if d is not None and (item.page_start, item.page_end) != (
                first + d.first - 1,
                first + d.last - 1,
            ):
                item.page_start, item.page_end = first + d.first - 1, first + d.last - 1
        uow.commit()
