"""Property-based soundness of the prover (hypothesis, deterministic settings).

* random piecewise-affine expressions (Max, Min, Abs, Heaviside, sign, Piecewise, nesting and
  composition): always decided; every proved law holds at random exact rational points; every
  refutation re-certifies from the activation, the law and the witness alone, and every sample
  inside its reported family or region is a counterexample too; additivity and
  homogeneity agree (for locally bounded f both are equivalent to f(t) = f(1)·t); the
  normaliser agrees with SymPy's own evaluation everywhere;
* linear-by-construction functions (c·relu(x) − c·relu(−x) + d·x, sums and compositions of
  such) are proved;
* random smooth compositions: never a false proof or an uncertified refutation;
* symbolic parameters (a slope; a moving breakpoint): the reported condition is exactly the
  set of parameter values where the law holds (checked against binding the parameter).
"""

from __future__ import annotations

from fractions import Fraction

import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sympy import Abs, Heaviside, Max, Min, Piecewise, Rational, sign

from symact import ActivationFunction, Verdict
from symact import X as x
from symact.activations.nodes import sigmoid, softplus
from symact.prover import Law, check
from symact.prover.certify import certify_nonzero
from symact.prover.fixed_params import cells_of
from symact.prover.identity import is_identically_zero
from symact.prover.search import exact_sides, recertify
from symact.prover.witness import candidates

SETTINGS = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
LAWS = (Law.ADDITIVITY, Law.HOMOGENEITY)

rationals = st.fractions(min_value=-3, max_value=3, max_denominator=4).map(
    lambda q: Rational(q.numerator, q.denominator)
)
points = st.fractions(min_value=-8, max_value=8, max_denominator=6).map(
    lambda q: Rational(q.numerator, q.denominator)
)


def relu(u: sympy.Expr) -> sympy.Expr:
    return Piecewise((u, u > 0), (0, True))


affine = st.builds(lambda p, q: p * x + q, rationals, rationals)


def _one_point(c: Rational, u: sympy.Expr, v: sympy.Expr) -> sympy.Expr:
    """``u`` at the single point ``x = c``, ``v`` elsewhere (a removable discontinuity)."""
    return Piecewise((u, sympy.Eq(x, c)), (v, True))


def _extend(children: st.SearchStrategy[sympy.Expr]) -> st.SearchStrategy[sympy.Expr]:
    return st.one_of(
        st.builds(lambda u, v: u + v, children, children),
        st.builds(lambda c, u: c * u, rationals, children),
        st.builds(Max, children, children),
        st.builds(Min, children, children),
        st.builds(Abs, children),
        st.builds(lambda u, c: (x + c) * Heaviside(u), children, rationals),
        st.builds(lambda u, c: c * sign(u), children, rationals),
        st.builds(lambda c, u, v: Piecewise((u, x > c), (v, True)), rationals, children, children),
        st.builds(
            lambda c, u, v: Piecewise((u, sympy.Eq(x, c)), (v, True)), rationals, children, children
        ),
        st.builds(lambda u, v: u.xreplace({x: v}), children, children),
    )


piecewise_affine = st.recursive(affine, _extend, max_leaves=5)


def fn(expr: sympy.Expr) -> ActivationFunction:
    return ActivationFunction(name="random", expr=sympy.sympify(expr))


def _assert_sound(f: ActivationFunction, law: Law, result: object, samples: list) -> None:
    if result.verdict is Verdict.PROVED:
        for u, v in samples:
            lhs, rhs = exact_sides(f, law, dict(zip(law.variables, (u, v), strict=True)))
            gap = lhs - rhs
            assert is_identically_zero(gap) or certify_nonzero(gap, max_prec=256) is None
    elif result.verdict is Verdict.REFUTED:
        cert = recertify(f, law, result.witness)
        assert cert is not None and cert.check()
        names = dict(zip(law.variables, law.symbols, strict=True))
        at = {names[k]: val for k, val in result.witness.items()}
        for family in (result.family, result.region):
            if family is None:
                continue
            assert family.subs(at) is sympy.true
            _assert_family_fails(f, law, family, samples, at)


def _assert_family_fails(f, law, family, samples, witness_at) -> None:
    """Every sample point inside a reported family is a counterexample too.

    Families such as ``Eq(x, -1) & (a < 0)`` fix a coordinate, so each sample is also tried
    with one coordinate pinned to the witness's value.
    """
    syms = law.symbols
    for u, v in samples:
        tries = [(u, v), (witness_at[syms[0]], v), (u, witness_at[syms[1]])]
        inside = (p for p in tries if family.subs(dict(zip(syms, p, strict=True))) is sympy.true)
        point = next(inside, None)
        if point is None:
            continue
        lhs, rhs = exact_sides(f, law, dict(zip(law.variables, point, strict=True)))
        assert lhs != rhs, (family, point)


