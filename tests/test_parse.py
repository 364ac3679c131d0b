"""The safe parser: exact values, parameters, every refusal with its token and column, limits."""

from __future__ import annotations

import pytest
import sympy
from sympy import E, Rational, Symbol, pi

import symact
from symact import ActivationFunction, ParameterError, ParseError, X, get
from symact.activations import parse as parse_module
from symact.activations.nodes import sigmoid, softplus
from symact.activations.parse import LIMITS, parse

#: Exact sample points: zero, breakpoints, both signs, tails.
POINTS = sorted({Rational(k, 4) for k in range(-40, 41)} | {Rational(s * 10**6) for s in (-1, 1)})


def values(f: ActivationFunction) -> list[sympy.Expr]:
    return [f(point) for point in POINTS]


# -- values against the catalog ----------------------------------------------------------------
def test_max_of_x_and_zero_equals_relu_at_every_sample_point() -> None:
    assert values(parse("max(x, 0)")) == values(get("relu"))


def test_mish_formula_is_the_catalog_mish() -> None:
    assert parse("x*tanh(softplus(x))").expr == get("mish").expr


def test_relu_difference_is_the_identity() -> None:
    assert values(parse("relu(x) - relu(-x)")) == POINTS


def test_clip_by_min_and_max_equals_hard_tanh() -> None:
    assert values(parse("min(max(x, -1), 1)")) == values(get("hard_tanh"))


def test_where_and_piecewise_equal_leaky_relu() -> None:
    leaky = values(get("leaky_relu", negative_slope=Rational(1, 10)))
    assert values(parse("where(x > 0, x, 0.1*x)")) == leaky
    assert values(parse("Piecewise((x, x > 0), (x/10, True))")) == leaky


@pytest.mark.parametrize(
    ("text", "catalog"),
    [
        ("leaky_relu(x, 0.1)", get("leaky_relu", negative_slope=Rational(1, 10))),
        ("leaky_relu(x, negative_slope=0.1)", get("leaky_relu", negative_slope=Rational(1, 10))),
        ("LeakyReLU(x)", get("LeakyReLU")),
        ("hardtanh(x, -2, 2)", get("hard_tanh", min_val=-2, max_val=2)),
        ("hard_tanh(x, max_val=3)", get("hard_tanh", max_val=3)),
        ("gelu(x, approximate=True)", get("gelu", approximate=True)),
        ("relu(x, max_value=6)", get("relu6")),
        ("ReLU(x)", get("relu")),
        ("softplus(x, beta=2)", get("softplus", beta=2)),
        ("threshold(x, 1, 0)", get("threshold", threshold=1, default_value=0)),
        ("selu(x)", get("selu")),
        ("swish(x)", get("silu")),
    ],
)
def test_catalog_calls_with_parameters_equal_the_registry(
    text: str, catalog: ActivationFunction
) -> None:
    assert parse(text).expr == catalog.expr


def test_catalog_application_substitutes_the_argument() -> None:
    assert parse("elu(2*x)").expr == get("elu")(2 * X)
    assert values(parse("relu(relu(x))")) == values(get("relu"))


def test_smooth_formula_values_equal_the_catalog_to_60_digits() -> None:
    silu, parsed = get("silu"), parse("x/(1 + exp(-x))")
    for point in POINTS[::8]:
        difference = (silu(point) - parsed(point)).rewrite(sympy.exp)
        assert abs(sympy.N(difference, 60)) < Rational(1, 10**55)


