r"""The one-dimensional characterisations, checked piece by piece.

For :math:`f: \mathbb{R} \to \mathbb{R}` every law reduces to an identity in one variable
:math:`t` (the *model*): homogeneity holds iff :math:`f(t) = f(1)\,t` for all :math:`t`
(take :math:`a = 1`; conversely :math:`f(x a) = f(1) x a = x f(a)`); additivity follows from
that identity (linear ⇒ additive) and, for locally bounded :math:`f`, implies it (Cauchy);
positive homogeneity iff :math:`f(0) = 0`, :math:`f(t) = f(1)\,t` for :math:`t > 0` and
:math:`f(t) = -f(-1)\,t` for :math:`t < 0`; affinity iff
:math:`f(t) = f(0) + (f(1) - f(0))\,t`.  :func:`compare` checks the identity on every cell of
the exclusive partition: exactly on affine cells (coefficients) and points (values), by exact
rewriting (:mod:`~symact.prover.identity`) elsewhere, and certifies any failing point.

>>> from sympy import Piecewise
>>> from symact.prover.laws import T
>>> from symact.prover.piecewise import normalise
>>> cells = normalise(Piecewise((2 * T, T > 0), (2 * T, True)), T)
>>> compare(Law.HOMOGENEITY, cells).holds
True
>>> shrink = normalise(Piecewise((T, abs(T) > sympy.Rational(1, 2)), (0, True)), T)
>>> outcome = compare(Law.HOMOGENEITY, shrink)
>>> outcome.holds, outcome.failing
(False, -1/2)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy
from sympy import Expr, Function, Integer, Symbol

from symact.prover.certify import Certificate, certify_nonzero
from symact.prover.identity import is_identically_zero
from symact.prover.laws import Law, T
from symact.prover.piecewise import Cells, affine_parts
from symact.prover.results import Step

__all__ = ["F", "OneDim", "compare", "model"]

#: The activation in derivation steps.
F = Function("f")


@dataclass(frozen=True, slots=True)
class OneDim:
    """Outcome of the piecewise check: ``holds`` True/False/None (unknown), the steps, and for
    False an exact ``failing`` point with the certificate of ``f(t) - model(t) != 0``."""

    holds: bool | None
    steps: tuple[Step, ...]
    failing: Expr | None = None
    certificate: Certificate | None = None
    reason: str = ""


def model(law: Law, cells: Cells, at: Callable[[Expr], Expr] | None = None) -> Cells:
    """The function ``f`` must equal for ``law`` to hold, built from values of ``f``
    (``at``, by default the cells' own evaluation)."""
    points, exprs = law.spec.model(at or cells.at)
    return Cells(T, points, exprs)


def _restricted(expr: Expr, cells: Cells, k: int) -> Expr:
    """``expr`` with ``t`` written through a positive symbol on a half-line cell."""
    lo, hi = cells.interval(k)
    gap = Symbol("s", positive=True)
    if lo is None and hi is not None:
        return expr.xreplace({T: hi - gap})
    if hi is None and lo is not None:
        return expr.xreplace({T: lo + gap})
    return expr


def _cell(cells: Cells, target: Cells, k: int, deadline: float | None) -> OneDim:
    """Check ``f = model`` on cell ``k`` of the common refinement."""
    have, want = cells.exprs[k], target.exprs[k]
    case = cells.condition(k)
    diff = sympy.expand(have - want)
    parts = affine_parts(diff, T) if k % 2 == 0 else (Integer(0), diff)
    if parts is not None and all(is_identically_zero(c, deadline) for c in parts):
        why = "this piece of f equals the target (exact comparison)"
        return OneDim(True, (Step(F(T), "=", have, why, case),))
    if parts is None and is_identically_zero(_restricted(diff, cells, k), deadline):
        why = "this piece of f equals the target (exact rewriting)"
        return OneDim(True, (Step(F(T), "=", have, why, case),))
    for which in (0, 1, 2):
        point = cells.sample(k, which)
        cert = certify_nonzero(diff.subs(T, point), deadline=deadline)
        if cert is not None:
            step = Step(F(point), "!=", want.subs(T, point), "certified disequality", case)
            return OneDim(False, (step,), point, cert)
        if k % 2:
            break
    return OneDim(None, (), reason=f"could not decide f(t) = {want} for {case}")


def compare(law: Law, cells: Cells, deadline: float | None = None) -> OneDim:
    """Check the model identity of ``law`` on every cell of ``cells`` (a function of ``T``)."""
    target = model(law, cells)
    points = [*cells.points, *target.points]
    mine, theirs = cells.refine(points), target.refine(points)
    steps = [Step(F(v), "=", cells.at(v), "evaluate f exactly") for v in law.spec.used_values]
    for k, expr in enumerate(target.exprs):
        case = target.condition(k) if target.points else None
        steps.append(Step(F(T), "=", expr, "to show", case, law.spec.fact if k == 0 else None))
    for k in range(len(mine.exprs)):
        outcome = _cell(mine, theirs, k, deadline)
        if outcome.holds is not True:
            return OneDim(outcome.holds, (*steps, *outcome.steps), *_tail(outcome))
        steps.extend(outcome.steps)
    steps.append(Step.holds("so the identity holds for all real t", "pieces"))
    return OneDim(True, tuple(steps))


def _tail(outcome: OneDim) -> tuple[Expr | None, Certificate | None, str]:
    return outcome.failing, outcome.certificate, outcome.reason
