"""The safe parser: exact values, parameters, every refusal with its token and column, limits."""

from __future__ import annotations

import ast
import builtins
import contextlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sympy import E, Rational, Symbol, pi

import symact
from symact import ActivationFunction, ParameterError, ParseError, X, get
from symact.activations import parse as parse_module
from symact.activations.nodes import sigmoid, softplus
from symact.activations.parse import LIMITS, parse
from symact.activations.parse import calls as parse_calls

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
        ("log(1 + x**2)", sympy.log(X**2 + 1)),
        ("log(1 + exp(x), 2)", sympy.log(sympy.exp(X) + 1) / sympy.log(2)),
        ("log1p(x**2)", sympy.log(1 + X**2)),
        ("expm1(x)", sympy.exp(X) - 1),
        ("sqrt(x**2 + 4)", sympy.sqrt(X**2 + 4)),
        ("abs(x)**0.5", sympy.sqrt(sympy.Abs(X))),
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
        ("(-2)**2 + (-1)**3", 3),
        ("(1 + x**2)**x**2", (1 + X**2) ** (X**2)),
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


def conditions(expr: sympy.Basic) -> list[sympy.Basic]:
    return [c for pw in expr.atoms(sympy.Piecewise) for _, c in pw.args]


def test_condition_on_a_piecewise_becomes_cases_and_keeps_its_values() -> None:
    parsed = parse("where(relu(x) > 1, 1, 0)")
    assert not any(c.has(sympy.Piecewise) for c in conditions(parsed.expr))
    assert [parsed(p) for p in (-2, 0, 1, Rational(3, 2), 5)] == [0, 0, 0, 1, 1]
    both = parse("Piecewise((2, relu(x) > 1 and x < 4), (3, relu(-x) >= 1), (5, True))")
    assert not any(c.has(sympy.Piecewise) for c in conditions(both.expr))
    assert [both(p) for p in (-2, -1, 0, 1, 2, 4)] == [3, 3, 5, 5, 2, 5]


def test_composed_piecewise_activations_keep_their_values() -> None:
    parsed, selu = parse("selu(selu(x))"), get("selu")
    assert not any(c.has(sympy.Piecewise) for c in conditions(parsed.expr))
    for point in (-2, -1, 0, Rational(1, 3), 4):
        assert sympy.simplify(parsed(point) - selu(selu(point))) == 0
    shrink, inner = parse("soft_shrink(2*hard_tanh(x) + 1)"), get("hard_tanh")
    assert [shrink(p) for p in POINTS] == [get("soft_shrink")(2 * inner(p) + 1) for p in POINTS]


HALF = Rational(1, 2)


