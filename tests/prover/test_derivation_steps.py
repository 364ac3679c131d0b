"""The derivations read like a textbook, and every step they state is true.

The content of the new steps is checked against hand-derived facts (ReLU: f(-a) = -a and
f(a) = 0 for every a < 0; relu(t) - relu(-t) is 0 - (-t) for t < 0 and t - 0 for t > 0), and
every relation step of every catalog result is re-checked at exact points of its case by an
evaluator independent of the prover: exact rationals (``prover_oracle.value``) where the values
are rational, SymPy/mpmath at 50 digits otherwise.
"""

from __future__ import annotations

import itertools

import mpmath
import pytest
import sympy
from cases import CATALOG
from prover_oracle import value
from sympy import Eq, Rational

import symact
from symact import ActivationFunction
from symact import X as x
from symact.prover import Law, check
from symact.prover.laws import SCALAR, A, B, T
from symact.prover.onedim import F
from symact.prover.results import Relation, Step

CHECKED = {Relation.EQ, Relation.NE, Relation.LT, Relation.GT, Relation.LE, Relation.GE}
CHECKED |= {Relation.IN}
GRID = [Rational(v) for v in ("-7", "-3", "-2", "-1", "-1/2", "-1/3", "0", "1/4", "1/2", "1")]
GRID += [Rational(v) for v in ("3/2", "2", "5/2", "3", "4", "7")]


def _steps_in(result: symact.Refutation | symact.Proof, case: sympy.Basic) -> list[Step]:
    return [s for s in result.steps if s.case == case]


def _has(steps: list[Step], lhs: sympy.Basic, rel: str, rhs: sympy.Basic) -> bool:
    return any(
        s.lhs == lhs and str(s.relation) == rel and sympy.expand(s.rhs - rhs) == 0 for s in steps
    )


def test_relu_homogeneity_fails_for_every_negative_a_by_the_classic_argument() -> None:
    r = check(symact.get("relu"), Law.HOMOGENEITY, budget=None)
    case = Eq(SCALAR, -1) & (A < 0)
    lets = [s for s in r.steps if s.relation is Relation.HOLDS and s.lhs == case]
    assert len(lets) == 1  # "let x = -1 and a < 0"
    steps = _steps_in(r, case)
    assert _has(steps, F(A * SCALAR), "=", F(-A))  # substitute x = -1
    assert _has(steps, -A, ">", 0)  # -a > 0 selects the case t > 0 of relu
    assert _has(steps, F(-A), "=", -A)
    assert _has(steps, F(A), "=", 0)  # a <= 0: the case t <= 0
    assert _has(steps, -F(A), "=", 0)
    assert steps[-1].relation is Relation.NE and steps[-1].lhs == F(A * SCALAR)
    assert "not linear" in r.steps[-1].justification


def test_relu_additivity_fails_on_the_line_b_equals_minus_a() -> None:
    r = check(symact.get("relu"), Law.ADDITIVITY, budget=None)
    case = Eq(B, -A) & (A > 0)
    steps = _steps_in(r, case)
    assert _has(steps, F(A + B), "=", F(0))
    assert _has(steps, F(0), "=", 0) and _has(steps, F(A), "=", A) and _has(steps, F(-A), "=", 0)
    assert _has(steps, F(-A) + F(A), "=", A)  # f(a) + f(-a) = a > 0 = f(0)
    assert steps[-1].relation is Relation.NE
    assert r.witness == {"a": 1, "b": -1}  # the witness itself is unchanged


def test_hard_tanh_homogeneity_family_stays_in_the_clipped_case() -> None:
    r = check(symact.get("hard_tanh"), Law.HOMOGENEITY, budget=None)
    case = Eq(SCALAR, 2) & (A <= -1)  # 2a <= -2 and a <= -1: both clipped to -1
    steps = _steps_in(r, case)
    assert _has(steps, F(2 * A), "=", -1) and _has(steps, F(A), "=", -1)
    assert _has(steps, 2 * F(A), "=", -2)


def test_leaky_relu_family_uses_its_own_slope() -> None:
    r = check(symact.get("leaky_relu"), Law.HOMOGENEITY, budget=None)
    steps = _steps_in(r, Eq(SCALAR, -1) & (A < 0))
    assert _has(steps, F(-A), "=", -A) and _has(steps, F(A), "=", A / 5)


def test_odd_difference_of_relus_is_proved_case_by_case() -> None:
    f = symact.parse("relu(x) - relu(-x)")
    r = check(f, Law.HOMOGENEITY, budget=None)
    assert r.verdict.value == "proved"
    by_case = {s.case: s for s in r.steps if s.case is not None}
    assert set(by_case) == {T < 0, Eq(T, 0), T > 0}  # one step per case of the definition
    assert by_case[T < 0].lhs == F(T) and by_case[T < 0].rhs == T
    assert by_case[T > 0].rhs == T and by_case[Eq(T, 0)].lhs == F(0)
    assert by_case[Eq(T, 0)].rhs == 0
    assert "0 - (-t)" in by_case[T < 0].justification
    assert "t - 0" in by_case[T > 0].justification


def test_linear_is_proved_by_its_definition() -> None:
    r = check(symact.get("linear"), Law.ADDITIVITY, budget=None)
    identity = [s for s in r.steps if s.lhs == F(T)]
    assert len(identity) == 1 and identity[0].rhs == T
    assert "definition" in identity[0].justification


