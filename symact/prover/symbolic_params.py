r"""Symbolic parameters: the law's truth as a condition on one parameter.

With the parameter :math:`s` left symbolic, the defect at each candidate witness is an
expression :math:`D(s)`.  The first candidate whose defect is not identically 0 is the
witness; when :math:`D` is a rational function of :math:`s`, it is non-zero except at the real
roots :math:`r_1, \dots` of its numerator, computed exactly.  The law can hold only for
:math:`s \in \{r_i\}`, and each root is decided as an ordinary numeric activation.  So the
law holds exactly when :math:`s` is one of the roots whose binding is proved (leaky_relu
additivity: slope 1; elu: never), and for every other admissible value the witness refutes it.

When the parameter moves the breakpoints, or every candidate defect vanishes identically,
the exact truth set comes from the parameter cells of :mod:`~symact.prover.moving_breakpoints`.

The verdict quantifies over the parameter: *proved* when the law holds for every admissible
value, *refuted* when it fails for some (``condition`` says when it holds), else *undecided*.
"""

from __future__ import annotations

from dataclasses import replace

import sympy
from sympy import Eq, Expr, Integer, Symbol

from symact.activations.function import ActivationFunction
from symact.errors import SymactError
from symact.prover.build_results import certificate_text, statement_step, witness_case
from symact.prover.fixed_params import decide
from symact.prover.identity import is_identically_zero
from symact.prover.laws import Law
from symact.prover.many_params import decide_several
from symact.prover.moving_breakpoints import decide_moving, moves_breakpoints
from symact.prover.onedim import F
from symact.prover.results import Method, Proof, Refutation, Result, Step, Undecided, Verdict
from symact.prover.roots import holds_at, real_roots
from symact.prover.search import recertify
from symact.prover.witness import candidates, law_candidates

__all__ = ["decide_symbolic", "parameters"]

COUNT = 7


def parameters(f: ActivationFunction) -> list[Symbol]:
    """The free symbols of ``f.expr`` other than its variable, sorted by name."""
    return sorted(f.expr.free_symbols - {f.x}, key=str)


def _validity(f: ActivationFunction, s: Symbol) -> sympy.Basic:
    """The admissible values of ``s``: the parameter conditions with the other parameters'
    bound values substituted (rrelu: ``lower <= upper`` with ``upper = 1/3``)."""
    bound = {
        p.symbol: v
        for p in f.specs
        if isinstance((v := f.params.get(p.name)), Expr) and p.symbol != s
    }
    conds = [p.condition.subs(bound) for p in f.specs]
    return sympy.And(*[c for c in conds if c.free_symbols <= {s}])


def _undecided(f: ActivationFunction, law: Law, reason: str) -> Undecided:
    return Undecided(law=law, activation=f.name, reason=reason, method=Method.SYMBOLIC)


def _first_defect(f: ActivationFunction, law: Law) -> tuple[dict[str, Expr], Expr] | None:
    for values in law_candidates(law, COUNT):
        lhs, rhs = law.sides(lambda u: f.expr.subs(f.x, u), values)
        defect = sympy.expand(lhs - rhs)
        if defect != 0:
            return values, defect
    return None


def _real_roots(defect: Expr, s: Symbol) -> list[Expr]:
    """Certified real roots of the polynomial ``defect`` in ``s`` (:mod:`.roots`)."""
    found = real_roots(defect, s)
    if found is None:
        msg = f"the defect {defect} is 0 for every {s}: no witness here"
        raise SymactError(msg)
    return found


def _sample_value(s: Symbol, default: Expr | None, ok: sympy.Basic) -> Expr | None:
    for value in ([default] if default is not None else []) + candidates(30):
        if ok.subs(s, value) is sympy.true:
            return value
    return None


def _identity(f: ActivationFunction, law: Law, s: Symbol, deadline: float | None) -> Result:
    """Every candidate defect vanishes: try the identity ``f(t) = f(1)·t`` for all ``s``."""
    c = f.expr.subs(f.x, 1)
    if law.spec.linearity and is_identically_zero(f.expr - c * f.x):
        steps = (
            Step(
                F(f.x),
                "=",
                c * f.x,
                "exact rewriting, for every value of the parameter",
                None,
                "homogeneity-1d",
            ),
            Step.therefore(f"f is linear for every {s}", "linear-additive"),
        )
        return Proof(
            law=law, activation=f.name, steps=steps, condition=sympy.true, method=Method.SYMBOLIC
        )
    return decide_moving(f, law, s, _validity(f, s), deadline)


