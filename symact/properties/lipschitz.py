r"""The best global Lipschitz constant :math:`L = \sup |f'|` of a continuous, piecewise
analytic ``f`` (the mean value theorem on each cell, glued by continuity), with the point
where it is attained or approached; refuted when ``f`` jumps or ``|f'|`` is unbounded.

The extremes of ``f'`` on a cell come from the monotone segments of ``f'`` (the sign runs
of ``f''``): values at the ends, limits at ``±∞``, certified values at roots of ``f''``.

>>> import symact
>>> from symact.properties.analysis import Study
>>> check_lipschitz(Study(symact.get("sigmoid"))).value
1/4
"""

from __future__ import annotations

import sympy
from sympy import Expr, oo

from symact.properties.analysis import Certified, Study, Undecidable
from symact.properties.records import Property, outcome
from symact.properties.regularity import check_continuous
from symact.properties.segments import Value, approx, compare, segments
from symact.properties.signs import Root
from symact.prover.results import Proof, Refutation, Result, Step

__all__ = ["check_lipschitz"]


def _candidates(study: Study) -> list[tuple[Value, Expr | Root, bool]]:
    """``(|f'| value, where, attained)`` at every end of a monotone segment of ``f'``."""
    out = []
    for cell in study.open_cells():
        for seg in segments(study, cell, order=1):
            for value, where in ((seg.lo_value, seg.lo), (seg.hi_value, seg.hi)):
                attained = isinstance(where, Root) or seg.trend == 0
                if seg.trend == 0 and not isinstance(where, Root):
                    where = _inside(seg)
                out.append((_abs(value), where, attained))
    return out


def _inside(seg: object) -> Expr:
    """A point inside a constant segment (where a constant |f'| is attained)."""
    lo, hi = (e.approx if isinstance(e, Root) else e for e in (seg.lo, seg.hi))  # type: ignore[attr-defined]
    if lo is -oo:
        return hi - 1 if hi is not oo else sympy.Integer(0)
    return lo + 1 if hi is oo else (lo + hi) / 2


def _abs(value: Value) -> Value:
    if isinstance(value, Certified):
        if value.lo >= 0:
            return value
        if value.hi <= 0:
            return Certified(-value.approx, -value.hi, -value.lo, value.at_lo, value.at_hi)
        raise Undecidable("the sign of a critical value of f' is not decided")
    return sympy.Abs(value)


def check_lipschitz(study: Study) -> Result:
    """``L = sup |f'|`` (exact where the extremum has a closed form, else certified)."""
    continuity = check_continuous(study)
    if continuity.verdict.value == "refuted":
        steps = [
            *continuity.steps,
            Step.therefore("f jumps, so no constant L bounds |f(a) - f(b)| <= L|a - b|"),
        ]
        return outcome(Refutation, Property.LIPSCHITZ, study, steps, witness=continuity.witness)
    if continuity.verdict.value != "proved" or continuity.condition is not None:
        raise Undecidable("continuity is not established")
    best = None
    for cand in _candidates(study):
        if best is None or compare(cand[0], best[0]) > 0:
            best = cand
    assert best is not None
    value, where, attained = best
    at = sympy.Float(where.approx, 20) if isinstance(where, Root) and where.value is None else where
    at = at.approx if isinstance(at, Root) else at
    fprime = sympy.Symbol("sup|f'|")
    if not isinstance(value, Certified) and value.is_infinite:
        steps = [Step(fprime, "=", oo, f"|f'(x)| -> oo as x -> {at}")]
        steps.append(Step.therefore("f' is unbounded: f has no global Lipschitz constant"))
        return outcome(Refutation, Property.LIPSCHITZ, study, steps, value=oo)
    how = f"attained at x = {at}" if attained else f"approached as x -> {at}"
    steps = [Step(fprime, "=", approx(value), how)]
    if isinstance(value, Certified):
        steps.append(
            Step(
                fprime,
                "in",
                sympy.Interval(value.lo, value.hi),
                "critical point of f' enclosed with Arb balls",
            )
        )
    steps.append(
        Step.therefore(
            "|f(a) - f(b)| <= L*|a - b| with L = sup|f'|, the best constant (mean value theorem)"
        )
    )
    return outcome(
        Proof,
        Property.LIPSCHITZ,
        study,
        steps,
        value=sympy.simplify(approx(value)) if not isinstance(value, Certified) else value.approx,
    )
