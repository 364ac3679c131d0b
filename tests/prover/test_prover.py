"""The prover on the whole catalog, the tricky cases of issue 3, families and compositions."""

from __future__ import annotations

import json

import pytest
import sympy
from cases import CATALOG, Case
from sympy import (
    Abs,
    Heaviside,
    Max,
    Min,
    Piecewise,
    Rational,
    cos,
    exp,
    log,
    sign,
    sin,
    sinh,
    sstr,
)

import symact
from symact import ActivationFunction, Verdict
from symact import X as x
from symact.errors import UnsupportedExpressionError
from symact.prover import Law, check
from symact.prover.laws import SCALAR, A, B
from symact.prover.search import exact_sides, recertify


def relu(u: sympy.Expr) -> sympy.Expr:
    return Piecewise((u, u > 0), (0, True))


def fn(expr: sympy.Expr, name: str = "f") -> ActivationFunction:
    return ActivationFunction(name=name, expr=sympy.sympify(expr))


LAWS = (Law.ADDITIVITY, Law.HOMOGENEITY)


def _assert_certified(f: ActivationFunction, result: symact.Refutation) -> None:
    """A refutation re-certifies from the activation, the law and the witness alone."""
    assert result.witness is not None
    cert = recertify(f, result.law, result.witness)
    assert cert is not None and cert.excludes_zero and cert.check()
    assert result.certificate is not None and result.certificate.check()
    lhs, rhs = exact_sides(f, result.law, result.witness)
    assert cert.sign == result.certificate.sign
    assert lhs != rhs


def test_table_covers_every_elementwise_catalog_activation() -> None:
    elementwise = {n for n in symact.names() if symact.get(n).kind == "elementwise"}
    assert {c.name for c in CATALOG} == elementwise


@pytest.mark.parametrize("row", CATALOG, ids=lambda c: c.name)
def test_catalog_verdicts_witnesses_and_certificates(row: Case) -> None:
    f = row.activation()
    report = symact.check_linearity(f, budget=None)
    assert report.verdict == row.linearity
    for result, verdict, witness, family in (
        (report.additivity, row.additivity, row.additivity_witness, row.additivity_family),
        (report.homogeneity, row.homogeneity, row.homogeneity_witness, row.homogeneity_family),
    ):
        assert result.verdict.value == verdict
        if verdict == "refuted":
            assert {k: sstr(v) for k, v in result.witness.items()} == witness
            _assert_certified(f, result)
        if family is not None:
            assert sstr(result.family) == family
        if result.family is not None:
            assert result.family.subs(_symbols(result)) is sympy.true


def _symbols(result: symact.Refutation) -> dict[sympy.Symbol, sympy.Expr]:
    names = dict(zip(result.law.variables, result.law.symbols, strict=True))
    return {names[k]: v for k, v in result.witness.items()}


def test_relu_homogeneity_fails_for_x_minus_one_and_every_negative_a() -> None:
    r = symact.check_homogeneity(symact.get("relu"))
    assert r.witness == {"x": -1, "a": -1}
    assert r.family == sympy.And(sympy.Eq(SCALAR, -1), A < 0)
    assert r.region == sympy.And(SCALAR < 0, A < 0)
    assert "x = -1 and a < 0" in r.to_text()


def test_relu_additivity_fails_exactly_on_opposite_signs() -> None:
    r = symact.check_additivity(symact.get("relu"))
    assert r.witness == {"a": 1, "b": -1}
    assert r.family == sympy.And(A > 0, B < 0)
    mirror = [s.case for s in r.steps if s.justification == "the law is symmetric in a and b"]
    assert mirror == [sympy.And(A < 0, B > 0)]


def test_sigmoid_witness_is_zero_and_cites_affine_not_linear() -> None:
    r = symact.check_additivity(symact.get("sigmoid"))
    assert r.witness == {"a": 0, "b": 0}
    assert r.certificate.kind == "exact"
    assert any(s.fact == "affine-not-linear" for s in r.steps)


LINEAR = {
    "odd_relu": relu(x) - relu(-x),
    "min_plus_max": Min(x, 0) + Max(x, 0),
    "heaviside_halves": x * Heaviside(x) + x * Heaviside(-x),
    "same_pieces": Piecewise((2 * x, x > 0), (2 * x, True)),
    "sign_squared": x * sign(x) ** 2,
    "log_exp": log(exp(x)),
    "pythagoras": x * (sin(x) ** 2 + cos(x) ** 2),
    "sinh_exp": 2 * sinh(x) - exp(x) + exp(-x),
    "abs_difference": Abs(x) * sign(x),
}


@pytest.mark.parametrize("name", LINEAR)
def test_linear_in_disguise_is_proved(name: str) -> None:
    report = symact.check_linearity(fn(LINEAR[name], name), budget=None)
    assert report.verdict == "linear"
    assert all(r.verdict is Verdict.PROVED for r in report.results)


