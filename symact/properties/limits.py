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
from sympy import Expr, oo

from symact.primitives.nodes import X, sigmoid, softplus
from symact.prover import budget

__all__ = ["limit_at"]


def _number(value: Expr) -> bool:
    return bool(
        value is not None
        and value.is_extended_real
        and not value.free_symbols
        and not value.has(sympy.AccumBounds, sympy.nan, sympy.zoo)
    )


def towards(u: Expr, side: Expr) -> Expr | None:
    """The limit of a polynomial ``u`` in x at ``side`` (None if ``u`` is no polynomial)."""
    if not u.is_polynomial(X) or (u.free_symbols - {X}):
        return None
    poly = sympy.Poly(u, X)
    return poly.LC() * side ** poly.degree() if poly.degree() else poly.LC()


def _decays(e: Expr, side: Expr) -> bool:
    """``|e| <= C·e^{-c|x|}`` near ``side``: ``exp``/``sigmoid`` of a polynomial tending to
    ``-oo``, ``erfc`` of one tending to ``+oo``, ``1 + erf(u)`` with ``u -> -oo``."""
    if isinstance(e, sympy.exp | sigmoid):
        return towards(e.args[0], side) is -oo
    if isinstance(e, sympy.erfc):
        return towards(e.args[0], side) is oo
    if e.is_Add and len(e.args) == 2 and sympy.S.One in e.args:
        other = e.args[0] if e.args[1] is sympy.S.One else e.args[1]
        return isinstance(other, sympy.erf) and towards(other.args[0], side) is -oo
    if e.is_Pow and e.exp.is_Integer and e.exp > 0:
        return _decays(e.base, side)
    return False


def _tame(e: Expr) -> bool:
    """At most polynomial growth on the whole line: polynomials, bounded nodes, softplus."""
    if e.is_polynomial(X):
        return True
    if isinstance(e, sympy.tanh | sympy.erf | sympy.atan | sigmoid | softplus):
        return True
    return bool(e.is_Pow and e.exp.is_Integer and e.exp > 0 and _tame(e.base))


def _vanishes(h: Expr, side: Expr) -> bool:
    """A product of a factor that decays exponentially and factors that grow at most
    polynomially tends to 0 (``x·e^{-x²/2}``, ``x·(1 + erf(x/√2))`` at ``-oo``)."""
    factors = sympy.Mul.make_args(h)
    decaying = [f for f in factors if _decays(f, side)]
    return bool(decaying) and all(f in decaying or _tame(f) for f in factors)


def limit_at(h: Expr, side: Expr, deadline: float | None = None) -> Expr | None:
    """``lim h(x)`` as ``x -> side`` (``oo`` or ``-oo``), exactly; None when undecided."""
    return _limit(sympy.sympify(h), side, _seconds(deadline))


def _seconds(deadline: float | None) -> float | None:
    """What is left of the budget (None: no budget, SymPy runs in this process)."""
    if deadline is None:
        return None
    return max(0.05, deadline - time.monotonic())


@lru_cache(maxsize=1024)
def _limit(h: Expr, side: Expr, seconds: float | None) -> Expr | None:
    if not h.has(X):
        return h
    if h.is_polynomial(X) and not (h.free_symbols - {X}):
        poly = sympy.Poly(h, X)
        lead = poly.LC() * side ** poly.degree()
        return lead if poly.degree() else poly.LC()
    for form in (h, sympy.expand(h)):
        direct = form.xreplace({X: side})
        if _number(direct):
            return direct
    if h.free_symbols - {X}:
        return None
    if _vanishes(h, side):
        return sympy.Integer(0)
    task = lambda _deadline: sympy.limit(h.rewrite(sympy.exp), X, side)  # noqa: E731
    try:
        value = budget.run(task, seconds, lambda reason: None)
    except (NotImplementedError, ArithmeticError, ValueError, TypeError):
        return None  # SymPy gave up ("Result depends on the sign of I", ...)
    return value if _number(value) else None
