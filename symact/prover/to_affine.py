r"""SymPy expressions → canonical piecewise-affine functions (:class:`~.piecewise_affine.PL`).

:func:`to_pl` converts an expression built from rationals, ``x``, ``+``, ``*`` (at most one
non-constant factor per piece), ``Max``, ``Min``, ``Abs``, ``sign``, ``Heaviside`` and
``Piecewise`` whose conditions have a relational form (:mod:`~symact.prover.conditions`);
None for anything else, so the general normaliser takes over.  Conditions become 0/1
indicator functions whose breakpoints are the zeros of their sides; cases pick the first
matching branch; ``max``/``min`` are one walk over the common refinement with the crossings.

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

from collections.abc import Callable, Sequence
from fractions import Fraction

import sympy
from sympy import Expr, Symbol

from symact.prover.conditions import HOLDS_AT_SIGN, ConditionNotSupported, relational_form
from symact.prover.piecewise_affine import (
    ONE,
    PL,
    ZERO,
    Piece,
    combine,
    interior,
    merge_grids,
    product,
    total,
)

__all__ = ["convert", "indicator", "to_pl"]


def _sign(v: Fraction) -> int:
    return (v > 0) - (v < 0)


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
            probe = interior(lo, hi)
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
    grid = merge_grids([u.points, v.points])
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
            t = interior(lo, hi)
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
        rule = HOLDS_AT_SIGN.get(type(cond))
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
    return convert(expr, var)[0]


def convert(expr: Expr, var: Symbol) -> tuple[PL | None, int]:
    """:func:`to_pl` and how many distinct breakpoints the cases of ``expr`` have before
    simplification: every point where some sub-expression or condition changes formula
    (``max(x, 0) - max(x, 0)`` has 1, although it is 0).

    >>> x = Symbol("x", real=True)
    >>> convert(sympy.Max(x, 0) - sympy.Max(-x, 0), x)[1], convert(x, x)[1]
    (1, 0)
    """
    converter = _Converter(var)
    try:
        pl = converter.expr(sympy.sympify(expr))
    except (RecursionError, ZeroDivisionError):
        return None, 0
    cuts = {p for part in converter.memo.values() if part is not None for p in part.points}
    return pl, len(cuts)
