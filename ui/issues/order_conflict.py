"""When someone rearranged an issue first: their order beside mine, to reload or pick one."""

from __future__ import annotations

from typing import Any

from gazette.db import UnitOfWork
from gazette.issues import planning as issues
from gazette.office.conflicts import ConflictError
from ui import ops
from ui.conflict_dialog import resolve


def item_versions(plan: issues.IssuePlan) -> dict[int, int]:
    """Every item's version as the screen shows it: what a reorder saves against."""
    return {i.id: i.version for s in plan.sections for i in s.items}


def resolve_order_conflict(
    screen: Any, error: ConflictError, shown: issues.IssuePlan, section_id: int, order: list[int]
) -> None:
    """Read the section's order as it is now, then open ``screen.conflict_dialog`` with it."""
    issue_id = shown.issue.id

    def read(uow: UnitOfWork) -> issues.IssuePlan:
        return issues.plan(uow, issue_id)

    def opened(now: issues.IssuePlan) -> None:
        screen.conflict_dialog = _dialog(screen, error, shown, now, section_id, order)

    ops.run_query(screen, "读取当前编排", read, opened, on_error=screen._failed)


def _dialog(
    screen: Any,
    error: ConflictError,
    shown: issues.IssuePlan,
    now: issues.IssuePlan,
    section_id: int,
    order: list[int],
) -> Any:
    """The conflict dialog for a reorder: the section's order as shown, as I dragged it, and
    as it is now. ``screen`` is the 公报编排 screen (reload and re-save go through it)."""
    titles = {i.id: i.title for p in (shown, now) for s in p.sections for i in s.items}

    def ids(plan: issues.IssuePlan) -> list[int]:
        return [i.id for s in plan.sections if s.id == section_id for i in s.items]

    def show(_key: str, value: Any) -> str:
        return "、".join(f"{n}. {titles.get(i, i)}" for n, i in enumerate(value, 1))

    return resolve(
        screen,
        error,
        {"order": ids(shown)},
        {"order": order},
        theirs={"order": ids(now)},
        on_reload=screen.load_issue,
        on_merge=lambda merged, _e: screen._move(
            section_id, list(merged["order"]), item_versions(now)
        ),
        show=show,
        subject=f"{shown.issue.label}的编排顺序",
    )
