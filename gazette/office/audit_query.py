"""Reading the audit trail: filter by person, record and date; export to XLSX.

Rows carry the record's name ("2026年第11期", a document's title) and the person's name, so the
trail reads as sentences through ``gazette.office.audit_words``; dates are the office's local dates.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from gazette.db.models import AuditEntry, Department, Document, Issue, IssueItem, Liaison, User
from gazette.files.atomic import atomic_writer
from gazette.files.xlsx_cells import append_row
from gazette.office.audit_words import (
    ACTIONS,
    TABLE_LABELS,
    field_label,
    local_time,
    sentence,
    utc_bound,
)
from gazette.vocab import issue_label

__all__ = ["ACTIONS", "TABLE_LABELS", "AuditRow", "export_xlsx", "query"]


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime
    actor: str
    action: str
    table_name: str
    record_id: str
    changes: dict
    who: str = ""  # the person's name, else the user name
    record: str = ""  # the record as the office names it, else its table and number

    @property
    def local_at(self) -> dt.datetime:
        return local_time(self.at)

    def summary(self) -> str:
        return sentence(
            self.who or self.actor, self.action, self.table_name, self.record, self.changes
        )


def query(
    session: Session,
    *,
    actor: str | None = None,
    table: str | None = None,
    record_id: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = 5000,
) -> list[AuditRow]:
    stmt = select(
        AuditEntry.id,
        AuditEntry.at,
        AuditEntry.actor,
        AuditEntry.action,
        AuditEntry.table_name,
        AuditEntry.record_id,
        AuditEntry.changes,
    )
    if actor:
        stmt = stmt.where(AuditEntry.actor == actor)
    if table:
        stmt = stmt.where(AuditEntry.table_name == table)
    if record_id:
        stmt = stmt.where(AuditEntry.record_id == record_id)
    if since:
        stmt = stmt.where(AuditEntry.at >= utc_bound(since))
    if until:
        stmt = stmt.where(AuditEntry.at < utc_bound(until + dt.timedelta(days=1)))
    stmt = stmt.order_by(AuditEntry.id.desc()).limit(limit)
    rows = [AuditRow(*row) for row in session.execute(stmt)]
    names = _record_names(session, rows)
    people = dict(session.execute(select(User.username, User.display_name)).all())
    return [
        replace(
            r,
            who=people.get(r.actor) or r.actor,
            record=names.get((r.table_name, r.record_id))
            or _name_from_changes(r)
            or f"{TABLE_LABELS.get(r.table_name, r.table_name)}#{r.record_id}",
        )
        for r in rows
    ]


def _ids(rows: list[AuditRow], table: str) -> set[int]:
    return {int(r.record_id) for r in rows if r.table_name == table and r.record_id.isdigit()}


def _record_names(session: Session, rows: list[AuditRow]) -> dict[tuple[str, str], str]:
    """The records' present names, read in one query per table."""
    out: dict[tuple[str, str], str] = {}
    if ids := _ids(rows, "issues"):
        for i, year, number, supplement in session.execute(
            select(Issue.id, Issue.year, Issue.number, Issue.supplement).where(Issue.id.in_(ids))
        ):
            out[("issues", str(i))] = issue_label(year, number, supplement)
    if ids := _ids(rows, "documents"):
        for i, title in session.execute(
            select(Document.id, Document.title).where(Document.id.in_(ids))
        ):
            out[("documents", str(i))] = f"《{title}》"
    if ids := _ids(rows, "issue_items"):
        stmt = (
            select(IssueItem.id, Issue.year, Issue.number, Issue.supplement, Document.title)
            .join(Issue, Issue.id == IssueItem.issue_id)
            .join(Document, Document.id == IssueItem.document_id)
            .where(IssueItem.id.in_(ids))
        )
        for i, year, number, supplement, title in session.execute(stmt):
            out[("issue_items", str(i))] = f"{issue_label(year, number, supplement)}中的《{title}》"
    for table, model in (("departments", Department), ("liaisons", Liaison)):
        if ids := _ids(rows, table):
            for i, name in session.execute(select(model.id, model.name).where(model.id.in_(ids))):
                out[(table, str(i))] = name
    if ids := _ids(rows, "users"):
        for i, name in session.execute(select(User.id, User.display_name).where(User.id.in_(ids))):
            out[("users", str(i))] = f"用户 {name}"
    return out


def _name_from_changes(row: AuditRow) -> str:
    """A deleted record is gone from its table; its last values still name it."""
    values = {
        k: (v.get("new") if row.action == "create" else v.get("old"))
        for k, v in row.changes.items()
    }
    if row.table_name == "issues" and values.get("year") and values.get("number"):
        return issue_label(
            int(values["year"]), int(values["number"]), int(values.get("supplement") or 0)
        )
    if row.table_name == "settings":
        return field_label(row.record_id)
    for key in ("title", "name", "display_name"):
        if values.get(key):
            return str(values[key])
    return ""


def export_xlsx(rows: list[AuditRow], path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "审计记录"
    append_row(ws, ["编号", "时间", "操作人", "操作", "类别", "记录", "经过", "原始记录"])
    for r in rows:
        append_row(
            ws,
            [
                r.id,
                r.local_at.strftime("%Y-%m-%d %H:%M:%S"),
                r.who or r.actor,
                ACTIONS.get(r.action, r.action),
                TABLE_LABELS.get(r.table_name, r.table_name),
                r.record,
                r.summary(),
                json.dumps(r.changes, ensure_ascii=False),  # kept for the auditor, verbatim
            ],
        )
    with atomic_writer(path, "wb") as fh:
        wb.save(fh)