# -- numbers, names and functions ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.1", Rational(1, 10)),
        ("1e-3", Rational(1, 1000)),
        ("2.5e2", 250),
        ("2.5E+2", 250),
        (".5", Rational(1, 2)),
        ("5.", 5),
        ("1_000", 1000),
        ("0x10", 16),
        ("0.3333333333333333", Rational(3333333333333333, 10**16)),
        ("1e1000", 10**1000),
        ("2**-2", Rational(1, 4)),
        ("-3/6", Rational(-1, 2)),
        ("+2", 2),
        ("pi", pi),
        ("e", E),
        ("E", E),
    ],
)
def test_number_literals_and_constants_are_exact(text: str, expected: object) -> None:
    assert parse(text).expr == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("exp(x)", sympy.exp(X)),
        ("log(x)", sympy.log(X)),
        ("log(x, 2)", sympy.log(X) / sympy.log(2)),
        ("log1p(x)", sympy.log(1 + X)),
        ("expm1(x)", sympy.exp(X) - 1),
        ("sqrt(x)", sympy.sqrt(X)),
        ("x**0.5", sympy.sqrt(X)),
        ("abs(x)", sympy.Abs(X)),
        ("sign(x)", sympy.sign(X)),
        ("min(x, 0, 1 - x)", sympy.Min(X, 0, 1 - X)),
        ("max(x, 2*x)", sympy.Max(X, 2 * X)),
        ("tanh(x) + sinh(x) + cosh(x)", sympy.tanh(X) + sympy.sinh(X) + sympy.cosh(X)),
        ("sin(x) * cos(x) * atan(x)", sympy.sin(X) * sympy.cos(X) * sympy.atan(X)),
        ("erf(x) - erfc(x)", sympy.erf(X) - sympy.erfc(X)),
        ("sigmoid(x) + softplus(x)", sigmoid(X) + softplus(X)),
        ("Heaviside(x)", sympy.Heaviside(X)),
        ("Heaviside(x, 0)", sympy.Heaviside(X, 0)),
        ("x - -x", 2 * X),
        ("x/2/2", X / 4),
        ("2**x", 2**X),
        ("x**x**2", X ** (X**2)),
    ],
)
def test_whitelisted_functions_build_the_sympy_expression(text: str, expected: object) -> None:
    assert parse(text).expr == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("where(0 < x < 1, x, 0)", sympy.Piecewise((X, (X > 0) & (X < 1)), (0, True))),
        ("where(x <= 0 or x >= 1, 1, 0)", sympy.Piecewise((1, (X <= 0) | (X >= 1)), (0, True))),
        ("where(not x > 0, 1, 0)", sympy.Piecewise((1, X <= 0), (0, True))),
        ("where(x == 0, 1, x)", sympy.Piecewise((1, sympy.Eq(X, 0)), (X, True))),
        ("where(x != 0, x, 1)", sympy.Piecewise((X, sympy.Ne(X, 0)), (1, True))),
        ("where(True, x, 1)", X),
        ("Piecewise((0, x < -1), (1, x < 1), (2, True))", None),
    ],
)
def test_conditions_build_sympy_relations(text: str, expected: object) -> None:
    parsed = parse(text).expr
    if expected is None:
        assert [parsed.subs(X, p) for p in (-2, 0, 2)] == [0, 1, 2]
    else:
        assert parsed == expected


def test_condition_on_a_piecewise_is_unfolded_and_keeps_its_values() -> None:
    parsed = parse("where(relu(x) > 1, 1, 0)")
    assert not any(c.has(sympy.Piecewise) for _, c in parsed.expr.args)
    assert [parsed(p) for p in (-2, 0, 1, Rational(3, 2), 5)] == [0, 0, 0, 1, 1]


def test_composed_piecewise_activations_keep_their_values() -> None:
    parsed = parse("selu(selu(x))")
    selu = get("selu")
    for point in (-2, -1, 0, Rational(1, 3), 4):
        assert sympy.simplify(parsed(point) - selu(selu(point))) == 0


def test_whitespace_and_newlines_are_allowed() -> None:
    assert parse("  max(x,\n\t0)  ").expr == sympy.Max(X, 0)


