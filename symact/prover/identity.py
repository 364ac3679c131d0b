r"""Exact zero tests that SymPy decides structurally.

:func:`is_identically_zero` answers True only when a chain of *equivalence-preserving*
rewrites (expansion, cancellation of rational functions, rewriting trigonometric and
hyperbolic functions and the named nodes as exponentials) reduces the expression to the
literal ``0``.  False means "not shown to be zero", never "non-zero": the prover uses it only
to *prove* identities, while disequalities are always certified separately.  ``simplify`` is
not used: its heuristics are not a decision procedure.

>>> from sympy import Symbol, cos, exp, log, sin
>>> t = Symbol("t", real=True)
>>> is_identically_zero(t * (sin(t) ** 2 + cos(t) ** 2) - t)
True
>>> is_identically_zero(log(exp(t)) - t), is_identically_zero(exp(t) - 1 - t)
(True, False)
"""

from __future__ import annotations

import time
from collections.abc import Callable

import sympy
from sympy import Expr

from symact.activations.nodes import NODES

__all__ = ["is_identically_zero", "split_logs"]

_TO_EXP = (
    sympy.sin,
    sympy.cos,
    sympy.tan,
    sympy.sinh,
    sympy.cosh,
    sympy.tanh,
    *NODES,
)


def _rewrite_exp(expr: Expr) -> Expr:
    if not expr.has(*_TO_EXP):
        return expr
    return expr.rewrite(sympy.exp)


def split_logs(expr: Expr) -> Expr:
    """``expr`` with every ``log(r)``, ``r`` a positive rational, written over primes
    (:math:`\\log(p^k q) = k \\log p + \\log q` holds for positive arguments).

    >>> from sympy import log, Rational
    >>> split_logs(log(12) - log(Rational(3, 2)))
    3*log(2)
    """
    logs = [n for n in expr.atoms(sympy.log) if n.args[0].is_Rational and n.args[0] > 0]
    if not logs:
        return expr
    table = {}
    for node in logs:
        r = sympy.Rational(node.args[0])
        powers = [*sympy.factorint(r.p).items()]
        powers += [(p, -k) for p, k in sympy.factorint(r.q).items()]
        table[node] = sympy.Add(*(k * sympy.log(sympy.Integer(p)) for p, k in powers if p > 1))
    return sympy.expand(expr.xreplace(table))


_TRANSFORMS: tuple[Callable[[Expr], Expr], ...] = (
    sympy.expand,
    split_logs,
    lambda e: sympy.cancel(sympy.together(e)),
    lambda e: sympy.expand(_rewrite_exp(e)),
    lambda e: sympy.cancel(sympy.together(sympy.expand(_rewrite_exp(e)))),
)


def is_identically_zero(expr: Expr, deadline: float | None = None) -> bool:
    """True when ``expr`` is shown to be 0 by exact rewriting (see the module docstring)."""
    expr = sympy.sympify(expr)
    if expr == 0:
        return True
    for transform in _TRANSFORMS:
        if deadline is not None and time.monotonic() > deadline:
            return False
        if transform(expr) == 0:
            return True
    return False
