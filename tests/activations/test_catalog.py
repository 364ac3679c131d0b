"""Catalog values against independent mpmath formulas written from the papers/frameworks.

The references below are typed from the definitions (Keras 3 / PyTorch docs, the papers), not
derived from the catalog's SymPy expressions, and evaluated at 50 digits.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import pytest
import sympy
from mpmath import mp, mpf

import symact

mp.dps = 50

SELU_A = mpf("1.6732632423543772848170429916717")
SELU_L = mpf("1.0507009873554804934193349852946")


def _sig(t):
    return 1 / (1 + mpmath.exp(-t))


def _sp(t):
    return mpmath.log1p(mpmath.exp(t))


def _phi(t):
    return (1 + mpmath.erf(t / mpmath.sqrt(2))) / 2


REFERENCE = {
    "relu": lambda t: max(t, 0),
    "relu6": lambda t: min(max(t, 0), 6),
    "leaky_relu": lambda t: t if t > 0 else t / 5,
    "elu": lambda t: t if t > 0 else mpmath.expm1(t),
    "selu": lambda t: SELU_L * (t if t > 0 else SELU_A * mpmath.expm1(t)),
    "celu": lambda t: max(t, 0) + min(0, mpmath.expm1(t)),
    "gelu": lambda t: t * _phi(t),
    "sigmoid": _sig,
    "hard_sigmoid": lambda t: min(max(t + 3, 0), 6) / 6,
    "sparse_sigmoid": lambda t: 0 if t <= -1 else (1 if t >= 1 else (t + 1) / 2),
    "silu": lambda t: t * _sig(t),
    "hard_silu": lambda t: t * min(max(t + 3, 0), 6) / 6,
    "mish": lambda t: t * mpmath.tanh(_sp(t)),
    "softplus": _sp,
    "sparse_plus": lambda t: 0 if t <= -1 else (t if t >= 1 else (t + 1) ** 2 / 4),
    "squareplus": lambda t: (t + mpmath.sqrt(t * t + 4)) / 2,
    "softsign": lambda t: t / (1 + abs(t)),
    "log_sigmoid": lambda t: mpmath.log(_sig(t)),
    "tanh": mpmath.tanh,
    "tanh_shrink": lambda t: t - mpmath.tanh(t),
    "hard_tanh": lambda t: min(max(t, -1), 1),
    "hard_shrink": lambda t: t if abs(t) > mpf(1) / 2 else 0,
    "soft_shrink": lambda t: (
        t - mpf(1) / 2 if t > mpf(1) / 2 else (t + mpf(1) / 2 if t < -mpf(1) / 2 else 0)
    ),
    "exponential": mpmath.exp,
    "linear": lambda t: t,
    "prelu": lambda t: max(t, 0),
    "rrelu": lambda t: t if t >= 0 else t * (mpf(1) / 8 + mpf(1) / 3) / 2,
}

POINTS = [
    Fraction(p)
    for p in (
        "-60", "-20", "-7", "-3", "-5/2", "-1", "-1/2", "-1/3", "-1/1000", "0", "1/1000",
        "1/3", "1/2", "1", "2", "3", "6", "13/2", "20", "60",
    )
]  # fmt: skip


def _close(got: sympy.Expr, want: mpf) -> bool:
    value = mpf(sympy.N(got, 60).evalf(60).__str__()) if got != 0 else mpf(0)
    return abs(value - want) <= mpf(10) ** -40 * max(1, abs(want))


def test_reference_covers_every_elementwise_entry():
    elementwise = {n for n in symact.names() if symact.get(n).kind == "elementwise"}
    assert elementwise - {"threshold"} == set(REFERENCE)


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_catalog_values_match_independent_mpmath_reference(name):
    f = symact.get(name)
    for p in POINTS:
        got = f(sympy.Rational(p.numerator, p.denominator))
        want = REFERENCE[name](mpf(p.numerator) / p.denominator)
        assert _close(got, want), (name, p, got, want)


def test_gelu_tanh_form_matches_its_published_formula():
    f = symact.get("gelu", approximate=True)
    for p in POINTS:
        t = mpf(p.numerator) / p.denominator
        c = mpmath.sqrt(2 / mpmath.pi)
        want = t / 2 * (1 + mpmath.tanh(c * (t + mpf("0.044715") * t**3)))
        assert _close(f(sympy.Rational(p.numerator, p.denominator)), want)


def _keras_relu(x, negative_slope, max_value, threshold):
    """keras.src.activations.ReLU.static_call, transcribed with exact fractions."""
    negative_part = max(-x + threshold, 0) if negative_slope != 0 else 1
    y = x * (1 if x > threshold else 0) if threshold != 0 else max(x, 0)
    if max_value is not None:
        y = min(max(y, 0), max_value)
    if negative_slope != 0:
        y -= negative_slope * negative_part
    return y


@pytest.mark.parametrize("slope", [Fraction(0), Fraction(1, 10), Fraction(3, 2)])
@pytest.mark.parametrize("max_value", [None, Fraction(6), Fraction(1, 2)])
@pytest.mark.parametrize("threshold", [Fraction(0), Fraction(1), Fraction(-2)])
def test_generalised_relu_matches_keras_algorithm(slope, max_value, threshold):
    f = symact.get("relu", negative_slope=slope, max_value=max_value, threshold=threshold)
    for p in [*POINTS, threshold, Fraction(-2), Fraction(-3, 2)]:
        want = _keras_relu(p, slope, max_value, threshold)
        got = f(sympy.Rational(p.numerator, p.denominator))
        assert got == sympy.Rational(want.numerator, want.denominator), (p, got, want)


def test_selu_constants_are_the_32_digit_literals():
    f = symact.get("selu")
    assert f(1) == sympy.Rational("1.0507009873554804934193349852946")
    slope_at_0_left = sympy.limit(f.expr.args[1][0].diff(f.x), f.x, 0)
    assert slope_at_0_left == sympy.Rational("1.0507009873554804934193349852946") * sympy.Rational(
        "1.6732632423543772848170429916717"
    )


def test_gelu_tanh_coefficient_is_exact():
    f = symact.get("gelu", approximate="tanh")
    assert f.expr.has(sympy.Rational(8943, 200000))
    assert not f.expr.has(sympy.Float)


@pytest.mark.parametrize("name", symact.names())
def test_catalog_is_exact_no_floats(name):
    entry = symact.get(name)
    if entry.kind == "elementwise":
        assert not entry.expr.has(sympy.Float)
        assert entry.expr.free_symbols <= {entry.x} | {p.symbol for p in entry.specs}


@pytest.mark.parametrize(
    ("name", "framework", "param", "value"),
    [
        ("leaky_relu", "keras", "negative_slope", sympy.Rational(1, 5)),
        ("leaky_relu", "torch", "negative_slope", sympy.Rational(1, 100)),
        ("leaky_relu", "jax", "negative_slope", sympy.Rational(1, 100)),
        ("LeakyReLU", "keras", "negative_slope", sympy.Rational(3, 10)),
        ("LeakyReLU", "torch", "negative_slope", sympy.Rational(1, 100)),
        ("gelu", "keras", "approximate", False),
        ("gelu", "torch", "approximate", False),
        ("gelu", "jax", "approximate", True),
        ("prelu", "keras", "slope", 0),
        ("prelu", "torch", "slope", sympy.Rational(1, 4)),
        ("softplus", "torch", "threshold", 20),
        ("softplus", "keras", "threshold", None),
    ],
)
def test_framework_defaults(name, framework, param, value):
    assert symact.get(name, framework=framework).params[param] == value


def test_torch_softplus_is_linear_above_threshold_over_beta():
    f = symact.get("softplus", framework="torch", beta=2)
    assert f(11) == 11
    assert (
        f(10) == sympy.log(1 + sympy.exp(20)) / 2
        or sympy.simplify(f(10).rewrite(sympy.exp) - sympy.log(1 + sympy.exp(20)) / 2) == 0
    )


def test_rrelu_eval_slope_is_11_over_48():
    assert symact.get("rrelu")(-48) == -11


def test_hard_sigmoid_is_keras3_form_not_keras2():
    f = symact.get("hard_sigmoid")
    assert f(1) == sympy.Rational(2, 3)  # relu6(4)/6; Keras 2's clip(0.2x+0.5) gives 0.7


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("LeakyReLU", "leaky_relu"),
        ("hardtanh", "hard_tanh"),
        ("logsigmoid", "log_sigmoid"),
        ("hardswish", "hard_silu"),
        ("hard_swish", "hard_silu"),
        ("hardsigmoid", "hard_sigmoid"),
        ("softshrink", "soft_shrink"),
        ("hardshrink", "hard_shrink"),
        ("tanhshrink", "tanh_shrink"),
        ("SiLU", "silu"),
        ("swish", "silu"),
        ("soft_sign", "softsign"),
        ("RELU", "relu"),
        ("Identity", "linear"),
        ("LogSoftmax", "log_softmax"),
    ],
)
def test_aliases_resolve_case_insensitively(alias, canonical):
    assert symact.get(alias).name == canonical


def test_get_none_is_linear_and_unknown_suggests():
    assert symact.get(None).expr == symact.X
    with pytest.raises(symact.UnknownActivationError, match="did you mean relu") as info:
        symact.get("relux")
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("celu", {"alpha": 0}),
        ("hard_shrink", {"threshold": -1}),
        ("soft_shrink", {"lambd": -0.5}),
        ("hard_tanh", {"min_val": 1, "max_val": -1}),
        ("hard_tanh", {"min_val": 2}),
        ("softplus", {"beta": 0}),
        ("squareplus", {"b": -1}),
        ("rrelu", {"lower": 0.5, "upper": 0.25}),
        ("gelu", {"approximate": "fast"}),
        ("elu", {"alpha": float("nan")}),
        ("elu", {"gamma": 1}),
        ("elu", {"alpha": "one"}),
    ],
)
def test_bind_rejects_invalid_parameters_with_clear_errors(name, params):
    with pytest.raises(symact.ParameterError) as info:
        symact.get(name, **params)
    assert name.split("_")[0] in str(info.value) or next(iter(params)) in str(info.value)


def test_bind_reads_floats_as_typed_decimals_and_accepts_symbols():
    f = symact.get("leaky_relu", negative_slope=0.1)
    assert f.params["negative_slope"] == sympy.Rational(1, 10)
    s = symact.get("leaky_relu").symbolic()
    assert s.expr == sympy.Piecewise(
        (s.x, s.x > 0), (sympy.Symbol("negative_slope", real=True) * s.x, True)
    )
    assert s.bind(negative_slope=1).expr == s.x


def test_torch_parameter_names_are_aliases():
    assert symact.get("hardshrink", lambd=1).params["threshold"] == 1
    assert symact.get("threshold", threshold=1, value=-3)(0) == -3


@pytest.mark.parametrize(
    ("name", "point", "slope"),
    [
        ("relu", 0, 0),
        ("leaky_relu", 0, sympy.Rational(1, 5)),
        ("relu6", 0, 0),
        ("relu6", 6, 0),
        ("hard_tanh", 1, 0),
        ("hard_tanh", -1, 0),
        ("hard_sigmoid", 3, 0),
        ("hard_silu", -3, sympy.Rational(-1, 2)),
        ("hard_silu", 3, sympy.Rational(3, 2)),
        ("elu", 0, 1),
        ("softsign", 0, 1),
    ],
)
def test_derivative_kink_values_follow_pytorch(name, point, slope):
    assert symact.get(name).derivative()(point) == slope


def test_smooth_derivatives_are_exact():
    x = symact.X
    assert symact.get("sigmoid").derivative()(0) == sympy.Rational(1, 4)
    assert symact.get("softplus").derivative()(0) == sympy.Rational(1, 2)
    gelu_d = symact.get("gelu").derivative()
    assert (
        sympy.simplify(
            gelu_d.expr
            - (sympy.erf(x / sympy.sqrt(2)) + 1) / 2
            - x * sympy.exp(-(x**2) / 2) / sympy.sqrt(2 * sympy.pi)
        )
        == 0
    )


def test_sparsemax_is_right_where_keras_was_wrong():
    out = symact.get("sparsemax")([0.1, 0.2, 0.3])
    assert list(out) == [sympy.Rational(7, 30), sympy.Rational(1, 3), sympy.Rational(13, 30)]
    assert list(symact.get("sparsemax")([3, 0, 0])) == [1, 0, 0]
    assert list(symact.get("sparsemax")([1, sympy.Rational(1, 2), 0])) == [
        sympy.Rational(3, 4),
        sympy.Rational(1, 4),
        0,
    ]


def test_sparsemax_symbolic_form_agrees_with_exact_algorithm():
    zs, out = symact.get("sparsemax").components(3)
    for values in (
        [0, 0, 0],
        [1, 2, 3],
        [sympy.Rational(1, 10), sympy.Rational(1, 5), 0],
        [5, -1, 4],
    ):
        got = list(out.subs(dict(zip(zs, values, strict=True))))
        assert got == list(symact.get("sparsemax")(values))
        assert sum(got) == 1


def test_vector_activations_exact_values():
    assert list(symact.get("softmax")([0, sympy.log(3)])) == [
        sympy.Rational(1, 4),
        sympy.Rational(3, 4),
    ]
    assert list(symact.get("softmin")([0, sympy.log(3)])) == [
        sympy.Rational(3, 4),
        sympy.Rational(1, 4),
    ]
    assert list(symact.get("glu")([2, 0])) == [1]
    ls = symact.get("log_softmax")([0, 0])
    assert list(ls) == [-sympy.log(2), -sympy.log(2)]
    with pytest.raises(symact.SymactError, match="even"):
        symact.get("glu")([1, 2, 3])


def test_register_refuses_silent_overwrite():
    f = symact.ActivationFunction(name="relu", expr=symact.X)
    with pytest.raises(symact.RegistryError, match="overwrite=True"):
        symact.register(f)


def test_to_latex_uses_cases_and_operatorname():
    tex = symact.get("hard_sigmoid").to_latex()
    assert tex.startswith(r"\operatorname{hard\_sigmoid}(x) =")
    assert r"\begin{cases}" in tex and "otherwise" not in tex
    assert symact.get("relu")._repr_latex_().startswith("$$")


def test_symbolic_application_and_composition():
    relu, x = symact.get("relu"), symact.X
    assert relu(-x).subs(x, 2) == 0
    comp = relu.compose(symact.get("linear"))
    assert comp.parts[0].name == "relu" and comp(3) == 3
    with pytest.raises(TypeError):
        relu("x")


def test_docs_catalog_is_generated_from_registry():
    from pathlib import Path

    from symact.export.catalog import catalog_markdown

    path = Path(__file__).resolve().parents[2] / "docs" / "catalog.md"
    assert path.read_text(encoding="utf-8") == catalog_markdown(), (
        "docs/catalog.md drifted: run `python -m symact.export.catalog > docs/catalog.md`"
    )


def test_activation_records_are_frozen_and_hashable():
    f = symact.get("leaky_relu")
    assert hash(f) == hash(symact.get("leaky_relu"))
    assert f == symact.get("leaky_relu") and f != symact.get("leaky_relu", negative_slope=1)
    with pytest.raises(AttributeError):
        f.name = "other"  # type: ignore[misc]