@pytest.mark.parametrize(
    ("text", "reference", "slope_at_3"),
    [
        ("max(relu(x - 1), relu(-x - 1), 1/2)", lambda t: max(t - 1, -t - 1, HALF, 0), 1),
        (
            "min(hard_tanh(x), relu(x), x/4)",
            lambda t: min(max(min(t, 1), -1), max(t, 0), t / 4),
            HALF / 2,
        ),
    ],
)
def test_min_max_of_piecewise_terms_become_cases_with_the_same_values(
    text: str, reference: Callable[[Rational], object], slope_at_3: Rational
) -> None:
    parsed = parse(text)
    assert not parsed.expr.has(sympy.Max, sympy.Min)
    assert not any(c.has(sympy.Piecewise) for c in conditions(parsed.expr))
    assert [parsed(p) for p in POINTS] == [reference(p) for p in POINTS]
    assert parsed.derivative().expr.subs(X, 3) == slope_at_3


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
    for bad in (True, None, sympy.I, Symbol("b")):
        with pytest.raises(ParameterError, match="needs a real number"):
            parse("a*x", params={"a": bad})
    assert parse("a*x", params={"a": pi}).expr == pi * X


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
    ("__import__('os').system('ls')", "system", 18, "attribute access"),
    ("__import__('os')", "__import__", 1, "names starting with '_'"),
    ("x + 'os'", "'os'", 5, "strings"),
    ('"x"', '"x"', 1, "strings"),
    ("f'{x}'", "f'{x}'", 1, "strings"),
    ("b'x'", "b'x'", 1, "strings"),
    ("'\\d'", "\\", 2, "backslashes"),
    ("__import__(x)", "__import__", 1, "names starting with '_'"),
    ("x + __builtins__", "__builtins__", 5, "names starting with '_'"),
    ("lambda: x", "lambda", 1, "lambda"),
    ("[t for t in x]", "for", 4, "comprehensions"),
    ("exp(*x)", "*", 5, "starred"),
    ("exp(x, base=2)", "base", 8, "keyword arguments"),
    ("relu(x, foo=1)", "foo", 9, "no parameter 'foo'"),
    ("relu(x, **k)", "**", 9, "'**'"),
    ("y + 1", "y", 1, "unknown name 'y'"),
    ("  \n  y + 1", "y", 6, "unknown name 'y'"),
    ("x +\n  y.real", "real", 9, "attribute access"),
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
    ("sqrt(-1)", "sqrt(-1)", 1, "sqrt(u) needs u >= 0"),
    ("x + log(-2)", "log(-2)", 5, "log(u) needs u > 0"),
    ("(-8)**(1/3)", "(-8)**(1/3)", 1, "non-integer power"),
    ("x + (-2)**x", "(-2)**x", 5, "non-integer power"),
    ("(1 - pi)**(x**2)", "(1 - pi)**(x**2)", 1, "non-integer power"),
    ("1/0", "/", 2, "division by zero"),
    ("x/(1-1)", "/", 2, "division by zero"),
    ("log(0)", "log(0)", 1, "log(u) needs u > 0"),
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
    monkeypatch.setattr(parse_calls, "catalog", lambda name: user if name == "kx" else None)
    with pytest.raises(ParseError, match="depends on k") as caught:
        parse("1 + kx(x)")
    assert (caught.value.token, caught.value.column) == ("kx(x)", 5)
    assert parse("kx(x)", params=["k"]).expr == k * X
    with pytest.raises(ParseError, match="unknown name 'b'"):
        parse("a*x + b", params={"a": 1})