# -- parameters and the returned record ----------------------------------------------------------
def test_declared_parameter_has_an_exact_default_and_binds() -> None:
    f = parse("where(x > 0, x, a*x)", params={"a": 0.01})
    assert f.params == {"a": Rational(1, 100)}
    assert f.expr == sympy.Piecewise((X, X > 0), (X / 100, True))
    assert f.bind(a=1).expr == X
    assert f.symbolic().expr == sympy.Piecewise((X, X > 0), (Symbol("a", real=True) * X, True))


def test_parameters_declared_by_name_stay_symbolic() -> None:
    f = parse("alpha*x + beta", params=["alpha", "beta"])
    alpha, beta = Symbol("alpha", real=True), Symbol("beta", real=True)
    assert f.expr == alpha * X + beta
    assert f.bind(alpha=2, beta=Rational(1, 2)).expr == 2 * X + Rational(1, 2)


def test_parameters_flow_into_catalog_calls() -> None:
    f = parse("elu(x, alpha=a)", params={"a": 2})
    assert f.expr == get("elu", alpha=2).expr
    assert f.bind(a=3).expr == get("elu", alpha=3).expr


def test_result_is_a_named_hashable_activation() -> None:
    f = parse("x*sigmoid(x)", name="my_swish")
    assert isinstance(f, ActivationFunction)
    assert (f.name, parse("x").name) == ("my_swish", "f")
    assert hash(f) == hash(parse("x*sigmoid(x)", name="my_swish"))
    assert f.derivative().expr == sympy.diff(X * sigmoid(X), X)
    assert symact.parse is parse


@pytest.mark.parametrize("bad", ["x", "pi", "e", "lambda", "_a", "1a", "α"])
def test_invalid_parameter_names_are_refused(bad: str) -> None:
    with pytest.raises(ParameterError, match="invalid parameter name"):
        parse("x", params=[bad])


