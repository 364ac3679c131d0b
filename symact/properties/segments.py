r"""Monotone segments of a cell expression (or of one of its derivatives) and their values.

On each open cell the derivative's sign runs (:mod:`.signs`) cut the cell into segments on
which the expression is strictly monotone (or constant); a segment's values lie strictly
between the values at its ends, the one-sided values at finite ends, the limits at infinite
ones, certified enclosures at roots of the derivative.

>>> import symact
>>> from symact.properties.analysis import Study
>>> study = Study(symact.get("hard_silu"))
>>> [(str(approx_end(s.lo)), str(approx_end(s.hi)), s.trend)
...  for s in segments(study, study.open_cells()[1])]
[('-3', '-3/2', -1), ('-3/2', '3', 1)]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

import sympy
from sympy import Expr

from symact.primitives.nodes import X
from symact.properties.analysis import Certified, Open, Study, Undecidable, certified_value
from symact.properties.signs import Root
from symact.prover.arb import Indeterminate, decide_sign

__all__ = ["Segment", "Value", "approx", "approx_end", "compare", "segments"]

Value: TypeAlias = Expr | Certified


@dataclass(frozen=True, slots=True)
class Segment:
    """``h`` (the ``order``-th derivative of the cell expression) on ``(lo, hi)``: trend 1
    (increasing), -1 (decreasing) or 0 (constant); ``lo_value``/``hi_value`` at the ends."""

    lo: Expr | Root
    hi: Expr | Root
    trend: int
    lo_value: Value
    hi_value: Value


def approx_end(end: Expr | Root) -> Expr:
    """An end as a number: exact, or a certified root's bracket midpoint to 20 digits."""
    if isinstance(end, Root):
        return end.value if end.value is not None else sympy.Float(end.approx, 20)
    return end


def segments(study: Study, cell: Open, order: int = 0) -> list[Segment]:
    """The monotone segments of the cell's ``order``-th derivative, in order."""
    h = sympy.diff(cell.expr, X, order)
    if h.free_symbols - {X}:
        raise Undecidable("the cell expressions depend on symbolic parameters")
    runs = study.runs(cell, order + 1)
    ends: list[Expr | Root] = [cell.lo, *runs.roots, cell.hi]
    values: list[Value] = []
    for end in ends:
        if isinstance(end, Root):
            values.append(certified_value(h, end))
        else:
            values.append(study.end_value(cell, end, order))
    out = []
    for i, run in enumerate(runs.runs):
        out.append(Segment(ends[i], ends[i + 1], run.sign, values[i], values[i + 1]))
    return out


def approx(value: Value) -> Expr:
    """The value itself, or a certified value's 30-digit approximation."""
    return value.approx if isinstance(value, Certified) else value


def compare(u: Value, v: Value) -> int:
    """The sign of ``u - v``, rigorously (±oo allowed); raises when undecided."""
    for value, sign in ((u, 1), (v, -1)):
        if not isinstance(value, Certified) and value.is_infinite:
            if u == v:
                return 0
            return sign * (1 if value is sympy.oo else -1)
    if isinstance(u, Certified) or isinstance(v, Certified):
        (ulo, uhi), (vlo, vhi) = (_bounds(u), _bounds(v))
        if _sign(ulo - vhi) > 0:
            return 1
        if _sign(vlo - uhi) > 0:
            return -1
        if u == v:
            return 0
        raise Undecidable(f"cannot order {approx(u)} and {approx(v)} rigorously")
    if u == v:
        return 0
    return _sign(u - v)


def _bounds(value: Value) -> tuple[Expr, Expr]:
    return (value.lo, value.hi) if isinstance(value, Certified) else (value, value)


def _sign(d: Expr) -> int:
    if d.is_infinite:
        return 1 if d.is_positive else -1
    d = sympy.sympify(d)
    for prec in (128, 512):
        try:
            return decide_sign(d, prec)
        except Indeterminate:
            continue
    raise Undecidable(f"cannot decide the sign of {d}")
