"""Dtype, shape, scalar, out= and special-value behaviour of the numeric bridge."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from sympy import Piecewise, exp, log

import symact
from symact.activations.function import X
from symact.numeric import lambdify

ELEMENTWISE = [n for n in symact.names() if symact.get(n).kind == "elementwise"]


def _activation(name: str) -> symact.ActivationFunction:
    f = symact.get(name)
    if name == "threshold":
        return f.bind(threshold=sympy.Rational(1, 2), default_value=0)
    return f


@pytest.mark.parametrize("name", ELEMENTWISE)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_and_shape_are_preserved(name: str, dtype: type) -> None:
    k = _activation(name).to_numpy()
    for shape in [(), (0,), (5,), (2, 3), (2, 0, 3)]:
        x = np.linspace(-3, 3, int(np.prod(shape))).astype(dtype).reshape(shape)
        y = k(x)
        assert y.dtype == dtype and y.shape == shape


def test_python_scalar_gives_scalar() -> None:
    y = symact.get("sigmoid").to_numpy()(0.0)
    assert isinstance(y, float) and y == 0.5


def test_out_argument_receives_the_result() -> None:
    x = np.array([-2.0, 0.5, 3.0])
    out = np.empty_like(x)
    got = symact.get("relu").to_numpy()(x, out=out)
    assert got is out and out.tolist() == [0.0, 0.5, 3.0]


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_nan_maps_to_nan_and_infinities_to_limits(name: str) -> None:
    k = _activation(name).to_numpy()
    y = k(np.array([np.nan, np.inf, -np.inf]))
    assert np.isnan(y[0])
    assert not np.isnan(y[1:]).any()


def test_user_softplus_is_as_stable_as_the_catalog() -> None:
    k = lambdify(log(1 + exp(X)))
    assert k(np.array([-800.0, 800.0])).tolist() == [0.0, 800.0]


def test_elu_exp_branch_is_never_evaluated_out_of_range() -> None:
    elu = lambdify(Piecewise((X, X > 0), (exp(X) - 1, True)))
    assert elu(np.array([1e308, -1e308])).tolist() == [1e308, -1.0]


def test_heaviside_takes_its_value_at_the_point() -> None:
    step = lambdify(sympy.Heaviside(X))
    assert step(np.array([-1.0, 0.0, 2.0])).tolist() == [0.0, 0.5, 1.0]


def test_a_root_search_on_underflow_noise_stays_fast() -> None:
    from symact.activations.parse import parse

    k = parse("gelu(x) - x").to_numpy()
    assert k(np.array([0.0]))[0] == 0.0
