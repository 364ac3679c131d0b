r"""The classic argument for a counterexample family: every term in one case of the definition.

Through the witness :math:`(u_0, v_0)` of a refutation this module looks for a *line* of
counterexamples, one law variable fixed or tied to the other (homogeneity: :math:`x = x_0`;
additivity: :math:`b = -a`, :math:`b = a`, :math:`b = b_0` or :math:`a = a_0`), and the largest
interval :math:`J` of its parameter :math:`s` around the witness on which

* every argument of ``f`` in the law, an affine function of :math:`s`, stays inside one case of
  the definition (:mod:`~symact.prover.definition_pieces`), so each term is a polynomial in
  :math:`s` there, and
* the defect, then a polynomial :math:`D(s)`, has no root (its rational roots are computed
  exactly; a line with irrational roots or non-polynomial cases is skipped).

The steps then read like a textbook: *let x = −1 and a < 0; −a > 0, so f(−a) = −a by the case
t > 0 of f; a ≤ 0, so f(a) = 0; hence f(x·a) − x·f(a) = −a > 0 for every a < 0*.  Everything is
exact (interval arithmetic on rationals, polynomial roots); the defect polynomial is
cross-checked against the law evaluated from ``f.expr`` at two points of the family.  None
when no such line exists: the caller then keeps its other steps.

>>> import symact
>>> from symact.prover.laws import Law
>>> found = family_steps(symact.get("relu"), Law.HOMOGENEITY, {"x": -1, "a": -1})
>>> found.case
Eq(x, -1) & (a < 0)
>>> [str(s.relation) for s in found.steps][-3:]
['=', '!=', '!=']
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import sympy
from sympy import Expr, Integer, Symbol

from symact.activations.function import ActivationFunction
from symact.prover.definition_pieces import Piece, definition_pieces, interval_condition
from symact.prover.laws import SCALAR, A, B, Law, T
from symact.prover.onedim import F
from symact.prover.results import Relation, Step
from symact.prover.search import exact_sides

__all__ = ["SHOWN_LIMIT", "FamilySteps", "case_text", "family_steps"]

#: Shown formulas of the definition longer than this are not quoted in a justification.
SHOWN_LIMIT = 60
#: Seconds of the budget left untouched: the derivation is skipped rather than risk it.
RESERVE = 0.5


@dataclass(frozen=True, slots=True)
class FamilySteps:
    """The derivation for one line of counterexamples and the set it covers (``case``)."""

    case: sympy.Basic
    steps: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class _Line:
    """Law variables as affine functions of the parameter ``param`` (value ``start`` at the
    witness); ``ties`` are the equations that define the line."""

    values: dict[str, Expr]
    param: Symbol
    start: Expr
    ties: tuple[sympy.Basic, ...]


@lru_cache(maxsize=64)
def _pieces(expr: Expr, var: Symbol) -> tuple[Piece, ...] | None:
    return definition_pieces(expr, var, shown_var=T)


def _lines(law: Law, witness: Mapping[str, Expr]) -> list[_Line]:
    """Candidate lines through the witness, the most textbook-like first."""
    if not law.spec.pairwise:
        x0, a0 = witness["x"], witness["a"]
        return [_Line({"x": x0, "a": A}, A, a0, (sympy.Eq(SCALAR, x0),))]
    a0, b0 = witness["a"], witness["b"]
    out = []
    if a0 + b0 == 0:
        out.append(_Line({"a": A, "b": -A}, A, a0, (sympy.Eq(B, -A),)))
    if a0 == b0:
        out.append(_Line({"a": A, "b": A}, A, a0, (sympy.Eq(B, A),)))
    out.append(_Line({"a": A, "b": b0}, A, a0, (sympy.Eq(B, b0),)))
    out.append(_Line({"a": a0, "b": B}, B, b0, (sympy.Eq(A, a0),)))
    return out


def _contains(interval: sympy.Set, value: Expr) -> bool:
    """``value ∈ interval`` for a rational ``value``, by exact comparisons (SymPy's
    ``contains`` is slow)."""
    if isinstance(interval, sympy.FiniteSet):
        return value in interval.args
    lo, hi = interval.start, interval.end
    above = lo == -sympy.oo or (value > lo if interval.left_open else value >= lo)
    return bool(above) and (
        hi == sympy.oo or bool(value < hi if interval.right_open else value <= hi)
    )


def _piece_at(pieces: tuple[Piece, ...], value: Expr) -> Piece:
    return next(p for p in pieces if _contains(p.interval, value))


def _meet(u: sympy.Interval, v: sympy.Interval) -> sympy.Interval:
    """The intersection of two intervals that share a point (exact comparisons)."""
    if u.start == v.start:
        lo, lo_open = u.start, u.left_open or v.left_open
    else:
        lo, lo_open = (u.start, u.left_open) if u.start > v.start else (v.start, v.left_open)
    if u.end == v.end:
        hi, hi_open = u.end, u.right_open or v.right_open
    else:
        hi, hi_open = (u.end, u.right_open) if u.end < v.end else (v.end, v.right_open)
    return sympy.Interval(lo, hi, lo_open, hi_open)


def _preimage(piece: Piece, u: Expr, s: Symbol) -> sympy.Set:
    """``{s : u(s) ∈ piece}`` for ``u`` affine in ``s``."""
    slope, offset = sympy.Poly(u, s).coeff_monomial(s), u.subs(s, 0)
    if slope == 0:
        return sympy.Interval(-sympy.oo, sympy.oo)
    image = piece.interval
    if isinstance(image, sympy.FiniteSet):
        return sympy.FiniteSet(*((c - offset) / slope for c in image.args))
    ends = [(e - offset) / slope for e in (image.start, image.end)]
    if slope > 0:
        return sympy.Interval(ends[0], ends[1], image.left_open, image.right_open)
    return sympy.Interval(ends[1], ends[0], image.right_open, image.left_open)


def _without_roots(j0: sympy.Set, defect: Expr, s: Symbol, s0: Expr) -> sympy.Set | None:
    """The largest interval of ``j0`` around ``s0`` where the polynomial ``defect`` has no
    root; None when its roots are not all rational (or it is not a polynomial)."""
    if not isinstance(j0, sympy.Interval):
        return None
    if not defect.has(s):
        return j0
    poly = sympy.Poly(defect, s)
    if not all(c.is_Rational for c in poly.coeffs()):
        return None
    roots = sympy.roots(poly, filter="R")
    if len(roots) != poly.count_roots() or not all(r.is_Rational for r in roots):
        return None
    lo, lo_open, hi, hi_open = j0.start, j0.left_open, j0.end, j0.right_open
    for r in roots:
        if lo < r < s0:
            lo, lo_open = r, True
        elif s0 < r < hi:
            hi, hi_open = r, True
        elif r in (lo, hi):
            lo_open, hi_open = lo_open or r == lo, hi_open or r == hi
    return sympy.Interval(lo, hi, lo_open, hi_open)


def _polynomial(expr: Expr, s: Symbol) -> bool:
    return expr.is_polynomial(s) and all(c.is_Rational for c in sympy.Poly(expr, s).coeffs())


def _on_line(
    f: ActivationFunction, law: Law, pieces: tuple[Piece, ...], line: _Line
) -> tuple[sympy.Set, dict[Expr, Piece], Expr] | None:
    """The interval of the line, each argument's case and the defect, or None."""
    s = line.param
    shown = law.sides(F, line.values)  # a term with a factor 0 (x = 0) is gone here
    args = [n.args[0] for side in shown for n in sympy.preorder_traversal(side) if isinstance(n, F)]
    chosen = {u: _piece_at(pieces, u.subs(s, line.start)) for u in dict.fromkeys(args)}
    if not all(_polynomial(p.expr, T) for p in chosen.values()):
        return None
    j0: sympy.Set = sympy.Interval(-sympy.oo, sympy.oo)
    for u, piece in chosen.items():
        pre = _preimage(piece, u, s)
        if not isinstance(pre, sympy.Interval):
            return None  # a point case moving with s: the line leaves it at once
        j0 = _meet(j0, pre)
    lhs, rhs = law.sides(_values(chosen), line.values)
    defect = sympy.expand(lhs - rhs)
    if not _polynomial(defect, s) or defect.subs(s, line.start) == 0:
        return None
    interval = _without_roots(j0, defect, s, line.start)
    if not isinstance(interval, sympy.Interval) or interval.measure == 0:
        return None
    return interval, chosen, defect


