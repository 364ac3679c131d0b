r"""Additivity and homogeneity of a piecewise-affine function, decided in ``O(k log k)``.

For :math:`f` piecewise affine with rational data (:mod:`~symact.prover.piecewise_affine`)
in canonical form (no breakpoint where nothing changes), :math:`f` is linear iff it has no
breakpoint and its one piece passes through the origin.  Otherwise a witness is picked
directly, never searched for over an arrangement:

* homogeneity: a point :math:`t_0` with :math:`f(t_0) \ne f(1)\,t_0` (a breakpoint value, or
  the simplest rational of a piece that is not :math:`f(1)\,t`) gives :math:`x = t_0, a = 1`;
* additivity: :math:`a = b = 0` when :math:`f(0) \ne 0`; else the simplest :math:`a` with
  :math:`f(2a) \ne 2 f(a)` gives :math:`(a, a)`; if there is none, :math:`f(t) = f(2^n t)/2^n`
  forces :math:`f = s_+ t` on :math:`t > 0` and :math:`s_- t` on :math:`t < 0` with
  :math:`s_+ \ne s_-`, and :math:`(1, -1)` fails.  The step cites Cauchy: a locally bounded
  additive function is linear, so a non-linear piecewise-affine one cannot be additive.

The simplest law candidates are tried first (exact rational evaluation), so the usual
witnesses (ReLU: :math:`a = 1, b = -1`) stay the same.  Every refutation is re-certified from
``f.expr`` by :func:`~symact.prover.build_results.refutation`.
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

import sympy
from sympy import Expr, Rational, Symbol

from symact.activations.function import ActivationFunction
from symact.prover.build_results import proof, refutation
from symact.prover.definition_pieces import Piece, definition_pieces
from symact.prover.family_steps import SHOWN_LIMIT, piece_source
from symact.prover.laws import Law, T
from symact.prover.onedim import F
from symact.prover.piecewise import Cells
from symact.prover.piecewise_affine import PL, ZERO, combine
from symact.prover.rationals import simplest_between
from symact.prover.results import Method, Result, Step
from symact.prover.search import search
from symact.prover.to_affine import convert

__all__ = ["decide_affine"]

#: Families (the sets of failing inputs) are derived for at most this many breakpoints.
FAMILY_LIMIT = 24
QUICK = 7
#: Proofs list the cases of the definition one by one up to this many cells.
SHOWN_PIECES = 12


@lru_cache(maxsize=64)
def _canonical(expr: Expr, var: Symbol) -> tuple[PL | None, int]:
    """The canonical form and the number of breakpoints of the cases before merging."""
    return convert(expr, var)


def _q(v: Fraction) -> Rational:
    return Rational(v.numerator, v.denominator)


def _height(v: Fraction) -> tuple[int, int, Fraction]:
    return max(abs(v.numerator), v.denominator), v < 0, abs(v)


def _nonzero_point(g: PL) -> Fraction | None:
    """The simplest point where the piecewise-affine ``g`` is not 0 (None: ``g = 0``)."""
    best: Fraction | None = None
    for i, (s, c) in enumerate(g.pieces):
        lo = g.points[i - 1] if i else None
        hi = g.points[i] if i < len(g.points) else None
        if s == 0 and c == 0:
            continue
        t = simplest_between(lo, hi)
        if s * t + c == 0:  # the piece's one zero: take the simplest point on either side
            left, right = simplest_between(lo, t), simplest_between(t, hi)
            t = min(left, right, key=_height)
        best = t if best is None or _height(t) < _height(best) else best
    for p, v in zip(g.points, g.values, strict=True):
        if v != 0 and (best is None or _height(p) < _height(best)):
            best = p
    return best


def _cells(pl: PL) -> Cells | None:
    if len(pl.points) > FAMILY_LIMIT:
        return None
    exprs: list[Expr] = []
    for i, (s, c) in enumerate(pl.pieces):
        exprs.append(_q(s) * T + _q(c))
        if i < len(pl.points):
            exprs.append(_q(pl.values[i]))
    return Cells(T, tuple(_q(p) for p in pl.points), tuple(exprs))


def _homogeneity_witness(pl: PL) -> dict[str, Expr]:
    diff = _minus_line(pl, pl.at(Fraction(1)))
    t0 = _nonzero_point(diff)
    assert t0 is not None  # pl is not linear
    return {"x": _q(t0), "a": Rational(1)}


def _minus_line(pl: PL, c: Fraction) -> PL:
    """``f(t) - c·t``."""
    points = pl.points
    pieces = tuple((s - c, i) for s, i in pl.pieces)
    values = tuple(v - c * p for p, v in zip(points, pl.values, strict=True))
    return PL(points, pieces, values).canonical()


def _additivity_witness(pl: PL) -> dict[str, Expr]:
    if pl.at(ZERO) != 0:
        return {"a": Rational(0), "b": Rational(0)}
    doubled = pl.compose(PL.affine(Fraction(2), ZERO))
    defect = combine(
        [doubled, pl], lambda u, v: (u[0] - 2 * v[0], u[1] - 2 * v[1]), lambda u, v: u - 2 * v
    )
    assert defect is not None
    a = _nonzero_point(defect)
    if a is None:
        return {"a": Rational(1), "b": Rational(-1)}
    return {"a": _q(a), "b": _q(a)}


def _linear_proof(f: ActivationFunction, law: Law, pl: PL, cuts: int) -> Result:
    slope = _q(pl.pieces[0][0])
    steps = [Step(F(1), "=", slope, "evaluate f exactly"), *_identity_steps(f, slope, cuts)]
    has_cases = f.expr.has(sympy.Piecewise, sympy.Max, sympy.Min, sympy.Abs, sympy.Heaviside)
    return proof(f, law, steps, method=Method.PIECES if has_cases else Method.IDENTITY)


def _identity_steps(f: ActivationFunction, slope: Expr, cuts: int) -> list[Step]:
    """``f(t) = slope·t``: the definition itself, or its cases one by one (each checked
    exactly), or for more than :data:`SHOWN_PIECES` cells a count of the cells checked."""
    target = slope * T
    pieces = None
    if 2 * cuts + 1 <= SHOWN_PIECES:
        pieces = definition_pieces(f.expr, f.x, shown_var=T)
    if pieces is not None and len(pieces) == 1:
        why = f"the definition of f, for all real t: f(t) = {pieces[0].shown}"
        return [Step(F(T), "=", target, why, None, "homogeneity-1d")]
    if pieces is not None and all(_matches(p, slope) for p in pieces):
        steps = [Step(F(T), "=", target, "to show", None, "homogeneity-1d")]
        steps += [_piece_step(p) for p in pieces]
        steps.append(Step.holds("so the identity holds for all real t", "pieces"))
        return steps
    cells = "one cell" if not cuts else f"all {2 * cuts + 1} cells ({cuts} breakpoints)"
    why = (
        f"the cases of f on {cells} of the common refinement of its conditions, in exact "
        "rational arithmetic: one affine piece through the origin after merging"
    )
    return [Step(F(T), "=", target, why, None, "homogeneity-1d")]


def _matches(piece: Piece, slope: Expr) -> bool:
    """The piece's formula is ``slope·t`` (exactly; at a point piece, its value)."""
    if isinstance(piece.interval, sympy.FiniteSet):
        (point,) = piece.interval.args
        return sympy.expand(piece.expr - slope * point) == 0
    return sympy.expand(piece.expr - slope * T) == 0


