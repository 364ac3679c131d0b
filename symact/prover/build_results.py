"""Build the result records (with their derivation steps) from what the decision found.

Every :class:`~symact.prover.results.Refutation` built here carries a certificate recomputed by
:func:`~symact.prover.search.recertify` from the activation, the law and the witness alone;
when that re-check fails no refutation is returned.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction

import sympy
from sympy import Expr

from symact.activations.function import ActivationFunction
from symact.prover.certify import Certificate, certify_nonzero
from symact.prover.families import additive_family, homogeneity_region, homogeneity_slice
from symact.prover.family_steps import FamilySteps, family_steps
from symact.prover.laws import A, B, Law
from symact.prover.onedim import F
from symact.prover.piecewise import Cells, affine_parts
from symact.prover.results import Method, Proof, Refutation, Step
from symact.prover.search import exact_sides, recertify

__all__ = [
    "certificate_text",
    "enclosure_bounds",
    "proof",
    "refutation",
    "statement_step",
    "witness_case",
]

#: Significant decimal digits first tried for the printed bound of an Arb enclosure.
BOUND_DIGITS = 4


def certificate_text(cert: Certificate) -> str:
    """How the disequality was certified, in one phrase."""
    if cert.kind == "exact" and cert.minimal_polynomial is None:
        return "exact rational arithmetic"
    if cert.kind == "exact":
        return f"exact algebraic number (minimal polynomial {cert.minimal_polynomial})"
    return f"Arb ball {cert.enclosure} at {cert.precision} bits excludes 0"


def enclosure_bounds(cert: Certificate) -> tuple[sympy.Rational, sympy.Rational] | None:
    """Short decimal ends ``lo < hi`` (exact rationals) of an interval containing the ball of
    ``cert`` and not 0: the ball's exact ends rounded outward to the fewest significant digits
    (at least :data:`BOUND_DIGITS`) that still exclude 0; None for exact rational certificates
    or balls whose exponents are too large to write out.

    >>> from sympy import exp, Integer
    >>> from symact.prover.certify import certify_nonzero
    >>> enclosure_bounds(certify_nonzero(exp(Integer(1)) - 2))
    (3591/5000, 7183/10000)
    """
    rational = cert.kind == "exact" and cert.minimal_polynomial is None
    if rational or cert.midpoint is None or cert.radius is None:
        return None
    (mm, me), (rm, re_) = (map(int, t.split("*2**")) for t in (cert.midpoint, cert.radius))
    if max(abs(me), abs(re_)) > 2000:
        return None
    mid, rad = Fraction(mm) * Fraction(2) ** me, Fraction(rm) * Fraction(2) ** re_
    low, high = mid - rad, mid + rad
    scale = Fraction(10) ** (BOUND_DIGITS - 1 - _order(abs(mid)))
    for _ in range(64):
        lo = Fraction(math.floor(low * scale)) / scale
        hi = Fraction(math.ceil(high * scale)) / scale
        if lo > 0 or hi < 0:
            return sympy.Rational(lo.numerator, lo.denominator), sympy.Rational(
                hi.numerator, hi.denominator
            )
        scale *= 10
    return None


def _order(value: Fraction) -> int:
    """``floor(log10(value))`` for a positive fraction, exactly."""
    order = len(str(value.numerator)) - len(str(value.denominator))
    while Fraction(10) ** order > value:
        order -= 1
    while Fraction(10) ** (order + 1) <= value:
        order += 1
    return order


def witness_case(law: Law, witness: Mapping[str, Expr]) -> sympy.Basic:
    """The witness as a condition ``Eq(var, value) & ...`` on the law variables."""
    return sympy.And(
        *(sympy.Eq(s, witness[n]) for n, s in zip(law.variables, law.symbols, strict=True))
    )


def statement_step(law: Law) -> Step:
    """The law, supposed true, as the first step of a refutation."""
    why = f"suppose f were {law.spec.adjective}: {law.quantifier}"
    return Step.holds(why, statement=law.statement(F))


def _families(
    law: Law, cells: Cells | None, witness: dict[str, Expr]
) -> tuple[sympy.Basic | None, sympy.Basic | None]:
    if cells is None or not _rational_affine(cells):
        return None, None
    if law.spec.shape == "sum":
        return additive_family(law, cells, witness), None
    return homogeneity_slice(cells, witness), homogeneity_region(cells, witness)


def _rational_affine(cells: Cells | None) -> bool:
    """Families are computed only with exact rational breakpoints and coefficients."""
    if cells is None or not all(p.is_Rational for p in cells.points):
        return False
    parts = [affine_parts(e, cells.var) for e in cells.exprs]
    return all(p is not None and p[0].is_Rational and p[1].is_Rational for p in parts)


def _family_steps(
    law: Law,
    family: sympy.Basic | None,
    region: sympy.Basic | None,
    derived: FamilySteps | None = None,
) -> list[Step]:
    lhs, rhs = law.statement(F).args
    steps = list(derived.steps) if derived is not None else []
    if family is not None and (derived is None or derived.case != family):
        why = "the defect is affine on each face of this set and vanishes on none (exact check)"
        steps.append(Step(lhs, "!=", rhs, why, family))
        if law.spec.shape == "sum":
            mirror = family.xreplace({A: B, B: A})
            if mirror != family:
                steps.append(Step(lhs, "!=", rhs, "the law is symmetric in a and b", mirror))
    if region is not None:
        why = "with u = x*a the defect is affine on each face of this quadrant; it vanishes on none"
        steps.append(Step(lhs, "!=", rhs, why, region))
    return steps


def _witness_steps(
    law: Law, witness: dict[str, Expr], sides: tuple[Expr, Expr], cert: Certificate
) -> list[Step]:
    """Both sides evaluated at the witness, and their certified disequality."""
    lhs, rhs = sides
    shown_lhs, shown_rhs = law.sides(F, witness)
    case = witness_case(law, witness)
    at_zero = all(v == 0 for v in witness.values()) or witness.get("x", 1) == 0
    fact = law.spec.zero_fact if at_zero else None
    steps = [
        Step(shown_lhs, "=", lhs, "evaluate f exactly", case),
        Step(shown_rhs, "=", rhs, "evaluate f exactly", case),
    ]
    bound = enclosure_bounds(cert)
    if bound is None:
        return [*steps, Step(lhs, "!=", rhs, certificate_text(cert), case, fact)]
    defect = shown_lhs - shown_rhs
    lo, hi = bound
    why = f"{certificate_text(cert)}; its ends rounded outward"
    rel, why_sign = (
        (">", "its lower bound is positive")
        if cert.sign > 0
        else ("<", "its upper bound is negative")
    )
    return [
        *steps,
        Step(defect, "in", sympy.Interval(lo, hi), why, case),
        Step(defect, rel, sympy.Integer(0), why_sign, case),
        Step(lhs, "!=", rhs, "their difference is not 0", case, fact),
    ]


def refutation(
    f: ActivationFunction,
    law: Law,
    witness: dict[str, Expr],
    cells: Cells | None,
    deadline: float | None,
    *,
    method: Method,
    context: Sequence[Step] = (),
) -> Refutation | None:
    """A certified refutation at ``witness``, or None when the independent re-check fails;
    ``context`` steps (how the witness was found) follow the law's statement."""
    lhs, rhs = exact_sides(f, law, witness)
    if lhs.is_Rational and rhs.is_Rational:
        # both sides were just recomputed from f.expr alone by exact rational arithmetic
        cert = certify_nonzero(lhs - rhs)
    else:
        cert = recertify(f, law, witness, deadline)
    if cert is None:
        return None
    steps = [statement_step(law), *context, *_witness_steps(law, witness, (lhs, rhs), cert)]
    family, region = _families(law, cells, witness)
    derived = family_steps(f, law, witness, deadline) if cells is not None else None
    steps += _family_steps(law, family, region, derived)
    steps.append(Step.therefore(f"f is not {law.spec.adjective}, so f is not linear"))
    return Refutation(
        law=law,
        activation=f.name,
        steps=tuple(steps),
        witness=dict(witness),
        certificate=cert,
        defect=sympy.expand(lhs - rhs),
        family=family,
        region=region,
        method=method,
        params=_params(f),
    )


def proof(f: ActivationFunction, law: Law, steps: Sequence[Step], *, method: Method) -> Proof:
    """A proof from the piecewise check of the one-dimensional characterisation."""
    tail = [Step.holds("the characterisation holds on every piece", statement=law.statement(F))]
    conclusion, fact = law.spec.proved
    tail.append(Step.therefore(conclusion, fact))
    return Proof(
        law=law, activation=f.name, steps=(*steps, *tail), method=method, params=_params(f)
    )


def _params(f: ActivationFunction) -> tuple[tuple[str, object], ...]:
    return tuple((k, v) for k, v in f.params.items() if v is not None)
