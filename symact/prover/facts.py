"""The theory the prover cites: each fact a step names in ``Step.fact``, with its wording.

The one-dimensional characterisations come from the law records (:data:`LAWS`); renderers
read this table (it imports nothing but the laws).

>>> FACTS["affinity-1d"]
'f is affine iff f(t) = f(0) + (f(1) - f(0))*t for all real t.'
"""

from __future__ import annotations

from symact.prover.laws import LAWS

__all__ = ["FACTS"]

#: The theory the prover uses, keyed by the name steps cite in ``Step.fact``.
FACTS: dict[str, str] = {
    **{spec.fact: spec.fact_text for spec in LAWS.values()},
    "linear-additive": (
        "If f(t) = c*t for all t, then f(a + b) = c*a + c*b = f(a) + f(b): linear implies additive."
    ),
    "cauchy": (
        "An additive f: R -> R that is bounded on some interval (e.g. piecewise continuous) "
        "is linear, f(t) = f(1)*t (Cauchy's functional equation)."
    ),
    "affine-not-linear": (
        "If f(0) != 0, f is neither additive (a = b = 0 gives f(0) = 2 f(0)) nor homogeneous "
        "(x = 0 gives f(0) = 0*f(a) = 0): an affine map with non-zero offset is not linear."
    ),
    "closure": (
        "A composition of linear maps is linear: f(g(a + b)) = f(g(a) + g(b)) = "
        "f(g(a)) + f(g(b)) and f(g(x*a)) = f(x*g(a)) = x*f(g(a))."
    ),
    "pieces": (
        "A piecewise function satisfies an identity on R iff it does on every piece "
        "(each interval and each point of an exclusive partition)."
    ),
    "arrangement": (
        "For piecewise-affine f the defect of the law is affine on every face of the "
        "arrangement of the lines through the breakpoints; exact evaluation at affinely "
        "spanning sample points of every face decides the law."
    ),
}
