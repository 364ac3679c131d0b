r"""Monotonicity: increasing / non-decreasing / decreasing / non-increasing, or a certified
turn ``a < b < c`` with :math:`(f(b) - f(a))(f(c) - f(b)) < 0`.

``f`` is non-decreasing iff it is on every cell and no breakpoint value falls below the left
limit or above the right one; it is increasing when no cell is constant.  With symbolic
parameters and affine cells the answer is a condition on the slopes and jumps.

>>> import symact
>>> from symact.properties.analysis import Study
>>> check_monotone(Study(symact.get("relu"))).value
'non-decreasing'
>>> check_monotone(Study(symact.get("gelu"))).witness
{'a': -7/4, 'b': -1, 'c': -1/2}
"""

from __future__ import annotations

from itertools import combinations

import sympy
from sympy import Expr, Rational, oo

from symact.primitives.nodes import X
from symact.properties.analysis import Study, Undecidable
from symact.properties.records import Property, outcome, region
from symact.properties.segments import approx_end, compare, segments
from symact.properties.signs import Root
from symact.prover.certify import certify_nonzero, certify_sign
from symact.prover.results import Proof, Refutation, Result, Step

__all__ = ["check_monotone"]

_NAMES = {(1, True): "increasing", (1, False): "non-decreasing"}
_NAMES.update({(-1, True): "decreasing", (-1, False): "non-increasing"})


def check_monotone(study: Study) -> Result:
    """Monotone (which kind), or a certified turn."""
    if study.params:
        return _parametric(study)
    trends, turns = set(), []
    steps: list[Step] = []
    try:
        for cell in study.open_cells():
            for seg in segments(study, cell):
                trends.add(seg.trend)
                steps.append(_segment_step(seg.lo, seg.hi, seg.trend))
                turns.append(seg.hi)
    except Undecidable:
        # no proof either way from the analysis: a certified turn at simple points still refutes
        grid = [Rational(k, 2) for k in range(-8, 9)]
        return _turn(study, [], list(zip(grid, grid[1:], grid[2:], strict=False)))
    jumps = _jumps(study)
    directions = {t for t in trends if t} | {j for j in jumps if j}
    if len(directions) <= 1:
        d = directions.pop() if directions else 1
        strict = 0 not in trends
        name = _NAMES[(d, strict)]
        steps.append(Step.therefore(f"f is {name}"))
        return outcome(Proof, Property.MONOTONE, study, steps, value=name)
    return _turn(study, steps, list(combinations(_candidates(study, turns), 3)))


def _segment_step(lo: Expr | Root, hi: Expr | Root, trend: int) -> Step:
    ends = [approx_end(e) for e in (lo, hi)]
    word = {
        1: "f' > 0 but at isolated points: f increases",
        -1: "f' < 0 but at isolated points: f decreases",
        0: "f' = 0: f is constant",
    }[trend]
    case = sympy.And(ends[0] < X, ends[1] > X)
    return Step.holds(word, case=region(case))


def _jumps(study: Study) -> list[int]:
    """At each breakpoint: 1 if f steps up (left limit <= value <= right limit, not all
    equal), -1 if down, 0 if continuous; raises when the breakpoint is neither."""
    out = []
    cells = study.cells
    opens = study.open_cells()
    for i, p in enumerate(cells.points):
        left = study.end_value(opens[i], p)
        right = study.end_value(opens[i + 1], p)
        value = sympy.simplify(cells.exprs[2 * i + 1])
        a, b = compare(value, left), compare(right, value)
        if a >= 0 and b >= 0:
            out.append(1 if a or b else 0)
        elif a <= 0 and b <= 0:
            out.append(-1)
        else:
            out.append(2)  # up then down at one point: not monotone
            out.append(-2)
    return out


def _candidates(study: Study, turns: list) -> list[Expr]:
    """Simple rationals around every turn: breakpoints, critical points, cell samples."""
    points: set[Expr] = set(study.cells.points)
    for t in turns:
        if t in (oo, -oo):
            continue
        c = t.approx if isinstance(t, Root) else t
        r = t if (not isinstance(t, Root) and t.is_Rational) else Rational(round(float(c) * 4), 4)
        points.update({r, r - 1, r + 1, r - Rational(1, 4), r + Rational(1, 4)})
    return sorted(p for p in points if p.is_Rational)


#: Candidate triples tried before giving up.
_TRIES = 300


def _turn(study: Study, steps: list[Step], triples: list) -> Result:
    f = study.f.expr
    for a, b, c in triples[:_TRIES]:
        fa, fb, fc = (f.subs(X, v) for v in (a, b, c))
        defect = (fb - fa) * (fc - fb)
        if certify_sign(defect) == -1:
            cert = certify_nonzero(defect)
            witness = {"a": a, "b": b, "c": c}
            lhs = sympy.Symbol("(f(b) - f(a))*(f(c) - f(b))")
            why = f"certified: {cert.enclosure or cert.exact}" if cert else "certified"
            steps.append(Step(lhs, "<", sympy.Integer(0), why))
            steps.append(Step.therefore("f rises and falls: it is not monotone"))
            return outcome(
                Refutation,
                Property.MONOTONE,
                study,
                steps,
                witness=witness,
                certificate=cert,
                defect=defect,
            )
    raise Undecidable("f rises and falls, but no certified turn a < b < c was found")


def _parametric(study: Study) -> Result:
    """Affine cells with symbolic slopes: non-decreasing exactly when a condition holds."""
    cells = study.cells
    if not cells.is_affine:
        raise Undecidable("monotonicity with symbolic parameters is decided for affine cells only")
    conds = [sympy.diff(c.expr, X) >= 0 for c in study.open_cells()]
    opens = study.open_cells()
    for i, p in enumerate(cells.points):
        value = cells.exprs[2 * i + 1]
        conds += [value - opens[i].expr.subs(X, p) >= 0, opens[i + 1].expr.subs(X, p) - value >= 0]
    condition = sympy.simplify(sympy.And(*conds))
    steps = [
        Step.holds(
            "f is non-decreasing iff every slope is >= 0 and no breakpoint steps down",
            statement=condition,
        )
    ]
    kind = Refutation if condition is sympy.false else Proof
    return outcome(
        kind, Property.MONOTONE, study, steps, value="non-decreasing", condition=condition
    )
