r"""Limits of an expression in ``x`` at ``±∞``: structurally when no indeterminate form
arises, else SymPy's Gruntz algorithm in a forked worker bounded by the time budget.

Substituting ``±oo`` evaluates each node by its own rule at infinity (``exp(-oo) = 0``,
``sigmoid(oo) = 1``, ``oo + c = oo``) and yields ``nan`` on ``0·∞`` or ``∞ - ∞``; only then
is :func:`sympy.limit` asked, on the expression rewritten to ``exp`` (the named nodes'
rewrites), and its answer is accepted only when it is an extended real number.

>>> from sympy import Symbol, oo, tanh
>>> x = Symbol("x", real=True)
>>> limit_at(x - tanh(x), oo), limit_at(tanh(x), -oo)
(oo, -1)
"""

from __future__ import annotations

import time
from functools import lru_cache

import sympy
from sympy import Expr

from symact.primitives.nodes import X
from symact.prover import budget

__all__ = ["limit_at"]

#: Seconds SymPy's ``limit`` may take when no deadline is given.
_LIMIT_BUDGET = 2.0


def _number(value: Expr) -> bool:
    return bool(
        value is not None
        and value.is_extended_real
        and not value.free_symbols
        and not value.has(sympy.AccumBounds, sympy.nan, sympy.zoo)
    )


def limit_at(h: Expr, side: Expr, deadline: float | None = None) -> Expr | None:
    """``lim h(x)`` as ``x -> side`` (``oo`` or ``-oo``), exactly; None when undecided."""
    return _limit(sympy.sympify(h), side, _seconds(deadline))


def _seconds(deadline: float | None) -> float:
    if deadline is None:
        return _LIMIT_BUDGET
    return max(0.05, min(_LIMIT_BUDGET, deadline - time.monotonic()))


@lru_cache(maxsize=1024)
def _limit(h: Expr, side: Expr, seconds: float) -> Expr | None:
    if not h.has(X):
        return h
    if h.is_polynomial(X) and not (h.free_symbols - {X}):
        poly = sympy.Poly(h, X)
        lead = poly.LC() * side ** poly.degree()
        return lead if poly.degree() else poly.LC()
    direct = h.xreplace({X: side})
    if _number(direct):
        return direct
    if h.free_symbols - {X}:
        return None
    task = lambda _deadline: sympy.limit(h.rewrite(sympy.exp), X, side)  # noqa: E731
    value = budget.run(task, seconds, lambda reason: None)
    return value if _number(value) else None
