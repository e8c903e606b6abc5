"""The screens touch data only through ``ui/ops.py``: no unit of work, no SQL, no core privates.

Checked by parsing every module under ``ui/`` with ``ast`` (not by grepping), so an import
inside a function or under another name (``import sqlalchemy as sa``, ``from gazette.db import
uow as u``) is found too. ``ui/ops.py`` is the one place allowed to open a unit of work.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI = ROOT / "ui"
ALLOWED_UOW = {"ui/ops.py"}
CORE = ("gazette", "archive")
SESSION_CALLS = {"execute", "scalar", "scalars"}


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _is_core(module: str) -> bool:
    return module.split(".")[0] in CORE


def _is_sqlalchemy(module: str) -> bool:
    return module.split(".")[0] == "sqlalchemy"


def _dotted(node: ast.AST) -> str:
    """``a.b.c`` for a chain of names and attributes, '' otherwise."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    if isinstance(node, ast.Call):  # db.session().execute(...)
        head = _dotted(node.func) + "()"
        return ".".join([head, *reversed(parts)])
    return ""


class _Checker(ast.NodeVisitor):
    def __init__(self, rel: str) -> None:
        self.rel = rel
        self.found: list[str] = []
        self.core_modules: dict[str, str] = {}  # local name -> core module it stands for
        self.uow_makers: set[str] = {"UnitOfWork"}  # local names that construct a unit of work
        self.sessions: set[str] = set()  # local names bound to a session

    def _flag(self, node: ast.AST, what: str) -> None:
        self.found.append(f"{self.rel}:{getattr(node, 'lineno', 0)}: {what}")

    # imports ------------------------------------------------------------------------------
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if _is_sqlalchemy(alias.name):
                self._flag(node, f"imports {alias.name} (SQL belongs in the core)")
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if node.level == 0 and _is_sqlalchemy(module):
            self._flag(node, f"imports from {module} (SQL belongs in the core)")
        elif node.level == 0 and _is_core(module):
            for alias in node.names:
                if _private(alias.name):
                    self._flag(node, f"imports the private {module}.{alias.name}")
        self.generic_visit(node)

    def learn_imports(self, tree: ast.AST) -> None:
        """Every name a core import binds, wherever the import sits, before any use is read.

        ``from gazette.db import uow as u`` binds a module, so ``u.UnitOfWork(...)`` is found;
        ``from gazette.db import UnitOfWork as W`` makes ``W(...)`` a unit of work.
        """
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and _is_core(node.module or ""):
                for alias in node.names:
                    local = alias.asname or alias.name
                    self.core_modules[local] = f"{node.module}.{alias.name}"
                    if alias.name == "UnitOfWork":
                        self.uow_makers.add(local)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if _is_core(alias.name):
                        local = alias.asname or alias.name.split(".")[0]
                        self.core_modules[local] = alias.name if alias.asname else local

    # names bound to sessions ----------------------------------------------------------------
    def _note_session_targets(self, targets: list[ast.expr], value: ast.AST | None) -> None:
        if value is None:
            return
        source = _dotted(value.func if isinstance(value, ast.Call) else value)
        if not source:
            return
        last = source.rsplit(".", 1)[-1].lower()
        if "session" in last:
            for target in targets:
                if isinstance(target, ast.Name):
                    self.sessions.add(target.id)

    def visit_Assign(self, node: ast.Assign) -> None:
        self._note_session_targets(node.targets, node.value)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._note_session_targets([node.target], node.value)
        self.generic_visit(node)

    def visit_withitem(self, node: ast.withitem) -> None:
        if node.optional_vars is not None:
            self._note_session_targets([node.optional_vars], node.context_expr)
        self.generic_visit(node)

    # uses -----------------------------------------------------------------------------------
    def visit_Attribute(self, node: ast.Attribute) -> None:
        value = node.value
        if _private(node.attr) and isinstance(value, ast.Name) and value.id in self.core_modules:
            self._flag(node, f"uses the private {self.core_modules[value.id]}.{node.attr}")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = _dotted(func)
        if isinstance(func, ast.Attribute) and func.attr == "uow" and self.rel not in ALLOWED_UOW:
            self._flag(node, f"calls {name or 'uow'}() (use ui.ops.run_op/run_query)")
        elif isinstance(func, ast.Name) and func.id in self.uow_makers:
            self._flag(node, f"constructs {func.id}(...) (use ui.ops.run_op/run_query)")
        elif isinstance(func, ast.Attribute) and func.attr == "UnitOfWork":
            self._flag(node, f"constructs {name}(...) (use ui.ops.run_op/run_query)")
        elif isinstance(func, ast.Attribute) and func.attr in SESSION_CALLS:
            receiver = _dotted(func.value)
            tail = receiver.rsplit(".", 1)[-1].lower()
            if "session" in tail or receiver in self.sessions:
                self._flag(node, f"runs SQL through {receiver}.{func.attr}(...)")
        self.generic_visit(node)


def violations(source: str, rel: str) -> list[str]:
    """Every breach of the boundary in one module's source, as ``file:line: what``."""
    checker = _Checker(rel)
    tree = ast.parse(source, filename=rel)
    checker.learn_imports(tree)
    checker.visit(tree)
    return sorted(set(checker.found), key=lambda s: (s.split(":")[0], int(s.split(":")[1])))


def all_violations() -> list[str]:
    found: list[str] = []
    for path in sorted(UI.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        found.extend(violations(path.read_text(encoding="utf-8"), rel))
    return found


def test_ui_goes_through_ops_only() -> None:
    found = all_violations()
    assert not found, "界面越过 ui/ops.py 直接触碰数据：\n" + "\n".join(found)


BAD = """
import sqlalchemy as sa
from gazette.db import UnitOfWork as W
from gazette.db import uow as u


def later(ctx, screen):
    from sqlalchemy import select as s
    from gazette.issues import planning as p
    from gazette.submissions.queries import _rows as r
    with ctx.uow() as work:
        work.session.execute(s(1))
    W(ctx.db)
    u.UnitOfWork(ctx.db)
    ses = work.session
    ses.scalars(sa.text("x"))
    screen.ctx.db.session().scalar(1)
    p._next_number(1)
    return r
"""


def test_checker_catches_every_forbidden_form() -> None:
    found = violations(BAD, "ui/probe.py")
    lines = {int(f.split(":")[1]) for f in found}
    text = "\n".join(found)
    assert lines == {2, 8, 10, 11, 12, 13, 14, 16, 17, 18}, text
    assert "imports sqlalchemy" in text
    assert "calls ctx.uow()" in text
    assert "constructs W(...)" in text
    assert "constructs u.UnitOfWork(...)" in text
    assert "runs SQL through work.session.execute" in text
    assert "runs SQL through ses.scalars" in text
    assert "uses the private gazette.issues.planning._next_number" in text
    assert "imports the private gazette.submissions.queries._rows" in text
    assert "runs SQL through screen.ctx.db.session().scalar" in text


def test_checker_allows_ops_and_plain_uses() -> None:
    fine = """
from gazette.db import UnitOfWork
from gazette.issues import planning
from ui import ops


def load(screen) -> None:
    def read(uow: UnitOfWork):
        return planning.list_issues(uow)
    ops.run_query(screen, "读取", read, print)
    screen.dialog.exec()
    planning.__name__
"""
    assert violations(fine, "ui/probe.py") == []
    assert violations("def f(ctx):\n    return ctx.uow()\n", "ui/ops.py") == []
    assert violations("def f(ctx):\n    return ctx.uow()\n", "ui/other.py") != []
