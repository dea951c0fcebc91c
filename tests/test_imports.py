"""Imports run one way: no module reaches, even from inside a function, a module that imports it back.

A circle is how a layer quietly grows back into the one above it (kg.files needed kg.build for
one dataclass; the SPARQL worker and the stores it opens needed each other's names), so it is
checked on the import statements themselves, the top-level and the deferred ones alike.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("store", "ingest", "kg", "retrieval", "pipeline", "service", "cli")


def project_modules(root: Path = ROOT) -> dict[str, Path]:
    """Dotted name → file, for every module of the project's packages (a package is its __init__)."""
    modules = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def imported_modules(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules `name` imports anywhere in its file: `from a import b` is a.b when that is a module."""
    found = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_circles(root: Path = ROOT) -> list[list[str]]:
    """Every set of two or more modules that reach each other through imports (Tarjan's components)."""
    modules = project_modules(root)
    edges = {name: sorted(imported_modules(name, path, modules)) for name, path in modules.items()}
    index, low, stack, on_stack, circles = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while not component or component[-1] != node:
                component.append(stack.pop())
                on_stack.discard(component[-1])
            if len(component) > 1:
                circles.append(sorted(component))

    for name in sorted(modules):
        if name not in index:
            visit(name)
    return sorted(circles)


def test_no_two_project_modules_import_each_other():
    assert import_circles() == []


def test_a_deferred_import_back_counts_as_a_circle(tmp_path):
    (tmp_path / "kg").mkdir()
    (tmp_path / "kg" / "__init__.py").write_text("")
    (tmp_path / "kg" / "build.py").write_text("def fingerprint():\n    from kg import files\n")
    (tmp_path / "kg" / "files.py").write_text("from kg.build import fingerprint\n")
    (tmp_path / "kg" / "model.py").write_text("from .build import fingerprint\n")
    assert import_circles(tmp_path) == [["kg.build", "kg.files"]]
