"""The house rules: the core never imports Qt or ui, gazette/ never imports archive/, and the
packages import one way only (a layered map, no circles)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = r"""
import importlib, pkgutil, sys
pkg = importlib.import_module(sys.argv[1])
names = [m.name for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + ".")]
for name in names:
    if ".migrations" in name:
        continue
    importlib.import_module(name)
bad = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "ui"))
print("QT:" + ",".join(bad))
print("ARCHIVE:" + ",".join(sorted(m for m in sys.modules if m.split(".")[0] == "archive")))
print("COUNT:%d" % len(names))
"""


def _probe(package: str) -> dict[str, str]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, package],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return dict(line.split(":", 1) for line in proc.stdout.splitlines() if ":" in line)


def test_gazette_imports_no_qt_and_no_archive() -> None:
    found = _probe("gazette")
    assert int(found["COUNT"]) > 5
    assert found["QT"] == ""
    assert found["ARCHIVE"] == ""


def test_archive_imports_no_qt() -> None:
    found = _probe("archive")
    assert found["QT"] == ""


# --- the import map ------------------------------------------------------------------------------
# Every import in gazette/, archive/, ui/ and the entry scripts is an edge, including imports
# inside functions (a lazy import is still a dependency); imports under ``if TYPE_CHECKING:`` are
# not, since they only name a type. Alembic's migration scripts are left out: the migrator loads
# them by file, nothing imports them, and each is frozen at its revision.
#
# Nodes: each sub-package of gazette/ is one node (``gazette.issues``); each top-level module of
# gazette/ is its own node (``gazette.context``, ``gazette.vocab``; ``gazette`` is the package's
# __init__), because they sit at very different heights: the vocabulary at the bottom, the
# context (which opens the database and adds its steps) near the top. archive/ and ui/ are one
# node each; their insides may import each other freely.
#
# A node may import only nodes of a lower layer. This is the map the README's Architecture
# section shows; a new package must be placed here before it can be imported.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("gazette", "gazette.vocab", "gazette.progress", "gazette.resources"),
    ("gazette.db",),
    ("gazette.files",),
    ("gazette.office",),
    ("gazette.config", "gazette.calendar", "gazette.departments", "gazette.texts"),
    ("gazette.search", "gazette.layout"),
    ("gazette.pdf", "gazette.distribution"),
    ("gazette.site",),
    ("gazette.issues",),
    ("gazette.submissions",),
    ("gazette.reports",),
    ("gazette.context",),
    ("gazette.demo",),
    ("gazette.cli",),
    ("archive",),
    ("ui",),
    ("commands", "main"),
)
LAYER_OF = {node: n for n, layer in enumerate(LAYERS) for node in layer}
OURS = ("gazette", "archive", "ui", "commands", "main")


def _module_files() -> dict[str, Path]:
    found = {}
    for pkg in ("gazette", "archive", "ui"):
        for path in (ROOT / pkg).rglob("*.py"):
            if "migrations" in path.relative_to(ROOT).parts:
                continue
            rel = path.relative_to(ROOT).with_suffix("")
            found[".".join(rel.parts).removesuffix(".__init__")] = path
    for script in ("commands", "main"):
        found[script] = ROOT / f"{script}.py"
    return found


def _node(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "gazette" else parts[0]


def _type_only(tree: ast.Module) -> set[int]:
    """The ids of the nodes inside ``if TYPE_CHECKING:`` blocks."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", "")
            if name == "TYPE_CHECKING":
                skip.update(id(sub) for stmt in node.body for sub in ast.walk(stmt))
    return skip


def _imports(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The modules of ours that ``module`` imports, anywhere in its body."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_only(tree)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package[: len(package) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:  # ``from gazette import config`` imports a module
                full = f"{base}.{alias.name}"
                found.add(full if full in known else base)
    return {m for m in found if m.split(".")[0] in OURS}


def import_edges() -> dict[tuple[str, str], list[str]]:
    """(node, node) -> the module imports that make that edge, as 'a.b imports c.d'."""
    known = _module_files()
    edges: dict[tuple[str, str], list[str]] = {}
    for module, path in sorted(known.items()):
        for target in sorted(_imports(module, path, known)):
            a, b = _node(module), _node(target)
            if a != b:
                edges.setdefault((a, b), []).append(f"{module} imports {target}")
    return edges


def cycles(edges: dict[tuple[str, str], list[str]]) -> list[list[str]]:
    """One cycle through each group of nodes that import each other (Tarjan's components)."""
    graph: dict[str, list[str]] = {}
    for a, b in sorted(edges):
        graph.setdefault(a, []).append(b)
        graph.setdefault(b, [])
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(group)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    found = []
    for group in groups:  # walk inside the group from its first node back to it
        start = min(group)
        path, seen = [start], {start}
        while True:
            nxt = next(w for w in graph[path[-1]] if w in group and (w == start or w not in seen))
            if nxt == start:
                break
            path.append(nxt)
            seen.add(nxt)
        found.append(path)
    return found


def test_every_node_has_a_layer() -> None:
    nodes = {_node(m) for m in _module_files()}
    assert nodes - LAYER_OF.keys() == set(), "place these in LAYERS (and the README's map)"


def test_no_import_circle_between_packages() -> None:
    edges = import_edges()
    found = cycles(edges)
    said = []
    for path in found:
        steps = list(zip(path, [*path[1:], path[0]], strict=True))
        said.append(" → ".join([*path, path[0]]))
        said += [f"    {edges[step][0]}" for step in steps]
    assert found == [], "import circles between packages:\n" + "\n".join(said)


def test_packages_import_only_layers_below_them() -> None:
    wrong = [
        f"{a} (layer {LAYER_OF[a]}) may not import {b} (layer {LAYER_OF[b]}): {why[0]}"
        for (a, b), why in sorted(import_edges().items())
        if a in LAYER_OF and b in LAYER_OF and LAYER_OF[b] >= LAYER_OF[a]
    ]
    assert wrong == [], "\n".join(wrong)


def test_the_import_map_finds_circles_and_lazy_imports(tmp_path: Path) -> None:
    """The checks above can fail: a circle made of a lazy import is found and named."""
    edges = {("a", "b"): ["a.x imports b.y"], ("b", "c"): ["b imports c"], ("c", "a"): ["c.z"]}
    assert cycles(edges) == [["a", "b", "c"]]
    assert cycles({("a", "b"): ["."], ("b", "c"): ["."]}) == []
    code = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from gazette.context import AppContext\n"
        "def f():\n    from gazette.issues import render\n    import ui.app as app\n"
    )
    path = tmp_path / "probe.py"
    path.write_text(code, encoding="utf-8")
    known = _module_files()
    assert _imports("gazette.db.probe", path, known) == {"gazette.issues.render", "ui.app"}