def test_parameter_defaults_must_be_numbers() -> None:
    with pytest.raises(ParameterError):
        parse("a*x", params={"a": "abc"})
    with pytest.raises(ParameterError, match="needs a number"):
        parse("a*x", params={"a": True})


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((1,), "needs the formula as a str"),
        ((b"x",), "needs the formula as a str"),
        (("x", 3), "needs name as a str"),
        (("x", None, "a"), "got the string"),
        (("x", None, [1]), "parameter names must be str"),
    ],
)
def test_wrong_argument_types_raise_type_error(args: tuple, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        parse(*args)


# -- refusals: each names its token and 1-based column -------------------------------------------
REFUSALS = [
    # (text, token, column, part of the message)
    ("x +", "end of text", 4, "invalid syntax"),
    ("(x", "(", 1, "never closed"),
    ("x)", ")", 2, "unmatched"),
    ("x.real", "real", 3, "attribute access"),
    ("x.__class__.__bases__", "__bases__", 13, "attribute access"),
    ("x[0]", "[", 2, "subscripts"),
    ("__import__('os').system('ls')", "'", 12, "strings"),
    ('"x"', '"', 1, "strings"),
    ("f'{x}'", "'", 2, "strings"),
    ("b'x'", "'", 2, "strings"),
    ("__import__(x)", "__import__", 1, "names starting with '_'"),
    ("x + __builtins__", "__builtins__", 5, "names starting with '_'"),
    ("lambda: x", "lambda", 1, "lambda"),
    ("[t for t in x]", "for", 4, "comprehensions"),
    ("exp(*x)", "*", 5, "starred"),
    ("exp(x, base=2)", "base", 8, "keyword arguments"),
    ("relu(x, foo=1)", "foo", 9, "no parameter 'foo'"),
    ("relu(x, **k)", "**", 9, "'**'"),
    ("y + 1", "y", 1, "unknown name 'y'"),
    ("2*sigmod(x)", "sigmod", 3, "did you mean sigmoid"),
    ("open(x)", "open", 1, "unknown function 'open'"),
    ("eval(x)", "eval", 1, "unknown function 'eval'"),
    ("getattr(x, x)", "getattr", 1, "unknown function"),
    ("exp(x, 2)", "exp", 1, "takes 1 argument"),
    ("where(x > 0, x)", "where", 1, "takes 3 argument"),
    ("max()", "max", 1, "at least 1"),
    ("relu()", "relu", 1, "needs its argument"),
    ("relu(x, 1, 2, 3, 4)", "4", 18, "at most 3"),
    ("1j*x", "1j", 1, "complex"),
    ("True*x", "True", 1, "boolean"),
    ("None", "None", 1, "not a number"),
    ("x > 0", "x > 0", 1, "condition is not a number"),
    ("not x", "not x", 1, "condition is not a number"),
    ("where(x, 1, 0)", "x", 7, "expected a condition"),
    ("where(x in 1, 1, 0)", "in", 9, "comparison 'in'"),
    ("x // 2", "//", 3, "operator '//'"),
    ("x % 2", "%", 3, "operator '%'"),
    ("x @ x", "@", 3, "operator '@'"),
    ("~x", "~", 1, "operator '~'"),
    ("x if x > 0 else 0", "if", 3, "use where"),
    ("(y := 1)", ":=", 4, "assignment"),
    ("(x, 1)", "(x, 1)", 1, "tuples"),
    ("{x}", "{x}", 1, "sets"),
    ("[x]", "[x]", 1, "lists"),
    ("x; 1", ";", 2, "one expression"),
    ("x # hi", "#", 3, "comments"),
    ("x \\\n+ 1", "\\", 3, "backslashes"),
    ("x − 1", "−", 3, "character"),
    ("x\x00", "\x00", 2, "character"),
    ("", "", 0, "empty formula"),
    ("sqrt(-1)", "sqrt(-1)", 1, "imaginary unit"),
    ("x + log(-2)", "log(-2)", 5, "imaginary unit"),
    ("(-8)**(1/3)", "(-8)**(1/3)", 1, "root of a negative"),
    ("1/0", "/", 2, "division by zero"),
    ("x/(1-1)", "/", 2, "division by zero"),
    ("log(0)", "log(0)", 1, "undefined"),
    ("0**-1", "0**-1", 1, "division by zero"),
    ("softmax(x)", "softmax", 1, "vector activation"),
    ("threshold(x)", "threshold", 1, "needs values"),
    ("hard_tanh(x, 1, -1)", "hard_tanh", 1, "min_val"),
    ("gelu(x, approximate=1)", "1", 21, "must be one of"),
    ("leaky_relu(x, negative_slope=x)", "x", 30, "cannot depend on x"),
    ("Piecewise((x, x > 0))", "(x, x > 0)", 11, "(value, True)"),
    ("Piecewise(x)", "x", 11, "pair (value, condition)"),
    ("relu", "relu", 1, "is a function"),
    ("x(1)", "x", 1, "unknown function"),
    ("(x)(1)", "x", 2, "unknown function"),
    ("exp(x)(1)", "exp(x)", 1, "only named functions"),
]


@pytest.mark.parametrize(("text", "token", "column", "message"), REFUSALS)
def test_refusal_names_token_and_column(text: str, token: str, column: int, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse(text)
    assert (caught.value.token, caught.value.column) == (token, column)
    assert message in str(caught.value)


def test_symbols_other_than_x_and_parameters_are_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    k = Symbol("k", real=True)
    user = ActivationFunction(name="kx", expr=k * X)
    monkeypatch.setattr(parse_module, "_catalog", lambda name: user if name == "kx" else None)
    with pytest.raises(ParseError, match="depends on k") as caught:
        parse("1 + kx(x)")
    assert (caught.value.token, caught.value.column) == ("kx(x)", 5)
    assert parse("kx(x)", params=["k"]).expr == k * X
    with pytest.raises(ParseError, match="unknown name 'b'"):
        parse("a*x + b", params={"a": 1})


# -- limits ------------------------------------------------------------------------------------
def test_limits_are_the_documented_numbers() -> None:
    assert LIMITS == {
        "MAX_LENGTH": 2000,
        "MAX_DEPTH": 50,
        "MAX_NODES": 500,
        "MAX_LITERAL_DIGITS": 100,
        "MAX_EXPONENT": 1000,
        "MAX_NUMBER_BITS": 3322,
        "MAX_RADICAL_BITS": 4096,
        "MAX_TREE_SIZE": 10_000,
        "MAX_MINMAX_ARGS": 8,
    }
    for name, value in LIMITS.items():
        assert getattr(parse_module, name) == value
        assert name in (parse_module.__doc__ or "")


LIMIT_CASES = [
    # (text, limit named in the message, column)
    ("x" + " " * 1999 + "+1", "MAX_LENGTH", 2001),
    ("(" * 51 + "x" + ")" * 51, "MAX_DEPTH", 51),
    ("-" * 60 + "x", "MAX_DEPTH", 51),
    ("exp(" * 30 + "-" * 30 + "x" + ")" * 30, "MAX_DEPTH", 141),
    ("+".join(["x"] * 600), "MAX_NODES", None),
    ("1" * 101, "MAX_LITERAL_DIGITS", 1),
    ("0." + "1" * 101, "MAX_LITERAL_DIGITS", 1),
    ("1e1001", "MAX_EXPONENT", 1),
    ("9**9**9", "MAX_EXPONENT", 1),
    ("x**1001", "MAX_EXPONENT", 1),
    ("x**(1/1001)", "MAX_EXPONENT", 1),
    ("x**(10**999)", "MAX_EXPONENT", 1),
    ("(10**999)**2", "MAX_NUMBER_BITS", 1),
    ("(x*10**500)**7", "MAX_NUMBER_BITS", 1),
    ("10**999*10**999", "MAX_NUMBER_BITS", 1),
    ("(10**999 + 7)**(1/2)", "MAX_RADICAL_BITS", 1),
    ("(10**400+7)**(2/3)*(10**400+9)**(2/3)", "MAX_RADICAL_BITS", 1),
    ("mish(" * 12 + "x" + ")" * 12, "MAX_TREE_SIZE", None),
    ("selu(selu(selu(selu(x))))", "MAX_TREE_SIZE", 1),
    ("where(" + "+".join(f"relu(x-{i})" for i in range(30)) + " > 3, 1, 0)", "MAX_TREE_SIZE", 7),
    ("max(" + ",".join(f"x-{i}" for i in range(9)) + ")", "MAX_MINMAX_ARGS", 1),
    (
        "max(max(sin(x), cos(x), tanh(x), erf(x)), sinh(x), exp(x), atan(x), x**3, x**5)",
        "MAX_MINMAX_ARGS",
        1,
    ),
]


@pytest.mark.parametrize(("text", "limit", "column"), LIMIT_CASES)
def test_limits_refuse_with_the_limit_named(text: str, limit: str, column: int | None) -> None:
    with pytest.raises(ParseError, match=f"{limit} = {LIMITS[limit]}") as caught:
        parse(text)
    if column is not None:
        assert caught.value.column == column


@pytest.mark.parametrize(
    "text",
    [
        "x" + " " * 1997 + "+1",
        "(" * 50 + "x" + ")" * 50,
        "+".join(["x"] * 250),
        "1" * 100,
        "1e1000",
        "10**999",
        "x**1000",
        "(x + 1)**1000",
        "2**1000 * x",
        "sqrt(2)**1000 * x",
        "max(" + ",".join(f"x-{i}" for i in range(8)) + ")",
        "selu(selu(selu(x)))",
        "exp(" * 49 + "x" + ")" * 49,
    ],
)
def test_inputs_just_inside_the_limits_are_accepted(text: str) -> None:
    assert isinstance(parse(text), ActivationFunction)
