r"""Compositions: the closure argument of the reference text.

When ``f = g ∘ h`` (``f.parts == (g, h)``) and both parts are proved linear, ``f`` is linear
by closure, not by re-deriving it: :math:`g(h(a+b)) = g(h(a) + h(b)) = g(h(a)) + g(h(b))` and
:math:`g(h(x a)) = g(x\,h(a)) = x\,g(h(a))`.  Otherwise the caller decides ``f`` directly.
"""

from __future__ import annotations

from collections.abc import Callable

from sympy import Function

from symact.activations.function import ActivationFunction
from symact.prover.identity import is_identically_zero
from symact.prover.laws import SCALAR, A, B, Law
from symact.prover.results import Proof, Result, Step, Verdict

__all__ = ["closure"]

G, H = Function("g"), Function("h")
Decide = Callable[[ActivationFunction, Law, "float | None"], Result]


def _closure_steps(law: Law) -> list[Step]:
    if law is Law.ADDITIVITY:
        first, middle, last = G(H(A + B)), G(H(A) + H(B)), G(H(A)) + G(H(B))
        why = ("h is additive", "g is additive")
    else:
        first, middle, last = G(H(SCALAR * A)), G(SCALAR * H(A)), SCALAR * G(H(A))
        why = ("h is homogeneous", "g is homogeneous")
    return [
        Step(first, "=", middle, why[0], None, "closure"),
        Step(middle, "=", last, why[1], None, "closure"),
    ]


def closure(
    f: ActivationFunction, law: Law, deadline: float | None, decide: Decide
) -> Result | None:
    """A proof of ``law`` for ``f = g ∘ h`` from proofs that g and h are linear, else None."""
    outer, inner = f.parts
    if not is_identically_zero(f.expr - outer.expr.subs(outer.x, inner.expr)):
        return None  # not literally g(h(x)): decide f itself
    steps = []
    for symbol, part in (("g", outer), ("h", inner)):
        for part_law in (Law.ADDITIVITY, Law.HOMOGENEITY):
            result = decide(part, part_law, deadline)
            if result.verdict is not Verdict.PROVED or result.condition is not None:
                return None
        why = f"{symbol} = {part.name} is linear: additive and homogeneous (proved)"
        steps.append(Step(None, "holds", None, why))
    steps += _closure_steps(law)
    adjective = "additive" if law is Law.ADDITIVITY else "homogeneous"
    steps.append(Step(None, "therefore", None, f"f = {f.name} is {adjective} by closure"))
    return Proof(law=law, activation=f.name, steps=tuple(steps), method="composition")
