"""Every core service that changes data refuses the read-only role (enforced in the core).

The services are found, not listed: every public function in gazette/ and archive/ whose body
calls ``require(...)``. Each is called as 只读 with empty arguments, and must raise
PermissionDenied before touching anything. A second check finds public functions that commit
without calling ``require`` at all.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

from gazette.office.auth import PERMISSIONS, PermissionDenied

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("gazette", "archive")
# functions that commit on purpose without a permission (and why)
NO_PERMISSION_NEEDED = {
    "gazette.office.users.change_own_password",  # everyone may change their own password
    "gazette.office.leases.acquire",  # a lease is bookkeeping of a job that checked its permission
    "gazette.office.leases.renew",
    "gazette.office.leases.release",
    "gazette.site.synth.fill",  # builds a synthetic archive for tests and benchmarks only
}


def _modules() -> list[tuple[str, ast.Module]]:
    found = []
    for pkg in PACKAGES:
        for path in sorted((ROOT / pkg).rglob("*.py")):
            rel = path.relative_to(ROOT).with_suffix("")
            if "migrations" in rel.parts:
                continue
            name = ".".join(rel.parts).removesuffix(".__init__")
            found.append((name, ast.parse(path.read_text(encoding="utf-8"))))
    return found


def _calls(func: ast.AST, name: str) -> bool:
    for node in ast.walk(func):
        if isinstance(node, ast.Call):
            target = node.func
            called = target.id if isinstance(target, ast.Name) else getattr(target, "attr", "")
            if called == name:
                return True
    return False


def _permissions(func: ast.AST) -> set[str]:
    """The permission names a function passes to require(...) as string literals."""
    found = set()
    for node in ast.walk(func):
        if isinstance(node, ast.Call) and len(node.args) >= 2:
            target = node.func
            called = target.id if isinstance(target, ast.Name) else getattr(target, "attr", "")
            if called == "require" and isinstance(node.args[1], ast.Constant):
                found.add(str(node.args[1].value))
    return found


def _readers_may(func: ast.AST) -> bool:
    """Services whose every permission 只读 holds (e.g. saving one's own searches)."""
    perms = _permissions(func)
    return bool(perms) and all("reader" in PERMISSIONS.get(p, ()) for p in perms)


def _guarded() -> list[str]:
    names = []
    for module, tree in _modules():
        for node in tree.body:
            public = isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
            guarded = public and _calls(node, "require") and module != "gazette.office.auth"
            if guarded and not _readers_may(node):
                names.append(f"{module}.{node.name}")
    return names


class ReaderHolder:
    """Looks like a session, a unit of work and a context, all signed in as 只读."""

    role = "reader"
    user = "reader"

    def __init__(self) -> None:
        self.info = {"role": "reader", "user": "reader"}
        self.session = self

    def uow(self) -> ReaderHolder:
        return self

    def __enter__(self) -> ReaderHolder:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


GUARDED = _guarded()


def test_services_were_found() -> None:
    assert len(GUARDED) >= 8, GUARDED


@pytest.mark.parametrize("qualname", GUARDED)
def test_reader_is_refused(qualname: str) -> None:
    module, _, name = qualname.rpartition(".")
    func = getattr(importlib.import_module(module), name)
    params = list(inspect.signature(func).parameters.values())
    args = [ReaderHolder()] + [None] * sum(
        1
        for p in params[1:]
        if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    )
    kwargs = {p.name: None for p in params if p.kind is p.KEYWORD_ONLY and p.default is p.empty}
    with pytest.raises(PermissionDenied):
        func(*args, **kwargs)


def test_no_service_commits_without_a_permission_check() -> None:
    unguarded = []
    for module, tree in _modules():
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                qual = f"{module}.{node.name}"
                exempt = (
                    qual in NO_PERMISSION_NEEDED
                    or module.endswith("_cli")
                    or ".demo." in module  # demo parts run only under demo.load, which checks
                )
                if _calls(node, "commit") and not _calls(node, "require") and not exempt:
                    unguarded.append(qual)
    assert unguarded == [], f"these commit without gazette.office.auth.require: {unguarded}"


# the paths a 只读 person could once run unchecked (builds, reindexing, site export, backup,
# calendar import): each must stay among the guarded services refused above
ONCE_UNCHECKED = {
    "gazette.layout.render.render_issue",
    "gazette.search.service.rebuild",
    "gazette.site.build.build",
    "gazette.office.backup.make_backup",
    "gazette.office.backup.restore_sqlite",
    "gazette.office.backup.auto_backup",
    "gazette.calendar.admin.import_notice_file",
    "gazette.calendar.store.import_notice",
}


def test_build_reindex_site_backup_and_calendar_paths_are_guarded() -> None:
    assert sorted(ONCE_UNCHECKED - set(GUARDED)) == []