@SETTINGS
@given(piecewise_affine, st.lists(st.tuples(points, points), min_size=4, max_size=4))
def test_piecewise_affine_is_decided_soundly(expr: sympy.Expr, samples: list) -> None:
    f = fn(expr)
    results = [check(f, law, budget=None) for law in LAWS]
    assert all(r.verdict is not Verdict.UNDECIDED for r in results)
    assert results[0].verdict is results[1].verdict  # Cauchy: additive iff homogeneous
    for law, result in zip(LAWS, results, strict=True):
        _assert_sound(f, law, result, samples)


@settings(SETTINGS, max_examples=60)
@given(piecewise_affine, st.lists(points, min_size=6, max_size=6))
def test_normaliser_agrees_with_sympy(expr: sympy.Expr, values: list) -> None:
    f = fn(expr)
    cells = cells_of(f, merge=False)
    assert cells is not None
    from symact.prover.laws import T

    for value in [*values, *cells.points]:
        assert sympy.simplify(cells.at(value) - expr.subs(x, value)) == 0
    assert cells_of(f) is not None and all(
        cells_of(f).at(v) == cells.at(v)
        for v in values  # merging keeps the function
    )
    assert T not in expr.free_symbols


def _odd_relu(c: Rational, d: Rational) -> sympy.Expr:
    return c * relu(x) - c * relu(-x) + d * x


linear_piece = st.one_of(
    st.builds(_odd_relu, rationals, rationals),
    st.builds(lambda c: c * (Max(x, 0) + Min(x, 0)), rationals),
    st.builds(lambda c: c * (x * Heaviside(x) + x * Heaviside(-x)), rationals),
    st.builds(lambda c: c * Abs(x) * sign(x), rationals),
)
linear_by_construction = st.recursive(
    linear_piece,
    lambda children: st.one_of(
        st.builds(lambda u, v: u + v, children, children),
        st.builds(lambda u, v: u.xreplace({x: v}), children, children),
    ),
    max_leaves=4,
)


@settings(SETTINGS, max_examples=50)
@given(linear_by_construction)
def test_linear_by_construction_is_proved(expr: sympy.Expr) -> None:
    f = fn(expr)
    for law in (*LAWS, Law.POSITIVE_HOMOGENEITY, Law.AFFINITY):
        assert check(f, law, budget=None).verdict is Verdict.PROVED


UNARY = (sympy.exp, sympy.tanh, sympy.atan, sympy.sin, sympy.erf, sigmoid, softplus)
smooth = st.recursive(
    affine,
    lambda children: st.one_of(
        st.builds(lambda g, u: g(u), st.sampled_from(UNARY), children),
        st.builds(lambda u, v: u + v, children, children),
        st.builds(lambda u, v: u * v, children, children),
    ),
    max_leaves=4,
)


@settings(SETTINGS, max_examples=60)
@given(smooth, st.lists(st.tuples(points, points), min_size=3, max_size=3))
def test_smooth_compositions_are_never_wrong(expr: sympy.Expr, samples: list) -> None:
    f = fn(expr)
    for law in LAWS:
        _assert_sound(f, law, check(f, law, budget=None), samples)


def test_fraction_strategy_is_exact() -> None:
    assert Rational(Fraction(1, 3).numerator, 3) == Rational(1, 3)


S = sympy.Symbol("s", real=True)


@settings(SETTINGS, max_examples=25)
@given(rationals, rationals, rationals)
def test_symbolic_slope_condition_is_exact(p: Rational, q: Rational, r: Rational) -> None:
    """f = p·relu(x) + s·q·relu(-x) + r·x is linear iff s·q = -p (exactly)."""
    f = fn(p * relu(x) + S * q * relu(-x) + r * x)
    for law in LAWS:
        result = check(f, law, budget=None)
        if q == 0:  # s cancels: an ordinary numeric activation
            assert result.verdict is (Verdict.PROVED if p == 0 else Verdict.REFUTED)
            continue
        assert result.verdict is Verdict.REFUTED
        assert result.condition == sympy.Eq(S, -p / q)
        assert result.certificate is not None and result.certificate.check()


@settings(SETTINGS, max_examples=20)
@given(rationals, rationals, rationals, st.sampled_from((Law.ADDITIVITY, Law.POSITIVE_HOMOGENEITY)))
def test_moving_breakpoint_condition_matches_binding(p, q, r, law) -> None:
    """f = p·x + q above the breakpoint s, r·x below: the condition agrees with binding s."""
    expr = Piecewise((p * x + q, x > S), (r * x, True))
    result = check(fn(expr), law, budget=None)
    if result.verdict is Verdict.UNDECIDED:
        return
    condition = sympy.true if result.verdict is Verdict.PROVED else result.condition
    for value in [*candidates(9), *(c + Rational(1, 7) for c in candidates(3))]:
        bound = check(fn(expr.subs(S, value)), law, budget=None)
        expected = Verdict.PROVED if condition.subs(S, value) is sympy.true else Verdict.REFUTED
        assert bound.verdict is expected, (value, condition)
