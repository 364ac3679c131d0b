"""f(±inf) is the limit of f, and NaN where f has none (oscillating sin/cos terms)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy
from sympy import atan, cos, exp, log, sin

import symact
from symact.activations.function import X

NAN = math.nan
INF = math.inf

# (expression, value at -inf, value at +inf): hand-derived limits, NaN where none exists.
CASES = [
    (sin(X), NAN, NAN),  # oscillates in [-1, 1]
    (cos(X), NAN, NAN),  # bounded by 1: never -inf
    (X * sin(X), NAN, NAN),  # oscillates with growing amplitude
    (sympy.tanh(X) * cos(X), NAN, NAN),
    (exp(-X) * sin(X), NAN, 0.0),  # |f| <= e^{-x} -> 0 at +inf; unbounded oscillation at -inf
    (X + sin(X), -INF, INF),  # |f - x| <= 1
    (X * (2 + sin(X)), -INF, INF),  # |f| >= |x|, sign of x
    (log(1 + abs(X)) * (2 + sin(X)), INF, INF),  # f >= log(1 + |x|)
    (sin(atan(X)), -1.0, 1.0),  # atan -> ±pi/2, sin(±pi/2) = ±1
    (sin(X) / (1 + abs(X)), 0.0, 0.0),  # |f| <= 1/(1 + |x|)
    (cos(X) ** 2 + sin(X) ** 2, 1.0, 1.0),  # identically 1
]


@pytest.mark.parametrize(("expr", "lo", "hi"), CASES, ids=[str(c[0]) for c in CASES])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_value_at_infinity_is_the_limit_or_nan(expr, lo, hi, dtype) -> None:
    f = symact.lambdify(expr)
    got = f(np.array([-np.inf, np.inf, np.nan, 0.5], dtype=dtype))
    assert got.dtype == dtype
    np.testing.assert_array_equal(got[:3], np.array([lo, hi, NAN], dtype=dtype))
    want = float(sympy.N(expr.subs(X, sympy.Rational(1, 2)), 30))
    assert got[3] == pytest.approx(want, rel=4 * float(np.finfo(dtype).eps))


def test_scalar_infinity_of_an_oscillating_function_is_nan() -> None:
    f = symact.lambdify(sin(X))
    assert math.isnan(f(math.inf))
    assert math.isnan(f(-math.inf))


def test_cli_eval_prints_nan_for_cos_at_infinity(capsys) -> None:
    from symact.cli import main

    assert main(["eval", "cos(x)", "inf", "--", "-inf"]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.strip().splitlines()]
    assert [value for _, value in rows] == ["nan", "nan"]


def test_non_oscillating_limits_are_unchanged() -> None:
    # sigmoid: 0 and 1; softplus: 0 and inf (exact limits of the catalog functions)
    sig = symact.get("sigmoid").to_numpy()
    np.testing.assert_array_equal(sig(np.array([-np.inf, np.inf])), [0.0, 1.0])
    sp = symact.get("softplus").to_numpy()
    np.testing.assert_array_equal(sp(np.array([-np.inf, np.inf])), [0.0, np.inf])