def _piece_step(piece: Piece) -> Step:
    why = piece_source(piece)
    if len(piece.shown) <= SHOWN_LIMIT:
        why += f": f(t) = {piece.shown}"
    if isinstance(piece.interval, sympy.FiniteSet):
        (point,) = piece.interval.args
        return Step(F(point), "=", piece.expr, why, piece.condition)
    return Step(F(T), "=", piece.expr, why, piece.condition)


def decide_affine(f: ActivationFunction, law: Law, deadline: float | None) -> Result | None:
    """Decide additivity or homogeneity of a piecewise-affine ``f`` with rational data; None
    when ``f`` is not one (or another law is asked), so the general procedure runs."""
    if not law.spec.linearity or f.expr.free_symbols - {f.x}:
        return None
    pl, cuts = _canonical(f.expr, f.x)
    if pl is None:
        return None
    if not pl.points and pl.pieces[0][1] == 0:
        return _linear_proof(f, law, pl, cuts)
    cells = _cells(pl)
    found = search(law, lambda v: _q(pl.at(Fraction(int(v.p), int(v.q)))), QUICK, deadline)
    if found is not None:
        return refutation(f, law, found.witness, cells, deadline, method=Method.SEARCH)
    if law.spec.shape == "scaling":
        witness = _homogeneity_witness(pl)
        context: list[Step] = []
    else:
        witness = _additivity_witness(pl)
        context = [_cauchy_step()]
    return refutation(f, law, witness, cells, deadline, method=Method.PIECES, context=context)


def _cauchy_step() -> Step:
    why = (
        "f is piecewise affine, hence locally bounded, and not linear: by Cauchy it is not "
        "additive; the witness is picked from its pieces (f(0) != 0, or f(2a) != 2 f(a), "
        "or f(1) + f(-1) != f(0))"
    )
    return Step.holds(why, "cauchy")
