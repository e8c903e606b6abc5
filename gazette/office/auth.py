"""Roles and permissions, enforced in the core services (not only by hiding buttons).

Every service that changes data says so with ``@mutating`` and calls
``require(session_or_ctx, PERMISSION)`` first. The acting user's role travels with the unit of
work (``session.info["role"]``); the embedded single-user database runs as one administrator.
``tests/test_roles.py`` finds the services by the decorator, calls each as 只读 and expects a
refusal before anything is touched, and fails on any public function that writes undeclared.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
MUTATING = "__gazette_mutating__"


def mutating(func: F) -> F:
    """Declare a service that changes data. It is returned as it is, only marked, so the
    declaration costs nothing and hides nothing; the permission check stays in its body."""
    setattr(func, MUTATING, True)
    return func


def is_mutating(func: Any) -> bool:
    return bool(getattr(func, MUTATING, False))


ROLES: dict[str, str] = {
    "admin": "管理员",
    "editor": "编辑",
    "clerk": "报送管理员",
    "archivist": "档案员",
    "reader": "只读",
}

# permission -> roles that hold it
PERMISSIONS: dict[str, frozenset[str]] = {
    "departments.write": frozenset({"admin", "clerk"}),
    "submissions.write": frozenset({"admin", "clerk", "editor"}),
    "submissions.return": frozenset({"admin", "clerk"}),  # 退文: 报送管理员 or 管理员
    "selection.decide": frozenset({"admin", "editor"}),
    "issues.write": frozenset({"admin", "editor"}),
    "issues.publish": frozenset({"admin", "editor"}),
    "documents.write": frozenset({"admin", "editor", "clerk"}),
    "archive.write": frozenset({"admin", "archivist"}),
    "calendar.write": frozenset({"admin"}),
    "settings.write": frozenset({"admin"}),
    "users.manage": frozenset({"admin"}),
    "backup.run": frozenset({"admin"}),
    "site.build": frozenset({"admin", "editor"}),
    "distribution.write": frozenset({"admin", "editor"}),
    "search.rebuild": frozenset({"admin", "editor"}),
    "lookup.save": frozenset({"admin", "editor", "clerk", "archivist", "reader"}),
}


class PermissionDenied(PermissionError):
    """The acting user's role does not allow this action; the message says which."""


def role_of(holder: Any) -> str:
    """The role carried by a Session (``info['role']``), a UnitOfWork or an AppContext."""
    info = getattr(holder, "info", None)
    if isinstance(info, dict):
        return str(info.get("role", "admin"))
    session = getattr(holder, "session", None)
    if session is not None and isinstance(getattr(session, "info", None), dict):
        return str(session.info.get("role", "admin"))
    return str(getattr(holder, "role", "admin"))


def allowed(role: str, permission: str) -> bool:
    if permission not in PERMISSIONS:
        raise KeyError(f"未知的权限：{permission}")
    return role in PERMISSIONS[permission]


def require(holder: Any, permission: str) -> None:
    role = role_of(holder)
    if not allowed(role, permission):
        raise PermissionDenied(
            f"“{ROLES.get(role, role)}”角色无权执行此操作（需要权限 {permission}）"
        )
