"""How 公报编排's three panes share their width when the issue list must show every column."""

from __future__ import annotations


def widen_list(sizes: list[int], needed: int, plan_floor: int, tabs_floor: int) -> list[int]:
    """The splitter sizes (list, plan, tabs) with the list widened to ``needed``, taking the room
    from the side tabs first, then the plan. A pane narrower than its minimum (the tab bar's)
    would not shrink, so only what each can give above its floor is counted."""
    lack = needed - sizes[0]
    if lack <= 0:
        return list(sizes)
    from_tabs = min(lack, max(0, sizes[2] - tabs_floor))
    from_plan = min(lack - from_tabs, max(0, sizes[1] - plan_floor))
    return [sizes[0] + from_tabs + from_plan, sizes[1] - from_plan, sizes[2] - from_tabs]