NONLINEAR = {
    "tiny_offset": (x + exp(-1000), "ball"),
    "tiny_cube": (x + x**3 / 10**30, "exact"),
    "hard_shrink": (Piecewise((x, Abs(x) > Rational(1, 2)), (0, True)), "exact"),
    "step": (Heaviside(x), "exact"),
    "jump": (Piecewise((x, x < 1), (x + 1, True)), "exact"),
    "one_point": (x + Piecewise((1, sympy.Eq(x, Rational(7, 3))), (0, True)), "exact"),
    "nested_abs": (Abs(Abs(x) - 1) - Abs(x - 1), "exact"),
}


@pytest.mark.parametrize("name", NONLINEAR)
def test_nonlinear_is_refuted_with_a_valid_certificate(name: str) -> None:
    expr, kind = NONLINEAR[name]
    f = fn(expr, name)
    for law in LAWS:
        r = check(f, law, budget=None)
        assert r.verdict is Verdict.REFUTED
        _assert_certified(f, r)
    assert check(f, Law.ADDITIVITY, budget=None).certificate.kind == kind


def test_hard_shrink_is_missed_by_three_points_but_not_by_the_prover() -> None:
    f = symact.get("hard_shrink")
    for a, b in ((0, 0), (1, -1), (1, 1)):
        assert f(a + b) == f(a) + f(b)
    r = symact.check_additivity(f)
    assert r.witness == {"a": 1, "b": Rational(1, 2)}


def test_point_discontinuity_is_found_from_the_pieces_without_a_search() -> None:
    # f(0) = 0 and f(2a) = 2 f(a) fails first at a = 7/6: f(7/3) = 7/3 + 1, 2 f(7/6) = 7/3
    r = symact.check_additivity(fn(x + Piecewise((1, sympy.Eq(x, Rational(7, 3))), (0, True))))
    assert r.method == "pieces"
    assert r.witness == {"a": Rational(7, 6), "b": Rational(7, 6)}
    assert r.defect == 1


def test_positive_homogeneity_and_affinity() -> None:
    verdicts = {
        "relu": ("proved", "refuted"),
        "leaky_relu": ("proved", "refuted"),
        "elu": ("refuted", "refuted"),
        "sigmoid": ("refuted", "refuted"),
        "linear": ("proved", "proved"),
    }
    for name, (positive, affine) in verdicts.items():
        f = symact.get(name)
        assert symact.check_positive_homogeneity(f).verdict.value == positive
        assert symact.check_affinity(f).verdict.value == affine
    assert symact.check_affinity(fn(2 * x + 3)).verdict is Verdict.PROVED
    assert symact.check_affinity(fn(x + exp(-1000))).verdict is Verdict.PROVED
    assert symact.check_positive_homogeneity(fn(Abs(x))).verdict is Verdict.PROVED


def test_composition_of_linear_parts_is_proved_by_closure() -> None:
    odd = fn(relu(x) - relu(-x), "odd_relu")
    composed = symact.get("linear").compose(odd)
    for law in LAWS:
        r = check(composed, law)
        assert r.verdict is Verdict.PROVED
        assert r.method == "composition"
        assert any(s.fact == "closure" for s in r.steps)
    refuted = symact.get("relu").compose(symact.get("linear"))
    assert symact.check_linearity(refuted).verdict == "nonlinear"


def test_leaky_relu_with_symbolic_slope_is_additive_iff_slope_is_one() -> None:
    f = symact.get("leaky_relu").symbolic("negative_slope")
    s = sympy.Symbol("negative_slope", real=True)
    for law in LAWS:
        r = check(f, law)
        assert r.verdict is Verdict.REFUTED
        assert r.condition == sympy.Eq(s, 1)
        assert r.nonzero_when == sympy.Ne(s, 1)
        assert sympy.expand(r.defect**2 - (s - 1) ** 2) == 0
        assert r.certificate is not None and r.certificate.check()
    assert check(f, Law.ADDITIVITY).witness == {"a": 1, "b": -1}


def test_elu_with_symbolic_alpha_is_never_additive() -> None:
    r = symact.check_additivity(symact.get("elu").symbolic())
    assert r.verdict is Verdict.REFUTED
    assert r.condition is sympy.false
    assert r.extra_witnesses  # covers the one alpha where the first witness's defect vanishes


def test_parameter_linear_for_every_value_is_proved_with_condition_true() -> None:
    s = sympy.Symbol("s", real=True)
    r = symact.check_additivity(fn(s * x))
    assert r.verdict is Verdict.PROVED and r.condition is sympy.true


def test_budget_returns_undecided_instead_of_hanging() -> None:
    slow = fn(x * (sin(x) ** 2 + cos(x) ** 2) ** 80, "slow")
    r = symact.check_additivity(slow, budget=0.5)
    assert r.verdict is Verdict.UNDECIDED
    assert "budget" in r.reason


@pytest.mark.parametrize("budget", [0, -1.0])
def test_budget_must_be_positive(budget: float) -> None:
    with pytest.raises(symact.ParameterError, match="budget"):
        symact.check_additivity(symact.get("relu"), budget=budget)


