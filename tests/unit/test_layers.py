"""The import rules of docs/ARCHITECTURE, checked on the source with ``ast`` (nothing is imported).

Every ``import`` counts for the layer rules, including those inside functions and under
``if TYPE_CHECKING:``; cycles are searched among the module-level imports that run when a
module loads (function-local and TYPE_CHECKING imports cannot make an import cycle).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# package name -> folder; the dev kit's folder is its package (devkit/pyproject.toml: package-dir)
PACKAGES = {name: ROOT / name for name in ("kiosk", "readers", "offline_cache", "ui", "devkit")}
CORE = ("kiosk", "readers", "offline_cache")


@dataclass(frozen=True)
class Import:
    """One import statement's target, as the module it loads (``a.b`` for ``from a import b``
    when ``a/b`` is a module, else ``a``)."""

    source: str          # the importing module
    target: str          # the imported module (dotted)
    line: int
    at_load: bool        # runs when the importing module loads (module level, not TYPE_CHECKING)


def module_name(path: Path) -> str:
    for package, folder in PACKAGES.items():
        if path.is_relative_to(folder):
            parts = (package, *path.relative_to(folder).with_suffix("").parts)
            return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
    raise ValueError(path)


def all_modules() -> dict[str, Path]:
    modules = {}
    for folder in PACKAGES.values():
        for path in folder.rglob("*.py"):
            if "__pycache__" not in path.parts:
                modules[module_name(path)] = path
    return modules


MODULES = all_modules()


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _walk(node: ast.AST, at_load: bool) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child, at_load
        elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            yield from _walk(child, False)
        elif isinstance(child, ast.If) and _is_type_checking(child.test):
            for stmt in child.body:
                yield from _walk(ast.Module(body=[stmt], type_ignores=[]), False)
            for stmt in child.orelse:
                yield from _walk(ast.Module(body=[stmt], type_ignores=[]), at_load)
        else:
            yield from _walk(child, at_load)


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: str, path: Path, source: str | None = None) -> Iterator[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8") if source is None else source, str(path))
    is_package = path.name == "__init__.py"
    for node, at_load in _walk(tree, True):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, alias.name, node.lineno, at_load)
        else:
            base = _resolve(module, is_package, node)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                yield Import(module, sub if sub in MODULES else base, node.lineno, at_load)


ALL_IMPORTS = [imp for module, path in MODULES.items() for imp in imports_of(module, path)]


def _top(name: str) -> str:
    return name.split(".")[0]


def _violations(sources: tuple[str, ...], forbidden) -> list[str]:
    return [f"{imp.source}:{imp.line} imports {imp.target}" for imp in ALL_IMPORTS
            if _top(imp.source) in sources and forbidden(imp.target)]


def _under(*prefixes: str):
    return lambda target: any(target == p or target.startswith(p + ".") for p in prefixes)


@pytest.mark.parametrize(("sources", "forbidden", "rule"), [
    (CORE, _under("ui"), "the core imports nothing from ui/"),
    (CORE, _under("PySide6", "shiboken6"), "Qt only in ui/"),
    (("readers", "offline_cache"), _under("kiosk"), "readers/ and offline_cache/ import nothing of kiosk/"),
    (("kiosk", "readers", "offline_cache", "ui"), _under("devkit"), "nothing of the product imports devkit"),
    (("ui",), _under("kiosk.cli"), "ui/ imports nothing from kiosk.cli"),
])
def test_layer_rule(sources, forbidden, rule):
    assert _violations(sources, forbidden) == [], rule


def find_cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module, or a module importing itself
    (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1 or node in edges.get(node, ()):
                        cycles.append(sorted(component))
    return cycles


def test_find_cycles_finds_a_cycle_and_only_cycles():
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b"}, "b": set(), "c": {"c"}}) == [["c"]]


def test_no_import_cycles_between_our_modules():
    edges: dict[str, set[str]] = {module: set() for module in MODULES}
    for imp in ALL_IMPORTS:
        if imp.at_load and imp.target in MODULES and imp.target != imp.source:
            edges[imp.source].add(imp.target)
    assert find_cycles(edges) == []


def test_the_scan_sees_function_local_type_checking_and_relative_imports():
    """The checker itself, on a made-up module of readers/chip/."""
    source = (
        "from typing import TYPE_CHECKING\n"
        "from . import bac\n"
        "from ..pcsc import system\n"
        "if TYPE_CHECKING:\n"
        "    from kiosk.domain import Identity\n"
        "def f():\n"
        "    import ui.app\n")
    found = {(imp.target, imp.at_load) for imp in imports_of(
        "readers.chip.probe", PACKAGES["readers"] / "chip" / "probe.py", source)}
    assert found == {("typing", True), ("readers.chip.bac", True), ("readers.pcsc.system", True),
                     ("kiosk.domain", False), ("ui.app", False)}
    assert len(MODULES) > 100 and all(_top(m) in PACKAGES for m in MODULES)
