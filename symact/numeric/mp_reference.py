"""The mpmath reference of an expression: the SymPy tree compiled once into nested closures over
the primitives' mpmath functions, for the error analysis of :mod:`symact.numeric.roots`.

>>> import mpmath, sympy
>>> x = sympy.Symbol("x")
>>> f = mp_function(sympy.exp(-x) * sympy.pi, x)
>>> with mpmath.workdps(30):
...     print(f(mpmath.mpf(0)))
3.14159265358979323846264338328
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mpmath
import numpy as np
import sympy
from sympy import Expr, Symbol

from symact.primitives import PRIMITIVES

__all__ = ["mp_function", "ulps"]


#: The mpmath reference of each node that has one (the others go through SymPy's evalf).
_MP: dict[type, Callable[..., Any]] = {p.node: p.mpmath for p in PRIMITIVES if p.mpmath}
#: The value of an exp-like node beyond :data:`_EXP_LIMIT`.
_BEYOND: dict[type, Callable[[Any], Any]] = {p.node: p.beyond for p in PRIMITIVES if p.beyond}


def mp_function(expr: Expr, x: Symbol) -> Callable[[Any], Any]:
    """``expr`` as an mpmath function of ``x``: the tree is compiled once into nested closures
    (no code generation), so a call does no SymPy work; constants are evaluated once per
    working precision.  (Walking the SymPy tree on every call, asking each node for its free
    symbols and re-evaluating its constants, was two thirds of a 30-s root analysis.)"""
    if expr == x:
        return lambda t: t
    if not expr.free_symbols:
        return _constant(expr)
    parts = [mp_function(a, x) for a in expr.args]
    if isinstance(expr, sympy.Add):
        return lambda t: mpmath.fsum([_bounded(p(t)) for p in parts])
    if isinstance(expr, sympy.Mul):
        return lambda t: mpmath.fprod([_bounded(p(t)) for p in parts])
    if isinstance(expr, sympy.Pow):
        base, power = parts
        return lambda t: _power(_bounded(base(t)), _bounded(power(t)))
    node = type(expr)
    func = _MP.get(node)

    def call(t: Any) -> Any:
        args = [_bounded(p(t)) for p in parts]
        saturated = _saturated(node, args)
        if saturated is not None:
            return saturated
        return _evalf(expr, x, t) if func is None else func(*args)

    return call


def _constant(expr: Expr) -> Callable[[Any], Any]:
    """A closed-form constant at the working precision (computed once per precision)."""
    values: dict[int, Any] = {}

    def value(_t: Any) -> Any:
        dps = mpmath.mp.dps
        if dps not in values:
            exact = sympy.Float(sympy.N(expr, dps + 10), dps + 10)
            values[dps] = mpmath.mpf(exact._mpf_)
        return values[dps]

    return value


def _power(base: Any, exponent: Any) -> Any:
    """``base**exponent``; NaN where it is undefined (mpmath raises on ``0**-½``, the value
    of ``sign(x)/(2·sqrt(|x|))`` at 0 — which the float kernel gives as NaN or ±inf too)."""
    try:
        return mpmath.power(base, exponent)
    except ZeroDivisionError:
        return mpmath.nan


#: Beyond this argument exp-like functions are 0 or beyond every float (long double ends at
#: e^11356): computing exp(2e17) at 1600 digits would take hours.
_EXP_LIMIT = 20_000


def _saturated(func: type, args: list[Any]) -> Any:
    """The value of an exp-like node whose argument is beyond :data:`_EXP_LIMIT`, or None."""
    if len(args) != 1 or not isinstance(args[0], mpmath.mpf) or mpmath.isnan(args[0]):
        return None
    beyond = _BEYOND.get(func)
    if beyond is None or abs(args[0]) <= _EXP_LIMIT:
        return None
    return beyond(args[0])


#: Magnitudes beyond 2^this are ±inf to the probe: far past any float, and ``exp`` of them
#: would need memory without bound (``exp(exp(exp(-x)))`` at x = −40).
_HUGE_MAG = 1 << 20


def _bounded(value: Any) -> Any:
    if isinstance(value, mpmath.mpf) and mpmath.isfinite(value) and mpmath.mag(value) > _HUGE_MAG:
        return mpmath.inf if value > 0 else -mpmath.inf
    return value


def _evalf(e: Expr, x: Symbol, t: Any) -> Any:
    dps = mpmath.mp.dps + 10
    value = e.evalf(dps, subs={x: sympy.Float(t, dps)})
    return mpmath.mpf(sympy.Float(value, dps)._mpf_)


def ulps(got: float, want: Any, bits: int) -> float:
    if want == 0:
        return 0.0 if got == 0 else np.inf
    if not mpmath.isfinite(want):  # beyond every float (see _bounded): inf is exact
        return 0.0 if np.isinf(got) and (got > 0) == (want > 0) else np.inf
    _, e = mpmath.frexp(want)
    return float(abs(mpmath.mpf(got) - want) / mpmath.mpf(2) ** (e - bits))
