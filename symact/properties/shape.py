r"""Limits, range, bounds and monotonicity: read from the monotone segments of the cells.

The image of ``f`` is the union of the images of its pieces: an open interval between the
end values of each strictly monotone segment, one value for a constant segment, the value at
each breakpoint and at each critical point.  Monotonicity: every segment rises (or falls) and
no breakpoint jumps the other way; otherwise three points ``a < b < c`` where ``f`` turns
are found and the turn is certified with Arb balls.

>>> import symact
>>> from symact.properties.analysis import Study
>>> check_range(Study(symact.get("sigmoid"))).value
Interval.open(0, 1)
"""

from __future__ import annotations

from collections.abc import Callable

import sympy
from sympy import Expr, FiniteSet, Interval, oo

from symact.primitives.nodes import X, sigmoid, softplus
from symact.properties.analysis import Certified, Study, Undecidable
from symact.properties.limits import towards
from symact.properties.records import Property, outcome, region
from symact.properties.segments import Value, approx, approx_end, compare, segments
from symact.properties.signs import Root
from symact.prover.results import Proof, Refutation, Result, Step

__all__ = ["check_bounded", "check_limit", "check_range", "set_text"]


def check_limit(side: Expr) -> Callable[[Study], Result]:
    """The check of ``lim f(x)`` as ``x -> side``."""
    prop = Property.LIMIT_NEG_INF if side is -oo else Property.LIMIT_POS_INF

    def check(study: Study) -> Result:
        value = study.limit(side)
        cell = study.open_cells()[0 if side is -oo else -1]
        where = "x < " if side is -oo else "x > "
        bound = cell.hi if side is -oo else cell.lo
        steps = []
        if bound not in (oo, -oo):
            steps.append(Step(sympy.Function("f")(X), "=", cell.expr, f"for {where}{bound}"))
        steps += _inner_limits(cell.expr, side)
        steps.append(Step(sympy.Limit(cell.expr, X, side), "=", value, "exact limit"))
        return outcome(Proof, prop, study, steps, value=value)

    return check


#: Nodes whose limit at ±∞ of a polynomial argument SymPy evaluates exactly (exp(-oo) = 0).
_SATURATING = (sympy.exp, sympy.tanh, sympy.erf, sympy.erfc, sympy.atan, sigmoid)


def _inner_limits(expr: Expr, side: Expr) -> list[Step]:
    """The steps a textbook shows before a limit: the named functions written out
    (σ(u) = 1/(1 + e^{-u})), then where each exponential-like term goes as x -> side."""
    steps = []
    plain = expr.rewrite([sigmoid, softplus], sympy.exp) if expr.has(sigmoid, softplus) else expr
    if plain != expr:
        steps.append(Step(sympy.Function("f")(X), "=", plain, "the definitions written out"))
    for atom in sorted(plain.atoms(*_SATURATING), key=sympy.default_sort_key):
        arg_limit = towards(atom.args[0], side)
        if atom == plain or arg_limit not in (oo, -oo):
            continue
        at = type(atom)(arg_limit)
        if at.is_number and not at.has(sympy.nan, sympy.zoo, sympy.AccumBounds):
            why = f"its argument tends to {arg_limit}"
            steps.append(Step(sympy.Limit(atom, X, side), "=", at, why))
    return steps


Piece = tuple[sympy.Set, list[Value], sympy.Basic]


def _pieces(study: Study) -> list[Piece]:
    """Each piece's image as a SymPy set, with the values that bound it and where it lives."""
    out: list[Piece] = []
    cells = study.cells
    for i, p in enumerate(cells.points):
        v = sympy.simplify(cells.exprs[2 * i + 1])
        out.append((FiniteSet(v), [v], sympy.Eq(X, p)))
    for cell in study.open_cells():
        for seg in segments(study, cell):
            a, b = approx(seg.lo_value), approx(seg.hi_value)
            ends = [approx_end(e) for e in (seg.lo, seg.hi)]
            where = sympy.And(ends[0] < X, ends[1] > X)
            if seg.trend == 0:
                out.append((FiniteSet(a), [seg.lo_value], where))
                continue
            lo, hi = (a, b) if seg.trend > 0 else (b, a)
            out.append((Interval.open(lo, hi), [seg.lo_value, seg.hi_value], where))
            if isinstance(seg.hi, Root):
                out.append((FiniteSet(b), [seg.hi_value], sympy.Eq(X, ends[1])))
    return out


def _separated(values: list[Value]) -> None:
    """Certified values must be rigorously ordered against every other end value."""
    certified = [v for v in values if isinstance(v, Certified)]
    for c in certified:
        for v in values:
            if v is not c:
                compare(c, v)


