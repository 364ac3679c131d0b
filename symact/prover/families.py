r"""Counterexample families of piecewise-affine refutations, as SymPy conditions.

Additivity (and affinity): the largest box :math:`A \times B` around the witness, with ``f``
affine on :math:`A` and on :math:`B`, on which the defect never vanishes; on each face of the
box cut by the lines :math:`a + b = c_k` the defect is affine, and "it vanishes somewhere on
the face" is an exact rational feasibility problem decided by Fourier–Motzkin elimination
(:func:`feasible`).  ReLU additivity fails on :math:`\{a > 0, b < 0\}` (and its mirror).

Homogeneity: the *slice* at the witness's scalar :math:`x_0`, i.e. the largest interval of
points :math:`a` around the witness on which :math:`f(x_0 a) \ne x_0 f(a)` (ReLU:
:math:`x = -1` and every :math:`a < 0`), and the open quadrant of the :math:`(x, a)` plane
containing the witness when the defect vanishes nowhere on it (ReLU: :math:`x < 0, a < 0`).

>>> from sympy import Integer, Symbol
>>> u, v = Symbol("u", real=True), Symbol("v", real=True)
>>> feasible([(u - 1, ">"), (v - u, ">"), (2 - v, ">=")])
True
>>> feasible([(u, ">"), (v, ">"), (u + v, "=")])
False
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from itertools import product

import sympy
from sympy import Expr, Integer, Symbol

from symact.prover.laws import SCALAR, A, B, Law
from symact.prover.piecewise import Cells, affine_parts

__all__ = ["additive_family", "feasible", "homogeneity_region", "homogeneity_slice"]

Constraint = tuple[Expr, str]  # (linear form, ">" | ">=" | "=") meaning form OP 0
Range = tuple[Expr | None, bool, Expr | None, bool]  # lo, lo closed, hi, hi closed


Linear = tuple[dict[Symbol, Fraction], Fraction]  # coefficients and constant term


def _linear(expr: Expr) -> Linear:
    """An affine form with rational coefficients as exact fractions."""
    coeffs: dict[Symbol, Fraction] = {}
    const = Fraction(0)
    for term, c in sympy.expand(expr).as_coefficients_dict().items():
        value = Fraction(int(c.p), int(c.q))
        if term == 1:
            const += value
        else:
            coeffs[term] = coeffs.get(term, Fraction(0)) + value
    return {k: v for k, v in coeffs.items() if v}, const


def _combine(u: Linear, cu: Fraction, v: Linear, cv: Fraction) -> Linear:
    """``cu*u + cv*v``."""
    keys = set(u[0]) | set(v[0])
    coeffs = {k: cu * u[0].get(k, Fraction(0)) + cv * v[0].get(k, Fraction(0)) for k in keys}
    return {k: c for k, c in coeffs.items() if c}, cu * u[1] + cv * v[1]


def feasible(constraints: Sequence[Constraint]) -> bool:
    """Whether linear (in)equalities with rational coefficients have a real solution
    (Fourier–Motzkin elimination in exact fractions; strictness is tracked)."""
    cons = [(_linear(e), op) for e, op in constraints]
    variables = sorted({k for (coeffs, _), _ in cons for k in coeffs}, key=str)
    for var in variables:
        eq = next((form for form, op in cons if op == "=" and var in form[0]), None)
        if eq is not None:
            pivot = eq[0][var]
            cons = [
                (_combine(form, Fraction(1), eq, -form[0].get(var, Fraction(0)) / pivot), op)
                for form, op in cons
            ]
            continue
        pos = [(f, op) for f, op in cons if f[0].get(var, 0) > 0]
        neg = [(f, op) for f, op in cons if f[0].get(var, 0) < 0]
        cons = [(f, op) for f, op in cons if var not in f[0]]
        for (fp, op_p), (fn, op_n) in product(pos, neg):
            combo = _combine(fp, -fn[0][var], fn, fp[0][var])
            cons.append((combo, ">" if ">" in (op_p, op_n) else ">="))
    return all(_holds(form[1], op) for form, op in cons)


def _holds(value: Fraction, op: str) -> bool:
    return value == 0 if op == "=" else value > 0 if op == ">" else value >= 0


def _in_range(var: Symbol, rng: Range) -> list[Constraint]:
    lo, lo_closed, hi, hi_closed = rng
    out: list[Constraint] = []
    if lo is not None and lo == hi:
        return [(var - lo, "=")]
    if lo is not None:
        out.append((var - lo, ">=" if lo_closed else ">"))
    if hi is not None:
        out.append((hi - var, ">=" if hi_closed else ">"))
    return out


def _condition(var: Symbol, rng: Range) -> sympy.Basic:
    lo, lo_closed, hi, hi_closed = rng
    if lo is not None and lo == hi:
        return sympy.Eq(var, lo)
    parts = []
    if lo is not None:
        parts.append(var >= lo if lo_closed else var > lo)
    if hi is not None:
        parts.append(var <= hi if hi_closed else var < hi)
    return sympy.And(*parts)


def _ranges(cells: Cells, value: Expr) -> list[Range]:
    """Ranges around ``value`` on which ``f`` is one affine function, largest first."""
    k = cells.locate(value)
    lo, hi = cells.interval(k)
    if k % 2:
        return _point_ranges(cells, k)
    expr = cells.exprs[k]
    lo_closed = lo is not None and expr.subs(cells.var, lo) == cells.exprs[k - 1]
    hi_closed = hi is not None and expr.subs(cells.var, hi) == cells.exprs[k + 1]
    out = [
        (lo, lo_closed, hi, hi_closed),
        (lo, False, hi, hi_closed),
        (lo, lo_closed, hi, False),
        (lo, False, hi, False),
    ]
    return list(dict.fromkeys(out))


def _point_ranges(cells: Cells, k: int) -> list[Range]:
    """Ranges around breakpoint ``k``: the point joined to neighbours with the same formula."""
    p, value = cells.points[k // 2], cells.exprs[k]
    left, right = cells.exprs[k - 1], cells.exprs[k + 1]
    lo, _ = cells.interval(k - 1)
    _, hi = cells.interval(k + 1)
    joins_left = left.subs(cells.var, p) == value
    joins_right = right.subs(cells.var, p) == value
    out: list[Range] = []
    if joins_left and joins_right and left == right:
        out.append((lo, False, hi, False))
    if joins_right:
        out.append((p, True, hi, False))
    if joins_left:
        out.append((lo, False, p, True))
    return [*out, (p, True, p, True)]


def _affine_on(cells: Cells, rng: Range, var: Symbol) -> Expr:
    lo, _, hi, _ = rng
    if lo is not None and lo == hi:
        return cells.at(lo)
    return cells.exprs[_open_index(cells, lo, hi)].subs(cells.var, var)


def _open_index(cells: Cells, lo: Expr | None, hi: Expr | None) -> int:
    """The open cell just inside ``(lo, hi)`` (whose formula holds on the whole range)."""
    inner = [p for p in cells.points if (lo is None or p > lo) and (hi is None or p < hi)]
    edge = inner[0] if inner else hi
    if lo is None:
        probe = Integer(0) if edge is None else edge - 1
    else:
        probe = lo + 1 if edge is None else (lo + edge) / 2
    return cells.locate(probe)


def _box_fails_nowhere(law: Law, cells: Cells, ra: Range, rb: Range) -> bool:
    fa, fb = _affine_on(cells, ra, A), _affine_on(cells, rb, B)
    offset = cells.at(Integer(0)) if law.spec.offset else Integer(0)
    base = [*_in_range(A, ra), *_in_range(B, rb)]
    for k, expr in enumerate(cells.exprs):
        lo, hi = cells.interval(k)
        in_k = _in_range(A + B, (lo, True, hi, True) if k % 2 else (lo, False, hi, False))
        defect = expr.subs(cells.var, A + B) - fa - fb + offset
        if feasible([*base, *in_k, (defect, "=")]):
            return False
    return True


def additive_family(law: Law, cells: Cells, witness: dict[str, Expr]) -> sympy.Basic | None:
    """The largest box of failing (a, b) around the witness (see the module docstring)."""
    if not cells.is_affine or not all(p.is_Rational for p in cells.points):
        return None
    a0, b0 = witness["a"], witness["b"]
    for ra, rb in product(_ranges(cells, a0), _ranges(cells, b0)):
        if _box_fails_nowhere(law, cells, ra, rb):
            return sympy.And(_condition(A, ra), _condition(B, rb))
    return _face(law, cells, a0, b0)


def _cell_range(cells: Cells, value: Expr) -> Range:
    lo, hi = cells.interval(cells.locate(value))
    closed = lo is not None and lo == hi
    return lo, closed, hi, closed


def _face(law: Law, cells: Cells, a0: Expr, b0: Expr) -> sympy.Basic:
    """The face of the arrangement containing the witness, minus the zeros of the defect."""
    ra, rb, rs = _cell_range(cells, a0), _cell_range(cells, b0), _cell_range(cells, a0 + b0)
    offset = cells.at(Integer(0)) if law.spec.offset else Integer(0)
    sum_expr = cells.exprs[cells.locate(a0 + b0)].subs(cells.var, A + B)
    defect = sympy.expand(sum_expr - _affine_on(cells, ra, A) - _affine_on(cells, rb, B) + offset)
    face = [*_in_range(A, ra), *_in_range(B, rb), *_in_range(A + B, rs)]
    parts = [_condition(A, ra), _condition(B, rb), _condition(A + B, rs)]
    if feasible([*face, (defect, "=")]):
        parts.append(sympy.Ne(defect, 0))
    return sympy.And(*parts)


def homogeneity_slice(cells: Cells, witness: dict[str, Expr]) -> sympy.Basic | None:
    """``x = x0`` and the largest interval of ``a`` around the witness with a non-zero defect."""
    x0, a0 = witness["x"], witness["a"]
    defect = _scaled(cells, x0).map(lambda u, v: u - x0 * v, _renamed(cells))
    if not defect.is_affine or not all(p.is_Rational for p in defect.points):
        return None
    (lo, lo_closed), (hi, hi_closed) = _extend(defect, a0, -1), _extend(defect, a0, +1)
    return sympy.And(sympy.Eq(SCALAR, x0), _condition(A, (lo, lo_closed, hi, hi_closed)))


def _renamed(cells: Cells) -> Cells:
    """The same function of ``a``."""
    return Cells(A, cells.points, tuple(e.subs(cells.var, A) for e in cells.exprs))


def _scaled(cells: Cells, x0: Expr) -> Cells:
    """The cells of ``a ↦ f(x0·a)``."""
    if x0 == 0:
        return Cells(A, (), (cells.at(Integer(0)),))
    exprs = [e.subs(cells.var, x0 * A) for e in cells.exprs]
    points = [p / x0 for p in cells.points]
    if x0 < 0:
        exprs.reverse()
        points.reverse()
    return Cells(A, tuple(points), tuple(exprs))


def _extend(defect: Cells, a0: Expr, step: int) -> tuple[Expr | None, bool]:
    """Walk from the witness's cell in direction ``step`` while the defect stays non-zero;
    returns the end of the interval (None for ±∞) and whether it is included."""
    start = k = defect.locate(a0)
    while 0 <= k < len(defect.exprs):
        if k % 2:
            if defect.exprs[k] == 0:
                return defect.points[k // 2], False
        else:
            lo, hi = defect.interval(k)
            p, q = affine_parts(defect.exprs[k], A) or (Integer(0), Integer(1))
            if p == 0 and q == 0:
                return (lo if step > 0 else hi), True
            root = -q / p if p != 0 else None
            inside = root is not None and (lo is None or root > lo) and (hi is None or root < hi)
            if inside and (k != start or (root - a0) * step > 0):
                return root, False
        k += step
    return None, False


def homogeneity_region(cells: Cells, witness: dict[str, Expr]) -> sympy.Basic | None:
    """The open quadrant of (x, a) containing the witness if ``f(x·a) - x·f(a)`` vanishes
    nowhere on it, else None.

    In the coordinates ``(x, u = x·a)`` of a quadrant (the sign of x fixed) the arrangement is
    polyhedral: ``u`` crosses the breakpoints ``u = c``, ``a = u/x`` crosses them on the lines
    ``u = c·x``, and with ``f(a) = p·a + q`` the defect ``f(u) - (p·u + q·x)`` is affine on
    every face, so each face is one exact feasibility problem.
    """
    x0, a0 = witness["x"], witness["a"]
    if x0 == 0 or a0 == 0:
        return None
    sx, sa = sympy.sign(x0), sympy.sign(a0)
    u = Symbol("u", real=True)
    quadrant: list[Constraint] = [(sx * SCALAR, ">"), (sx * sa * u, ">")]
    for k_u, k_a in product(range(len(cells.exprs)), repeat=2):
        p2, q2 = affine_parts(cells.exprs[k_a], cells.var) or (Integer(0), Integer(0))
        defect = cells.exprs[k_u].subs(cells.var, u) - p2 * u - q2 * SCALAR
        on_face = [*_in_cell(cells, k_u, u), *_in_cell(cells, k_a, u, scale=sx)]
        if feasible([*quadrant, *on_face, (defect, "=")]):
            return None
    return sympy.And(SCALAR > 0 if sx > 0 else SCALAR < 0, A > 0 if sa > 0 else A < 0)


def _in_cell(cells: Cells, k: int, u: Symbol, scale: Expr | None = None) -> list[Constraint]:
    """``u`` in cell ``k``; with ``scale = sign(x)``, ``a = u/x`` in cell ``k`` instead
    (``a > c`` iff ``sign(x)·(u - c·x) > 0``)."""
    lo, hi = cells.interval(k)
    if scale is None:
        rng: Range = (lo, True, hi, True) if k % 2 else (lo, False, hi, False)
        return _in_range(u, rng)
    if k % 2:
        return [(u - lo * SCALAR, "=")]
    out: list[Constraint] = []
    if lo is not None:
        out.append((scale * (u - lo * SCALAR), ">"))
    if hi is not None:
        out.append((scale * (hi * SCALAR - u), ">"))
    return out