# -- real domain: every sub-expression defined for every real x --------------------------------
DOMAIN_REFUSALS = [
    # (text, declared parameters, token, column, parts of the message)
    ("sqrt(x)**2", None, "sqrt(x)", 1, ["sqrt(u) needs u >= 0", "u = x", "abs(...)"]),
    ("exp(log(x))", None, "log(x)", 5, ["log(u) needs u > 0", "u = x", "softplus(x)"]),
    ("x/x", None, "/", 2, ["division by u needs u != 0", "u = x", "x/(1 + abs(x))"]),
    ("x**(1/3)", None, "x**(1/3)", 1, ["non-integer power 1/3", "u >= 0", "abs(x)**(1/3)"]),
    ("log(x)", None, "log(x)", 1, ["log(u) needs u > 0", "log(1 + exp(x))"]),
    ("1 + 1/x", None, "/", 6, ["division by u needs u != 0", "u = x"]),
    ("x**-1", None, "x**-1", 1, ["u**-1 needs u != 0", "u = x"]),
    ("(x**2)**-2", None, "(x**2)**-2", 1, ["u**-2 needs u != 0", "u = x**2"]),
    ("log1p(x)", None, "log1p(x)", 1, ["u = 1 + v needs u > 0", "u = x + 1", "softplus(x)"]),
    ("log(x, 2)", None, "log(x, 2)", 1, ["log(u) needs u > 0"]),
    ("log(2, x)", None, "log(2, x)", 1, ["base u of log(..., u) needs u > 0"]),
    ("log(1 + x**2, 1)", None, "log(1 + x**2, 1)", 1, ["needs b != 1", "is not != 0"]),
    ("log(x - 1 + exp(x))", None, "log(x - 1 + exp(x))", 1, ["log(u) needs u > 0"]),
    ("abs(x)**x", None, "abs(x)**x", 1, ["not known to be an integer", "u > 0", "Abs(x)"]),
    ("abs(x)**-0.5", None, "abs(x)**-0.5", 1, ["non-integer power -1/2", "u > 0"]),
    ("(-2)**0.5", None, "(-2)**0.5", 1, ["u = -2 is not >= 0"]),
    ("sqrt(x - 1)", None, "sqrt(x - 1)", 1, ["u = x - 1"]),
    ("1/hard_tanh(x)", None, "/", 2, ["division by u", "typed 'hard_tanh(x)'"]),
    ("1/(1 + leaky_relu(x))", None, "/", 2, ["division by u"]),
    ("1/(1 + selu(x))", None, "/", 2, ["division by u"]),
    ("where(x >= 0, log(x), 0)", None, "log(x)", 15, ["for every x in Interval(0, oo)"]),
    ("where(x > 0, x, log(x))", None, "log(x)", 17, ["x in Interval(-oo, 0)"]),
    ("Piecewise((sqrt(x), x >= -1), (0, True))", None, "sqrt(x)", 12, ["x in Interval(-1, oo)"]),
    ("where(relu(x) > 0, log(x), 0)", None, "log(x)", 20, ["for every real x"]),
    ("where(x > a, log(x), 0)", ["a"], "log(x)", 14, ["for every real x"]),
    ("where(x*x > 1, log(x), 0)", None, "log(x)", 16, ["for every real x"]),
    ("log(1 + a*x**2)", ["a"], "log(1 + a*x**2)", 1, ["a may be negative or 0"]),
    ("log(1 + a*x**2)", {"a": 1}, "log(1 + a*x**2)", 1, ["whatever their default"]),
    ("(x + sqrt(x**2 + b))/2", {"b": 4}, "sqrt(x**2 + b)", 6, ["squareplus(x, b=b)"]),
    ("x/a", {"a": 2}, "/", 2, ["a may be negative or 0", "multiply by a parameter"]),
    ("x**a", {"a": 2}, "x**a", 1, ["not known to be an integer", "u = x"]),
    ("sqrt(c)*x", {"c": 2}, "sqrt(c)", 1, ["c may be negative"]),
    ("log(1 + atan(x))", None, "log(1 + atan(x))", 1, ["u = atan(x) + 1"]),
    ("log(tanh(x))", None, "log(tanh(x))", 1, ["u = tanh(x)"]),
    ("1/(2 + hard_tanh(x) + hard_tanh(2*x))", None, "/", 2, ["division by u"]),
    ("sqrt(tanh(x) + 1 - 1)", None, "sqrt(tanh(x) + 1 - 1)", 1, ["u = tanh(x)"]),
]


@pytest.mark.parametrize(("text", "params", "token", "column", "parts"), DOMAIN_REFUSALS)
def test_formulas_undefined_somewhere_on_the_reals_are_refused(
    text: str, params: object, token: str, column: int, parts: list[str]
) -> None:
    with pytest.raises(ParseError) as caught:
        parse(text, params=params)  # type: ignore[arg-type]
    assert (caught.value.token, caught.value.column) == (token, column)
    for part in parts:
        assert part in str(caught.value)
    assert "complex or undefined for some x" in str(caught.value)


def test_checks_see_the_typed_node_not_the_simplified_result() -> None:
    # SymPy would simplify each of these to a function defined everywhere
    assert sympy.sqrt(X) ** 2 == X and sympy.exp(sympy.log(X)) == X and X / X == 1
    for text in ("sqrt(x)**2", "exp(log(x))", "x/x", "(x**(1/3))**3", "x**2/x"):
        with pytest.raises(ParseError, match="for every real x"):
            parse(text)


