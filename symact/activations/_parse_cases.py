"""Cases: conditions, ``where``, ``Piecewise`` and ``min``/``max``, kept cheap for SymPy.

SymPy rewrites a Piecewise *condition* that itself contains a Piecewise through ``ITE`` and
solves it as a set: seconds for ``where(relu(x) > 1, 1, 0)`` and again in every later rebuild
(derivatives, the prover).  The methods here keep every condition they build Piecewise-free:
conditions with cases become branches, a function with cases is applied piece by piece of its
argument, and a min/max over terms with cases becomes cases.

>>> from symact.activations.parse import parse
>>> parse("where(relu(x) > 1, 1, 0)").expr
Piecewise((Piecewise((1, x > 1), (0, True)), x > 0), (0, True))
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

import sympy
from sympy import Basic, Expr, Piecewise, S
from sympy.sets.sets import Set

from symact.activations._parse_budget import MAX_MINMAX_ARGS, MAX_TREE_SIZE
from symact.activations._parse_core import Walker
from symact.activations._parse_sign import region_of
from symact.activations.function import X

__all__ = ["Cases"]

_RELATIONS: dict[type[ast.cmpop], Callable[[Expr, Expr], Basic]] = {
    ast.Lt: sympy.Lt,
    ast.LtE: sympy.Le,
    ast.Gt: sympy.Gt,
    ast.GtE: sympy.Ge,
    ast.Eq: sympy.Eq,
    ast.NotEq: sympy.Ne,
}
#: Equations by the names SymPy prints them with.
_EQUATIONS: dict[str, Callable[[Expr, Expr], Basic]] = {"Eq": sympy.Eq, "Ne": sympy.Ne}


class Cases(Walker):
    """Conditions and cases (the part of the walker that builds Piecewise objects)."""

    def where(self, node: ast.Call) -> Expr:
        if len(node.args) != 3:
            raise self.arity(node, "where", 3, 3)
        cond = self.condition(node.args[0])
        applies = region_of(cond)
        a = self.branch(node.args[1], applies)
        b = self.branch(node.args[2], None if applies is None else S.Reals - applies)
        self.radicals(node, a, b)
        return self.cases(node.args[0], [(a, cond), (b, sympy.true)])

    def piecewise(self, node: ast.Call) -> Expr:
        if not node.args:
            raise self.arity(node, "Piecewise", 1, None)
        pieces, remaining = [], S.Reals
        for arg in node.args:
            if not (isinstance(arg, ast.Tuple) and len(arg.elts) == 2):
                raise self.error(arg, "each Piecewise argument must be a pair (value, condition)")
            cond = self.condition(arg.elts[1])
            applies = region_of(cond)
            here = None if applies is None else sympy.Intersection(applies, remaining)
            pieces.append((self.branch(arg.elts[0], here), cond))
            remaining = remaining if applies is None else remaining - applies
        if pieces[-1][1] is not sympy.true:
            msg = "Piecewise must end with a piece (value, True) so that every x has a value"
            raise self.error(node.args[-1], msg)
        self.radicals(node, *(value for value, _ in pieces))
        return self.cases(node, pieces)

    def branch(self, node: ast.AST, applies: Set | None) -> Expr:
        """The value of a branch, its domain checked only where it applies (None: unknown).

        ``where(x > 0, log(x), 0)`` is defined on ℝ: log(x) is only used where x > 0.  Sound
        because the branch keeps its condition in the Piecewise built from it.
        """
        if applies is None:
            return self.value(node)
        outer, self.region = self.region, sympy.Intersection(self.region, applies)
        try:
            return self.value(node)
        finally:
            self.region = outer

    def minmax(self, node: ast.Call, func: Callable[..., Expr], args: list[Expr]) -> Expr:
        """SymPy's Min/Max, or cases when a term has cases of its own.

        SymPy compares every pair of terms, at a cost that grows quickly with their complexity,
        and a Max of Piecewise terms turns every later ``rewrite(Piecewise)`` (derivatives,
        the prover) into set solving; so the terms are limited in number and a min/max over
        Piecewise terms is written as cases: ``max(a₁..aₙ)`` is aᵢ where aᵢ ≥ aᵢ₊₁..aₙ, first
        match (earlier terms that failed are below a later one, so the maximum is further on).
        """
        count = sum(len(arg.args) if arg.func == func else 1 for arg in args)
        fname = self.callee(node)  # as typed: max or Max
        if count > MAX_MINMAX_ARGS:
            msg = f"{fname}() of {count} terms: limit MAX_MINMAX_ARGS = {MAX_MINMAX_ARGS}"
            raise self.error(node.func, msg, fname)
        if len(args) < 2 or not any(arg.has(Piecewise) for arg in args):
            return func(*args)
        beats = sympy.Ge if func is sympy.Max else sympy.Le
        pieces = [
            (arg, sympy.And(*(beats(arg, later) for later in args[i + 1 :])))
            for i, arg in enumerate(args[:-1])
        ]
        return self.cases(node, [*pieces, (args[-1], sympy.true)])

    def substitute(self, node: ast.AST, expr: Basic, arg: Expr) -> Any:
        """``expr`` with x replaced by ``arg``, keeping every Piecewise condition Piecewise-free.

        SymPy rewrites a condition that contains a Piecewise through ``ITE`` and solves it as
        a set, which takes seconds for ``selu(selu(selu(x)))``.  So a function with cases is
        applied piece by piece of its argument instead: f(Piecewise((a, c), (b, True))) =
        Piecewise((f(a), c), (f(b), True)); an argument with cases inside is folded first.
        """
        if arg == X:
            return expr
        if not (expr.has(Piecewise) and arg.has(Piecewise)):
            return expr.xreplace({X: arg})
        folded = arg if isinstance(arg, Piecewise) else sympy.piecewise_fold(arg)
        if not isinstance(folded, Piecewise):
            return self.substitute(node, expr, folded) if folded != arg else expr.xreplace({X: arg})
        pieces = [(self.substitute(node, expr, value), cond) for value, cond in folded.args]
        return Piecewise(*pieces)

    def cases(self, node: ast.AST, pieces: list[tuple[Expr, Basic]]) -> Expr:
        """``Piecewise(*pieces)`` (last condition True), branching on conditions with cases.

        SymPy would rewrite a condition that contains a Piecewise through ``ITE`` and solve it
        as a set (seconds, and again in every later rebuild).  Instead the condition C of a
        piece (v, C) is folded into cases "tⱼ where cⱼ" and the piece becomes a branch: where
        cⱼ, v if tⱼ else the remaining pieces.  Every condition built stays Piecewise-free.
        """
        for index, (value, cond) in enumerate(pieces):
            if not cond.has(Piecewise):
                continue
            rest = self.cases(node, pieces[index + 1 :])
            stats = self.measure(cond)
            grown = stats.size + self.measure(value).size + self.measure(rest).size
            if grown * stats.pieces > MAX_TREE_SIZE:
                msg = f"this condition grows beyond MAX_TREE_SIZE = {MAX_TREE_SIZE} in cases"
                raise self.error(node, msg)
            folded = sympy.piecewise_fold(cond)
            branches = folded.args if isinstance(folded, Piecewise) else ((folded, sympy.true),)
            if any(truth.has(Piecewise) or case.has(Piecewise) for truth, case in branches):
                raise self.error(node, "this condition is too complex; simplify it")
            inner = [(Piecewise((value, truth), (rest, True)), case) for truth, case in branches]
            return Piecewise(*pieces[:index], (Piecewise(*inner), True))
        return Piecewise(*pieces)

    # -- conditions ------------------------------------------------------------------------------
    def condition(self, node: ast.AST) -> Basic:
        """The SymPy boolean of a condition: comparisons (also ``Eq(a, b)``, ``Ne(a, b)``)
        joined by and/or/not (also SymPy's ``&``, ``|``, ``~``), True, False."""
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            return sympy.true if node.value else sympy.false
        if isinstance(node, ast.Compare):
            return self.guard(node, lambda: self.compare(node))
        if isinstance(node, ast.BoolOp):
            parts = [self.condition(value) for value in node.values]
            join = sympy.And if isinstance(node.op, ast.And) else sympy.Or
            return self.guard(node, lambda: join(*parts))
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr | ast.BitAnd):
            # SymPy prints Or/And as (a) | (b), (a) & (b): accepted so its output reads back
            pair = [self.condition(node.left), self.condition(node.right)]
            join = sympy.Or if isinstance(node.op, ast.BitOr) else sympy.And
            return self.guard(node, lambda: join(*pair))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not | ast.Invert):
            inner = self.condition(node.operand)
            return self.guard(node, lambda: sympy.Not(inner))
        if isinstance(node, ast.Call) and self.callee(node) in _EQUATIONS:
            return self.guard(node, lambda: self.equation(node))
        raise self.error(node, "expected a condition such as x > 0 (comparisons, and, or, not)")

    def equation(self, node: ast.Call) -> Basic:
        """``Eq(a, b)`` and ``Ne(a, b)``, as SymPy prints ``a == b`` and ``a != b``."""
        fname = self.callee(node)
        if len(node.args) != 2 or node.keywords:
            raise self.arity(node, fname, 2, 2)
        a, b = (self.value(arg) for arg in node.args)
        return _EQUATIONS[fname](a, b)

    def compare(self, node: ast.Compare) -> Basic:
        left_node: ast.expr = node.left
        left = self.value(left_node)
        relations = []
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = self.value(right_node)
            relation = _RELATIONS.get(type(op))
            if relation is None:
                start, end = left_node.end_col_offset or 0, right_node.col_offset
                token = self.body[start:end].strip() or type(op).__name__
                raise self.error(node, f"comparison {token!r} is not allowed", token, start + 1)
            relations.append(relation(left, right))
            left_node, left = right_node, right
        return sympy.And(*relations)