def _values(chosen: dict[Expr, Piece]) -> Callable[[Expr], Expr]:
    """``f(u)`` from the case chosen for ``u`` (a term that a factor 0 removes stays f(u))."""
    return lambda u: chosen[u].expr.xreplace({T: u}) if u in chosen else F(u)


def _cross_checked(
    f: ActivationFunction, law: Law, line: _Line, interval: sympy.Interval, defect: Expr
) -> bool:
    """The defect polynomial agrees with the law evaluated from ``f.expr`` (exactly) at the
    witness and one more point of the interval."""
    s = line.param
    for point in _points(interval, line.start)[:2]:
        values = {k: v.subs(s, point) for k, v in line.values.items()}
        lhs, rhs = exact_sides(f, law, values)
        if not (lhs - rhs).is_Rational or lhs - rhs != defect.subs(s, point):
            return False
    return True


def _points(interval: sympy.Interval, start: Expr) -> list[Expr]:
    """The witness's parameter and a point on each side of it inside the interval."""
    lo, hi = interval.start, interval.end
    left = start - 1 if lo == -sympy.oo else (lo + start) / 2
    right = start + 1 if hi == sympy.oo else (hi + start) / 2
    return [p for p in dict.fromkeys((start, left, right)) if _contains(interval, p)]