DEFINED_EVERYWHERE = [
    # (text, declared parameters, expected expression or None)
    ("log(1 + exp(x))", None, sympy.log(1 + sympy.exp(X))),
    ("sqrt(x**2 + 4)", None, sympy.sqrt(X**2 + 4)),
    ("x/(1 + abs(x))", None, X / (1 + sympy.Abs(X))),
    ("x/(1 + exp(-x))", None, X / (1 + sympy.exp(-X))),
    ("(x + sqrt(x**2 + 4))/2", None, get("squareplus").expr),
    ("squareplus(x, b=b)", {"b": 4}, None),
    ("softplus(x) + log_sigmoid(x) + squareplus(x)", None, None),
    ("log(exp(x))", None, X),
    ("log(1 + x**2, 10)", None, sympy.log(1 + X**2) / sympy.log(10)),
    ("log(sigmoid(x))", None, sympy.log(sigmoid(X))),
    ("log(cosh(x))", None, sympy.log(sympy.cosh(X))),
    ("log1p(exp(x))", None, sympy.log(1 + sympy.exp(X))),
    ("log1p(abs(x))", None, sympy.log(1 + sympy.Abs(X))),
    ("log1p(tanh(x)**2)", None, sympy.log(1 + sympy.tanh(X) ** 2)),
    ("sqrt(abs(x))", None, sympy.sqrt(sympy.Abs(X))),
    ("sign(x)*abs(x)**(1/3)", None, sympy.sign(X) * sympy.Abs(X) ** Rational(1, 3)),
    ("abs(x)**1.5", None, sympy.Abs(X) ** Rational(3, 2)),
    ("(1 + x**2)**a", {"a": Rational(1, 2)}, sympy.sqrt(1 + X**2)),
    ("2**x + e**x", None, 2**X + sympy.exp(X)),
    ("x**2 * (1 + x**2)**-1", None, X**2 / (1 + X**2)),
    ("x/2/2 + x**3 + (-2)**3", None, X / 4 + X**3 - 8),
    ("a*x/(1 + a**2*x**2)", {"a": 1}, X / (1 + X**2)),
    ("sqrt(relu(x))", None, None),
    ("sqrt(hard_sigmoid(x)) + sqrt(relu6(x))", None, None),
    ("1/(1 + relu(x)) + log(2 + hard_tanh(x))", None, None),
    ("sqrt(where(x >= 1, x - 1, 0))", None, None),
    ("log(1 + max(x, 0))", None, sympy.log(1 + sympy.Max(0, X))),
    ("x*tanh(softplus(x))", None, get("mish").expr),
    ("1/(1 - tanh(x)) + 1/(2 - erf(x))", None, 1 / (1 - sympy.tanh(X)) + 1 / (2 - sympy.erf(X))),
    ("log(1 + erf(x/sqrt(2)))", None, sympy.log(1 + sympy.erf(X / sympy.sqrt(2)))),
    ("log(erfc(x)) + log(1 - sigmoid(x))", None, None),
    ("1/(x**2 + tanh(x) + 1)", None, 1 / (X**2 + sympy.tanh(X) + 1)),
    ("1/(1 + relu(x)*tanh(x))", None, None),
    ("where(x > 0, log(x), 0)", None, sympy.Piecewise((sympy.log(X), X > 0), (0, True))),
    ("where(x != 0, x/x, 2)", None, sympy.Piecewise((1, sympy.Ne(X, 0)), (2, True))),
    ("where(x < 0, 0, x**(1/3))", None, sympy.Piecewise((0, X < 0), (X ** Rational(1, 3), True))),
    ("Piecewise((log(x), x > 1), (sqrt(x), x >= 0), (0, True))", None, None),
    ("where(x > 0 and x < 2, log(x) + log(2 - x), 0)", None, None),
    ("where(2*x - 1 > 0, log(2*x - 1), 0)", None, None),
    ("where(x > 0, where(x < 1, log(x), sqrt(x - 1)), 0)", None, None),
    ("relu(where(x > 0, log(x), 0)) + exp(where(x > 0, log(x), 0))", None, None),
]


@pytest.mark.parametrize(("text", "params", "expected"), DEFINED_EVERYWHERE)
def test_formulas_defined_on_the_reals_keep_working(
    text: str, params: object, expected: object
) -> None:
    f = parse(text, params=params)  # type: ignore[arg-type]
    if expected is not None:
        assert f.expr == expected
    for point in POINTS[::4]:
        assert_real_and_finite(f(point))


