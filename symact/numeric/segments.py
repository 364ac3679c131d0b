"""Exclusive segments of a ``Piecewise``: its conditions as sets of reals with exact endpoints,
sorted, equal neighbours merged (what :mod:`symact.numeric.pieces` lowers).

>>> from sympy import Piecewise, Symbol
>>> x = Symbol("x", real=True)
>>> [(str(s.interval), s.expr) for s in segments(Piecewise((x, x > 0), (0, True)), x)]
[('Interval(-oo, 0)', 0), ('Interval.open(0, oo)', x)]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy
from sympy import Expr, Interval, Piecewise

from symact.errors import UnsupportedExpressionError

__all__ = ["Segment", "as_set", "intervals_of", "segments"]


@dataclass(frozen=True, slots=True)
class Segment:
    """One branch on one interval (points are degenerate intervals)."""

    interval: Interval
    expr: Expr


def segments(pw: Piecewise, x: sympy.Symbol) -> list[Segment]:
    """Exclusive, sorted segments of ``pw`` over the reals; equal neighbours merged."""
    covered: sympy.Set = sympy.EmptySet
    found: list[Segment] = []
    for expr, cond in pw.args:
        # Float endpoints as their exact binary values: SymPy's set algebra treats 2.0 and 2
        # as different points ((x <= 2.0) | (x < 2) became x < 2)
        cond = cond.xreplace({f: sympy.Rational(f) for f in cond.atoms(sympy.Float)})
        try:
            owned = as_set(cond, x) - covered
        except (NotImplementedError, ValueError, TypeError) as exc:
            msg = f"cannot lower the condition {cond} of {pw}: {exc}; use conditions on x"
            raise UnsupportedExpressionError(msg) from None
        covered = covered | owned
        found.extend(Segment(part, expr) for part in intervals_of(owned))
    found.sort(key=lambda s: (s.interval.inf, _left_open(s.interval)))
    merged: list[Segment] = []
    for seg in found:
        if merged and merged[-1].expr == seg.expr:
            union = merged[-1].interval | seg.interval
            if isinstance(union, Interval):
                merged[-1] = Segment(union, seg.expr)
                continue
        merged.append(seg)
    return merged


_RAYS = {
    "<": lambda c: Interval.open(-sympy.oo, c),
    "<=": lambda c: Interval(-sympy.oo, c),
    ">": lambda c: Interval.open(c, sympy.oo),
    ">=": lambda c: Interval(c, sympy.oo),
}


def as_set(cond: Any, x: sympy.Symbol) -> sympy.Set:
    """``cond`` as a set of reals.  ``x < c`` with a real constant ``c`` (and ``&``/``|`` of
    such) directly: SymPy's ``as_set`` solves the inequality, which calls ``simplify`` and
    imports sympy.physics on first use (0.4 s)."""
    if cond is sympy.true:
        return sympy.Reals
    if isinstance(cond, (sympy.And, sympy.Or)):
        parts = [as_set(a, x) for a in cond.args]
        return sympy.Intersection(*parts) if isinstance(cond, sympy.And) else sympy.Union(*parts)
    if isinstance(cond, sympy.core.relational.Relational) and cond.rel_op in _RAYS:
        rel = cond if cond.lhs in (x, abs(x)) else cond.reversed
        c = rel.rhs
        if rel.lhs in (x, abs(x)) and c.is_number and c.is_extended_real and c.is_finite:
            ray = _RAYS[rel.rel_op](c)
            if rel.lhs == x:
                return ray
            # |x| = max(x, −x): above c when either is, below c when both are
            mirror = Interval(-ray.sup, -ray.inf, ray.right_open, ray.left_open)
            if rel.rel_op in (">", ">="):
                return sympy.Union(ray, mirror)
            return sympy.Intersection(ray, mirror)
    return cond.as_set()


def _left_open(s: sympy.Set) -> bool:
    return bool(isinstance(s, Interval) and s.left_open)


def intervals_of(s: sympy.Set) -> list[Interval]:
    if s is sympy.EmptySet:
        return []
    if isinstance(s, Interval):
        return [s]
    if isinstance(s, sympy.FiniteSet):
        return [Interval(p, p) for p in s.args]
    if isinstance(s, sympy.Union):
        return [i for part in s.args for i in intervals_of(part)]
    msg = f"cannot lower a Piecewise whose condition gives the set {s}; use intervals of x"
    raise UnsupportedExpressionError(msg)