def family_steps(
    f: ActivationFunction, law: Law, witness: Mapping[str, Expr], deadline: float | None = None
) -> FamilySteps | None:
    """The textbook derivation for a line of counterexamples through ``witness``, or None
    (also when ``deadline``, a :func:`time.monotonic` timestamp, is near: these steps only
    explain a refutation that is already certified, so they never use up its budget)."""
    if not all(sympy.sympify(v).is_Rational for v in witness.values()) or _late(deadline):
        return None
    pieces = _pieces(f.expr, f.x)
    if pieces is None or not any(_polynomial(p.expr, T) for p in pieces):
        return None
    for line in _lines(law, {k: sympy.sympify(v) for k, v in witness.items()}):
        if _late(deadline):
            return None
        try:
            found = _on_line(f, law, pieces, line)
        except (TypeError, ValueError, sympy.PolynomialError):
            found = None  # a comparison or polynomial SymPy cannot decide: no such line
        if found is None:
            continue
        interval, chosen, defect = found
        if _cross_checked(f, law, line, interval, defect):
            case = sympy.And(*line.ties, interval_condition(interval, line.param))
            return FamilySteps(case, tuple(_steps(law, line, case, chosen, defect)))
    return None


def _late(deadline: float | None) -> bool:
    """Less than :data:`RESERVE` seconds left before ``deadline``."""
    return deadline is not None and time.monotonic() > deadline - RESERVE


def _steps(
    law: Law, line: _Line, case: sympy.Basic, chosen: dict[Expr, Piece], defect: Expr
) -> list[Step]:
    """Let; substitute the line; each term from its case; the sides; the defect's sign."""
    why = "let the variables take any values in this set (it contains the witness)"
    steps = [Step.holds(why, statement=case)]
    general = law.sides(F, dict(zip(law.variables, law.symbols, strict=True)))
    shown = law.sides(F, line.values)
    ties = " and ".join(f"{sympy.sstr(t.lhs)} = {sympy.sstr(t.rhs)}" for t in line.ties)
    for g, v in zip(general, shown, strict=True):
        if g != v:
            steps.append(Step(g, "=", v, f"substitute {ties}", case))
    for u, piece in chosen.items():
        steps += _term_steps(u, piece, case)
    values = law.sides(_values(chosen), line.values)
    for v, value in zip(shown, values, strict=True):
        if not isinstance(v, F) and v != value:
            steps.append(Step(v, "=", sympy.expand(value), "the values above", case))
    steps += _defect_steps(steps, line, case, values, defect)
    steps.append(Step(general[0], "!=", general[1], "for every point of this set", case))
    return steps


