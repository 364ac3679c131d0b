r"""Value at zero, odd/even symmetry, and the prover's positive homogeneity and affinity.

``f`` is odd iff :math:`f(x) + f(-x) = 0` and even iff :math:`f(x) - f(-x) = 0` for all x:
the sum (difference) is split into cells and each cell expression must simplify to 0 (an
equivalence, so a proof); a refutation is a simple rational ``x`` where the defect is
certified non-zero.

>>> import symact
>>> from symact.properties.analysis import Study
>>> check_odd(Study(symact.get("tanh"))).verdict.value
'proved'
>>> check_even(Study(symact.get("tanh"))).witness
{'x': 1}
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import sympy
from sympy import Integer, Rational

from symact.primitives.nodes import X
from symact.properties.analysis import Study, Undecidable
from symact.properties.records import Property, outcome
from symact.prover.certify import certify_nonzero
from symact.prover.piecewise import NotNormalisable, normalise
from symact.prover.results import Proof, Refutation, Result, Step

__all__ = ["check_even", "check_law", "check_odd", "check_zero_at_zero"]

#: Points tried for a symmetry witness, simplest first.
_POINTS = (Integer(1), Integer(2), Rational(1, 2), Integer(3), Rational(1, 3), Integer(5))


def check_zero_at_zero(study: Study) -> Result:
    """``f(0) = 0``; the value is ``f(0)``."""
    value = sympy.simplify(study.f.expr.subs(X, 0))
    step = Step(sympy.Function("f")(0), "=", value, "exact value")
    if value == 0:
        return outcome(Proof, Property.ZERO_AT_ZERO, study, [step], value=value)
    if value.free_symbols:
        cond = sympy.Eq(value, 0).simplify()
        return outcome(Proof, Property.ZERO_AT_ZERO, study, [step], value=value, condition=cond)
    cert = certify_nonzero(value)
    if cert is None:
        raise Undecidable(f"cannot decide whether f(0) = {value} is 0")
    return outcome(
        Refutation,
        Property.ZERO_AT_ZERO,
        study,
        [step],
        value=value,
        witness={"x": Integer(0)},
        certificate=cert,
        defect=value,
    )


def _symmetry(prop: Property, sign: int) -> Callable[[Study], Result]:
    word = "odd" if sign > 0 else "even"

    def check(study: Study) -> Result:
        f = study.f.expr
        defect = f.xreplace({X: -X}) + sign * f
        try:
            cells = normalise(defect, X)
        except (NotNormalisable, TypeError, ValueError) as exc:
            raise Undecidable(
                f"cannot split f(-x) {'+' if sign > 0 else '-'} f(x): {exc}"
            ) from None
        lhs = sympy.Symbol("f(-x) + f(x)" if sign > 0 else "f(-x) - f(x)")
        if all(sympy.simplify(e) == 0 for e in cells.exprs):
            steps = [Step(lhs, "=", Integer(0), "on every cell, by exact simplification")]
            steps.append(Step.therefore(f"f is {word}"))
            return outcome(Proof, prop, study, steps)
        if defect.free_symbols - {X}:
            raise Undecidable("symmetry with symbolic parameters is not decided")
        for t in _POINTS:
            value = defect.subs(X, t)
            cert = certify_nonzero(value)
            if cert is not None:
                steps = [Step(lhs.subs({}), "!=", Integer(0), f"at x = {t}, certified")]
                steps.append(Step.therefore(f"f is not {word}"))
                return outcome(
                    Refutation, prop, study, steps, witness={"x": t}, certificate=cert, defect=value
                )
        raise Undecidable(
            f"f(-x) {'+' if sign > 0 else '-'} f(x) did not simplify to 0 "
            "and no witness was certified"
        )

    return check


check_odd = _symmetry(Property.ODD, 1)
check_even = _symmetry(Property.EVEN, -1)


def check_law(prop: Property, law_check: Callable[..., Result]) -> Callable[[Study], Result]:
    """A prover law (positive homogeneity, affinity) as a property: the prover's result with
    the property in its ``law`` field."""

    def check(study: Study) -> Result:
        result = law_check(study.f, budget=None)
        return replace(result, law=prop)

    return check