def test_vector_activations_are_refused_with_a_clear_error() -> None:
    with pytest.raises(UnsupportedExpressionError, match="vector activation"):
        symact.check_linearity(symact.get("softmax"))


def test_unknown_law_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown law"):
        check(symact.get("relu"), "convexity")


def test_json_form_is_stable_and_exact() -> None:
    data = symact.check_linearity(symact.get("relu")).to_dict()
    text = json.dumps(data)
    assert json.loads(text) == data
    add = data["additivity"]
    assert add["schema"] == "symact.prover/1"
    assert add["witness"] == {"a": "1", "b": "-1"}
    assert add["family"]["text"] == "(a > 0) & (b < 0)"
    assert add["certificate"]["kind"] == "exact"
    assert data["verdict"] == "nonlinear"
    assert all({"lhs", "relation", "rhs", "case", "fact"} <= set(s) for s in add["steps"])


def test_text_of_a_proof_cites_the_facts_it_uses() -> None:
    text = symact.check_additivity(symact.get("linear")).to_text()
    assert text.startswith("Proof: linear -- additivity (proved)")
    assert "fact [linear-additive]" in text and "fact [homogeneity-1d]" in text


def test_symbolic_roots_outside_the_parameter_conditions_do_not_make_the_law_hold() -> None:
    lower = sympy.Symbol("lower", real=True)
    r = symact.check_additivity(symact.get("rrelu").symbolic("lower"))
    assert r.verdict is Verdict.REFUTED
    assert r.nonzero_when == sympy.Ne(lower, Rational(5, 3))  # slope (lower + 1/3)/2 = 1 ...
    assert r.condition is sympy.false  # ... but lower <= upper = 1/3 excludes it


def test_rational_defect_in_the_parameter() -> None:
    r = symact.check_homogeneity(symact.get("softplus").symbolic("beta"))
    assert r.verdict is Verdict.REFUTED and r.condition is sympy.false
    assert r.witness == {"x": 0, "a": 0}


def test_undefined_or_complex_values_are_skipped_not_certified() -> None:
    assert symact.check_additivity(fn(log(x))).witness == {"a": 1, "b": 1}
    assert symact.check_homogeneity(fn(sympy.sqrt(x))).witness == {"x": 2, "a": 1}
    with pytest.raises(symact.SymactError, match="gamma"):
        fn(sympy.gamma(x))  # the constructor refuses what the parser could never build


def test_closure_is_used_only_when_the_expression_is_the_composition() -> None:
    linear = symact.get("linear")
    fake = ActivationFunction(name="fake", expr=relu(x), parts=(linear, linear))
    r = symact.check_additivity(fake)
    assert r.verdict is Verdict.REFUTED and r.method != "composition"


MOVING = [
    ("hard_shrink", {}, "threshold", sympy.Eq(sympy.Symbol("threshold", real=True), 0)),
    ("soft_shrink", {}, "threshold", sympy.Eq(sympy.Symbol("threshold", real=True), 0)),
    ("relu", {}, "max_value", sympy.Eq(sympy.Symbol("max_value", real=True), 0)),
    ("hard_tanh", {}, "max_val", sympy.false),
    ("threshold", {"default_value": 0}, "threshold", sympy.false),
]


@pytest.mark.parametrize(("name", "bind", "param", "expected"), MOVING, ids=lambda v: str(v))
def test_parameter_in_the_breakpoints_gives_the_exact_condition(name, bind, param, expected):
    f = symact.get(name, **bind).symbolic(param)
    for law in LAWS:
        r = check(f, law, budget=None)
        assert r.verdict is Verdict.REFUTED
        assert r.condition == expected
        assert r.certificate is not None and r.certificate.check()
    s = sympy.Symbol(param, real=True)
    for value in (Rational(1, 2), 2, 3):  # the condition agrees with binding the parameter
        bound = check(symact.get(name, **bind).bind(**{param: value}), Law.ADDITIVITY)
        holds = r.condition.subs(s, value) is sympy.true
        assert bound.verdict is (Verdict.PROVED if holds else Verdict.REFUTED)


def test_leaky_relu_is_positively_homogeneous_for_every_slope() -> None:
    r = symact.check_positive_homogeneity(symact.get("leaky_relu").symbolic())
    assert r.verdict is Verdict.PROVED and r.condition is sympy.true


def test_threshold_with_both_parameters_symbolic_is_never_linear() -> None:
    f = symact.get("threshold")  # both arguments required, left symbolic
    theta, d = (sympy.Symbol(n, real=True) for n in ("threshold", "default_value"))
    report = symact.check_linearity(f, budget=None)
    assert report.verdict == "nonlinear" and report.condition is sympy.false
    assert report.additivity.certificate.check()
    positive = symact.check_positive_homogeneity(f, budget=None)
    assert positive.condition == sympy.And(sympy.Eq(theta, 0), sympy.Eq(d, 0))  # relu
