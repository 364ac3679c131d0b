"""Parsed custom formulas get the catalog's stability; vector kernels; memory; ``symact eval``."""

from __future__ import annotations

import io
import tracemalloc

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import symact
from symact.activations.parse import parse
from symact.cli import main
from symact.numeric import lambdify

#: (typed formula, catalog activation it equals)
SAME_FUNCTION = [
    ("log(1 + exp(x))", "softplus"),
    ("x*tanh(log(1 + exp(x)))", "mish"),
    ("x/2*(1 + erf(x/sqrt(2)))", "gelu"),
    ("(x + sqrt(x**2 + 4))/2", "squareplus"),
    ("max(x, 0)", "relu"),
    ("x/(1 + exp(-x))", "silu"),
    ("-log(1 + exp(-x))", "log_sigmoid"),
]

HARD = np.array([-1e300, -745.0, -709.78, -40.0, -3.0, -1e-12, 0.0, 1e-300, 0.7, 88.7, 1e300])


@pytest.mark.parametrize(("formula", "name"), SAME_FUNCTION)
def test_typed_formula_is_as_accurate_as_the_catalog(formula: str, name: str) -> None:
    custom = parse(formula).to_numpy()(HARD)
    catalog = symact.get(name).to_numpy()(HARD)
    np.testing.assert_allclose(custom, catalog, rtol=4e-16, atol=0)


@pytest.mark.parametrize(("formula", "name"), SAME_FUNCTION)
def test_numeric_agrees_with_the_exact_expression(formula: str, name: str) -> None:
    f = parse(formula)
    points = [sympy.Rational(-7, 2), sympy.Rational(-1, 3), sympy.Rational(5, 4)]
    got = f.to_numpy()(np.array([float(p) for p in points]))
    exact = [float(f.expr.subs(f.x, p).evalf(30)) for p in points]
    np.testing.assert_allclose(got, exact, rtol=1e-15)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.lists(st.floats(-50, 50), min_size=1, max_size=6))
def test_softmax_sums_to_one_and_matches_the_exact_form(values: list[float]) -> None:
    got = symact.get("softmax").to_numpy()(np.array(values))
    assert abs(got.sum() - 1) < 1e-14
    exact = symact.get("softmax")([sympy.Rational(repr(v)) for v in values])
    np.testing.assert_allclose(got, [float(e) for e in exact], rtol=1e-13)


def test_sparsemax_is_exact_with_several_nonzero_outputs() -> None:
    z = [sympy.Rational(1, 10), sympy.Rational(2, 10), sympy.Rational(3, 10)]
    got = symact.get("sparsemax").to_numpy()(np.array([0.1, 0.2, 0.3]))
    np.testing.assert_allclose(got, [float(v) for v in symact.get("sparsemax")(z)], rtol=1e-15)


def test_vector_kernels_work_along_an_axis_and_keep_float32() -> None:
    x = np.arange(12, dtype=np.float32).reshape(3, 4)
    for name in ("softmax", "log_softmax", "softmin", "sparsemax"):
        y = symact.get(name).to_numpy(axis=0)(x)
        assert y.shape == x.shape and y.dtype == np.float32
    assert symact.get("glu").to_numpy()(x).shape == (3, 2)


def test_log_softmax_never_takes_log_of_zero() -> None:
    y = symact.get("log_softmax").to_numpy()(np.array([0.0, -1000.0]))
    assert y.tolist() == [0.0, -1000.0]


@pytest.mark.parametrize("name", ["gelu", "mish", "selu", "squareplus", "silu"])
def test_peak_memory_is_at_most_four_times_the_input(name: str) -> None:
    x = np.linspace(-30, 30, 1 << 20)
    k = symact.get(name).to_numpy()
    k(x[:10])
    tracemalloc.start()
    k(x)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak <= 4 * x.nbytes


def test_out_with_float32_is_written_in_place() -> None:
    x = np.linspace(-5, 5, 200_000, dtype=np.float32)
    out = np.empty_like(x)
    got = symact.get("gelu").to_numpy()(x, out=out)
    assert got is out
    np.testing.assert_allclose(out, symact.get("gelu").to_numpy()(x), rtol=0)


def test_unbound_parameters_are_refused_with_a_fix() -> None:
    with pytest.raises(symact.SymactError, match="bind them"):
        lambdify(symact.get("leaky_relu").symbolic().expr)


def _run(*argv: str) -> str:
    buffer = io.StringIO()
    assert main(list(argv), buffer) == 0
    return buffer.getvalue()


def test_cli_eval_prints_one_line_per_value() -> None:
    assert _run("eval", "relu", "--", "-1.5", "2") == "-1.5\t0.0\n2\t2.0\n"


def test_cli_eval_formula_float32_and_derivative() -> None:
    assert _run("eval", "log(1 + exp(x))", "800", "--dtype", "float32") == "800\t800.0\n"
    assert _run("eval", "sigmoid", "0", "--derivative") == "0\t0.25\n"


def test_cli_eval_rejects_a_non_number(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "relu", "abc"], io.StringIO()) == 1
    assert "cannot read 'abc'" in capsys.readouterr().err


def test_cli_eval_binds_parameters(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["eval", "threshold", "1", "0.2", "--param", "threshold=0.5", "--param"]
    assert _run(*argv, "default_value=-1") == "1\t1.0\n0.2\t-1.0\n"
    assert _run("eval", "--param", "negative_slope=1/10", "leaky_relu", "--", "-2") == (
        "-2\t-0.2\n"
    )
    assert main(["eval", "threshold", "1"], io.StringIO()) == 1
    err = capsys.readouterr().err
    assert "parameters without values: default_value, threshold" in err
    assert "--param default_value=VALUE" in err
    assert main(["eval", "threshold", "1", "--param", "threshold=symbolic"], io.StringIO()) == 1
    assert "needs numbers" in capsys.readouterr().err


def test_derivative_undefined_at_a_point_evaluates_there_as_nan() -> None:
    """d/dx sqrt(|x|) = sign(x)/(2·sqrt(|x|)): 0/0 at x = 0.  The error analysis' mpmath
    reference raised ZeroDivisionError there (an internal error from `symact eval`)."""
    derivative = parse("sqrt(abs(x))").derivative().to_numpy()
    got = derivative(np.array([0.0, 1.0, -4.0, 0.25]))
    assert np.isnan(got[0])
    assert got[1:] == pytest.approx([0.5, -0.25, 1.0], rel=1e-15)