_FRESH_PROCESS_CHECK = """
import builtins, sys
from symact import ParseError, parse
parse("relu(x)")
texts, calls, real_exec = sys.argv[1:], [], builtins.exec
def spy(*args, **kwargs):
    calls.append(args[0])
    return real_exec(*args, **kwargs)
builtins.exec = spy
for text in texts:
    try:
        parse(text)
    except ParseError:
        pass
print(len(calls))
"""


def test_domain_checks_execute_nothing_even_in_a_fresh_process() -> None:
    # SymPy's set, inequality and polynomial code imports modules and compiles helpers with
    # exec on first use; the domain checks must not reach those paths
    texts = [text for text, *_ in DEFINED_EVERYWHERE + DOMAIN_REFUSALS]
    done = subprocess.run(
        [sys.executable, "-c", _FRESH_PROCESS_CHECK, *texts],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert done.stdout.strip() == "0"


def assert_real_and_finite(value: sympy.Expr) -> None:
    """``value`` (a constant) is real and finite: no I, zoo or nan, exactly and at 30 digits."""
    assert not value.has(sympy.I, sympy.zoo, sympy.nan, sympy.oo, -sympy.oo), value
    for digits in (30, 150, 600):
        try:
            number = sympy.N(value, digits)
        except ZeroDivisionError:  # evalf lost every digit, e.g. of log(tanh(exp(4))) at 30
            continue
        assert number.is_Number and number.is_finite, (value, number)
        return


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
    ("exp(10**999)", "MAX_NUMBER_BITS", 1),
    ("x + abs(sin(exp(exp(exp(5)))))", "MAX_NUMBER_BITS", 13),
    ("where(exp(3000) > 1, x, 0)", "MAX_NUMBER_BITS", 7),
    ("exp(1000)**1000", "MAX_NUMBER_BITS", 1),
    ("(10**999 + 7)**(1/2)", "MAX_RADICAL_BITS", 1),
    ("(10**400+7)**(2/3)*(10**400+9)**(2/3)", "MAX_RADICAL_BITS", 1),
    ("mish(" * 12 + "x" + ")" * 12, "MAX_TREE_SIZE", None),
    ("selu(" * 6 + "x" + ")" * 6, "MAX_TREE_SIZE", 1),
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
        "selu(selu(selu(selu(selu(x)))))",
        "sin(exp(2000)) * exp(10**999 * x)",
        "exp(" * 49 + "x" + ")" * 49,
    ],
)
def test_inputs_just_inside_the_limits_are_accepted(text: str) -> None:
    assert isinstance(parse(text), ActivationFunction)


# -- security: nothing but ParseError escapes, nothing executes ----------------------------------
_DANGEROUS_MODULES = {
    "subprocess",
    "shutil",
    "socket",
    "ctypes",
    "pty",
    "webbrowser",
    "this",
}


@contextlib.contextmanager
def tripwires() -> Iterator[list[str]]:
    """Record any call that would mean user text is being executed, for the block's duration.

    ``compile`` stays allowed with ``PyCF_ONLY_AST`` (that is :func:`ast.parse`, which builds a
    tree and runs nothing); every other use of eval/exec/compile, shell access, ``open`` and
    imports of process-, file- or network-related modules are recorded.
    """
    calls: list[str] = []
    real_compile, real_import = builtins.compile, builtins.__import__

    def guarded_compile(source: object, *args: object, **kwargs: object) -> object:
        flags = kwargs.get("flags", args[2] if len(args) > 2 else 0)
        if not int(flags) & ast.PyCF_ONLY_AST:  # type: ignore[call-overload]
            calls.append(f"compile({source!r:.40})")
        return real_compile(source, *args, **kwargs)  # type: ignore[call-overload]

    def guarded_import(name: str, *args: object, **kwargs: object) -> object:
        if name.partition(".")[0] in _DANGEROUS_MODULES:
            calls.append(f"import {name}")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    real_sympify = sympy.sympify

    def guarded_sympify(value: object, *args: object, **kwargs: object) -> object:
        if isinstance(value, str):
            calls.append(f"sympify({value!r:.40})")
        return real_sympify(value, *args, **kwargs)  # type: ignore[arg-type]

    def record(label: str) -> Callable[..., None]:
        def called(*args: object, **kwargs: object) -> None:
            calls.append(label)
            msg = f"{label} called while parsing"
            raise AssertionError(msg)

        return called

    patches = [
        (builtins, "compile", guarded_compile),
        (builtins, "__import__", guarded_import),
        (builtins, "eval", record("eval")),
        (builtins, "exec", record("exec")),
        (builtins, "open", record("open")),
        (os, "system", record("os.system")),
        (os, "popen", record("os.popen")),
        (subprocess, "Popen", record("subprocess.Popen")),
        (sympy, "sympify", guarded_sympify),
        (sympy, "parse_expr", record("sympy.parse_expr")),
    ]
    saved = [(owner, attr, getattr(owner, attr)) for owner, attr, _ in patches]
    for owner, attr, replacement in patches:
        setattr(owner, attr, replacement)
    try:
        yield calls
    finally:
        for owner, attr, original in saved:
            setattr(owner, attr, original)