def test_many_cases_are_summarised_with_their_count() -> None:
    kinks = [sympy.Max(x - k, 0) for k in range(20)]
    terms = [x, *kinks, *(-k for k in kinks)]  # every kink added and taken away again
    f = ActivationFunction(name="cancelling", expr=sympy.Add(*terms, evaluate=False))
    r = check(f, Law.ADDITIVITY, budget=None)
    assert r.verdict.value == "proved"
    assert not any(s.case is not None for s in r.steps)  # no case listed one by one
    assert any("41 cells (20 breakpoints)" in s.justification for s in r.steps)


def test_gelu_certificate_is_printed_as_a_checkable_bound() -> None:
    r = check(symact.get("gelu"), Law.ADDITIVITY, budget=None)
    (bound,) = [s for s in r.steps if s.relation is Relation.IN]
    assert bound.lhs == F(2) - 2 * F(1)
    lo, hi = bound.rhs.start, bound.rhs.end
    assert lo.is_Rational and hi.is_Rational and 0 < lo < hi
    with mpmath.workdps(50):  # GELU(t) = t/2 (1 + erf(t/sqrt 2)), its documented formula
        gelu = lambda t: t / 2 * (1 + mpmath.erf(t / mpmath.sqrt(2)))  # noqa: E731
        defect = gelu(mpmath.mpf(2)) - 2 * gelu(mpmath.mpf(1))
        assert mpmath.mpf(lo.p) / lo.q <= defect <= mpmath.mpf(hi.p) / hi.q
    assert hi - lo <= Rational(1, 1000)  # short enough to check by hand
    (positive,) = [s for s in r.steps if s.relation is Relation.GT]
    assert positive.lhs == bound.lhs and positive.rhs == 0


# --- every stated relation is true ---------------------------------------------------------


def _points(case: sympy.Basic | None, symbols: set[sympy.Symbol]) -> list[dict]:
    """Exact points satisfying ``case`` (equations ``sym = expr`` solved, the rest sampled)."""
    fixed: dict[sympy.Symbol, sympy.Expr] = {}
    rest = sympy.true if case is None else case
    for part in sympy.And.make_args(rest):
        if isinstance(part, Eq) and part.lhs.is_Symbol:
            fixed[part.lhs] = part.rhs
    free = sorted(symbols - set(fixed), key=str)
    out = []
    for values in itertools.product(GRID, repeat=len(free)):
        point = dict(zip(free, values, strict=True))
        point |= {k: sympy.sympify(v).xreplace(point) for k, v in fixed.items()}
        point = {k: sympy.sympify(v).xreplace(point) for k, v in point.items()}
        if rest is sympy.true or rest.xreplace(point) is sympy.true:
            out.append(point)
    return out[:: max(1, len(out) // 5)]


def _evaluate(f: ActivationFunction, expr: sympy.Basic, point: dict) -> sympy.Expr:
    """``expr`` at ``point`` with ``f`` applied by the oracle (exact at rationals)."""
    at = sympy.sympify(expr).xreplace(point)
    return at.replace(F, lambda u: value(f, u) if u.is_Rational else f.expr.xreplace({x: u}))


def _holds(step: Step, lhs: sympy.Expr, rhs: sympy.Basic) -> bool:
    if step.relation is Relation.IN:
        v = lhs if lhs.is_Rational else sympy.Float(lhs.evalf(50), 50)
        return rhs.contains(v) is sympy.true
    if lhs.is_Rational and rhs.is_Rational:
        d = lhs - rhs
    else:
        d = (lhs - rhs).evalf(50)
        if step.relation is Relation.EQ:
            return abs(d) < 1e-40
        assert abs(d) > 1e-40, f"too close to decide: {step}"
    ops = {
        Relation.EQ: d == 0,
        Relation.NE: d != 0,
        Relation.LT: d < 0,
        Relation.GT: d > 0,
        Relation.LE: d <= 0,
        Relation.GE: d >= 0,
    }
    return bool(ops[step.relation])


FORMULAS = [
    "relu(x) - relu(-x)",
    "where(x > 1, 2*x, x)",
    "Heaviside(x)",
    "abs(x) + x",
    "max(x, 0) - 2*min(x, 1)",
    "abs(x - 1) - abs(x)",
    "where(abs(x) > 1, x**2, x)",
    "x*Heaviside(x - 1)",
    "sign(x)*x**2",
    "min(max(x, -2), 3) + x/3",
]


@pytest.mark.parametrize("entry", [c.name for c in CATALOG] + FORMULAS)
def test_every_relation_step_is_true_at_exact_points_of_its_case(entry: str) -> None:
    case_row = next((c for c in CATALOG if c.name == entry), None)
    f = case_row.activation() if case_row is not None else symact.parse(entry)
    checked = 0
    for law in (Law.ADDITIVITY, Law.HOMOGENEITY):
        for step in check(f, law, budget=None).steps:
            if step.relation not in CHECKED:
                continue
            symbols = (step.lhs.free_symbols | getattr(step.rhs, "free_symbols", set())) - {x}
            if step.case is not None:
                symbols |= step.case.free_symbols
            points = _points(step.case, symbols)
            assert points, f"no sample point satisfies the case of {step}"
            for point in points:
                lhs, rhs = _evaluate(f, step.lhs, point), step.rhs
                if step.relation is not Relation.IN:
                    rhs = _evaluate(f, step.rhs, point)
                assert _holds(step, lhs, rhs), f"{step} is false at {point}"
                checked += 1
    assert checked > 0
