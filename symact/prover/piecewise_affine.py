r"""Piecewise-affine functions with rational data, in canonical form, in near-linear time.

A :class:`PL` holds sorted rational breakpoints :math:`b_1 < \dots < b_k`, the affine piece
:math:`s_i t + c_i` on each open interval between them and the value at each breakpoint, all
as exact :class:`fractions.Fraction`.  :func:`to_pl` converts a SymPy expression built from
rationals, ``x``, ``+``, ``*`` (at most one non-constant factor per piece), ``Max``, ``Min``,
``Abs``, ``sign``, ``Heaviside`` and ``Piecewise`` (conditions in relational form, see
:mod:`~symact.prover.conditions`) and returns None for anything else (the general normaliser
then takes over).  Every operation works on the common refinement of sorted breakpoint lists
(a linear merge), sums collect the jumps of their terms in one sort and compositions pull
breakpoints back by bisection, so a function with :math:`k` breakpoints costs
:math:`O(k \log k)` exact operations.

>>> from sympy import Max, Min, Symbol
>>> x = Symbol("x", real=True)
>>> clip = to_pl(Min(Max(x, 0), 6), x)
>>> clip.points, clip.at(Fraction(7, 2)), clip.at(Fraction(9))
((Fraction(0, 1), Fraction(6, 1)), Fraction(7, 2), Fraction(6, 1))
>>> relu = to_pl(Max(x, 0), x)
>>> relu.compose(relu) == relu, to_pl(Max(x, 0) - Max(-x, 0), x).points
(True, ())
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import sympy
from sympy import Expr, Symbol

from symact.prover.conditions import ConditionNotSupported, relational_form

__all__ = ["PL", "to_pl"]

Piece = tuple[Fraction, Fraction]  # slope, intercept
ZERO, ONE = Fraction(0), Fraction(1)


@dataclass(frozen=True, slots=True)
class PL:
    """A piecewise-affine function: ``pieces[i]`` left of ``points[i]`` (the last one right
    of the last point), ``values[i]`` at ``points[i]``."""

    points: tuple[Fraction, ...]
    pieces: tuple[Piece, ...]
    values: tuple[Fraction, ...]

    @staticmethod
    def affine(slope: Fraction, intercept: Fraction) -> PL:
        """The affine function ``slope·t + intercept``."""
        return PL((), ((slope, intercept),), ())

    def at(self, t: Fraction) -> Fraction:
        """The exact value at ``t``."""
        i = bisect_left(self.points, t)
        if i < len(self.points) and self.points[i] == t:
            return self.values[i]
        s, c = self.pieces[i]
        return s * t + c

    def refine(self, grid: Sequence[Fraction]) -> tuple[list[Piece], list[Fraction]]:
        """Pieces and values on the sorted superset ``grid`` of the breakpoints."""
        pieces, values, j = [], [], 0
        for q in grid:
            while j < len(self.points) and self.points[j] < q:
                j += 1
            pieces.append(self.pieces[j])
            if j < len(self.points) and self.points[j] == q:
                values.append(self.values[j])
            else:
                s, c = self.pieces[j]
                values.append(s * q + c)
        pieces.append(self.pieces[-1])
        return pieces, values

    def canonical(self) -> PL:
        """The same function without breakpoints where nothing changes."""
        points, pieces, values = [], [self.pieces[0]], []
        for p, right, v in zip(self.points, self.pieces[1:], self.values, strict=True):
            s, c = pieces[-1]
            if right == pieces[-1] and s * p + c == v:
                continue
            points.append(p)
            values.append(v)
            pieces.append(right)
        return PL(tuple(points), tuple(pieces), tuple(values))

    def compose(self, inner: PL) -> PL:
        """``self ∘ inner``: breakpoints of ``self`` pulled back through each piece of ``inner``."""
        points: list[Fraction] = []
        pieces: list[Piece] = []
        values: list[Fraction] = []
        for i, (s, c) in enumerate(inner.pieces):
            lo = inner.points[i - 1] if i else None
            hi = inner.points[i] if i < len(inner.points) else None
            self._pull_back(s, c, lo, hi, points, pieces, values)
            if hi is not None:
                points.append(hi)
                values.append(self.at(inner.values[i]))
        return PL(tuple(points), tuple(pieces), tuple(values)).canonical()

    def _pull_back(
        self,
        s: Fraction,
        c: Fraction,
        lo: Fraction | None,
        hi: Fraction | None,
        points: list[Fraction],
        pieces: list[Piece],
        values: list[Fraction],
    ) -> None:
        """Append ``self(s·t + c)`` on the open interval ``(lo, hi)``."""
        if s == 0:
            pieces.append((ZERO, self.at(c)))
            return
        cuts = self._inside(s, c, lo, hi)
        ts = [(self.points[i] - c) / s for i in cuts]
        bounds = [lo, *ts, hi]
        for k in range(len(ts) + 1):
            y = s * _interior(bounds[k], bounds[k + 1]) + c
            a, d = self.pieces[bisect_left(self.points, y)]
            pieces.append((a * s, a * c + d))
            if k < len(ts):
                points.append(ts[k])
                values.append(self.values[cuts[k]])

    def _inside(
        self, s: Fraction, c: Fraction, lo: Fraction | None, hi: Fraction | None
    ) -> list[int]:
        """Indices of the breakpoints strictly inside the image of ``(lo, hi)`` under
        ``s·t + c``, in the order of increasing ``t`` (found by bisection)."""
        ends = (lo, hi) if s > 0 else (hi, lo)
        low, high = (None if e is None else s * e + c for e in ends)
        i = 0 if low is None else bisect_right(self.points, low)
        j = len(self.points) if high is None else bisect_left(self.points, high)
        found = list(range(i, j))
        return found if s > 0 else found[::-1]


def _interior(lo: Fraction | None, hi: Fraction | None) -> Fraction:
    """An exact point of the open interval ``(lo, hi)`` (None: unbounded)."""
    if lo is None:
        return hi - 1 if hi is not None else ZERO
    if hi is None:
        return lo + 1
    return (lo + hi) / 2


def _merge(grids: Sequence[Sequence[Fraction]]) -> list[Fraction]:
    out: list[Fraction] = []
    for p in heapq.merge(*grids):
        if not out or out[-1] != p:
            out.append(p)
    return out


def combine(
    fs: Sequence[PL],
    piece_op: Callable[..., Piece | None],
    value_op: Callable[..., Fraction],
) -> PL | None:
    """Cellwise ``op`` of the functions ``fs`` on their common refinement (None if a piece
    op refuses)."""
    grid = _merge([f.points for f in fs])
    parts = [f.refine(grid) for f in fs]
    pieces = []
    for k in range(len(grid) + 1):
        piece = piece_op(*(p[0][k] for p in parts))
        if piece is None:
            return None
        pieces.append(piece)
    values = [value_op(*(p[1][k] for p in parts)) for k in range(len(grid))]
    return PL(tuple(grid), tuple(pieces), tuple(values)).canonical()


def _add(*ps: Piece) -> Piece:
    return sum((p[0] for p in ps), ZERO), sum((p[1] for p in ps), ZERO)


def _mul(u: Piece, v: Piece) -> Piece | None:
    if u[0] and v[0]:
        return None  # a product of two non-constant pieces is not affine
    return u[0] * v[1] + v[0] * u[1], u[1] * v[1]


def total(fs: Sequence[PL]) -> PL:
    """The sum, from the jumps of every term at its breakpoints (one sort: ``O(k log k)``
    for ``k`` breakpoints in all, whatever the number of terms)."""
    if len(fs) == 1:
        return fs[0]
    slope = sum((f.pieces[0][0] for f in fs), ZERO)
    icept = sum((f.pieces[0][1] for f in fs), ZERO)
    jumps: dict[Fraction, list[Fraction]] = {}
    for f in fs:
        for j, p in enumerate(f.points):
            (s0, c0), (s1, c1) = f.pieces[j], f.pieces[j + 1]
            entry = jumps.setdefault(p, [ZERO, ZERO, ZERO])
            entry[0] += s1 - s0
            entry[1] += c1 - c0
            entry[2] += f.values[j] - (s0 * p + c0)  # the value's deviation from the left piece
    points = sorted(jumps)
    pieces, values = [(slope, icept)], []
    for p in points:
        ds, dc, dv = jumps[p]
        values.append(slope * p + icept + dv)
        slope, icept = slope + ds, icept + dc
        pieces.append((slope, icept))
    return PL(tuple(points), tuple(pieces), tuple(values)).canonical()


def product(fs: Sequence[PL]) -> PL | None:
    """The product, when every piece has at most one non-constant factor."""
    out: PL | None = fs[0]
    for f in fs[1:]:
        out = None if out is None else combine([out, f], _mul, lambda u, v: u * v)
    return out


def _sign(v: Fraction) -> int:
    return (v > 0) - (v < 0)


_HOLDS: dict[type, Callable[[int], bool]] = {
    sympy.StrictLessThan: lambda s: s < 0,
    sympy.LessThan: lambda s: s <= 0,
    sympy.StrictGreaterThan: lambda s: s > 0,
    sympy.GreaterThan: lambda s: s >= 0,
    sympy.Equality: lambda s: s == 0,
    sympy.Unequality: lambda s: s != 0,
}


def indicator(d: PL, holds: Callable[[int], bool]) -> PL:
    """``1`` where ``holds(sign(d(t)))``, else ``0``: the zeros of ``d`` become breakpoints."""
    points: list[Fraction] = []
    pieces: list[Piece] = []
    values: list[Fraction] = []

    def bit(sign: int) -> Fraction:
        return ONE if holds(sign) else ZERO

    for i, (s, c) in enumerate(d.pieces):
        lo = d.points[i - 1] if i else None
        hi = d.points[i] if i < len(d.points) else None
        zero = -c / s if s else None
        if zero is not None and (lo is None or zero > lo) and (hi is None or zero < hi):
            pieces.append((ZERO, bit(-_sign(s))))
            points.append(zero)
            values.append(bit(0))
            pieces.append((ZERO, bit(_sign(s))))
        else:
            probe = _interior(lo, hi)
            pieces.append((ZERO, bit(_sign(s * probe + c))))
        if hi is not None:
            points.append(hi)
            values.append(bit(_sign(d.values[i])))
    return PL(tuple(points), tuple(pieces), tuple(values)).canonical()


def difference(u: PL, v: PL) -> PL:
    """``u - v``."""
    out = combine([u, v], lambda p, q: (p[0] - q[0], p[1] - q[1]), lambda p, q: p - q)
    assert out is not None
    return out


def select(cases: Sequence[tuple[PL, PL]]) -> PL | None:
    """First matching case: ``Σ vᵢ·bᵢ·(1 - b₁)…(1 - bᵢ₋₁)`` for 0/1 indicators ``bᵢ``; None
    when some point matches no case (the function is undefined there)."""
    terms, remaining = [], PL.affine(ZERO, ONE)
    for value, bits in cases:
        chosen = product([remaining, bits])
        term = None if chosen is None else product([value, chosen])
        if term is None:
            return None
        terms.append(term)
        left = combine(
            [remaining, bits], lambda r, b: (ZERO, r[1] * (1 - b[1])), lambda r, b: r * (1 - b)
        )
        assert left is not None
        remaining = left
    if remaining.points or remaining.pieces[0] != (ZERO, ZERO):
        return None
    return total(terms)


def _extremum(args: list[PL], larger: bool) -> PL:
    out = args[0]
    for v in args[1:]:
        out = _pick(out, v, larger)
    return out


def _pick(u: PL, v: PL, larger: bool) -> PL:
    """``max(u, v)`` (``min`` when not ``larger``) in one walk over the common refinement,
    each crossing of ``u`` and ``v`` inside a cell becoming a breakpoint."""
    grid = _merge([u.points, v.points])
    (pu, vu), (pv, vv) = u.refine(grid), v.refine(grid)
    better = max if larger else min
    points: list[Fraction] = []
    pieces: list[Piece] = []
    values: list[Fraction] = []
    for i in range(len(grid) + 1):
        lo = grid[i - 1] if i else None
        hi = grid[i] if i < len(grid) else None
        (su, cu), (sv, cv) = pu[i], pv[i]
        ds, dc = su - sv, cu - cv
        zero = -dc / ds if ds else None
        first, second = pu[i], pv[i]
        if zero is not None and (lo is None or zero > lo) and (hi is None or zero < hi):
            # left of the crossing u - v has the sign of -ds
            left_u = (ds < 0) == larger
            pieces.append(first if left_u else second)
            points.append(zero)
            values.append(su * zero + cu)
            pieces.append(second if left_u else first)
        else:
            t = _interior(lo, hi)
            du = ds * t + dc
            pieces.append(first if (du >= 0) == larger or du == 0 else second)
        if hi is not None:
            points.append(hi)
            values.append(better(vu[i], vv[i]))
    return PL(tuple(points), tuple(pieces), tuple(values)).canonical()


class _Converter:
    """Memoised conversion of one expression (shared subtrees are converted once)."""

    def __init__(self, var: Symbol) -> None:
        self.var = var
        self.memo: dict[sympy.Basic, PL | None] = {}

    def expr(self, e: Expr) -> PL | None:
        if e not in self.memo:
            self.memo[e] = self._expr(e)
        return self.memo[e]

    def _args(self, e: sympy.Basic) -> list[PL] | None:
        args = [self.expr(a) for a in e.args]
        return None if any(a is None for a in args) else [a for a in args if a is not None]

    def _expr(self, e: Expr) -> PL | None:
        if isinstance(e, sympy.Rational):
            return PL.affine(ZERO, Fraction(int(e.p), int(e.q)))
        if e == self.var:
            return PL.affine(ONE, ZERO)
        if isinstance(e, sympy.Piecewise):
            return self.piecewise(list(e.args))
        if not isinstance(e, _NODES):
            return None
        args = self._args(e)
        if args is None:
            return None
        if isinstance(e, sympy.Add):
            return total(args)
        if isinstance(e, sympy.Mul):
            return product(args)
        if isinstance(e, sympy.Max | sympy.Min):
            return _extremum(args, isinstance(e, sympy.Max))
        return self._step(e, args)

    def _step(self, e: Expr, args: list[PL]) -> PL | None:
        u, one = args[0], PL.affine(ZERO, ONE)
        if isinstance(e, sympy.Abs):
            negated = PL(
                u.points, tuple((-a, -b) for a, b in u.pieces), tuple(-w for w in u.values)
            )
            return _pick(u, negated, True)
        pos, neg = indicator(u, lambda s: s > 0), indicator(u, lambda s: s < 0)
        if isinstance(e, sympy.sign):
            return select([(one, pos), (PL.affine(ZERO, -ONE), neg), (PL.affine(ZERO, ZERO), one)])
        h0 = args[1] if len(args) > 1 else PL.affine(ZERO, Fraction(1, 2))
        if h0.points or h0.pieces[0][0]:
            return None
        at_zero = indicator(u, lambda s: s == 0)
        return select([(one, pos), (h0, at_zero), (PL.affine(ZERO, ZERO), one)])

    def condition(self, cond: sympy.Basic) -> PL | None:
        if cond is sympy.true or cond is sympy.false:
            return PL.affine(ZERO, ONE if cond is sympy.true else ZERO)
        rule = _HOLDS.get(type(cond))
        if rule is not None:
            lhs, rhs = self.expr(cond.lhs), self.expr(cond.rhs)
            return None if lhs is None or rhs is None else indicator(difference(lhs, rhs), rule)
        parts = [self.condition(a) for a in cond.args]
        if any(p is None for p in parts) or not parts:
            return None
        bits = [p for p in parts if p is not None]
        if isinstance(cond, sympy.Not):
            return combine(bits, lambda u: (ZERO, ONE - u[1]), lambda u: ONE - u)
        if isinstance(cond, sympy.And | sympy.Or):
            pick = min if isinstance(cond, sympy.And) else max
            return combine(bits, lambda *us: (ZERO, pick(u[1] for u in us)), pick)
        return None

    def piecewise(self, pairs: list[tuple[Expr, sympy.Basic]]) -> PL | None:
        """First matching branch (see :func:`select`)."""
        cases = []
        for value, cond in pairs:
            try:
                bits = self.condition(relational_form(cond))
            except ConditionNotSupported:
                return None
            branch = self.expr(value)
            if bits is None or branch is None:
                return None
            cases.append((branch, bits))
        return select(cases)


_NODES = (sympy.Add, sympy.Mul, sympy.Max, sympy.Min, sympy.Abs, sympy.sign, sympy.Heaviside)


def to_pl(expr: Expr, var: Symbol) -> PL | None:
    """``expr`` as a canonical :class:`PL` in ``var``, or None when it is not built from the
    supported nodes with rational constants (see the module docstring)."""
    try:
        return _Converter(var).expr(sympy.sympify(expr))
    except (RecursionError, ZeroDivisionError):
        return None
