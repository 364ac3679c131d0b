r"""Witness instances for activations SMT-LIB cannot define: ``f`` uninterpreted, values bounded.

For a transcendental activation (sigmoid, GELU, …) ``f`` is *declared*, and the only facts
asserted about it are its values at the points the law evaluates: the exact rational value
when exact arithmetic computes it, else the rational interval ``[m - r, m + r]`` of an Arb
ball (``m``, ``r`` exact dyadic numbers; Arb's balls always contain the true value).  With
those facts the law *holding* at the witness must be ``unsat``: every real function with these
values — the true activation among them — violates the law there.  The precision is raised
until the interval sum excludes equality (checked here in exact arithmetic before anything is
written); otherwise there is no check.

>>> from sympy import Integer
>>> from symact import get
>>> from symact.prover.laws import Law
>>> facts, why = value_facts(get("sigmoid"), Law.ADDITIVITY, {"a": Integer(0), "b": Integer(0)})
>>> facts, why
({0: (1/2, 1/2)}, 'exact rational values')
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy
from flint import arb
from sympy import Expr, Rational
from sympy.core.function import AppliedUndef

from symact.activations.function import ActivationFunction
from symact.errors import SymactError
from symact.export.smtlib_expr import Inexpressible, TermPrinter, number
from symact.export.smtlib_laws import Check, F, law_sides
from symact.prover.arb import Indeterminate, enclose
from symact.prover.certify import precisions, substitute
from symact.prover.exact import exact_rational
from symact.prover.laws import Law

__all__ = ["value_check", "value_facts"]

#: Largest binary exponent written into a bound (keeps files small and readable).
MAX_EXPONENT = 10_000

Bounds = dict[Rational, tuple[Rational, Rational]]


def _ball_bounds(ball: arb) -> tuple[Rational, Rational]:
    (mm, me), (rm, re) = ((int(v) for v in part.man_exp()) for part in (ball.mid(), ball.rad()))
    if max(abs(me), abs(re)) > MAX_EXPONENT:
        msg = f"the enclosure {ball} needs exponents beyond 2**{MAX_EXPONENT}"
        raise Inexpressible(msg)
    mid, rad = Rational(mm) * Rational(2) ** me, Rational(rm) * Rational(2) ** re
    return mid - rad, mid + rad


def _points(law: Law, witness: Mapping[str, Expr]) -> tuple[Expr, list[Rational]]:
    lhs, rhs = law_sides(law, F, witness)
    defect = sympy.expand(lhs - rhs)
    points = sorted({app.args[0] for app in defect.atoms(AppliedUndef)}, key=sympy.default_sort_key)
    if not all(p.is_Rational for p in points):
        msg = f"the witness points {points} are not all rational"
        raise Inexpressible(msg)
    return defect, points


def _excludes_zero(defect: Expr, bounds: Bounds) -> bool:
    """Whether the defect, linear in the f values, is non-zero on the whole box (exactly)."""
    lo = hi = defect.subs({F(p): 0 for p in bounds})
    for p, (b_lo, b_hi) in bounds.items():
        c = defect.coeff(F(p))
        lo, hi = lo + min(c * b_lo, c * b_hi), hi + max(c * b_lo, c * b_hi)
    return bool(lo > 0 or hi < 0)


def value_facts(f: ActivationFunction, law: Law, witness: Mapping[str, Expr]) -> tuple[Bounds, str]:
    """Exact bounds on ``f`` at each point the law evaluates, tight enough to refute the law
    at ``witness``, and how they were obtained; raises :class:`Inexpressible` otherwise."""
    defect, points = _points(law, witness)
    values = {p: substitute(f.expr, {f.x: p}) for p in points}
    exact = {p: exact_rational(v) for p, v in values.items()}
    if all(v is not None for v in exact.values()):
        bounds = {p: (v, v) for p, v in exact.items() if v is not None}
        if _excludes_zero(defect, bounds):
            return bounds, "exact rational values"
    for prec in precisions(4096):
        try:
            bounds = {
                p: (v, v) if v is not None else _ball_bounds(enclose(values[p], prec))
                for p, v in exact.items()
            }
        except Indeterminate:
            continue
        except SymactError as exc:
            raise Inexpressible(str(exc)) from None
        if _excludes_zero(defect, bounds):
            return bounds, f"exact rational bounds from Arb balls at {prec} bits, rigorous"
    msg = "the enclosures of f at the witness do not separate the two sides up to 4096 bits"
    raise Inexpressible(msg)


def value_check(law: Law, witness: Mapping[str, Expr], bounds: Bounds, how: str) -> Check:
    """The law holding at the witness, given the bounds: unsat."""
    shown = ", ".join(f"{n} = {sympy.sstr(witness[n])}" for n in law.variables)
    claim = [
        f"claim: the law fails at the witness {shown}",
        f"f is declared; the only facts about it are its values at these points ({how}):",
    ]
    body = []
    for p, (lo, hi) in bounds.items():
        at = f"(f {number(p)})"
        if lo == hi:
            claim.append(f"  f({p}) = {lo}")
            body.append(f"(= {at} {number(lo)})")
        else:
            claim.append(f"  f({p}) in [{sympy.N(lo, 15)}, {sympy.N(hi, 15)}] (shown rounded)")
            body += [f"(<= {number(lo)} {at})", f"(<= {at} {number(hi)})"]
    lhs, rhs = law_sides(law, F, witness)
    printer = TermPrinter({})
    body.append(f"(= {printer.term(lhs)} {printer.term(rhs)})")
    return Check(tuple(claim), (), tuple(body), "unsat")