def assert_parses_safely(text: str) -> None:
    """``parse(text)`` returns an activation in x or raises ParseError, and executes nothing."""
    with tripwires() as calls:
        try:
            result = parse(text)
        except ParseError as exc:
            result = None
            assert str(exc) and 0 <= exc.column <= len(text) + 1
    assert calls == []
    if result is not None:
        assert isinstance(result, ActivationFunction)
        assert result.expr.free_symbols <= {X}


SENTINEL = Path(tempfile.gettempdir()) / "symact-parse-sentinel"

EXPLOITS = [
    f"__import__('os').system('touch {SENTINEL}')",
    f"open('{SENTINEL}', 'w').write('x')",
    "().__class__.__bases__[0].__subclasses__()",
    "x.__class__.__mro__[-1].__subclasses__()",
    "[c for c in ().__class__.__base__.__subclasses__()]",
    "getattr(__builtins__, 'eval')('1')",
    "eval(x)",
    "exec(x)",
    "compile(x, x, x)",
    "globals()",
    "__builtins__",
    "(lambda f: f(f))(lambda f: f(f))",
    "__import__(x).system(x)",
    "breakpoint()",
    "input()",
    "9**9**9**9",
    "x" * 100_000,
    "(" * 100_000,
    "[" * 100_000 + "]" * 100_000,
    "-" * 100_000 + "x",
    "not " * 10_000 + "x",
    "1" * 100_000,
    "1e" + "9" * 1000,
    "10**10**10",
    "Piecewise(" + ", ".join(["(x, x > 0)"] * 120) + ", (0, True))",
    "where(" * 40 + "x > 0, x, 0" + ")" * 40,
    "mish(" * 45 + "x" + ")" * 45,
    "max(" + ", ".join(f"relu(x - {i})" for i in range(60)) + ")",
    "\x00x",
    "x\u2028+1",
    "\ufeffx",
]


@pytest.mark.parametrize("text", EXPLOITS)
def test_known_exploits_are_refused_without_executing_anything(text: str) -> None:
    SENTINEL.unlink(missing_ok=True)
    assert_parses_safely(text)
    with pytest.raises(ParseError):
        parse(text)
    assert not SENTINEL.exists()


_FUZZ = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_ALPHABET = "x0123456789eE.+-*/()<>=!, _abcdfijlmnoprstuwyz[]{}:'\"@%&|^~#;\\\n\t\x00π−"


@_FUZZ
@given(st.text(alphabet=_ALPHABET, max_size=80) | st.text(max_size=40))
def test_random_text_raises_only_parse_error(text: str) -> None:
    assert_parses_safely(text)


