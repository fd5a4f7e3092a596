"""The house rules of docs/architecture.md, checked on the source: which part may import
which, for every import statement (also those inside functions), and no import cycles."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "lessonkit"

#: Private helpers every part may use (they import only each other and ``errors``).
FOUNDATION = {
    "errors",
    "_resources",
    "_version",
    "_yaml",
    "_schemas",
    "_validation",
    "_inputs",
    "_extras",
    "_cache",
}
#: Each part and what it may import besides itself and the foundation (the table of
#: docs/architecture.md).
ALLOWED = {
    "data": {"_context"},
    "quiz": {"data"},
    "render": {"quiz", "data", "_context"},
    "live": {"render", "quiz", "answers", "_context"},
    "book": {"render", "quiz", "data", "_context"},
    "answers": {"_context"},
    "teacher": {"quiz", "answers", "data", "render"},
    "errors": set(),
    "_context": set(),
    "_version": set(),
    "_resources": {"_context", "errors"},
    "_yaml": {"errors"},
    "_validation": {"errors", "_schemas"},
    "_schemas": {"_resources"},
    "_inputs": {"_context"},
    "_extras": {"errors"},
    "_cache": {"_context"},
    "sphinx": {"book"},
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(("lessonkit", *parts))] = path
    return found


def _imports(module: str, path: Path) -> set[str]:
    """Every lessonkit module that ``module`` imports, wherever the import statement is."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("lessonkit")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("lessonkit"):
                continue
            names = {f"{target}.{a.name}" for a in node.names}
            known = _modules()
            found |= {n for n in names if n in known} or {target}
    return found


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


MODULES = _modules()
GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


@pytest.mark.parametrize("module", sorted(MODULES), ids=str)
def test_parts_import_only_what_the_plan_allows(module: str) -> None:
    part = _part(module)
    if part in ("__init__", "cli"):
        return
    foundation = FOUNDATION if part not in FOUNDATION else set()
    allowed = ALLOWED[part] | {part} | foundation
    wrong = sorted(m for m in GRAPH[module] if _part(m) not in allowed)
    assert not wrong, f"{module} ({part}/) imports {wrong}; see docs/architecture.md"


def test_errors_and_context_import_nothing_of_lessonkit() -> None:
    assert GRAPH["lessonkit.errors"] == set()
    assert GRAPH["lessonkit._context"] == set()


def test_nothing_imports_the_command_line() -> None:
    assert not [m for m, deps in GRAPH.items() if "lessonkit.cli" in deps]


def test_no_import_cycles() -> None:
    """Module by module, also counting the imports made inside functions."""

    def visit(module: str, trail: tuple[str, ...]) -> None:
        for target in GRAPH.get(module, ()):
            if target == module or target not in GRAPH:
                continue
            if target in trail:
                cycle = [*trail[trail.index(target) :], target]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if target not in done:
                visit(target, (*trail, target))
        done.add(module)

    done: set[str] = set()
    for module in sorted(GRAPH):
        # a package's __init__ re-exporting its own modules is not a cycle
        visit(module, (module,))


def test_the_rules_cover_every_part() -> None:
    parts = {_part(m) for m in MODULES} - {"__init__", "cli"}
    assert parts <= set(ALLOWED), parts - set(ALLOWED)
