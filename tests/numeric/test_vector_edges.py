"""Vector activations on empty input, ±inf, NaN, one element and float32: limits per output
component, NaN where there is none, never a warning (pytest turns warnings into errors)."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest

import symact
from symact.errors import ShapeError

INF, NAN = math.inf, math.nan

# (name, input slice, expected output): limits derived by hand.  softmax(x)_i = e^{x_i}/Σe^{x_j}
# tends to 1 for a lone growing input and 0 for the others; with two growing inputs their shares
# depend on how they grow (no limit); all −inf is 0/0 along the shift-invariant direction.
CASES = [
    ("softmax", [INF, 1.0], [1.0, 0.0]),
    ("softmax", [1.0, INF, -INF], [0.0, 1.0, 0.0]),
    ("softmax", [INF, INF], [NAN, NAN]),
    ("softmax", [INF, INF, 1.0], [NAN, NAN, 0.0]),
    ("softmax", [-INF, 0.0], [0.0, 1.0]),
    ("softmax", [-INF, -INF], [NAN, NAN]),
    ("softmax", [NAN, 1.0], [NAN, NAN]),
    ("softmax", [INF], [1.0]),
    ("softmax", [-INF], [1.0]),
    ("softmax", [NAN], [NAN]),
    ("softmax", [-7.5], [1.0]),
    ("log_softmax", [INF, 1.0], [0.0, -INF]),
    ("log_softmax", [INF, INF, 1.0], [NAN, NAN, -INF]),
    ("log_softmax", [-INF, 0.0], [-INF, 0.0]),
    ("log_softmax", [-INF, -INF], [NAN, NAN]),
    ("log_softmax", [NAN, 0.0], [NAN, NAN]),
    ("log_softmax", [INF], [0.0]),
    ("log_softmax", [2.0], [0.0]),
    ("softmin", [INF, 1.0], [0.0, 1.0]),
    ("softmin", [-INF, 1.0], [1.0, 0.0]),
    ("softmin", [-INF, -INF], [NAN, NAN]),
    ("softmin", [INF, INF], [NAN, NAN]),
    ("softmin", [NAN, 1.0], [NAN, NAN]),
    ("softmin", [5.0], [1.0]),
    # sparsemax(x) = max(x - τ, 0): a lone input ahead of the rest by ≥ 1 takes all the mass
    ("sparsemax", [INF, 1.0], [1.0, 0.0]),
    ("sparsemax", [INF, INF, 0.0], [NAN, NAN, 0.0]),
    ("sparsemax", [-INF, 0.0, 0.5], [0.0, 0.25, 0.75]),
    ("sparsemax", [-INF, -INF], [NAN, NAN]),
    ("sparsemax", [NAN, 0.0], [NAN, NAN]),
    ("sparsemax", [-INF], [1.0]),
    ("sparsemax", [3.0], [1.0]),
    # glu(a, b) = a·σ(b), element-wise: σ(±inf) = 1, 0; inf·σ(−inf) has no limit
    ("glu", [INF, 0.0], [INF]),
    ("glu", [2.0, -INF], [0.0]),
    ("glu", [INF, -INF], [NAN]),
    ("glu", [-3.0, INF], [-3.0]),
    ("glu", [NAN, 1.0], [NAN]),
    ("glu", [1.0, NAN], [NAN]),
]


@pytest.mark.parametrize(("name", "values", "want"), CASES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_vector_activation_special_values_are_limits(name, values, want, dtype) -> None:
    got = symact.get(name).to_numpy()(np.array(values, dtype=dtype))
    assert got.dtype == dtype
    np.testing.assert_array_equal(got, np.array(want, dtype=dtype))


@pytest.mark.parametrize("name", ["softmax", "log_softmax", "softmin", "sparsemax", "glu"])
@pytest.mark.parametrize("shape", [(0,), (3, 0), (0, 4)])
def test_empty_input_gives_an_empty_array(name, shape) -> None:
    x = np.zeros(shape, dtype=np.float32)
    got = symact.get(name).to_numpy()(x)
    assert got.dtype == np.float32
    want_shape = shape if name != "glu" else (*shape[:-1], shape[-1] // 2)
    assert got.shape == want_shape


def test_glu_of_one_element_is_refused_clearly() -> None:
    with pytest.raises(ShapeError, match="even size"):
        symact.get("glu").to_numpy()(np.array([1.0]))


def test_special_values_along_another_axis_and_rows_apart() -> None:
    x = np.array([[INF, 1.0, 0.0], [1.0, 2.0, -INF]])
    got = symact.get("softmax").to_numpy(axis=0)(x)
    # column 0: [inf, 1] -> [1, 0]; column 1: [1, 2] finite; column 2: [0, -inf] -> [1, 0]
    e1, e2 = math.e, math.e**2
    want = np.array([[1.0, e1 / (e1 + e2), 1.0], [0.0, e2 / (e1 + e2), 0.0]])
    np.testing.assert_allclose(got, want, rtol=4 * np.finfo(np.float64).eps)
    rows = symact.get("softmax").to_numpy()(x)  # along the last axis: each row on its own
    np.testing.assert_array_equal(rows[0], [1.0, 0.0, 0.0])
    mp = [
        mpmath.exp(1) / (mpmath.exp(1) + mpmath.exp(2)),
        mpmath.exp(2) / (mpmath.exp(1) + mpmath.exp(2)),
    ]
    np.testing.assert_allclose(rows[1], [float(mp[0]), float(mp[1]), 0.0], rtol=1e-15)


@pytest.mark.parametrize("name", ["softmax", "log_softmax", "softmin"])
def test_float32_finite_values_match_mpmath(name) -> None:
    x = np.array([-3.5, 0.25, 2.0, 80.0], dtype=np.float32)
    got = symact.get(name).to_numpy()(x)
    sign = -1 if name == "softmin" else 1
    z = [mpmath.mpf(float(v)) * sign for v in x]
    with mpmath.workdps(50):
        lse = mpmath.log(mpmath.fsum(mpmath.exp(t) for t in z))
        want = [t - lse if name == "log_softmax" else mpmath.exp(t - lse) for t in z]
    assert got.dtype == np.float32
    for g, w in zip(got, want, strict=True):
        assert abs(float(g) - float(w)) <= 4 * np.spacing(np.float32(abs(float(w))))


@pytest.mark.parametrize(
    ("name", "values", "want"),
    [
        # huge finite inputs: differences overflow only where the output is 0 (or below -max)
        ("softmax", [1e308, 1e308, -5.0], [0.5, 0.5, 0.0]),
        ("sparsemax", [1e308, 1e308, -5.0], [0.5, 0.5, 0.0]),
        ("sparsemax", [1e308, -1e308], [1.0, 0.0]),
        ("sparsemax", [-1e308, -1e308, -1e308], [1 / 3, 1 / 3, 1 / 3]),
        ("log_softmax", [1e308, -1e308], [0.0, -INF]),  # -2e308 rounds to -inf
        ("softmin", [1e308, -1e308], [0.0, 1.0]),
    ],
)
def test_huge_finite_inputs_do_not_overflow_or_warn(name, values, want) -> None:
    got = symact.get(name).to_numpy()(np.array(values))
    np.testing.assert_allclose(got, want, rtol=4 * np.finfo(np.float64).eps, atol=0)