_NAMES = [
    *("x", "a", "pi", "e", "E", "y", "True", "False", "None", "..."),
    *("relu", "softmax", "mish", "selu", "gelu", "leaky_relu", "threshold", "hard_tanh"),
    *("exp", "log", "log1p", "sqrt", "abs", "sign", "max", "min", "Heaviside", "tanh", "sigmoid"),
    *("where", "Piecewise", "__import__", "open", "eval", "exec", "compile", "getattr"),
    *("globals", "vars", "os", "sys", "__builtins__", "__class__", "type", "object"),
]
_LITERALS = [
    *("0", "1", "2", "0.1", "1e-3", "2.5e2", "1e308", "1e999", "9" * 120, "1j", "0x1f"),
    *("'os'", '"rm -rf /"', "b'x'", "f'{x}'", "2**1000", "10**999", "1_000"),
]
_BINARY = [
    *("+", "-", "*", "/", "**", "//", "%", "@", "|", "&", "^", "<<"),
    *("<", "<=", ">", ">=", "==", "!=", "and", "or", "is", "in", "not in"),
]
_KEYWORDS = ["negative_slope", "alpha", "approximate", "max_value", "base", "foo", "x"]


def _call(parts: tuple[str, list[str], list[tuple[str, str]]]) -> str:
    func, args, keywords = parts
    return f"{func}({', '.join([*args, *(f'{k}={v}' for k, v in keywords)])})"


