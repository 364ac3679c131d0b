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
from symact.prover.laws import LAWS, Law
from symact.prover.results import Method, Proof, Result, Step, Verdict

__all__ = ["closure"]

G, H = Function("g"), Function("h")
#: The laws whose conjunction is linearity; they are closed under composition.
_LINEARITY = tuple(law for law, spec in LAWS.items() if spec.linearity)
Decide = Callable[[ActivationFunction, Law, "float | None"], Result]


def _closure_steps(law: Law) -> list[Step]:
    """``g(h(lhs)) = g(rhs of h) = rhs of g∘h``, read off the law's two sides."""
    inner_lhs, inner_rhs = law.spec.sides(H, *law.symbols)
    first, middle = G(inner_lhs), G(inner_rhs)
    last = law.spec.sides(lambda e: G(H(e)), *law.symbols)[1]
    why = (f"h is {law.spec.adjective}", f"g is {law.spec.adjective}")
    return [
        Step(first, "=", middle, why[0], None, "closure"),
        Step(middle, "=", last, why[1], None, "closure"),
    ]


def _leaves(f: ActivationFunction) -> list[ActivationFunction]:
    """The stages of a composition chain, outermost first (each composite split once)."""
    out, todo = [], [f]
    while todo:
        g = todo.pop()
        if g.parts and _literal(g):
            todo += [g.parts[1], g.parts[0]]
        else:
            out.append(g)
    return out


def _literal(f: ActivationFunction) -> bool:
    """Whether ``f.expr`` is literally ``g(h(x))`` for its parts ``(g, h)``."""
    outer, inner = f.parts
    joined = outer.expr.subs(outer.x, inner.expr)
    return bool(f.expr == joined or is_identically_zero(f.expr - joined))


def closure(
    f: ActivationFunction, law: Law, deadline: float | None, decide: Decide
) -> Result | None:
    """A proof of ``law`` for ``f = g ∘ h`` from proofs that every stage of the chain is
    linear (each distinct stage decided once, so the cost grows linearly with the depth),
    else None."""
    if not _literal(f):
        return None  # not literally g(h(x)): decide f itself
    stages = _leaves(f)
    verdicts: dict[tuple[object, Law], bool] = {}
    for stage in stages:
        for part_law in _LINEARITY:
            key = (stage.expr, part_law)
            if key not in verdicts:
                result = decide(stage, part_law, deadline)
                verdicts[key] = result.verdict is Verdict.PROVED and result.condition is None
            if not verdicts[key]:
                return None
    names = list(dict.fromkeys(stage.name for stage in stages))
    why = (
        f"every stage ({', '.join(names)}) is linear: additive and homogeneous (proved)"
        if len(stages) > 2
        else None
    )
    steps = (
        [Step.holds(why)]
        if why
        else [
            Step.holds(f"{s} = {p.name} is linear: additive and homogeneous (proved)")
            for s, p in zip(("g", "h"), stages, strict=True)
        ]
    )
    steps += _closure_steps(law)
    conclusion = f"f = {f.name} is {law.spec.adjective} by closure"
    steps.append(Step.therefore(conclusion))
    return Proof(law=law, activation=f.name, steps=tuple(steps), method=Method.COMPOSITION)
