"""Typed formulas at the edges of the float range: no floating-point warning, and the result
is finite exactly where the true value is (an mpmath reference at 400 digits)."""

from __future__ import annotations

from typing import Any

import mpmath
import numpy as np
import pytest
import sympy

from symact.activations.function import X
from symact.activations.nodes import NODES
from symact.activations.parse import parse

FORMULAS = [
    "x**2",
    "x**3",
    "x**3 - x**2",
    "x**4 - 3*x + 1",
    "2*x**5 + x",
    "(x - 1)**2",
    "x**2/2 + x",
    "exp(x)*x",
    "exp(-x)*x**2",
    "x**2*exp(-x**2)",
    "exp(x)*x**2 - x**3",
    "exp(-x**2)*x**3",
    "x/(1 + x**2)",
    "(x**2 + 1)/(x**2 + 2)",
    "x**3/(1 + x**2)",
    "1/(1 + x**2)",
    "x/(1 + abs(x))",
    "where(x > 1, x**2, x)",
    "where(x > 0, x**3, exp(x) - 1)",
    "where(x < 0, x**2, x**4)",
    "where(x > 0, exp(x), 1 + x)",
    "where(x > 2, x**3/(1 + x), where(x < -2, -x**2, x))",
    "tanh(x**3)",
    "log(1 + x**2)",
    "sqrt(x**2 + 1)",
    "x*tanh(x**2)",
    "atan(x**3)",
    "log(1 + exp(x**2))",
    "exp(x)/(1 + x**2)",
    "x*exp(x)/(1 + exp(x))",
]

EDGES = [0.0, 5e-324, 1e-45, 1e-300, 1.0, 88.7, 709.78, 745.0, 3e38, 1e300, 1.7976931348623157e308]
GRID = np.array([s * v for v in EDGES for s in (1.0, -1.0)] + [np.inf, -np.inf, np.nan])


def _reference(expr: sympy.Expr) -> Any:
    """sigmoid/softplus nodes written with exp (``rewrite(sympy.exp)`` on the whole
    expression would also turn ``x**2`` into ``exp(2·log(x))``, complex for x < 0)."""
    return sympy.lambdify([X], expr.rewrite(*NODES, sympy.exp), modules="mpmath")


def _true_finite(ref: Any, v: float, dtype: type) -> bool | None:
    """Whether the true value at ``v`` is a finite ``dtype`` number (None: undefined)."""
    with mpmath.workdps(400):
        y = ref(mpmath.mpf(v))
        if not isinstance(y, mpmath.mpf) or mpmath.isnan(y):
            return None
        big = mpmath.mpf(float(np.finfo(dtype).max)) * (1 + mpmath.mpf(2) ** -60)
        return bool(abs(y) <= big)


@pytest.mark.parametrize("formula", FORMULAS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_no_warning_and_finite_where_the_true_value_is(formula: str, dtype: type) -> None:
    f = parse(formula)
    with np.errstate(over="ignore"):
        grid = GRID.astype(dtype)
    got = f.to_numpy()(grid)  # filterwarnings = error: any RuntimeWarning fails here
    assert got.dtype == dtype
    ref = _reference(f.expr)
    for v, y in zip(grid, got, strict=True):
        if np.isnan(v):
            assert np.isnan(y), formula
            continue
        if np.isinf(v):
            assert not np.isnan(y), (formula, v)
            continue
        finite = _true_finite(ref, float(v), dtype)
        assert finite is not None, (formula, v)
        assert bool(np.isfinite(y)) == finite, (formula, v, y)


@pytest.mark.parametrize(
    "formula",
    ["sqrt(x**2 + 1) - abs(x)", "2*sqrt(x**2 + 4) - 2*abs(x)", "sqrt(4*x**2 + 1) - 2*abs(x)"],
)
def test_root_minus_abs_does_not_cancel(formula: str) -> None:
    f = parse(formula)
    xs = np.array([-1e150, -745.0, -3.0, 0.0, 0.5, 745.0, 1e10, 1e150])
    got = f.to_numpy()(xs)
    ref = sympy.lambdify([X], f.expr, modules="mpmath")
    with mpmath.workdps(800):
        for v, y in zip(xs, got, strict=True):
            want = ref(mpmath.mpf(float(v)))
            assert abs(mpmath.mpf(float(y)) - want) <= 4 * 2.0**-52 * abs(want), (formula, v, y)