def _formula(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Formula-like Python expressions over ``inner``."""
    pair, triple = st.tuples(inner, inner), st.tuples(inner, inner, inner)
    return st.one_of(
        st.tuples(inner, st.sampled_from(_BINARY[:5] + _BINARY[12:18]), inner).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        st.tuples(st.sampled_from(_FUNCTIONS), st.lists(inner, min_size=1, max_size=3)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"
        ),
        triple.map(lambda t: f"where({t[0]}, {t[1]}, {t[2]})"),
        st.lists(pair, min_size=1, max_size=3).map(
            lambda ps: "Piecewise(" + ", ".join(f"({v}, {c})" for v, c in ps) + ", (0, True))"
        ),
        inner.map(lambda c: f"(-{c})"),
    )


def _extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Python expressions over ``inner``: formula-like shapes often, hostile shapes too."""
    pair, triple = st.tuples(inner, inner), st.tuples(inner, inner, inner)
    hostile = st.one_of(
        st.tuples(inner, st.sampled_from(_BINARY), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(st.sampled_from(["+", "not ", "~"]), inner).map(lambda t: f"({''.join(t)})"),
        st.tuples(
            st.sampled_from(_NAMES) | inner,
            st.lists(inner, max_size=4),
            st.lists(st.tuples(st.sampled_from(_KEYWORDS), inner), max_size=2),
        ).map(_call),
        st.tuples(inner, st.sampled_from(["system", "__class__", "__subclasses__", "real"])).map(
            ".".join
        ),
        pair.map(lambda t: f"{t[0]}[{t[1]}]"),
        inner.map(lambda c: f"(lambda: {c})"),
        pair.map(lambda t: f"[{t[0]} for x in {t[1]}]"),
        triple.map(lambda t: f"({t[0]} if {t[1]} else {t[2]})"),
        inner.map(lambda c: f"f(*{c})"),
        pair.map(lambda t: f"({t[0]}, {t[1]})"),
    )
    return _formula(inner) | _formula(inner) | hostile


_FUNCTIONS = [
    *("exp", "log", "log1p", "expm1", "sqrt", "abs", "sign", "min", "max", "tanh", "sigmoid"),
    *("softplus", "erf", "atan", "Heaviside", "relu", "selu", "gelu", "mish", "leaky_relu"),
    *("hard_tanh", "elu", "softsign", "hard_sigmoid", "threshold", "softmax"),
    *("sin", "cos", "sinh", "cosh", "erfc"),
]
_PYTHON = st.recursive(
    st.one_of(
        st.just("x"),
        st.sampled_from(_LITERALS[:6]),
        st.sampled_from(_NAMES),
        st.sampled_from(_LITERALS),
        st.integers(-(10**6), 10**6).map(str),
    ),
    _extend,
    max_leaves=20,
)
_FORMULAS = st.recursive(
    st.sampled_from(["x", "x", "0", "1", "-2", "0.5", "1e-3", "pi", "e", "a", "10**999"]),
    _formula,
    max_leaves=12,
)


@_FUZZ
@given(_PYTHON)
def test_random_python_source_raises_only_parse_error(text: str) -> None:
    assert_parses_safely(text)


@_FUZZ
@given(_FORMULAS)
def test_random_formulas_raise_only_parse_error(text: str) -> None:
    assert_parses_safely(text)


# -- property: accepted formulas are real and finite at every real point -------------------------
_TOTAL = ["abs", "tanh", "atan", "erf", "sigmoid", "softplus", "sin", "relu", "softsign", "elu"]
_TOTAL += ["hard_tanh", "log_sigmoid", "squareplus", "hard_sigmoid", "leaky_relu", "cosh", "erfc"]
_PARTIAL = ["log", "sqrt", "log1p"]
_LINEAR_CONDITIONS = ["x > 0", "x >= 1", "x < -1", "x != 0", "2*x - 1 <= 0", "x > 0 and x < 2"]
_EXPONENTS = ["2", "3", "-1", "-2", "0.5", "(1/3)", "-0.5", "(2/3)", "x", "(-x)"]


def _domain_formula(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Formulas mixing functions defined on all of ℝ with partial ones (log, sqrt, /, **)."""
    return st.one_of(
        st.tuples(st.sampled_from(_TOTAL + _PARTIAL * 3), inner).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "/"]), inner).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        st.tuples(inner, st.sampled_from(_EXPONENTS)).map(lambda t: f"({t[0]})**{t[1]}"),
        st.tuples(inner, inner, inner).map(lambda t: f"where({t[0]} > 0, {t[1]}, {t[2]})"),
        st.tuples(st.sampled_from(_LINEAR_CONDITIONS), inner, inner).map(
            lambda t: f"where({t[0]}, {t[1]}, {t[2]})"
        ),
        st.tuples(inner, inner).map(lambda t: f"log({t[0]}, {t[1]})"),
    )


_DOMAIN_FORMULAS = st.recursive(
    st.sampled_from(["x", "x", "1", "2", "-1", "0.5", "pi", "x**2 + 1", "abs(x)", "exp(x)"]),
    _domain_formula,
    max_leaves=6,
)
_SMALL_RATIONALS = st.builds(Rational, st.integers(-12, 12), st.integers(4, 8))  # in [-3, 3]


@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(_DOMAIN_FORMULAS, st.lists(_SMALL_RATIONALS, min_size=3, max_size=3))
def test_accepted_formulas_are_real_and_finite_at_random_rationals(
    text: str, points: list[Rational]
) -> None:
    try:
        f = parse(text)
    except ParseError:
        return
    for point in points:
        assert_real_and_finite(f(point))


# -- the function whitelist as records ---------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("exp(x, 2)", "exp() takes 1 argument(s), got 2"),
        ("log(x, 2, 3)", "log() takes 1 to 2 argument(s), got 3"),
        ("Heaviside()", "Heaviside() takes 1 to 2 argument(s), got 0"),
        ("max()", "max() takes at least 1 argument(s), got 0"),
        ("Piecewise()", "Piecewise() takes at least 1 argument(s), got 0"),
        ("sqrt(x, 2)", "sqrt() takes 1 argument(s), got 2"),
        ("where(x > 0, x, 0, 1) + 1", "where() takes 3 argument(s), got 4"),
        ("where(Eq(x), 1, 0)", "Eq() takes 2 argument(s), got 1"),
    ],
)
def test_arity_errors_name_the_function_at_its_column(text: str, message: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse(text)
    fname = message.split("(")[0]
    assert str(caught.value) == f"{message} (at column {text.index(fname) + 1}: {fname!r})"


def test_function_signatures_are_frozen_records() -> None:
    log = parse_calls.FUNCTIONS["log"]
    assert (log.min_args, log.max_args) == (1, 2)
    assert log.build(X, 2) == sympy.log(X) / sympy.log(2)
    assert all(isinstance(s, parse_calls.Signature) for s in parse_calls.FUNCTIONS.values())
    with pytest.raises(AttributeError):
        log.min_args = 0  # type: ignore[misc]
