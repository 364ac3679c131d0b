r"""Piecewise-affine functions with rational data, in canonical form, in near-linear time.

A :class:`PL` holds sorted rational breakpoints :math:`b_1 < \dots < b_k`, the affine piece
:math:`s_i t + c_i` on each open interval between them and the value at each breakpoint, all
as exact :class:`fractions.Fraction`; :func:`~symact.prover.to_affine.to_pl` builds one from
a SymPy expression (or returns None and the general normaliser
then takes over).  Every operation works on the common refinement of sorted breakpoint lists
(a linear merge), sums collect the jumps of their terms in one sort and compositions pull
breakpoints back by bisection, so a function with :math:`k` breakpoints costs
:math:`O(k \log k)` exact operations.

>>> relu = PL((Fraction(0),), ((ZERO, ZERO), (ONE, ZERO)), (ZERO,))
>>> relu.compose(relu) == relu, relu.at(Fraction(-2)), relu.at(Fraction(5, 2))
(True, Fraction(0, 1), Fraction(5, 2))
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

__all__ = ["ONE", "PL", "ZERO", "combine", "interior", "merge_grids", "product", "total"]

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
            y = s * interior(bounds[k], bounds[k + 1]) + c
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


def interior(lo: Fraction | None, hi: Fraction | None) -> Fraction:
    """An exact point of the open interval ``(lo, hi)`` (None: unbounded)."""
    if lo is None:
        return hi - 1 if hi is not None else ZERO
    if hi is None:
        return lo + 1
    return (lo + hi) / 2


def merge_grids(grids: Sequence[Sequence[Fraction]]) -> list[Fraction]:
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
    grid = merge_grids([f.points for f in fs])
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
