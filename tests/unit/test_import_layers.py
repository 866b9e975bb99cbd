"""The import layering: the command line is on top, the app builds, the core knows no Qt.

- nothing inside the package imports `kiosk.cli` (only `python -m kiosk` runs it);
- the core never imports `kiosk.ui` (the only Qt layer) or `kiosk.app`;
- no two modules of the package import each other, directly or round a longer loop.
Imports inside functions count: a circle that is only broken by importing late is still one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "kiosk"
ENTRY_POINTS = {"kiosk.__main__"}
TOP = {"kiosk.cli", "kiosk.app", *ENTRY_POINTS}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports_of(path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules that the file at `path` imports, anywhere in it."""
    found: set[str] = set()
    package = (
        module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    )
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for imported in names:
            name = imported
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name.startswith("kiosk"):
                found.add(name)
    return found


GRAPH = {name: imports_of(path, modules()) - {name} for name, path in modules().items()}


def is_core(name: str) -> bool:
    return name not in TOP and not name.startswith("kiosk.ui")


def test_the_graph_sees_the_package() -> None:
    assert "kiosk.spc" in GRAPH and "kiosk.feed.schema" in GRAPH["kiosk.feed.updater"] | {
        dep for dep in GRAPH if dep.startswith("kiosk.feed")
    }
    assert "kiosk.args" in GRAPH["kiosk.cli"]


def test_nothing_imports_the_command_line() -> None:
    importers = sorted(n for n, deps in GRAPH.items() if "kiosk.cli" in deps)
    assert set(importers) <= ENTRY_POINTS, importers


@pytest.mark.parametrize("name", sorted(n for n in GRAPH if is_core(n)))
def test_core_does_not_import_the_ui_or_the_app(name: str) -> None:
    upward = sorted(d for d in GRAPH[name] if not is_core(d))
    assert not upward, f"{name} imports {upward}"


def find_circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Import circles in `graph`, by a depth-first search for a back edge; packages' own
    ``__init__`` re-exports count as edges too."""
    state: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(name: str) -> None:
        state[name] = 1
        stack.append(name)
        for dep in sorted(graph.get(name, ())):
            if name.startswith(dep + "."):
                continue  # a module's own parent package is imported first by Python anyway
            if state.get(dep) == 1:
                circles.append([*stack[stack.index(dep) :], dep])
            elif dep not in state:
                visit(dep)
        stack.pop()
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)
    return circles


def test_no_import_circles() -> None:
    circles = find_circles(GRAPH)
    assert not circles, "\n".join(" -> ".join(c) for c in circles)


def test_the_circle_finder_finds_circles() -> None:
    # The circle this test was written against: the app, the command line and the poster renderer.
    old = {
        "kiosk.app": {"kiosk.cli"},
        "kiosk.cli": {"kiosk.ui.render"},
        "kiosk.ui.render": {"kiosk.app"},
        "kiosk.spc.analysis": {"kiosk.spc"},  # a package's own module: not a circle
        "kiosk.spc": {"kiosk.spc.analysis"},
    }
    assert find_circles(old) == [["kiosk.app", "kiosk.cli", "kiosk.ui.render", "kiosk.app"]]
    assert find_circles({"a": {"b"}, "b": {"c"}, "c": set()}) == []
