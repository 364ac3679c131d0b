r"""Normalise an expression in one real variable to exclusive cells: points and open intervals.

:func:`normalise` rewrites ``Piecewise``, ``Max``, ``Min``, ``Abs``, ``sign`` and
``Heaviside`` (also nested, also inside other functions and conditions) into a
:class:`Cells` record: sorted breakpoints :math:`b_1 < \dots < b_n` and one expression per
cell of the exclusive partition

.. math:: (-\infty, b_1),\ \{b_1\},\ (b_1, b_2),\ \dots,\ \{b_n\},\ (b_n, \infty).

A condition's truth is constant on every cell because the zeros of its sides are breakpoints,
so each cell's expression is chosen by evaluating the conditions exactly at one sample point.
The function is *piecewise affine* when every cell expression is affine in the variable.

>>> from sympy import Heaviside, Max, Min, Piecewise, Rational, Symbol
>>> t = Symbol("t", real=True)
>>> relu = normalise(Piecewise((t, t > 0), (0, True)), t)
>>> relu.points, relu.exprs
((0,), (0, 0, t))
>>> clip = normalise(Min(Max(t, 0), 6), t)
>>> clip.points, clip.exprs, clip.is_affine
((0, 6), (0, 0, t, 6, 6), True)
>>> normalise(t * Heaviside(t) + t * Heaviside(-t), t).exprs
(t,)
>>> normalise(Piecewise((t, abs(t) > Rational(1, 2)), (0, True)), t).exprs
(t, 0, 0, 0, t)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from fractions import Fraction
from functools import cmp_to_key, reduce

import sympy
from sympy import (
    Abs,
    Expr,
    Heaviside,
    Integer,
    Max,
    Min,
    Piecewise,
    Rational,
    Symbol,
    sign,
)
from sympy.core.relational import Relational

from symact.errors import SymactError
from symact.prover.conditions import ConditionNotSupported, relational_form, truth
from symact.prover.constants import constant_sign
from symact.prover.identity import is_identically_zero
from symact.prover.rationals import simplest_between

__all__ = ["Cells", "NotNormalisable", "affine_parts", "normalise", "oracle"]

_KINKS = (Piecewise, Max, Min, Abs, sign, Heaviside)


class NotNormalisable(SymactError, ValueError):
    """The expression has a case split whose breakpoints cannot be located exactly."""


def affine_parts(expr: Expr, var: Symbol) -> tuple[Expr, Expr] | None:
    """``(p, q)`` with ``expr == p*var + q`` exactly, or None when ``expr`` is not affine."""
    if not expr.has(var):
        return Integer(0), expr
    if not expr.is_polynomial(var):
        return None
    poly = sympy.Poly(expr, var)
    if poly.degree() > 1:
        return None
    return poly.coeff_monomial(var), poly.coeff_monomial(1)


#: Parameter values that decide signs of parameter-dependent gaps (see :func:`oracle`).
_ORACLE: ContextVar[dict[Symbol, Expr] | None] = ContextVar("_ORACLE", default=None)


@contextmanager
def oracle(values: dict[Symbol, Expr]) -> Iterator[None]:
    """Decide signs and conditions that depend on parameters at ``values``.

    Sound only on a parameter interval where no breakpoint crosses another, 0 or ±1 (the
    caller cuts the parameter line at those *critical values*): there every such sign is
    constant, so its value at one sample is its value on the whole interval.
    """
    token = _ORACLE.set(values)
    try:
        yield
    finally:
        _ORACLE.reset(token)


def _at_oracle(expr: sympy.Basic) -> sympy.Basic:
    values = _ORACLE.get()
    return expr if values is None or not expr.free_symbols else expr.subs(values)


def _compare(u: Expr, v: Expr) -> int:
    """The sign of ``v - u``, decided exactly (rationals) or rigorously (certified sign, or
    a proved zero); a difference with symbols only when it is identically 0, otherwise at the
    :func:`oracle`'s parameter values.  SymPy's three-valued assumptions are not used."""
    gap = _at_oracle(sympy.sympify(v - u))
    if gap.is_Rational:
        return int(sympy.sign(gap))
    if gap.free_symbols:
        sign_ = 0 if is_identically_zero(gap) else None
    else:
        sign_ = constant_sign(gap, max_prec=512)
    if sign_ is None:
        msg = f"cannot order the breakpoints {u} and {v}; bind the parameters to numbers"
        raise NotNormalisable(msg)
    return sign_


def _less(u: Expr, v: Expr) -> bool:
    return _compare(u, v) > 0


def _sorted_unique(points: Sequence[Expr]) -> tuple[Expr, ...]:
    out: list[Expr] = []
    for p in points:
        if all(p != q and _compare(p, q) != 0 for q in out):
            out.append(p)
    if len(out) > 1:
        out.sort(key=cmp_to_key(lambda u, v: -_compare(u, v)))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Cells:
    """A function of ``var`` on an exclusive partition of ℝ (see the module docstring).

    ``exprs[2*i]`` lives on the open interval left of ``points[i]`` (the last one right of
    the last point); ``exprs[2*i + 1]`` is the value at ``points[i]``.
    """

    var: Symbol
    points: tuple[Expr, ...]
    exprs: tuple[Expr, ...]

    @property
    def is_affine(self) -> bool:
        """True when every cell expression is affine in ``var``."""
        return all(affine_parts(e, self.var) is not None for e in self.exprs)

    def interval(self, k: int) -> tuple[Expr | None, Expr | None]:
        """Endpoints ``(lo, hi)`` of cell ``k`` (None for ∓∞; ``lo == hi`` for a point)."""
        if k % 2:
            p = self.points[k // 2]
            return p, p
        i = k // 2
        lo = self.points[i - 1] if i > 0 else None
        hi = self.points[i] if i < len(self.points) else None
        return lo, hi

    def sample(self, k: int, which: int = 0) -> Expr:
        """An exact point of cell ``k``; ``which`` = 0, 1, 2 give distinct interior points."""
        lo, hi = self.interval(k)
        if lo is not None and lo == hi:
            return lo
        if lo is None:
            return Integer(which) if hi is None else _rational_near(hi - 1 - which)
        if hi is None:
            return _rational_near(lo + 1 + which)
        point = lo + (hi - lo) * Rational(which + 1, which + 2 if which else 2)
        return point if point.is_Rational else _rational_inside(lo, hi, point)

    def condition(self, k: int) -> sympy.logic.boolalg.Boolean:
        """Cell ``k`` as a SymPy condition on ``var``."""
        lo, hi = self.interval(k)
        if lo is not None and lo == hi:
            return sympy.Eq(self.var, lo)
        parts = [c for c in (lo is not None and self.var > lo, hi is not None and self.var < hi)]
        return sympy.And(*[c for c in parts if c is not False])

    def locate(self, value: Expr) -> int:
        """Index of the cell containing the exact number ``value``."""
        for i, p in enumerate(self.points):
            order = 0 if value == p else _compare(value, p)
            if order == 0:
                return 2 * i + 1
            if order > 0:
                return 2 * i
        return 2 * len(self.points)

    def at(self, value: Expr) -> Expr:
        """The function's exact value at the number ``value``."""
        return self.exprs[self.locate(value)].subs(self.var, value)

    def refine(self, points: Sequence[Expr]) -> Cells:
        """The same function on the partition refined by the extra ``points``."""
        merged = _sorted_unique([*self.points, *points])
        if len(merged) == len(self.points):
            return self
        exprs: list[Expr] = []
        for i, p in enumerate(merged):
            k = self.locate(_between(merged, i))
            exprs.append(self.exprs[k])
            exprs.append(self.at(p))
        exprs.append(self.exprs[self.locate(_between(merged, len(merged)))])
        return Cells(self.var, merged, tuple(exprs))

    def merged(self) -> Cells:
        """The same function without breakpoints where nothing changes."""
        points, exprs = list(self.points), list(self.exprs)
        i = 0
        while i < len(points):
            left, value, right = exprs[2 * i : 2 * i + 3]
            if left == right and sympy.sympify(left).subs(self.var, points[i]) == value:
                del points[i]
                del exprs[2 * i + 1 : 2 * i + 3]
            else:
                i += 1
        return Cells(self.var, tuple(points), tuple(exprs))

    def map(self, op: Callable[..., Expr], *others: Cells) -> Cells:
        """Cellwise ``op(self, *others)`` on the common refinement."""
        points = [p for c in (self, *others) for p in c.points]
        parts = [c.refine(points) for c in (self, *others)]
        exprs = []
        for k in range(len(parts[0].exprs)):
            args = [c.exprs[k] for c in parts]
            if k % 2:
                args = [sympy.sympify(a).subs(self.var, parts[0].points[k // 2]) for a in args]
            exprs.append(op(*args))
        return Cells(self.var, parts[0].points, tuple(exprs))


def _between(points: Sequence[Expr], i: int) -> Expr:
    """A point of the open gap left of ``points[i]`` (right of the last one for ``i = n``)."""
    if not points:
        return Integer(0)
    if i == 0:
        return points[0] - 1
    if i == len(points):
        return points[-1] + 1
    return (points[i - 1] + points[i]) / 2


def _rational_near(point: Expr) -> Expr:
    """A rational within 1/2 of ``point`` (certified), else ``point`` itself: witnesses stay
    exact rationals when the breakpoints are irrational."""
    if point.is_Rational or point.free_symbols:
        return point
    return _rational_inside(point - Rational(1, 2), point + Rational(1, 2), point)


def _rational_inside(lo: Expr, hi: Expr, point: Expr) -> Expr:
    """The simplest rational strictly between ``lo`` and ``hi`` near ``point``; floating
    point only proposes it, certified signs confirm it (else ``point`` is returned)."""
    if lo.free_symbols or hi.free_symbols:
        return point
    try:
        low, high = (Fraction(str(sympy.Rational(v.evalf(40)))) for v in (lo, hi))
    except (TypeError, ValueError):
        return point
    width = (high - low) / 4
    guess = simplest_between(low + width, high - width)
    candidate = Rational(guess.numerator, guess.denominator)
    inside = constant_sign(candidate - lo, max_prec=512) == 1
    if inside and constant_sign(hi - candidate, max_prec=512) == 1:
        return candidate
    return point


def _constant(var: Symbol, expr: Expr) -> Cells:
    return Cells(var, (), (expr,))


def normalise(expr: Expr, var: Symbol, *, merge: bool = True) -> Cells:
    """Exclusive cells of ``expr`` as a function of the real variable ``var``; with
    ``merge``, breakpoints where the function does not change are removed."""
    cells = _normalise(expr, var)
    return cells.merged() if merge else cells


def _normalise(expr: Expr, var: Symbol) -> Cells:
    expr = sympy.sympify(expr)
    if not expr.has(*_KINKS) or not expr.has(var):
        return _constant(var, expr)
    if isinstance(expr, Piecewise):
        return _piecewise(expr, var)
    if isinstance(expr, (Max, Min)):
        keep = sympy.Ge if isinstance(expr, Max) else sympy.Le
        folded = reduce(lambda u, v: Piecewise((u, keep(u, v)), (v, True)), expr.args)
        return _normalise(folded, var)
    if isinstance(expr, Abs):
        (u,) = expr.args
        return _normalise(Piecewise((u, u >= 0), (-u, True)), var)
    if isinstance(expr, sign):
        (u,) = expr.args
        return _normalise(Piecewise((1, u > 0), (-1, u < 0), (0, True)), var)
    if isinstance(expr, Heaviside):
        u = expr.args[0]
        at_zero = expr.args[1] if len(expr.args) > 1 else Rational(1, 2)
        return _normalise(Piecewise((1, u > 0), (at_zero, sympy.Eq(u, 0)), (0, True)), var)
    args = [_normalise(a, var) if isinstance(a, Expr) else _constant(var, a) for a in expr.args]
    return args[0].map(expr.func, *args[1:])


def _roots(cond: sympy.Basic, var: Symbol) -> list[Expr]:
    """Breakpoints of a condition: zeros of the affine pieces of each relational's sides."""
    out: list[Expr] = []
    for rel in _relational(cond).atoms(Relational):
        side = _normalise(rel.lhs - rel.rhs, var)
        out.extend(side.points)
        for k in range(0, len(side.exprs), 2):
            parts = affine_parts(side.exprs[k], var)
            if parts is None:
                msg = f"the condition {rel} is not piecewise affine in {var}; cannot split on it"
                raise NotNormalisable(msg)
            p, q = parts
            slope = _at_oracle(p)
            zero = is_identically_zero(slope) or constant_sign(slope, max_prec=512) == 0
            if zero:
                continue
            if slope.free_symbols or constant_sign(slope, max_prec=512) is None:
                msg = f"cannot tell whether {p} is 0 in the condition {rel}; bind the parameters"
                raise NotNormalisable(msg)
            root = -q / p
            lo, hi = side.interval(k)
            if (lo is None or _less(lo, root)) and (hi is None or _less(root, hi)):
                out.append(root)
    return out


def _relational(cond: sympy.Basic) -> sympy.Basic:
    """``cond`` as relations only (:mod:`~symact.prover.conditions`), or NotNormalisable."""
    try:
        return relational_form(cond)
    except ConditionNotSupported as exc:
        raise NotNormalisable(str(exc)) from None


def _sign_at(var: Symbol, at: Expr) -> Callable[[Expr], int | None]:
    """Certified sign of a condition side ``d`` at ``var = at`` (through its own cells, so
    cases inside the side are chosen by certified comparisons too)."""

    def sign_of(d: Expr) -> int | None:
        value = _at_oracle(_normalise(d, var).at(at))
        return None if value.free_symbols else constant_sign(value, max_prec=512)

    return sign_of


def _piecewise(expr: Piecewise, var: Symbol) -> Cells:
    conds = [_relational(c) for _, c in expr.args]
    pieces = [_normalise(e, var) for e, _ in expr.args]
    cuts = [p for c in conds for p in _roots(c, var)]
    points = [*cuts, *(p for c in pieces for p in c.points)]
    pieces = [c.refine(points) for c in pieces]
    grid = pieces[0]
    exprs = []
    for k in range(len(grid.exprs)):
        at = grid.sample(k)
        for cond, piece in zip(conds, pieces, strict=True):
            holds = truth(cond, _sign_at(var, at))
            if holds is None:
                msg = f"cannot decide the condition {cond} at {var} = {at}; bind the parameters"
                raise NotNormalisable(msg)
            if holds:
                exprs.append(piece.exprs[k])
                break
        else:
            exprs.append(sympy.nan)
    return Cells(var, grid.points, tuple(exprs))
