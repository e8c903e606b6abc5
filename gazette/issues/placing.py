"""Placing a document in an issue by its 栏目's name, and taking it out again: what the command
line's ``issue add``/``issue remove`` do, on top of the plan's item services."""

from __future__ import annotations

from sqlalchemy import select

from gazette.db.models import IssueItem
from gazette.db.uow import UnitOfWork
from gazette.issues.planning import (
    IssueError,
    add_item,
    find_section,
    remove_item,
    reorder,
    switched_off,
)
from gazette.office.auth import mutating, require


@mutating
def place_document(
    uow: UnitOfWork, issue_id: int, document_id: int, section: str, position: int | None = None
) -> int:
    """Put a document into an issue's 栏目 by name, at ``position`` (1 = first) or at the end."""
    require(uow, "issues.write")
    s = uow.session
    section_id = find_section(uow, section)
    if section_id in switched_off(uow, issue_id):
        raise IssueError(f"栏目“{section}”在本期已停用，请先启用该栏目")
    if position is not None and position < 1:
        raise IssueError(f"位置（--position）应从 1 开始，不能是 {position}")
    item_id = add_item(uow, issue_id, document_id, section_id)
    if position is not None:
        order = list(
            s.scalars(
                select(IssueItem.id)
                .where(IssueItem.issue_id == issue_id, IssueItem.section_id == section_id)
                .where(IssueItem.id != item_id)
                .order_by(IssueItem.position, IssueItem.id)
            )
        )
        order.insert(min(position - 1, len(order)), item_id)
        reorder(uow, issue_id, section_id, order)
    return item_id


@mutating
def take_out(uow: UnitOfWork, issue_id: int, document_id: int) -> None:
    """Remove a document from an issue (the document itself stays)."""
    require(uow, "issues.write")
    item_id = uow.session.scalar(
        select(IssueItem.id).where(
            IssueItem.issue_id == issue_id, IssueItem.document_id == document_id
        )
    )
    if item_id is None:
        raise IssueError(f"文件（编号 {document_id}）不在本期中")
    remove_item(uow, item_id)
