"""The package's modules import one another without a cycle, counting imports inside functions.

A cycle hidden in a function (imported lazily "to break it") still ties the two modules into one
unit: neither can be read, tested or changed alone. Imports under ``if TYPE_CHECKING:`` are not
counted: they never run, and mypy resolves cycles among annotations itself.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "claimtrack"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, module: str, is_package: bool, known: set[str]) -> set[str]:
    """Every claimtrack module ``module`` imports, anywhere in its code but TYPE_CHECKING blocks."""
    found: set[str] = set()
    package = module if is_package else module.rpartition(".")[0]

    def resolve(name: str) -> str | None:
        # The longest known module that ``name`` names or lies in (``claimtrack.cli.base.X``).
        while name:
            if name in known:
                return name
            name = name.rpartition(".")[0]
        return None

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = resolve(alias.name)
                if target:
                    found.add(target)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                # ``from claimtrack import cache`` imports the module claimtrack.cache.
                target = resolve(f"{source}.{alias.name}") or resolve(source)
                if target:
                    found.add(target)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    found.discard(module)
    return found


def import_graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    known = {_module_name(path) for path in paths}
    return {
        _module_name(path): _imports(
            ast.parse(path.read_text(encoding="utf-8"), str(path)),
            _module_name(path),
            path.name == "__init__.py",
            known,
        )
        for path in paths
    }


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` (its modules in order, the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state:
                cycle = walk(target)
                if cycle:
                    return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = walk(node)
            if cycle:
                return cycle
    return None


def all_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return sorted(components)


def test_the_graph_sees_the_package() -> None:
    graph = import_graph()
    assert "claimtrack.ledger" in graph and "claimtrack.cli.base" in graph
    # Imports inside functions are counted: the CLI imports the library only inside commands.
    assert "claimtrack.ledger" in set().union(
        *(graph[m] for m in graph if m.startswith("claimtrack.cli"))
    )


def test_find_cycle_sees_a_cycle_through_a_function_import() -> None:
    source = {
        "claimtrack.a": "from claimtrack.b import x\n",
        "claimtrack.b": "def f():\n    from claimtrack import a\n",
        "claimtrack.c": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from claimtrack import a\n",
    }
    known = set(source)
    graph = {name: _imports(ast.parse(text), name, False, known) for name, text in source.items()}
    assert graph["claimtrack.c"] == set()
    assert find_cycle(graph) == ["claimtrack.a", "claimtrack.b", "claimtrack.a"]


def test_no_import_cycle() -> None:
    graph = import_graph()
    cycles = all_cycles(graph)
    assert not cycles, "import cycles:\n" + "\n".join(
        " -> ".join(find_cycle({m: graph[m] & set(c) for m in c}) or c) for c in cycles
    )


def test_the_architecture_page_names_every_module() -> None:
    """docs/architecture.md says which module owns what: a new module must get its line there."""
    import re

    page = (PACKAGE.parent.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    table = page[page.index("## Which module owns what") : page.index("## Recipe")]
    named = {n for n in re.findall(r"`([\w/]+\.py)`", table) if not n.startswith("tests/")}
    modules = {str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")}
    assert modules - named == set(), "modules missing from docs/architecture.md"
    assert named - modules == set(), "docs/architecture.md names modules that do not exist"


LAYERS: dict[str, int] = {
    **dict.fromkeys(
        ("articles", "loader", "claim_items", "models", "spec", "syntax_messages", "schema_messages", "dates",
         "numbers", "text", "safe", "digest", "cache", "files", "problems", "version",
         "gc_pause", "config", "terminal", "record_types", "progress",
         "ledger_files"),
        0,
    ),
    "ledger": 1,
    **dict.fromkeys(
        ("resolve", "conflicts", "copies", "relays", "origins", "analysis", "timeline", "closest"),
        2,
    ),
    **dict.fromkeys(("query", "records", "checks", "check_rules", "slot_checks", "project"), 3),
}  # fmt: skip
"""The layers of docs/architecture.md: files and records (0), the ledger (1), analysis (2),
records and the facade (3). The renderers and the CLI sit above all of them."""


def test_each_layer_imports_only_the_layers_under_it() -> None:
    graph = import_graph()
    layer = {f"claimtrack.{name}": n for name, n in LAYERS.items()}
    assert set(layer) <= set(graph)
    upward = sorted(
        f"{module} -> {target}"
        for module, targets in graph.items()
        for target in targets
        if module in layer and target in layer and layer[target] > layer[module]
    )
    assert upward == []
    # Only the CLI (and ``python -m claimtrack``) imports the CLI; no library module imports the
    # renderers.
    for module, targets in graph.items():
        if not module.startswith("claimtrack.cli") and module != "claimtrack.__main__":
            assert not any(t.startswith("claimtrack.cli") for t in targets), module
        if module in layer:
            assert not any(t.startswith("claimtrack.render") for t in targets), module
