r"""What the property checks share about one activation: its exclusive cells, the sign runs
of each cell's derivative, the limits at ``±∞`` and certified values at critical points.

A :class:`Study` computes each fact once, on first use, for one activation ``f``; the checks
in :mod:`symact.properties.checks` read it.  Cell expressions come from the prover's
normalisation (:func:`symact.prover.piecewise.normalise`): ``Piecewise``, ``Max``, ``Abs``...
become exclusive cells, points and open intervals, each with one analytic expression.

>>> import symact
>>> study = Study(symact.get("relu"))
>>> study.cells.points, study.limit(sympy.oo)
((0,), oo)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy
from sympy import Expr, oo

from symact.primitives.nodes import X
from symact.properties.intervals import NoEnclosure, image
from symact.properties.limits import limit_at
from symact.properties.signs import Root, Signs, SignUnknown, signs
from symact.prover.piecewise import Cells, NotNormalisable, normalise

__all__ = ["Certified", "Open", "Study", "Undecidable"]


class Undecidable(Exception):
    """A fact the study could not establish; ``reason`` says which."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Certified:
    """A value without closed form: ``approx`` (30 digits) inside ``[lo, hi]`` (rationals),
    at a point inside ``[at_lo, at_hi]``."""

    approx: Expr
    lo: Expr
    hi: Expr
    at_lo: Expr
    at_hi: Expr


@dataclass(frozen=True, slots=True)
class Open:
    """An open cell ``(lo, hi)`` (``±oo`` allowed) and its expression."""

    index: int
    lo: Expr
    hi: Expr
    expr: Expr


def _rational(end: Any) -> Expr:
    m, e = end.mid().man_exp()
    return sympy.Rational(int(m)) * sympy.Rational(2) ** int(e)


def certified_value(h: Expr, root: Root) -> Expr | Certified:
    """``h`` at a root: exact for an exact root, else a certified enclosure over its bracket."""
    if root.value is not None:
        return sympy.simplify(h.subs(X, root.value))
    try:
        iv = image(h, root.lo, root.hi)
    except NoEnclosure as exc:
        raise Undecidable(f"no enclosure of {h} at the critical point: {exc}") from None
    lo, hi = _rational(iv.lo), _rational(iv.hi)
    return Certified(sympy.Float((lo + hi) / 2, 30), lo, hi, root.lo, root.hi)


class Study:
    """Facts about one activation, computed on first use (see the module docstring)."""

    def __init__(self, f: Any, deadline: float | None = None) -> None:
        self.f = f
        self.deadline = deadline
        self._cells: Cells | None = None
        self._memo: dict[Any, Any] = {}

    @property
    def params(self) -> set[sympy.Symbol]:
        """The symbolic parameters of the expression."""
        return self.f.expr.free_symbols - {X}

    @property
    def cells(self) -> Cells:
        """The exclusive cells of ``f`` (raises :class:`Undecidable` when not normalisable)."""
        if self._cells is None:
            try:
                self._cells = normalise(self.f.expr, X)
            except (NotNormalisable, TypeError, ValueError) as exc:
                raise Undecidable(f"cannot split f into cells: {exc}") from None
        return self._cells

    def open_cells(self) -> list[Open]:
        """The open cells in order."""
        c = self.cells
        out = []
        for k in range(0, len(c.exprs), 2):
            lo, hi = c.interval(k)
            out.append(Open(k, -oo if lo is None else lo, oo if hi is None else hi, c.exprs[k]))
        return out

    def _cached(self, key: Any, compute: Any) -> Any:
        if key not in self._memo:
            try:
                self._memo[key] = compute()
            except Undecidable as exc:
                self._memo[key] = exc
        value = self._memo[key]
        if isinstance(value, Undecidable):
            raise value
        return value

    def limit(self, side: Expr, order: int = 0) -> Expr:
        """``lim f^(order)(x)`` as ``x -> side``, exactly (raises when undecided)."""
        cell = self.open_cells()[0 if side is -oo else -1]

        def compute() -> Expr:
            value = limit_at(sympy.diff(cell.expr, X, order), side, self.deadline)
            if value is None:
                raise Undecidable(f"the limit of f^({order}) at {side} is not decided")
            return value

        return self._cached(("limit", side, order), compute)

    def runs(self, cell: Open, order: int = 1) -> Signs:
        """Sign runs of the ``order``-th derivative of the cell expression."""

        def compute() -> Signs:
            h = sympy.diff(cell.expr, X, order)
            limits = {}
            for side in (-oo, oo):
                growth = self.growth(side) if side in (cell.lo, cell.hi) else None
                if growth is not None and growth[0] < order:
                    # used only where h is shown monotone on the tail (signs._tail)
                    limits[side] = sympy.Integer(0)
            try:
                return signs(h, cell.lo, cell.hi, self.deadline, limits)
            except SignUnknown as exc:
                raise Undecidable(str(exc)) from None

        return self._cached(("runs", cell.index, order), compute)

    def growth(self, side: Expr) -> tuple[int, Expr] | None:
        """``(j, M)`` with ``M = lim f(x)/x**j`` finite at ``side`` for ``j = 0`` or ``1``.

        Why: if ``f^(k)`` is monotone near ``side`` it has a limit ``L``, and ``L != 0``
        would make ``f ~ L x**k / k!``; so ``L = 0`` when ``j < k`` and ``L = M`` when
        ``j = k = 1`` (then ``f'`` and ``f/x`` have the same limit).
        """

        def compute() -> tuple[int, Expr] | None:
            try:
                value = self.limit(side)
            except Undecidable:
                return None
            if value.is_finite:
                return 0, value
            cell = self.open_cells()[0 if side is -oo else -1]
            slope = limit_at(cell.expr / X, side, self.deadline)
            return (1, slope) if slope is not None and slope.is_finite else None

        return self._cached(("growth", side), compute)

    def _monotone_tail(self, cell: Open, at: Expr, order: int) -> bool:
        """``f^(order)`` is monotone near the infinite end ``at`` of the cell."""
        try:
            runs = self.runs(cell, order + 1).runs
        except Undecidable:
            return False
        tail = runs[0] if at is -oo else runs[-1]
        return at in (tail.lo, tail.hi)

    def end_value(self, cell: Open, at: Expr, order: int = 0) -> Expr:
        """The one-sided value of the cell's ``order``-th derivative at its end ``at``."""
        if at in (-oo, oo):
            growth = self.growth(at) if order else None
            if growth is not None and growth[0] <= order and self._monotone_tail(cell, at, order):
                return sympy.Integer(0) if growth[0] < order else growth[1]
            return self.limit(at, order)
        value = sympy.diff(cell.expr, X, order).subs(X, at)
        if value.is_finite is not True or value.has(sympy.nan, sympy.zoo):
            raise Undecidable(f"f^({order}) is not shown finite at x = {at} ({value})")
        return sympy.simplify(value)
