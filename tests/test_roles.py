"""Every core service that changes data says so, and refuses the read-only role (in the core).

The services are found, not listed: every public function in gazette/ and archive/ decorated
``@mutating`` (gazette.office.auth). Each is called as 只读 with empty arguments, and must raise
PermissionDenied before touching anything: the fake holder has no database, so a service that
looks before it checks fails with another error.

A second check keeps the declaration honest: a public function that writes must be decorated.
"Writes" is read from the code with ``ast`` and kept simple:

- it calls ``add``, ``add_all``, ``delete``, ``merge`` or ``flush`` on a session (a name
  ``session`` or ``s``, or any ``….session``), or ``.commit()`` on anything, or
  ``execute(insert(…) / update(…) / delete(…))``;
- or it calls a private function of its own module (``_record``) that writes by this rule.

A public function that writes only through another module's public services is not a writer
itself: those services are declared where they are defined, and refuse the reader there. Nor is
a change made only by setting an attribute of a loaded record for the caller to commit: the rule
cannot tell a record from any other object, so such a service (``change_own_password``) is
declared by hand, as every service is.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

from gazette.office.auth import PERMISSIONS, PermissionDenied, is_mutating

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("gazette", "archive")
# services that change data on purpose without refusing the reader (and why)
NO_PERMISSION_NEEDED = {
    "gazette.office.users.change_own_password",  # everyone may change their own password
    "gazette.office.leases.acquire",  # a lease is bookkeeping of a job that checked its permission
    "gazette.office.leases.renew",
    "gazette.office.leases.release",
    # flushes rows the calling service changed, after that service's own check
    "gazette.office.conflicts.flush_guarded",
    # creates the five default sections on a database's first look at its plan, which a reader
    # may take; it adds no content, only the empty sections every office starts with
    "gazette.issues.planning.ensure_sections",
}
WRITES = {"add", "add_all", "delete", "merge", "flush"}
SQL_WRITES = {"insert", "update", "delete"}


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


def _functions(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    return {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}


def _decorated(func: ast.FunctionDef) -> bool:
    return any(
        getattr(d, "id", getattr(d, "attr", None)) == "mutating" for d in func.decorator_list
    )


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


def _is_session(expr: ast.expr) -> bool:
    if isinstance(expr, ast.Name):
        return expr.id in {"session", "s"}
    return isinstance(expr, ast.Attribute) and expr.attr == "session"


def _sql_write(arg: ast.expr) -> bool:
    """``insert(T)``, ``update(T).where(…).values(…)``, ``delete(T)`` and the like."""
    node: ast.expr = arg
    while (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr not in SQL_WRITES
    ):
        node = node.func.value
    if not isinstance(node, ast.Call):
        return False
    f = node.func
    return (f.id if isinstance(f, ast.Name) else getattr(f, "attr", "")) in SQL_WRITES


def direct_write(func: ast.AST) -> str | None:
    """The first write in ``func``'s own body, as source text, or None."""
    for node in ast.walk(func):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            attr, target = node.func.attr, node.func
            if (attr in WRITES and _is_session(target.value)) or attr == "commit":
                return f"{ast.unparse(target)}()"
            if attr == "execute" and node.args and _sql_write(node.args[0]):
                return f"execute({ast.unparse(node.args[0])[:50]})"
    return None


def writers(tree: ast.Module) -> dict[str, str]:
    """Function name -> how it writes, through its module's private helpers too."""
    funcs = _functions(tree)
    how = {name: w for name, f in funcs.items() if (w := direct_write(f))}
    grew = True
    while grew:
        grew = False
        for name, f in funcs.items():
            if name in how:
                continue
            for node in ast.walk(f):
                called = (
                    node.func.id
                    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    else ""
                )
                if called.startswith("_") and called in how:
                    how[name], grew = f"{called}() → {how[called]}", True
                    break
    return how


def _declared() -> tuple[list[str], list[str]]:
    """(every public function decorated @mutating, the ones that must refuse 只读)."""
    declared, refusing = [], []
    for module, tree in _modules():
        for name, node in _functions(tree).items():
            if name.startswith("_") or not _decorated(node):
                continue
            qual = f"{module}.{name}"
            declared.append(qual)
            exempt = (
                qual in NO_PERMISSION_NEEDED
                or _readers_may(node)
                or module.startswith("gazette.demo.")  # demo parts run only under demo.load
            )
            if not exempt:
                refusing.append(qual)
    return declared, refusing


DECLARED, GUARDED = _declared()


def test_services_were_found() -> None:
    # 67 refused the reader when they were still found by their commits; none may fall out
    assert len(GUARDED) >= 67, GUARDED


@pytest.mark.parametrize("qualname", DECLARED)
def test_the_declaration_is_the_real_decorator(qualname: str) -> None:
    module, _, name = qualname.rpartition(".")
    assert is_mutating(getattr(importlib.import_module(module), name)), qualname


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


def test_no_public_function_writes_undeclared() -> None:
    undeclared = []
    for module, tree in _modules():
        funcs = _functions(tree)
        for name, how in writers(tree).items():
            if not name.startswith("_") and not _decorated(funcs[name]):
                undeclared.append(f"{module}.{name} ({how})")
    assert undeclared == [], "these write but are not declared @mutating: " + ", ".join(undeclared)


def test_every_exemption_is_a_declared_service() -> None:
    assert set(DECLARED) >= NO_PERMISSION_NEEDED, NO_PERMISSION_NEEDED - set(DECLARED)


def test_the_write_rule_sees_what_it_promises() -> None:
    """The rule can fail: each kind of write, and a write through a private helper, is seen."""
    code = """
def a(uow):
    uow.session.add(x)
def b(s):
    s.flush()
def c(conn):
    conn.execute(update(T).where(T.id == 1).values(v=2))
def d(ctx):
    with ctx.uow() as uow:
        uow.commit()
def e(session):
    _helper(session)
def _helper(session):
    session.execute(insert(T))
def reads(session, ids):
    ids.add(1)
    return session.scalars(select(T))
"""
    found = writers(ast.parse(code))
    assert sorted(found) == ["_helper", "a", "b", "c", "d", "e"]
    assert found["e"] == "_helper() → execute(insert(T))"


# the paths a 只读 person could once run unchecked (builds, reindexing, site export, backup,
# calendar import): each must stay among the guarded services refused above
ONCE_UNCHECKED = {
    "gazette.issues.render.render_issue",
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
