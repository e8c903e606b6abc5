"""Reading the audit trail: filter by person, record and date; export to XLSX."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from gazette.db.models import AuditEntry
from gazette.fileio import atomic_writer
from gazette.xlsx_cells import append_row

ACTIONS = {"create": "新增", "update": "修改", "delete": "删除"}
TABLE_LABELS = {
    "departments": "部门",
    "liaisons": "联络员",
    "documents": "文件",
    "issues": "期次",
    "issue_items": "期次文件",
    "sections": "栏目",
    "settings": "设置",
    "users": "用户",
    "holiday_overrides": "节假日",
    "calendar_years": "日历年份",
}


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime
    actor: str
    action: str
    table_name: str
    record_id: str
    changes: dict

    def summary(self) -> str:
        parts = []
        for key, change in self.changes.items():
            old, new = change.get("old"), change.get("new")
            if self.action == "update":
                parts.append(f"{key}: {old!s} → {new!s}")
            else:
                parts.append(f"{key}={new if self.action == 'create' else old!s}")
        return "；".join(parts)


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
        stmt = stmt.where(AuditEntry.at >= dt.datetime.combine(since, dt.time.min))
    if until:
        stmt = stmt.where(
            AuditEntry.at < dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min)
        )
    stmt = stmt.order_by(AuditEntry.id.desc()).limit(limit)
    return [AuditRow(*row) for row in session.execute(stmt)]


def export_xlsx(rows: list[AuditRow], path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "审计记录"
    append_row(ws, ["编号", "时间（UTC）", "操作人", "操作", "数据表", "记录", "修改内容"])
    for r in rows:
        append_row(
            ws,
            [
                r.id,
                r.at.strftime("%Y-%m-%d %H:%M:%S"),
                r.actor,
                ACTIONS.get(r.action, r.action),
                r.table_name,
                r.record_id,
                json.dumps(r.changes, ensure_ascii=False),
            ],
        )
    with atomic_writer(path, "wb") as fh:
        wb.save(fh)