def decide_symbolic(f: ActivationFunction, law: Law, deadline: float | None) -> Result:
    """Decide ``law`` for ``f`` with one symbolic parameter (see the module docstring)."""
    params = sorted((p for p in f.expr.free_symbols if p != f.x), key=str)
    if len(params) != 1:
        return decide_several(f, law, params, deadline, decide_symbolic)
    (s,) = params
    if moves_breakpoints(f, s):
        return decide_moving(f, law, s, _validity(f, s), deadline)
    first = _first_defect(f, law)
    if first is None:
        return _identity(f, law, s, deadline)
    witness, defect = first
    num, den = sympy.fraction(sympy.together(defect))
    if defect.has(sympy.Piecewise) or not (num.is_polynomial(s) and den.is_polynomial(s)):
        reason = f"the defect {defect} is not a rational function of {s}; bind {s}"
        return _undecided(f, law, reason)
    try:
        roots = [r for r in _real_roots(num, s) if not is_identically_zero(den.subs(s, r))]
        poles = _real_roots(den, s)  # D(s) says nothing there: decide them too
    except SymactError as exc:
        return _undecided(f, law, str(exc))
    valid = _validity(f, s)
    special = [r for r in [*roots, *poles] if holds_at(valid, {s: r}) is not False]
    decided = _decide_values(f, law, s, special, deadline)
    if isinstance(decided, str):
        return _undecided(f, law, decided)
    holds, others, steps = decided
    condition = sympy.Or(*(Eq(s, r) for r in holds))
    nonzero = sympy.And(*(sympy.Ne(s, r) for r in [*roots, *poles]))
    return _result(f, law, s, (witness, defect), (condition, nonzero, valid), others, steps)


Decided = tuple[list[Expr], list[dict[str, Expr]], list[Step]]


def _decide_values(
    f: ActivationFunction, law: Law, s: Symbol, values: list[Expr], deadline: float | None
) -> Decided | str:
    """Bind ``s`` to each value and decide: where the law holds, the witnesses where it
    fails, and a step for each; or the reason one value could not be decided."""
    holds: list[Expr] = []
    others: list[dict[str, Expr]] = []
    steps: list[Step] = []
    for r in values:
        bound = ActivationFunction(name=f"{f.name}[{s}={r}]", expr=f.expr.subs(s, r))
        result = decide(bound, law, deadline)
        if result.verdict is Verdict.UNDECIDED:
            return f"at {s} = {r}: {result.reason}"
        if result.verdict is Verdict.PROVED:
            holds.append(r)
            steps.append(Step.holds(f"the law holds: {result.method}", case=Eq(s, r)))
            continue
        others.append(dict(result.witness or {}))
        shown = ", ".join(f"{k} = {v}" for k, v in others[-1].items())
        steps.append(Step.holds(f"the law fails at {shown} (certified)", case=Eq(s, r)))
    return holds, others, steps


def _result(
    f: ActivationFunction,
    law: Law,
    s: Symbol,
    found: tuple[dict[str, Expr], Expr],
    conditions: tuple[sympy.Basic, sympy.Basic, sympy.Basic],
    others: list[dict[str, Expr]],
    root_steps: list[Step],
) -> Result:
    witness, defect = found
    condition, nonzero, valid = conditions
    default = next(
        (p.default for p in f.specs if p.symbol == s and isinstance(p.default, Expr)), None
    )
    value = _sample_value(s, default, sympy.And(nonzero, valid))
    bound = None if value is None else replace(f, expr=f.expr.subs(s, value), parts=())
    cert = None if bound is None else recertify(bound, law, witness)  # from f.expr afresh
    if cert is None or value is None:
        reason = f"could not certify the defect {defect} at an admissible value of {s}"
        return _undecided(f, law, reason)
    lhs, rhs = law.sides(F, witness)
    why_roots = f"the numerator is a polynomial in {s}; its real roots are computed exactly"
    steps = [
        statement_step(law),
        Step(
            lhs - rhs,
            "=",
            defect,
            f"the defect at the witness, as a function of {s}",
            witness_case(law, witness),
        ),
        Step(defect, "!=", Integer(0), why_roots, nonzero),
        Step(defect.subs(s, value), "!=", Integer(0), certificate_text(cert), Eq(s, value)),
        *root_steps,
        Step(law.statement(F), "iff", condition, f"for every admissible value of {s}"),
    ]
    return Refutation(
        law=law,
        activation=f.name,
        steps=tuple(steps),
        witness=witness,
        certificate=cert,
        defect=defect,
        condition=condition,
        nonzero_when=nonzero,
        method=Method.SYMBOLIC,
        extra_witnesses=tuple(others),
        params=((s.name, s),),
    )
