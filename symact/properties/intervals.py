r"""Rigorous enclosures of an expression in ``x`` over an interval, ends possibly infinite.

:func:`image` returns an :class:`Iv` that contains ``{h(x) : lo <= x <= hi}``.  Finite
intervals are evaluated with Arb balls (the primitives' recorded ``arb`` enclosures, rigorous
whatever the precision); an infinite end is handled by monotonicity: every primitive used
here is monotone (or bounded) on the whole line, and its value at ``±∞`` is a limit recorded
in :data:`AT_INFINITY`.  Extended arithmetic follows the usual conventions (``0·∞ = 0`` for
closed hulls); anything that cannot be enclosed (``∞ - ∞``, a division by an interval around
0, a log of a non-positive number) raises :class:`NoEnclosure`.

>>> from sympy import Symbol, oo, tanh
>>> from symact.primitives.nodes import sigmoid
>>> x = Symbol("x", real=True)
>>> str(image(sigmoid(x) * (1 - sigmoid(x)), 0, oo))
'[0, 0.500000]'
>>> image(1 - tanh(x) ** 2, -oo, oo).lo
0
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce

import sympy
from flint import arb
from sympy import Expr, Symbol

from symact.errors import SymactError
from symact.primitives import BY_NODE
from symact.primitives.nodes import X, sigmoid, softplus
from symact.prover.arb import enclose, working_precision

__all__ = ["AT_INFINITY", "Iv", "NoEnclosure", "image", "to_arb"]

#: Working precision of the enclosures, in bits.
PREC = 128
End = arb | float


class NoEnclosure(SymactError, ArithmeticError):
    """The expression has no finite-form enclosure on the interval by these rules."""


def _exact(value: sympy.Expr) -> arb:
    return enclose(sympy.sympify(value), PREC)


#: Monotone primitives: direction (+1 increasing, -1 decreasing) and the limits at -∞, +∞.
AT_INFINITY: dict[type, tuple[int, End, End]] = {
    sympy.exp: (1, arb(0), math.inf),
    sympy.erf: (1, arb(-1), arb(1)),
    sympy.erfc: (-1, arb(2), arb(0)),
    sympy.tanh: (1, arb(-1), arb(1)),
    sympy.sinh: (1, -math.inf, math.inf),
    sympy.atan: (1, -arb.pi() / 2, arb.pi() / 2),
    sigmoid: (1, arb(0), arb(1)),
    softplus: (1, arb(0), math.inf),
}


@dataclass(frozen=True, slots=True)
class Iv:
    """A closed extended interval ``[lo, hi]``; ends are exact ``arb`` values or ``±inf``."""

    lo: End
    hi: End

    def __str__(self) -> str:
        return f"[{_text(self.lo)}, {_text(self.hi)}]"

    def positive(self) -> bool:
        """Every element is > 0."""
        return _gt(self.lo, 0)

    def negative(self) -> bool:
        """Every element is < 0."""
        return _gt(0, self.hi)

    def nonnegative(self) -> bool:
        """Every element is >= 0."""
        return not _gt(0, self.lo)

    def nonpositive(self) -> bool:
        """Every element is <= 0."""
        return not _gt(self.hi, 0)


def _text(e: End) -> str:
    if isinstance(e, float):
        return "-oo" if e < 0 else "oo"
    return e.str(6, radius=False)


def _gt(p: End | int, q: End | int) -> bool:
    """``p > q`` for exact ends."""
    if isinstance(p, float) or isinstance(q, float):
        fp = p if isinstance(p, float) else 0.0
        fq = q if isinstance(q, float) else 0.0
        if fp == fq:
            return False
        return fp > fq if (fp or fq) else False
    return bool(arb(p) > arb(q))


def _lower(e: End) -> End:
    return e if isinstance(e, float) else e.lower()


def _upper(e: End) -> End:
    return e if isinstance(e, float) else e.upper()


def _hull(values: list[End]) -> Iv:
    lo = reduce(lambda p, q: q if _gt(p, q) else p, [_lower(v) for v in values])
    hi = reduce(lambda p, q: p if _gt(p, q) else q, [_upper(v) for v in values])
    return Iv(lo, hi)


def _sum(p: End, q: End) -> End:
    if isinstance(p, float) or isinstance(q, float):
        total = (p if isinstance(p, float) else 0.0) + (q if isinstance(q, float) else 0.0)
        if math.isnan(total):
            msg = "cannot enclose oo - oo"
            raise NoEnclosure(msg)
        return total
    return p + q


def _product(p: End, q: End) -> End:
    zero = [isinstance(e, arb) and e.is_exact() and e.is_zero() for e in (p, q)]
    if any(zero):
        return arb(0)
    if isinstance(p, float) or isinstance(q, float):
        sign = (1 if _gt(p, 0) else -1) * (1 if _gt(q, 0) else -1)
        return sign * math.inf
    return p * q


def _add(a: Iv, b: Iv) -> Iv:
    return Iv(_lower(_sum(a.lo, b.lo)), _upper(_sum(a.hi, b.hi)))


def _mul(a: Iv, b: Iv) -> Iv:
    return _hull([_product(p, q) for p in (a.lo, a.hi) for q in (b.lo, b.hi)])


def _reciprocal(a: Iv) -> Iv:
    if not (a.positive() or a.negative()):
        msg = f"cannot enclose 1/u for u in {a}: the interval contains 0"
        raise NoEnclosure(msg)
    ends: list[End] = [arb(0) if isinstance(e, float) else 1 / e for e in (a.hi, a.lo)]
    return _hull(ends)


def _power(a: Iv, n: int) -> Iv:
    if n < 0:
        return _reciprocal(_power(a, -n))
    ends = [_int_pow(e, n) for e in (a.lo, a.hi)]
    if n % 2 == 0 and a.nonnegative() is False and a.nonpositive() is False:
        return _hull([arb(0), *ends])
    return _hull(ends)


def _int_pow(e: End, n: int) -> End:
    if isinstance(e, float):
        return e if n % 2 else math.inf
    return e**n if n else arb(1)


def _ball(a: Iv) -> arb:
    if isinstance(a.lo, float) or isinstance(a.hi, float):
        msg = "an unbounded interval has no ball"
        raise NoEnclosure(msg)
    return arb.union(a.lo, a.hi)


def _from_ball(b: arb) -> Iv:
    if not b.is_finite():
        msg = f"no finite enclosure ({b})"
        raise NoEnclosure(msg)
    return Iv(b.lower(), b.upper())


def _monotone(node: type, a: Iv) -> Iv:
    direction, at_lo, at_hi = AT_INFINITY[node]
    enclosure = BY_NODE[node].arb
    assert enclosure is not None
    ends = []
    for e, _limit in ((a.lo, at_lo), (a.hi, at_hi)):
        if isinstance(e, float):
            ends.append(at_lo if e < 0 else at_hi)
        else:
            ends.append(enclosure(e))
    del direction  # the hull of the two ends is right for either direction
    return _hull(ends)


def _root(a: Iv, q: int) -> Iv:
    if _gt(0, a.lo):
        msg = f"cannot enclose a root of {a}: negative values"
        raise NoEnclosure(msg)
    ends = [e if isinstance(e, float) else e.root(q) for e in (a.lo, a.hi)]
    return _hull(ends)


def _log(a: Iv) -> Iv:
    if not a.positive():
        msg = f"cannot enclose log on {a}: values that are not positive"
        raise NoEnclosure(msg)
    ends = [
        (-math.inf if e.is_zero() else e.log()) if isinstance(e, arb) else e for e in (a.lo, a.hi)
    ]
    return _hull(ends)


def _pow_node(expr: Expr, on: Callable[[Expr], Iv]) -> Iv:
    base, exponent = expr.args
    if not exponent.is_Rational:
        return on(sympy.exp(exponent * sympy.log(base)))
    b = on(base)
    p, q = int(exponent.p), int(exponent.q)
    return _power(_root(b, q), p) if q > 1 else _power(b, p)


def image(expr: Expr, lo: Expr, hi: Expr, var: Symbol = X) -> Iv:
    """An enclosure of ``expr`` for ``var`` in ``[lo, hi]`` (SymPy numbers or ``±oo``)."""
    ends = [
        (-math.inf if e is sympy.S.NegativeInfinity else math.inf) if e.is_infinite else _exact(e)
        for e in (sympy.sympify(lo), sympy.sympify(hi))
    ]
    with working_precision(PREC):
        span = _hull(ends)
        return _Evaluator(var, span).on(expr)


@dataclass(frozen=True, slots=True)
class _Evaluator:
    var: Symbol
    span: Iv

    def on(self, expr: Expr) -> Iv:
        if expr == self.var:
            return self.span
        if not expr.has(self.var):
            return _from_ball(_exact(expr))
        if expr.is_Add:
            return reduce(_add, map(self.on, expr.args))
        if expr.is_Mul:
            return reduce(_mul, map(self.on, expr.args))
        if expr.is_Pow:
            return _pow_node(expr, self.on)
        if isinstance(expr, sympy.log) and len(expr.args) == 1:
            return _log(self.on(expr.args[0]))
        if isinstance(expr, sympy.Abs):
            a = self.on(expr.args[0])
            return _power(_root(_power(a, 2), 2), 1) if a.nonnegative() is False else a
        return self._function(expr)

    def _function(self, expr: Expr) -> Iv:
        node, arg = type(expr), expr.args
        if len(arg) != 1:
            msg = f"no interval rule for {expr}"
            raise NoEnclosure(msg)
        a = self.on(arg[0])
        if node in AT_INFINITY:
            return _monotone(node, a)
        if node in (sympy.sin, sympy.cos):
            enclosure = BY_NODE[node].arb
            assert enclosure is not None
            return _from_ball(enclosure(_ball(a))) if _bounded(a) else Iv(arb(-1), arb(1))
        if node is sympy.cosh:
            return _power(
                _root(_add(_power(self.on(sympy.sinh(arg[0])), 2), Iv(arb(1), arb(1))), 2), 1
            )
        msg = f"no interval rule for {node.__name__}"
        raise NoEnclosure(msg)


def _bounded(a: Iv) -> bool:
    return not (isinstance(a.lo, float) or isinstance(a.hi, float))


def to_arb(value: Expr) -> arb:
    """The Arb ball of a closed constant at the working precision of this module."""
    return _exact(value)