def _defect_steps(
    said: list[Step], line: _Line, case: sympy.Basic, values: tuple[Expr, Expr], defect: Expr
) -> list[Step]:
    """The defect's constant sign on the line (unless already said), then the disequality."""
    sign = int(sympy.sign(defect.subs(line.param, line.start)))
    rel = Relation.GT if sign > 0 else Relation.LT
    steps = []
    if defect.has(line.param) and (defect, rel, Integer(0)) not in {
        (s.lhs, s.relation, s.rhs) for s in said
    }:
        steps.append(Step(defect, rel, Integer(0), _sign_reason(defect, line.param), case))
    side = "positive" if sign > 0 else "negative"
    lhs, rhs = (sympy.expand(v) for v in values)
    steps.append(Step(lhs, "!=", rhs, f"their difference is {side}", case))
    return steps


def _sign_reason(defect: Expr, s: Symbol) -> str:
    roots = sorted(sympy.roots(sympy.Poly(defect, s), filter="R"))
    if not roots:
        return f"a polynomial in {s} without real roots"
    where = ", ".join(f"{s} = {sympy.sstr(r)}" for r in roots)
    return f"it vanishes only at {where}, outside this set"


def piece_source(piece: Piece) -> str:
    """Where a value comes from: ``the case t > 0 of f``, or ``the definition of f`` when the
    case is the whole line."""
    if piece.interval == sympy.S.Reals:
        return "the definition of f"
    return f"the case {case_text(piece)} of f"


def case_text(piece: Piece) -> str:
    """The case as a textbook writes it: ``t > 0``, ``-1 < t < 1``, ``t = 0``."""
    interval, t = piece.interval, piece.var
    if isinstance(interval, sympy.FiniteSet):
        return f"{t} = {sympy.sstr(interval.args[0])}"
    if interval == sympy.S.Reals:
        return f"all real {t}"
    lo = "" if interval.start == -sympy.oo else sympy.sstr(interval.start)
    hi = "" if interval.end == sympy.oo else sympy.sstr(interval.end)
    left = "<" if interval.left_open else "<="
    right = "<" if interval.right_open else "<="
    if lo and hi:
        return f"{lo} {left} {t} {right} {hi}"
    if lo:
        return f"{t} {'>' if interval.left_open else '>='} {lo}"
    return f"{t} {right} {hi}"


def _membership(u: Expr, piece: Piece, case: sympy.Basic) -> Step | None:
    """``u`` lies in the piece's interval, as a relation (None when trivial)."""
    interval = piece.interval
    if not u.free_symbols or interval == sympy.S.Reals:
        return None
    why = "on this set"
    if isinstance(interval, sympy.FiniteSet):
        return Step(u, "=", interval.args[0], why, case)
    lo, hi = interval.start, interval.end
    if lo == -sympy.oo:
        return Step(u, "<" if interval.right_open else "<=", hi, why, case)
    if hi == sympy.oo:
        return Step(u, ">" if interval.left_open else ">=", lo, why, case)
    return Step(u, "in", interval, why, case)


def _term_steps(u: Expr, piece: Piece, case: sympy.Basic) -> list[Step]:
    steps = []
    member = _membership(u, piece, case)
    if member is not None:
        steps.append(member)
    why = piece_source(piece)
    if len(piece.shown) <= SHOWN_LIMIT:
        why += f": f({piece.var}) = {piece.shown}"
    steps.append(Step(F(u), "=", sympy.expand(piece.expr.xreplace({T: u})), why, case))
    return steps