def _range(study: Study) -> tuple[sympy.Set, list[Step]]:
    pieces = _pieces(study)
    _separated([v for _, vs, _ in pieces for v in vs])
    image = sympy.Union(*[s for s, _, _ in pieces])
    fx = sympy.Function("f")(X)
    steps = [
        Step(fx, "in", s, "f is monotone here: its image", case=region(w)) for s, _, w in pieces
    ]
    for _, vs, _ in pieces:
        for v in vs:
            if isinstance(v, Certified):
                steps.append(_certified_step(v))
    return image, _unique(steps)


def _certified_step(v: Certified) -> Step:
    text = (
        f"critical point x0 in [{sympy.Float(v.at_lo, 20)}, {sympy.Float(v.at_hi, 20)}] "
        "(f' changes sign across it; f'' has one sign there: a simple root), "
        "f(x0) enclosed with Arb balls"
    )
    return Step(sympy.Symbol("f(x0)"), "in", Interval(v.lo, v.hi), text)


def _unique(steps: list[Step]) -> list[Step]:
    seen, out = set(), []
    for s in steps:
        key = (str(s.lhs), str(s.rhs), s.justification, str(s.case))
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out


def set_text(s: sympy.Set) -> str:
    """An interval as ``[a, b)``, a union with ``U``, other sets as SymPy prints them."""
    if isinstance(s, Interval):
        left, right = "(" if s.left_open else "[", ")" if s.right_open else "]"
        return f"{left}{approx_text(s.start)}, {approx_text(s.end)}{right}"
    if isinstance(s, sympy.Union):
        return " U ".join(set_text(a) for a in s.args)
    if isinstance(s, FiniteSet):
        return "{" + ", ".join(approx_text(a) for a in s.args) + "}"
    return str(s)


def approx_text(v: Expr) -> str:
    """A number as text: 16 digits for a long float or rational."""
    if isinstance(v, sympy.Float) or (v.is_Rational and len(str(v)) > 24):
        return str(sympy.Float(v, 16))
    return str(v)


def check_range(study: Study) -> Result:
    """The image ``f(ℝ)`` with its open/closed ends."""
    image, steps = _range(study)
    steps.append(Step.therefore(f"the range of f is {set_text(image)}"))
    return outcome(Proof, Property.RANGE, study, steps, value=image)


def check_bounded(below: bool) -> Callable[[Study], Result]:
    """The check of ``inf f > -oo`` (``below``) or ``sup f < oo``."""
    prop = Property.BOUNDED_BELOW if below else Property.BOUNDED_ABOVE

    def check(study: Study) -> Result:
        try:
            image, _steps = _range(study)
        except Undecidable:
            if not study.params:
                raise
            return _parametric_bounded(study, prop)
        end = image.inf if below else image.sup
        bound = Step(sympy.Symbol("inf f" if below else "sup f"), "=", end, f"range {image}")
        if end.is_infinite:
            side = -oo if below else oo
            return outcome(
                Refutation,
                prop,
                study,
                [bound],
                value=end,
                witness={"x": _unbounded_at(study, side)},
            )
        return outcome(Proof, prop, study, [bound], value=end)

    return check


def _bounded_region(region: sympy.Basic) -> bool:
    """``region`` (a condition on x) implies ``p < x < q`` for some x-free p and q."""
    lower = upper = False
    for atom in sympy.And.make_args(region):
        if not isinstance(atom, sympy.core.relational.Relational):
            continue
        rel = atom if atom.lhs == X else atom.reversed
        if rel.lhs != X or rel.rhs.has(X):
            continue
        lower |= isinstance(rel, sympy.StrictGreaterThan | sympy.GreaterThan)
        upper |= isinstance(rel, sympy.StrictLessThan | sympy.LessThan)
    return lower and upper


def _parametric_bounded(study: Study, prop: Property) -> Result:
    """Symbolic parameters: every branch is a constant or a polynomial on a bounded region
    (``hard_tanh``: ``min_val``, ``max_val``, and ``x`` where ``min_val < x < max_val``)."""
    expr = study.f.expr
    if not isinstance(expr, sympy.Piecewise):
        raise Undecidable("boundedness with symbolic parameters needs a Piecewise definition")
    steps: list[Step] = []
    previous: list[sympy.Basic] = []
    for piece, cond in expr.args:
        region = sympy.And(cond, *[sympy.Not(c) for c in previous])
        previous.append(cond)
        if not piece.has(X):
            steps.append(Step.holds(f"f = {piece} is a constant here", case=region))
        elif piece.is_polynomial(X) and _bounded_region(region):
            text = f"f = {piece} is a polynomial on a bounded interval"
            steps.append(Step.holds(text, case=region))
        else:
            raise Undecidable(f"cannot bound the piece {piece} on {region}")
    steps.append(Step.therefore("f is bounded for every finite value of the parameters"))
    return outcome(Proof, prop, study, steps)


def _unbounded_at(study: Study, side: Expr) -> Expr:
    """Where ``f`` tends to ``side``: ``±oo`` (a limit) as the witness of unboundedness."""
    for end in (-oo, oo):
        try:
            if study.limit(end) == side:
                return end
        except Undecidable:
            continue
    return side
