r"""Several symbolic parameters, exactly one of which moves the breakpoints.

``threshold`` with both required arguments unbound is the typical case: the breakpoint
:math:`\theta` moves, the value ``default_value`` only enters the pieces.  The
:math:`\theta`-line is cut at its critical values (:mod:`~symact.prover.moving_breakpoints`).  At a
critical value :math:`\theta` is bound and the remaining parameters are decided by the
one-parameter procedure, giving a condition on them.  On an open interval the cells are one
symbolic family; the law fails there for *every* value of the other parameters when the
coefficient equations of :math:`f - \text{model}` have no common solution (a Gröbner basis
``[1]``, exact); other intervals are left undecided.  The witness and certificate
come from a parameter point where the condition is false.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from itertools import product

import sympy
from sympy import Expr, Symbol
from sympy.polys.polyerrors import BasePolynomialError

from symact.activations.function import ActivationFunction
from symact.errors import SymactError
from symact.prover.constants import constant_sign
from symact.prover.fixed_params import decide
from symact.prover.laws import Law
from symact.prover.moving_breakpoints import (
    coefficients,
    critical_values,
    moves_breakpoints,
    pieces,
    refutation_at,
)
from symact.prover.piecewise import NotNormalisable
from symact.prover.results import Method, Refutation, Result, Undecided, Verdict
from symact.prover.witness import candidates

__all__ = ["Decide", "decide_several"]

#: The one-parameter procedure (``symbolic_params.decide_symbolic``), passed in to avoid a cycle.
Decide = Callable[[ActivationFunction, Law, "float | None"], Result]


def _validity(f: ActivationFunction, params: list[Symbol]) -> sympy.Basic:
    bound = {p.symbol: v for p in f.specs if isinstance((v := f.params.get(p.name)), Expr)}
    bound = {k: v for k, v in bound.items() if k not in params}
    conds = [p.condition.subs(bound) for p in f.specs]
    return sympy.And(*[c for c in conds if c.free_symbols <= set(params)])


def _undecided(f: ActivationFunction, law: Law, reason: str) -> Undecided:
    return Undecided(law=law, activation=f.name, reason=reason, method=Method.SYMBOLIC)


def decide_several(
    f: ActivationFunction,
    law: Law,
    params: list[Symbol],
    deadline: float | None,
    decide_one: Decide,
) -> Result:
    """Decide ``law`` for ``f`` with several symbolic parameters (module docstring);
    ``decide_one`` is the one-parameter procedure, passed in by the caller."""
    names = ", ".join(sorted(map(str, params)))
    moving = [p for p in params if moves_breakpoints(f, p)]
    if len(moving) != 1:
        reason = (
            f"several symbolic parameters ({names}) and {len(moving)} of them move the "
            "breakpoints; bind all but one to numbers (symact.get(name, param=value) or "
            "--param NAME=VALUE)"
        )
        return _undecided(f, law, reason)
    s = moving[0]
    valid = _validity(f, params)
    try:
        condition = _condition(f, law, (s, valid), deadline, decide_one)
    except (SymactError, NotNormalisable) as exc:
        return _undecided(f, law, f"{exc}; bind some of {names}")
    if condition is None:
        return _undecided(f, law, f"some values of {s} could not be decided; bind some of {names}")
    return _witness(f, law, params, valid, condition, deadline)


def _condition(
    f: ActivationFunction,
    law: Law,
    moving: tuple[Symbol, sympy.Basic],
    deadline: float | None,
    decide_one: Decide,
) -> sympy.Basic | None:
    s, valid = moving
    only_s = sympy.And(*[c for c in sympy.And.make_args(valid) if c.free_symbols <= {s}])
    holds: list[sympy.Basic] = []
    for cond, value, lo, hi in pieces(critical_values(f, s, only_s), s):
        if only_s.subs(s, value) is not sympy.true:
            continue
        if lo is not None and lo == hi:
            bindings = tuple((k, value if k == s.name else v) for k, v in f.bindings)
            bound = replace(f, expr=f.expr.subs(s, value), bindings=bindings)
            result = decide_one(bound, law, deadline)
            if result.verdict is Verdict.UNDECIDED:
                return None
            rest = result.condition if result.condition is not None else sympy.true
            holds.append(sympy.And(cond, rest if result.verdict is Verdict.REFUTED else sympy.true))
            continue
        if not _solvable(coefficients(f, law, {s: value})):
            continue  # no parameter values make every coefficient vanish
        return None
    return sympy.Or(*holds)


def _solvable(coeffs: list[Expr]) -> bool:
    """False only when the coefficient equations have no common solution at all: a reduced
    Gröbner basis ``[1]`` of their numerators (exact, complete over the complex numbers)."""
    if not coeffs:
        return True
    numerators = []
    for c in coeffs:
        num = sympy.fraction(sympy.together(c))[0]
        if num.free_symbols:
            numerators.append(num)
            continue
        sign = constant_sign(num)
        if sign is None:  # neither certified zero nor certified non-zero: no verdict
            msg = f"cannot tell whether the coefficient {c} is 0"
            raise SymactError(msg)
        if sign != 0:
            return False
    if not numerators:
        return True
    symbols = sorted(set().union(*(n.free_symbols for n in numerators)), key=str)
    if not all(n.is_polynomial(*symbols) for n in numerators):
        return True
    try:
        basis = sympy.groebner(numerators, *symbols, domain="QQ")
    except BasePolynomialError:  # e.g. irrational coefficients: no exact verdict here
        return True
    return list(basis.exprs) != [1]


def _witness(
    f: ActivationFunction,
    law: Law,
    params: list[Symbol],
    valid: sympy.Basic,
    condition: sympy.Basic,
    deadline: float | None,
) -> Result:
    for values in product(candidates(5), repeat=len(params)):
        assignment = dict(zip(params, values, strict=True))
        if valid.subs(assignment) is not sympy.true:
            continue
        if condition.subs(assignment) is not sympy.false:
            continue
        result = decide(replace(f, expr=f.expr.subs(assignment), parts=()), law, deadline)
        if isinstance(result, Refutation):
            return refutation_at(result, law, assignment, condition)
    return _undecided(f, law, f"no certified witness found where {condition} is false")
