"""Nothing below the CLI prints unless asked (SPEC §1): only ``cli/__init__.py`` calls ``print``;
``Sequential.summary()`` prints because that is what its caller asks for (Keras's contract)."""

from __future__ import annotations

import ast
import io
from contextlib import redirect_stdout
from pathlib import Path

import symact
from symact.nn import Dense, Input, Sequential

PACKAGE = Path(symact.__file__).parent


def _is_main_guard(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "__main__" in ast.unparse(node.test)


def _print_uses(tree: ast.AST) -> list[int]:
    """Lines that name ``print``, outside ``if __name__ == "__main__":`` blocks."""
    found: list[int] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if _is_main_guard(node):
            continue
        if isinstance(node, ast.Name) and node.id == "print":
            found.append(node.lineno)
        stack.extend(ast.iter_child_nodes(node))
    return sorted(found)


def test_only_the_cli_and_summary_name_print():
    uses = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = _print_uses(ast.parse(path.read_text(encoding="utf-8")))
        if lines:
            uses[path.relative_to(PACKAGE).as_posix()] = len(lines)
    assert set(uses) == {"cli/__init__.py", "nn/model.py"}
    assert uses["nn/model.py"] == 1  # summary()'s Keras default, nothing else


def _model() -> Sequential:
    return Sequential([Input((2,)), Dense(3, activation="relu"), Dense(1)], seed=0)


def test_library_calls_write_nothing_to_stdout():
    stdout = io.StringIO()
    with redirect_stdout(stdout):
        model = _model()
        model.predict([[1.0, -2.0]])
        model.summary_text()
        symact.get("relu").derivative()
        symact.parse("x*tanh(softplus(x))").to_numpy()([0.5])
        symact.check_linearity(symact.get("relu"))
    assert stdout.getvalue() == ""


def test_summary_prints_through_print_fn_or_print_as_keras():
    model = _model()
    received: list[str] = []
    model.summary(print_fn=received.append)
    stdout = io.StringIO()
    with redirect_stdout(stdout):
        model.summary()
    assert received == [model.summary_text()]
    assert stdout.getvalue() == model.summary_text() + "\n"
    assert "Total params: 13" in received[0]  # (2·3 + 3) + (3·1 + 1), by hand
