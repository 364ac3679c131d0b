"""Conditions of ``where`` and ``Piecewise``: comparisons joined by and/or/not, True, False.

Also SymPy's printed spellings, so that its output reads back: ``(a) | (b)``, ``(a) & (b)``,
``~(a)``, ``Eq(a, b)``, ``Ne(a, b)``.  The functions here read the condition's syntax nodes
and leave the numbers in it to the :class:`~.calls.Values` they are given (the builder), which also
guards each SymPy object built.

>>> from symact.activations.parse import parse
>>> parse("where((x > 0) & ~(x >= 1) or Eq(x, -1), 1, 0)").expr
Piecewise((1, Eq(x, -1) | ((x > 0) & (x < 1))), (0, True))
"""

from __future__ import annotations

import ast
from collections.abc import Callable

import sympy
from sympy import Basic, Expr

from symact.activations.parse.calls import Values, arity_error, callee

__all__ = ["EQUATIONS", "RELATIONS", "condition"]

#: Comparison operators and the SymPy relations they build.
RELATIONS: dict[type[ast.cmpop], Callable[[Expr, Expr], Basic]] = {
    ast.Lt: sympy.Lt,
    ast.LtE: sympy.Le,
    ast.Gt: sympy.Gt,
    ast.GtE: sympy.Ge,
    ast.Eq: sympy.Eq,
    ast.NotEq: sympy.Ne,
}
#: Equations by the names SymPy prints them with.
EQUATIONS: dict[str, Callable[[Expr, Expr], Basic]] = {"Eq": sympy.Eq, "Ne": sympy.Ne}


def condition(values: Values, node: ast.AST) -> Basic:
    """The SymPy boolean of a condition: comparisons (also ``Eq(a, b)``, ``Ne(a, b)``)
    joined by and/or/not (also SymPy's ``&``, ``|``, ``~``), True, False."""
    if isinstance(node, ast.Constant) and isinstance(node.value, bool):
        return sympy.true if node.value else sympy.false
    if isinstance(node, ast.Compare):
        return values.guard(node, lambda: _compare(values, node))
    if isinstance(node, ast.BoolOp):
        parts = [condition(values, value) for value in node.values]
        join = sympy.And if isinstance(node.op, ast.And) else sympy.Or
        return values.guard(node, lambda: join(*parts))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr | ast.BitAnd):
        # SymPy prints Or/And as (a) | (b), (a) & (b): accepted so its output reads back
        pair = [condition(values, node.left), condition(values, node.right)]
        join = sympy.Or if isinstance(node.op, ast.BitOr) else sympy.And
        return values.guard(node, lambda: join(*pair))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not | ast.Invert):
        inner = condition(values, node.operand)
        return values.guard(node, lambda: sympy.Not(inner))
    if isinstance(node, ast.Call) and callee(values.source, node) in EQUATIONS:
        return values.guard(node, lambda: _equation(values, node))
    msg = "expected a condition such as x > 0 (comparisons, and, or, not)"
    raise values.source.error(node, msg)


def _equation(values: Values, node: ast.Call) -> Basic:
    """``Eq(a, b)`` and ``Ne(a, b)``, as SymPy prints ``a == b`` and ``a != b``."""
    fname = callee(values.source, node)
    if len(node.args) != 2 or node.keywords:
        raise arity_error(values.source, node, fname, 2, 2)
    a, b = (values.value(arg) for arg in node.args)
    return EQUATIONS[fname](a, b)


def _compare(values: Values, node: ast.Compare) -> Basic:
    """A comparison, chained ones (``0 < x <= 1``) joined by And."""
    left_node: ast.expr = node.left
    left = values.value(left_node)
    relations = []
    for op, right_node in zip(node.ops, node.comparators, strict=True):
        right = values.value(right_node)
        relation = RELATIONS.get(type(op))
        if relation is None:
            start, end = left_node.end_col_offset or 0, right_node.col_offset
            token = values.source.body[start:end].strip() or type(op).__name__
            msg = f"comparison {token!r} is not allowed"
            raise values.source.error(node, msg, token, start + 1)
        relations.append(relation(left, right))
        left_node, left = right_node, right
    return sympy.And(*relations)
