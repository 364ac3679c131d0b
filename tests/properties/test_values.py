"""Property values against independent facts: hand-derived limits, ranges and Lipschitz
constants, the frameworks' documented constants, and mpmath at 50 digits."""

from __future__ import annotations

import mpmath
import pytest
import sympy
from sympy import Interval, Rational, oo, sqrt

import symact
from symact.prover.results import Relation


def prop(name: str, which: str, **params: object):
    f = symact.parse(name) if "x" in name else symact.get(name, **params)
    return symact.properties(f, only=[which])[which]


@pytest.mark.parametrize(
    ("name", "neg", "pos"),
    [
        ("sigmoid", 0, 1),  # the reference text: negative inputs near 0, positive near 1
        ("tanh", -1, 1),
        ("relu", 0, oo),
        ("softsign", -1, 1),
        ("elu", -1, oo),
        ("log_sigmoid", -oo, 0),
        ("hard_sigmoid", 0, 1),
        ("gelu", 0, oo),
        ("mish", 0, oo),
    ],
)
def test_limits_at_both_infinities_are_the_hand_derived_ones(name, neg, pos):
    assert prop(name, "limit_neg_inf").value == neg
    assert prop(name, "limit_pos_inf").value == pos


def test_selu_tends_to_minus_lambda_alpha_exactly():
    # the 32-digit literals all three frameworks use (SPEC section 3)
    alpha = Rational("1.6732632423543772848170429916717")
    scale = Rational("1.0507009873554804934193349852946")
    assert prop("selu", "limit_neg_inf").value == -scale * alpha


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("sigmoid", Interval.open(0, 1)),
        ("tanh", Interval.open(-1, 1)),
        ("relu", Interval(0, oo)),  # 0 is attained, unbounded above
        ("hard_sigmoid", Interval(0, 1)),  # clip(x/6 + 1/2, 0, 1) attains both ends
        ("relu6", Interval(0, 6)),
        ("softplus", Interval.open(0, oo)),
        ("elu", Interval.open(-1, oo)),
        ("hard_silu", Interval(Rational(-3, 8), oo)),  # x(x+3)/6 is smallest at x = -3/2
        ("sparse_plus", Interval(0, oo)),
        ("linear", Interval(-oo, oo)),
    ],
)
def test_range_has_the_right_open_and_closed_ends(name, expected):
    assert prop(name, "range").value == expected


def test_hard_shrink_range_is_the_union_around_the_gap():
    value = prop("hard_shrink", "range").value
    half = Rational(1, 2)
    assert value == sympy.Union(Interval.open(-oo, -half), {0}, Interval.open(half, oo))


def _phi(x):
    return mpmath.exp(-(x**2) / 2) / mpmath.sqrt(2 * mpmath.pi)


def _Phi(x):
    return mpmath.ncdf(x)


REFERENCES = {
    # f and f' written from the definitions, independently of symact
    "gelu": (lambda x: x * _Phi(x), lambda x: _Phi(x) + x * _phi(x), -0.75),
    "silu": (
        lambda x: x / (1 + mpmath.exp(-x)),
        lambda x: (1 + mpmath.exp(-x) + x * mpmath.exp(-x)) / (1 + mpmath.exp(-x)) ** 2,
        -1.3,
    ),
    "mish": (
        lambda x: x * mpmath.tanh(mpmath.log1p(mpmath.exp(x))),
        lambda x: mpmath.diff(lambda t: t * mpmath.tanh(mpmath.log1p(mpmath.exp(t))), x),
        -1.2,
    ),
}


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_minimum_of_dipping_activations_matches_mpmath_at_50_digits(name):
    f, fprime, start = REFERENCES[name]
    with mpmath.workdps(50):
        where = mpmath.findroot(fprime, start)
        minimum = f(where)
    result = prop(name, "range")
    assert result.verdict.value == "proved"
    assert result.value.right_open and not result.value.left_open and result.value.end is oo
    m = result.value.start
    with mpmath.workdps(50):
        assert abs(mpmath.mpf(str(m)) - minimum) < mpmath.mpf(10) ** -18  # >= 15 digits asked
        reference = sympy.Float(mpmath.nstr(minimum, 45), 45)
    # the certified enclosure in the steps contains the true minimum
    enclosures = [
        s.rhs for s in result.steps if s.relation is Relation.IN and str(s.lhs) == "f(x0)"
    ]
    assert any(e.start <= reference <= e.end for e in enclosures)


def test_gelu_minimum_is_near_the_issue_values():
    value = prop("gelu", "range").value
    assert abs(float(value.start) + 0.16997) < 1e-5
    steps = prop("gelu", "range").steps
    assert any("-0.75179" in s.justification for s in steps)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("relu", 1),
        ("sigmoid", Rational(1, 4)),  # sigma' = sigma(1 - sigma) <= 1/4, at 0
        ("tanh", 1),  # 1 - tanh^2 <= 1, at 0
        ("hard_sigmoid", Rational(1, 6)),  # Keras 3: relu6(x + 3)/6
        ("leaky_relu", 1),
        ("elu", 1),
        ("softplus", 1),
        ("hard_silu", Rational(3, 2)),  # (2x + 3)/6 at x = 3
    ],
)
def test_lipschitz_constant_is_exact(name, expected):
    result = prop(name, "lipschitz")
    assert result.verdict.value == "proved"
    assert sympy.simplify(result.value - expected) == 0


def test_gelu_lipschitz_constant_is_phi_plus_x_phi_at_sqrt2():
    # f''(x) = phi(x)(2 - x^2): f' is largest at sqrt(2)
    value = prop("gelu", "lipschitz").value
    with mpmath.workdps(50):
        expected = _Phi(mpmath.sqrt(2)) + mpmath.sqrt(2) * _phi(mpmath.sqrt(2))
        assert abs(mpmath.mpf(str(sympy.N(value, 50))) - expected) < mpmath.mpf(10) ** -40
    assert sympy.simplify(value - (1 + sympy.erf(1)) / 2 - sympy.exp(-1) / sqrt(sympy.pi)) == 0


@pytest.mark.parametrize("formula", ["x**2", "exp(x)"])
def test_no_lipschitz_constant_for_unbounded_derivatives(formula):
    assert prop(formula, "lipschitz").verdict.value == "refuted"


def test_hard_shrink_jumps_so_it_has_no_lipschitz_constant():
    result = prop("hard_shrink", "lipschitz")
    assert result.verdict.value == "refuted" and result.witness == {"x": Rational(-1, 2)}
