"""Monotonicity, regularity, symmetry, polynomial-ness and universal approximation, with the
witnesses re-checked independently (exact arithmetic or mpmath at 50 digits)."""

from __future__ import annotations

import mpmath
import pytest
import sympy
from sympy import Eq, Rational, Symbol, oo

import symact
from symact.primitives.nodes import X


def prop(f, which: str):
    f = symact.get(f) if isinstance(f, str) else f
    return symact.properties(f, only=[which])[which]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("sigmoid", "increasing"),
        ("tanh", "increasing"),
        ("softplus", "increasing"),
        ("elu", "increasing"),
        ("leaky_relu", "increasing"),  # slope 1/5 > 0 on the left
        ("relu", "non-decreasing"),  # constant on x < 0
        ("hard_tanh", "non-decreasing"),
        ("hard_shrink", "non-decreasing"),  # jumps up at +-1/2, constant between
        ("tanh_shrink", "increasing"),  # f' = tanh^2 vanishes only at 0
    ],
)
def test_monotone_kind(name, kind):
    result = prop(name, "monotone")
    assert result.verdict.value == "proved" and result.value == kind


MPMATH = {
    "gelu": lambda x: x * mpmath.ncdf(x),
    "silu": lambda x: x / (1 + mpmath.exp(-x)),
    "mish": lambda x: x * mpmath.tanh(mpmath.log1p(mpmath.exp(x))),
}


@pytest.mark.parametrize("name", sorted(MPMATH))
def test_dipping_activations_are_not_monotone_with_a_turn_checked_by_mpmath(name):
    result = prop(name, "monotone")
    assert result.verdict.value == "refuted"
    a, b, c = (result.witness[k] for k in "abc")
    assert a < b < c and all(v.is_Rational for v in (a, b, c))
    f = MPMATH[name]
    with mpmath.workdps(50):
        fa, fb, fc = (f(mpmath.mpf(v.p) / v.q) for v in (a, b, c))
        assert (fb - fa) * (fc - fb) < 0  # f falls then rises: a dip
    assert result.certificate is not None and result.certificate.sign == -1


def test_hard_silu_turn_is_exact():
    result = prop("hard_silu", "monotone")
    a, b, c = (result.witness[k] for k in "abc")

    def f(v):  # x*relu6(x + 3)/6, by hand
        return v * min(max(v + 3, 0), 6) / 6

    assert (f(b) - f(a)) * (f(c) - f(b)) < 0


def test_leaky_relu_is_monotone_exactly_when_the_slope_is_nonnegative():
    result = prop(symact.get("leaky_relu").symbolic(), "monotone")
    s = Symbol("negative_slope", real=True)
    assert result.verdict.value == "proved" and result.value == "non-decreasing"
    for value, holds in ((Rational(1, 5), True), (0, True), (Rational(-1, 10), False)):
        assert bool(result.condition.subs(s, value)) is holds


def test_relu_is_continuous_but_not_differentiable_at_zero():
    assert prop("relu", "continuous").verdict.value == "proved"
    result = prop("relu", "differentiable")
    assert result.verdict.value == "refuted" and result.witness == {"x": 0}
    assert prop("relu", "smoothness").value == 0


@pytest.mark.parametrize(
    ("name", "k"),
    [
        ("sigmoid", oo),
        ("gelu", oo),
        ("elu", 1),  # alpha = 1: f'' jumps from 1 (e^0) to 0
        ("selu", 0),  # f' jumps from lambda*alpha to lambda
        ("softsign", 1),  # f'' jumps from 2 to -2 at 0
        ("sparse_plus", 1),  # (x+1)^2/4 meets 0 and x with slopes 0 and 1, curvature 1/2
        ("hard_sigmoid", 0),
    ],
)
def test_smoothness_class(name, k):
    assert prop(name, "smoothness").value == k


def test_elu_is_c1_exactly_when_alpha_is_one():
    f = symact.get("elu").symbolic()
    alpha = Symbol("alpha", real=True)
    assert prop(f, "differentiable").condition == Eq(alpha, 1)
    value = prop(f, "smoothness").value
    assert value.subs(alpha, 1) == 1 and value.subs(alpha, 2) == 0
    assert prop(symact.get("elu", alpha=2), "smoothness").value == 0


def test_hard_shrink_is_not_continuous_at_the_threshold():
    result = prop("hard_shrink", "continuous")
    assert result.verdict.value == "refuted" and result.witness == {"x": Rational(-1, 2)}


@pytest.mark.parametrize(
    ("name", "zero", "odd", "even"),
    [
        ("tanh", True, True, False),
        ("softsign", True, True, False),
        ("relu", True, False, False),
        ("sigmoid", False, False, False),
        ("hard_shrink", True, True, False),
    ],
)
def test_symmetry(name, zero, odd, even):
    verdicts = [prop(name, p).verdict.value for p in ("zero_at_zero", "odd", "even")]
    assert verdicts == ["proved" if v else "refuted" for v in (zero, odd, even)]


def test_even_function_and_refuting_witness_recomputed():
    assert prop(symact.parse("x**2"), "even").verdict.value == "proved"
    result = prop("sigmoid", "odd")
    x = result.witness["x"]
    assert x.is_Rational
    # by hand: sigma(-x) + sigma(x) = 1/(1 + e^x) + 1/(1 + e^-x) = 1 for every x, never 0
    assert sympy.simplify(1 / (1 + sympy.exp(x)) + 1 / (1 + sympy.exp(-x))) == 1
    assert abs(sympy.N(result.defect, 30) - 1) < sympy.Float(10) ** -25


def test_sigmoid_value_at_zero_is_one_half():
    result = prop("sigmoid", "zero_at_zero")
    assert result.verdict.value == "refuted" and result.value == Rational(1, 2)


def test_positive_homogeneity_and_affinity_come_from_the_prover():
    assert prop("relu", "positive_homogeneity").verdict.value == "proved"
    assert prop("linear", "affine").verdict.value == "proved"
    result = prop("relu", "affine")
    assert result.verdict.value == "refuted" and result.law.value == "affine"


def test_x_squared_is_a_polynomial_hence_not_a_universal_approximator():
    f = symact.parse("x**2")
    poly = prop(f, "polynomial")
    assert poly.verdict.value == "proved" and poly.value == X**2
    universal = prop(f, "universal_approximator")
    assert universal.verdict.value == "refuted"
    assert any("Leshno" in s.justification for s in universal.steps)
    assert prop(f, "affine").verdict.value == "refuted"  # non-linear, yet not universal


@pytest.mark.parametrize("f", ["relu", "sigmoid", "gelu", "hard_tanh", "Heaviside(x)", "exp(x)"])
def test_non_polynomials_are_universal_approximators(f):
    entry = symact.parse(f) if "(" in f else symact.get(f)
    assert prop(entry, "polynomial").verdict.value == "refuted"
    assert prop(entry, "universal_approximator").verdict.value == "proved"


def test_linear_is_the_polynomial_x_and_not_universal():
    assert prop("linear", "polynomial").value == X
    assert prop("linear", "universal_approximator").verdict.value == "refuted"


def test_bounds():
    assert prop("sigmoid", "bounded_below").value == 0
    assert prop("relu", "bounded_above").verdict.value == "refuted"
    assert prop("gelu", "bounded_below").verdict.value == "proved"
