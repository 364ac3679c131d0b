"""Exact evaluation of piecewise-polynomial activations on python-flint rationals.

The exact forward pass of a 784-128-10 network applies the activation to hundreds of exact
rationals; SymPy's substitution costs about a millisecond each.  An activation written as
``Piecewise((p1, c1), (p2, c2), …)`` whose pieces are polynomials in x with rational
coefficients and whose conditions are comparisons of such polynomials (joined by And, Or,
Not) is read into plain data once and evaluated with rational arithmetic, first true condition
first, exactly as SymPy defines a Piecewise.  Anything else returns None and the caller uses
the prover's exact evaluator.  The test suite checks both agree on every such catalog entry.

>>> import symact
>>> relu6 = compile_exact(symact.get("relu6").expr, symact.get("relu6").x)
>>> [str(relu6(fmpq(v))) for v in (-1, 3, 7)]
['0', '3', '6']
>>> compile_exact(symact.get("tanh").expr, symact.get("tanh").x) is None
True
"""

from __future__ import annotations

from collections.abc import Callable

import sympy
from flint import fmpq
from sympy import Expr, Symbol
from sympy.core.relational import Relational
from sympy.logic.boolalg import And, BooleanFalse, BooleanTrue, Not, Or

__all__ = ["compile_exact"]

Exact = Callable[[fmpq], fmpq]
Test = Callable[[fmpq], bool]

_COMPARE: dict[str, Callable[[fmpq], bool]] = {
    ">": lambda d: d > 0,
    ">=": lambda d: d >= 0,
    "<": lambda d: d < 0,
    "<=": lambda d: d <= 0,
    "==": lambda d: d == 0,
    "!=": lambda d: d != 0,
}


class _NotPolynomial(Exception):
    pass


def _polynomial(expr: Expr, x: Symbol) -> Exact:
    """Horner evaluation of a polynomial in ``x`` with rational coefficients."""
    if not expr.is_polynomial(x):
        raise _NotPolynomial
    coeffs = sympy.Poly(expr, x).all_coeffs()
    if not all(isinstance(c, sympy.Rational) for c in coeffs):
        raise _NotPolynomial
    values = [fmpq(int(c.p), int(c.q)) for c in coeffs]

    def run(t: fmpq) -> fmpq:
        acc = fmpq(0)
        for c in values:
            acc = acc * t + c
        return acc

    return run


def _test(cond: sympy.Basic, x: Symbol) -> Test:
    if isinstance(cond, BooleanTrue | BooleanFalse):
        value = bool(cond)
        return lambda t: value
    if isinstance(cond, Not):
        inner = _test(cond.args[0], x)
        return lambda t: not inner(t)
    if isinstance(cond, And | Or):
        parts = [_test(a, x) for a in cond.args]
        join = all if isinstance(cond, And) else any
        return lambda t: join(p(t) for p in parts)
    if isinstance(cond, Relational) and cond.rel_op in _COMPARE:
        diff, compare = _polynomial(cond.lhs - cond.rhs, x), _COMPARE[cond.rel_op]
        return lambda t: compare(diff(t))
    raise _NotPolynomial


def compile_exact(expr: Expr, x: Symbol) -> Exact | None:
    """An exact evaluator of ``expr`` (a polynomial or a Piecewise of polynomials), or None."""
    try:
        if not isinstance(expr, sympy.Piecewise):
            return _polynomial(expr, x)
        pieces = [(_polynomial(p, x), _test(c, x)) for p, c in expr.args]
    except (_NotPolynomial, sympy.PolynomialError):
        return None

    def run(t: fmpq) -> fmpq:
        for value, test in pieces:
            if test(t):
                return value(t)
        msg = f"no condition of {expr} holds at {t}"
        raise ValueError(msg)

    return run
