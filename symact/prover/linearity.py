r"""Public checks: additivity, homogeneity, linearity, positive homogeneity, affinity.

Each check takes an element-wise :class:`~symact.activations.function.ActivationFunction`
and a time ``budget`` in seconds (None: unlimited) and returns a
:class:`~symact.prover.results.Proof`, :class:`~symact.prover.results.Refutation` or
:class:`~symact.prover.results.Undecided`; it never runs past its budget.

>>> from sympy import Piecewise
>>> from symact.activations.function import X, ActivationFunction
>>> relu = ActivationFunction(name="relu", expr=Piecewise((X, X > 0), (0, True)))
>>> r = check_additivity(relu)
>>> r.verdict.value, r.witness, r.family
('refuted', {'a': 1, 'b': -1}, (a > 0) & (b < 0))
>>> h = check_homogeneity(relu)
>>> h.witness, h.family, h.region
({'x': -1, 'a': -1}, Eq(x, -1) & (a < 0), (a < 0) & (x < 0))
>>> check_linearity(ActivationFunction(name="odd", expr=relu.expr - relu(-X))).verdict
'linear'
"""

from __future__ import annotations

from typing import Any, Protocol

from symact.activations.function import ActivationFunction
from symact.errors import UnsupportedExpressionError
from symact.prover.budget import DEFAULT_BUDGET, run
from symact.prover.compose import closure
from symact.prover.fixed_params import decide
from symact.prover.laws import Law
from symact.prover.results import LinearityReport, Method, Result, Undecided
from symact.prover.symbolic_params import decide_symbolic, parameters

__all__ = [
    "check",
    "check_additivity",
    "check_affinity",
    "check_homogeneity",
    "check_linearity",
    "check_positive_homogeneity",
]


def _validate(f: Any) -> ActivationFunction:
    if isinstance(f, ActivationFunction):
        return f
    kind = getattr(f, "kind", None)
    name = getattr(f, "name", type(f).__name__)
    if kind == "vector":
        msg = (
            f"the prover handles element-wise activations f: R -> R; {name!r} is a vector "
            "activation; check one of its components or an element-wise activation instead"
        )
    else:
        msg = (
            f"expected an ActivationFunction (e.g. symact.get('relu') or symact.parse(...)), "
            f"got {name!r} of type {type(f).__name__}"
        )
    raise UnsupportedExpressionError(msg)


def _decide(f: ActivationFunction, law: Law, deadline: float | None) -> Result:
    try:
        if f.parts and law.spec.linearity:
            result = closure(f, law, deadline, _decide)
            if result is not None:
                return result
        if parameters(f):
            return decide_symbolic(f, law, deadline)
        return decide(f, law, deadline)
    except UnsupportedExpressionError as exc:
        # e.g. a node without a rigorous ball evaluation, or a value that is not real
        reason = f"cannot evaluate {f.name} rigorously: {exc}"
        return Undecided(law=law, activation=f.name, reason=reason, method=Method.UNDECIDED)
    except Exception as exc:
        # SymPy raises these for inputs outside what a routine supports ("sorted roots not
        # supported over EX", ...): never a verdict, never an escaping exception.
        reason = f"an internal step failed on {f.name} ({type(exc).__name__}: {exc})"
        return Undecided(law=law, activation=f.name, reason=reason[:500], method=Method.UNDECIDED)


def check(
    f: ActivationFunction, law: Law | str, *, budget: float | None = DEFAULT_BUDGET
) -> Result:
    """Decide ``law`` (a :class:`~symact.prover.laws.Law` or its name) for ``f``."""
    f, law = _validate(f), Law.parse(law)

    def timeout(reason: str) -> Result:
        return Undecided(law=law, activation=f.name, reason=reason, method=Method.BUDGET)

    return run(lambda deadline: _decide(f, law, deadline), budget, timeout)


def _delegated(f: Any, law: str, budget: float | None) -> Any:
    """Objects that decide laws themselves (``symact.nn`` networks) provide
    ``_symact_check(law, budget)``; duck typing keeps the prover free of imports from above."""
    return f._symact_check(law, budget)


class LawCheck(Protocol):
    """The signature of the ``check_<law>`` functions."""

    def __call__(self, f: ActivationFunction, *, budget: float | None = ...) -> Result: ...


def _checker(law: Law) -> LawCheck:
    """The public ``check_<law>`` function: named and documented from the law's record."""
    spec = law.spec

    def check_law(f: ActivationFunction, *, budget: float | None = DEFAULT_BUDGET) -> Result:
        if hasattr(f, "_symact_check"):
            return _delegated(f, spec.name, budget)
        return check(f, law, budget=budget)

    check_law.__name__ = check_law.__qualname__ = "check_" + spec.name.replace("-", "_")
    quantifier = spec.quantifier.removeprefix("for ")
    check_law.__doc__ = f"{spec.name.capitalize()} ``{spec.statement_text}`` for {quantifier}."
    return check_law


check_additivity = _checker(Law.ADDITIVITY)
check_homogeneity = _checker(Law.HOMOGENEITY)
check_positive_homogeneity = _checker(Law.POSITIVE_HOMOGENEITY)
check_affinity = _checker(Law.AFFINITY)


def check_linearity(
    f: ActivationFunction, *, budget: float | None = DEFAULT_BUDGET
) -> LinearityReport:
    """Both laws of linearity in one worker; ``verdict`` linear / nonlinear / undecided."""
    if hasattr(f, "_symact_check"):
        return _delegated(f, "linearity", budget)
    f = _validate(f)

    def both(deadline: float | None) -> LinearityReport:
        add = _decide(f, Law.ADDITIVITY, deadline)
        hom = _decide(f, Law.HOMOGENEITY, deadline)
        return _report(f, add, hom)

    def timeout(reason: str) -> LinearityReport:
        add, hom = (
            Undecided(law=law, activation=f.name, reason=reason, method=Method.BUDGET)
            for law in (Law.ADDITIVITY, Law.HOMOGENEITY)
        )
        return _report(f, add, hom)

    return run(both, budget, timeout)


def _report(f: ActivationFunction, add: Result, hom: Result) -> LinearityReport:
    conditions = [r.condition for r in (add, hom) if r.condition is not None]
    condition = None
    if conditions:
        import sympy

        condition = sympy.And(*conditions)
    return LinearityReport(activation=f.name, additivity=add, homogeneity=hom, condition=condition)
