"""Sign decisions for the real-domain checks: is an expression > 0, ≥ 0 or ≠ 0 for every x?

:func:`decide` answers True only when the property is *established* for every real x (x and
declared parameters being real symbols of unknown sign), using SymPy's assumptions and two
sound refinements that SymPy lacks: bounded functions replaced by their ranges
(``1 - tanh(x) > 0``) and Piecewise expressions checked piece by piece on the set where each
piece applies (``1 + relu(x) > 0``).  None means "not established", never "false somewhere".

>>> from sympy import tanh
>>> from symact.activations.function import X
>>> decide(1 - tanh(X), positive), decide(X, positive), decide(-X**2 - 1, nonnegative)
(True, None, False)
>>> decide(sympy.Piecewise((X, X > 0), (0, True)), nonnegative)  # relu(x) >= 0
True
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

import sympy
from sympy import Basic, Dummy, Expr, Interval, Piecewise, S
from sympy.core.relational import Relational
from sympy.sets.sets import Set

from symact.activations.function import X
from symact.primitives import PRIMITIVES

# SymPy imports these lazily on first use; importing them now keeps parsing free of imports
importlib.import_module("sympy.sets.handlers.issubset")
importlib.import_module("sympy.sets.handlers.functions")

__all__ = ["Property", "decide", "nonnegative", "nonzero", "positive", "region_of"]

Property = Callable[[Expr], "bool | None"]

#: Piecewise subterms beyond which no case analysis is tried (folding multiplies pieces).
_MAX_CASE_PIECEWISE = 3


def positive(e: Expr) -> bool | None:
    return e.is_positive


def nonnegative(e: Expr) -> bool | None:
    return e.is_nonnegative


def nonzero(e: Expr) -> bool | None:
    zero = e.is_zero
    return None if zero is None else not zero


#: Functions with a bounded range on ℝ, each as a map from p > 0 onto (a superset of) it: a
#: view of the primitives' recorded ranges.
_RANGES: dict[type[Basic], Callable[[Expr], Expr]] = {
    p.node: p.range for p in PRIMITIVES if p.range is not None
}
#: Operation count beyond which no range substitution (and its ``cancel``) is tried.
_MAX_RANGE_OPS = 200
#: Bounded terms beyond which none is replaced (expanding n fractions can give 2ⁿ terms).
_MAX_RANGE_TERMS = 4


def _by_ranges(expr: Expr, prop: Property) -> bool | None:
    """``prop(expr)``, else ``prop`` of ``expr`` with each bounded function replaced by its range.

    SymPy does not know that tanh, erf, erfc, atan and sigmoid are bounded, so ``1 - tanh(x)``
    or ``1 + erf(x)`` have no known sign.  Replacing each such term f(u) by a fresh r(p) with
    p > 0, where r maps (0, ∞) onto f's range (tanh(u) → (p - 1)/(p + 1)), and putting the
    result over one expanded denominator decides them: 1 - tanh(x) → 2/(p + 1) > 0.  Sound:
    every value the terms take is some r(p), so a property of all r(p) is one of the original.
    """
    known = prop(expr)
    if known is not None:
        return known
    atoms = [a for a in expr.atoms(sympy.Function) if type(a) in _RANGES and a.args[0].is_real]
    if not 0 < len(atoms) <= _MAX_RANGE_TERMS or sympy.count_ops(expr) > _MAX_RANGE_OPS:
        return None
    mapping = {a: _RANGES[type(a)](Dummy("p", positive=True)) for a in atoms}
    replaced = expr.xreplace(mapping)
    if replaced.has(*atoms):
        return None
    # one fraction, numerator and denominator expanded (not ``cancel``: its polynomial rings
    # compile code with ``exec``, and no user text should ever meet an exec)
    numerator, denominator = sympy.fraction(sympy.together(replaced))
    known = prop(sympy.expand(numerator) / sympy.expand(denominator))
    return True if known is True else None


def decide(expr: Expr, prop: Property, region: Set = S.Reals) -> bool | None:
    """Whether ``prop(expr)`` holds for every x in ``region``: True, False, or None (not
    established; False only for the whole real line).

    First SymPy's assumptions, then with bounded functions replaced by their ranges, then on
    ``region`` (a branch of ``where``) or case by case over Piecewise pieces.

    SymPy judges ``Piecewise((x, x > 0), (0, True))`` (relu) by its pieces alone, ignoring the
    conditions, so ``1 + relu(x) > 0`` is unknown to it.  When every condition is linear in x,
    each piece is checked on the exact set where it applies, by substituting x = c ± t with
    t > 0 (or t ≥ 0) for a half-line and the endpoint itself for a point.
    """
    known = _by_ranges(expr, prop)
    if region != S.Reals:
        return True if known is True or _holds_on(expr, prop, region) else None
    if known is not None or not 0 < len(expr.atoms(Piecewise)) <= _MAX_CASE_PIECEWISE:
        return known
    folded = sympy.piecewise_fold(expr)
    if not isinstance(folded, Piecewise):
        return _by_ranges(folded, prop)
    remaining: Set = S.Reals
    for value, cond in folded.args:
        applies = region_of(cond)
        if applies is None:
            return None
        if not _holds_on(value, prop, sympy.Intersection(applies, remaining)):
            return None
        remaining = sympy.Complement(remaining, applies)
    return True


def region_of(cond: sympy.Basic) -> Set | None:
    """The set of real x where ``cond`` holds, for conditions linear in x; else None."""
    if cond is S.true or cond is S.false:
        return S.Reals if cond is S.true else S.EmptySet
    if isinstance(cond, sympy.And | sympy.Or | sympy.Not):
        parts = [region_of(arg) for arg in cond.args]
        if any(part is None for part in parts):
            return None
        if isinstance(cond, sympy.Not):
            return sympy.Complement(S.Reals, parts[0])
        join = sympy.Intersection if isinstance(cond, sympy.And) else sympy.Union
        return join(*parts)
    if not isinstance(cond, Relational):
        return None
    return _half_line(cond)


def _half_line(cond: Relational) -> Set | None:
    """The set where a relation a·x + b ⋚ 0 holds (a, b numbers, sign of a known); else None.

    Computed directly: SymPy's ``as_set`` would look for periodicity and simplify, slowly.
    """
    difference = cond.lhs - cond.rhs
    slope = difference.diff(X)
    if slope.free_symbols or slope.is_zero is not False or slope.is_extended_real is not True:
        return None
    if slope.is_positive is None:
        return None
    point = -difference.xreplace({X: S.Zero}) / slope
    if not point.is_extended_real or point.free_symbols:
        return None
    op = cond.rel_op if slope.is_positive else _FLIPPED.get(cond.rel_op, cond.rel_op)
    below, above = Interval.open(S.NegativeInfinity, point), Interval.open(point, S.Infinity)
    return {
        ">": above,
        ">=": Interval(point, S.Infinity),
        "<": below,
        "<=": Interval(S.NegativeInfinity, point),
        "==": sympy.FiniteSet(point),
        "!=": sympy.Union(below, above),
    }.get(op)


_FLIPPED = {">": "<", ">=": "<=", "<": ">", "<=": ">="}


def _holds_on(value: Expr, prop: Property, region: Set) -> bool:
    """Whether ``prop(value)`` is established for every x in ``region``."""
    if region is S.EmptySet:
        return True
    if isinstance(region, sympy.Union):
        return all(_holds_on(value, prop, part) for part in region.args)
    if isinstance(region, sympy.FiniteSet):
        return all(_by_ranges(value.xreplace({X: point}), prop) is True for point in region)
    if not isinstance(region, Interval):
        return False
    low, high = region.start, region.end
    closed = (low,) * (not region.left_open) + (high,) * (not region.right_open)
    if not all(_by_ranges(value.xreplace({X: end}), prop) is True for end in closed):
        return False
    # the open interior as the image of t > 0 (exactly, so the check covers every point)
    t = Dummy("t", positive=True)
    if low is S.NegativeInfinity:
        point = X if high is S.Infinity else high - t
    else:
        point = low + t if high is S.Infinity else low + (high - low) * t / (1 + t)
    return _by_ranges(value.xreplace({X: point}), prop) is True
