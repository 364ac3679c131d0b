"""A branch of ``where`` is never computed where it is not selected (checked on the raw
kernel, with every floating-point exception raised)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

from symact.activations.parse import parse
from symact.numeric.lower import Context, lower

X = sympy.Symbol("x", real=True)

#: (formula, x values, expected values) — branches singular on or beyond their boundary
GUARDED = [
    ("where(x > 0, log(x), 0)", [-1.0, 0.0, 2.0], [0.0, 0.0, np.log(2.0)]),
    ("where(x >= 0, sqrt(x), -1)", [-1.0, -0.0, 0.0, 4.0], [-1.0, 0.0, 0.0, 2.0]),
    ("where(x < 0, log(-x), 7)", [-np.e, 0.0, 3.0], [1.0, 7.0, 7.0]),
    (
        "where(x > 1, log(x - 1), where(x < -1, log(-1 - x), 0))",
        [-2.0, -1.0, 0.0, 1.0, 2.0],
        [0.0, 0.0, 0.0, 0.0, 0.0],
    ),
    ("where(x < 0, log(-x), where(x > 0, log(x), 5))", [-1.0, 0.0, np.e], [0.0, 5.0, 1.0]),
    (
        "where(x > 0, log(x), 0) + where(x < 3, log(3 - x), 0)",
        [0.0, 1.0, 3.0],
        [np.log(3.0), np.log(2.0), np.log(3.0)],
    ),
]


@pytest.mark.parametrize(("formula", "xs", "want"), GUARDED)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_a_branch_never_sees_an_input_it_does_not_own(
    formula: str, xs: list[float], want: list[float], dtype: type
) -> None:
    expr = parse(formula).expr
    kernel = lower(expr, Context(np.dtype(dtype), X))
    v = np.array(xs, dtype=dtype)
    with np.errstate(all="raise"):
        got = kernel(v)
    np.testing.assert_allclose(
        np.broadcast_to(got, v.shape),
        np.array(want, dtype=dtype),
        rtol=4 * np.finfo(dtype).eps,
        atol=0,
    )


@pytest.mark.parametrize("formula", [f for f, _, _ in GUARDED])
def test_to_numpy_of_a_guarded_branch_warns_nowhere(formula: str) -> None:
    f = parse(formula).to_numpy()
    grid = np.array([-np.inf, -1e300, -1.0, -0.0, 0.0, 5e-324, 1.0, 3.0, 1e300, np.inf])
    got = f(grid)  # filterwarnings = error: any RuntimeWarning fails the test
    assert got.shape == grid.shape
    assert not np.isnan(got).any()
