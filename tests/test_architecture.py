"""The house plan holds: imports point down the layers of docs/architecture.md, with a short,
named list of lazy upward imports, and no import cycle between modules of symact.

Imports are read from the source (``ast``), inside functions too, so a cycle cannot hide
behind a function-level import; imports under ``if TYPE_CHECKING:`` are not dependencies.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "symact"

#: Rank of each layer (docs/architecture.md): a module may import its own layer and lower
#: ones.  ``numeric`` and ``prover`` share a rank and must not import each other.
RANK = {
    "version": 0,
    "errors": 0,
    "primitives": 1,
    "activations": 2,
    "numeric": 3,
    "prover": 3,
    "properties": 4,
    "export": 5,
    "plot": 5,
    "nn": 6,
    "cli": 7,
    "__main__": 8,
    "symact": 8,  # the facade, symact/__init__.py
}

#: The only imports against the layers: convenience methods of a lower record that hand it
#: to a higher layer, imported inside the method that needs it.
UPWARD = {
    ("symact.activations.function", "symact.numeric"): "ActivationFunction.to_numpy()",
    ("symact.activations.vector", "symact.numeric"): "VectorActivation.to_numpy()",
    ("symact.prover.results", "symact.export.text"): "Result.to_text()",
    ("symact.prover.results", "symact.export.json"): "Result.to_dict()",
    ("symact.prover.results", "symact.export.smtlib"): "Result.to_smtlib()",
    ("symact.prover.results", "symact.export.latex"): "Result.to_latex(), _repr_latex_",
    ("symact.prover.results", "symact.export.markdown"): "Result.to_markdown(), _repr_markdown_",
    ("symact.activations.function", "symact.export.text"): "ActivationFunction.to_text()",
    ("symact.activations.function", "symact.export.latex"): "ActivationFunction.to_latex()",
    ("symact.activations.function", "symact.export.markdown"): "ActivationFunction.to_markdown()",
    ("symact.activations.function", "symact.export.json"): "ActivationFunction.to_dict()",
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _type_checking_only(tree: ast.AST) -> set[int]:
    return {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and ast.unparse(block.test).endswith("TYPE_CHECKING")
        for stmt in block.body
        for node in ast.walk(stmt)
    }


def _target(module: str, name: str) -> str:
    """``from module import name`` depends on the submodule ``module.name`` if it is one."""
    full = f"{module}.{name}"
    return full if full in MODULES else module


def imports(name: str) -> set[str]:
    """Modules of symact that module ``name`` imports anywhere in its source."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_only(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                head = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*head, *([base] if base else [])])
            found |= {_target(base, alias.name) for alias in node.names}
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: imports(name) for name in MODULES}


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _against_the_layers(src: str, dst: str) -> bool:
    a, b = layer(src), layer(dst)
    return RANK[b] > RANK[a] or (a != b and RANK[b] == RANK[a])


def test_every_module_belongs_to_a_layer():
    assert {layer(m) for m in MODULES} <= set(RANK)


def test_imports_point_down_the_layers():
    wrong = sorted(
        f"{src} -> {dst}"
        for src, deps in GRAPH.items()
        for dst in deps
        if _against_the_layers(src, dst) and (src, dst) not in UPWARD
    )
    assert wrong == [], "imports against the layers (docs/architecture.md)"


def test_the_listed_upward_imports_exist_and_are_lazy():
    for (src, dst), why in UPWARD.items():
        assert dst in GRAPH[src], f"{src} no longer needs {dst} ({why}): drop it from UPWARD"
        tree = ast.parse(MODULES[src].read_text(encoding="utf-8"))
        top = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
        assert not any(dst in ast.unparse(n) for n in top), f"{src} imports {dst} at load time"


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(graph[node]):
            if state.get(dep) == 1:
                return [*stack[stack.index(dep) :], dep]
            if dep not in state and (found := visit(dep)):
                return found
        state[node] = 2
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycle_between_modules():
    downward = {src: {d for d in deps if (src, d) not in UPWARD} for src, deps in GRAPH.items()}
    cycle = _cycle(downward)
    assert cycle is None, " -> ".join(cycle or [])


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, None),
    ],
)
def test_the_cycle_finder_finds_cycles(graph, expected):
    assert _cycle(graph) == expected


def test_a_function_level_import_counts():
    # symact.cli imports the prover only inside its handlers: still a dependency
    assert any(layer(d) == "prover" for d in GRAPH["symact.cli.prove"])
