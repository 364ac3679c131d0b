"""The best stable NumPy/SciPy formulation of each activation, written by hand.

This is the baseline the numeric bridge is measured against: what a careful engineer would
write for one activation (no overflow, no cancellation in the obvious places, constants in the
input's dtype), for 1e6 elements.  Exact GELU's baseline is ``x·ndtr(x)``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy import special

Array = np.ndarray

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def _c(x: Array, value: float) -> np.floating:
    return x.dtype.type(value)


def _softplus(x: Array) -> Array:
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


def _elu(x: Array) -> Array:
    return np.where(x > 0, x, np.expm1(np.minimum(x, 0)))


def _selu(x: Array) -> Array:
    neg = _c(x, SELU_ALPHA) * np.expm1(np.minimum(x, 0))
    return _c(x, SELU_SCALE) * np.where(x > 0, x, neg)


def _gelu_tanh(x: Array) -> Array:
    u = _c(x, 2 * np.sqrt(2 / np.pi)) * (x + _c(x, 0.044715) * x * x * x)
    return x * special.expit(u)


def _squareplus(x: Array) -> Array:
    h = np.hypot(x, _c(x, 2))
    return np.where(x >= 0, (x + h) * _c(x, 0.5), _c(x, 2) / (h - x))


def _sparse_plus(x: Array) -> Array:
    t = np.clip(x, -1, 1) + 1
    return np.where(x >= 1, x, t * t * _c(x, 0.25))


HANDWRITTEN: dict[str, Callable[[Array], Array]] = {
    "celu": _elu,
    "elu": _elu,
    "exponential": np.exp,
    "gelu": lambda x: x * special.ndtr(x),
    "gelu_tanh": _gelu_tanh,
    "hard_shrink": lambda x: np.where(np.abs(x) > 0.5, x, 0).astype(x.dtype),
    "hard_sigmoid": lambda x: np.clip((x + 3) / 6, 0, 1),
    "hard_silu": lambda x: x * np.clip(x + 3, 0, 6) / 6,
    "hard_tanh": lambda x: np.clip(x, -1, 1),
    "leaky_relu": lambda x: np.maximum(x, x * _c(x, 0.2)),
    "linear": lambda x: x.copy(),
    "log_sigmoid": lambda x: -_softplus(-x),
    "mish": lambda x: x * np.tanh(_softplus(x)),
    "prelu": lambda x: np.maximum(x, 0),
    "relu": lambda x: np.maximum(x, 0),
    "relu6": lambda x: np.clip(x, 0, 6),
    "rrelu": lambda x: np.maximum(x, x * _c(x, 11 / 48)),
    "selu": _selu,
    "sigmoid": special.expit,
    "silu": lambda x: x * special.expit(x),
    "soft_shrink": lambda x: x - np.clip(x, -0.5, 0.5),
    "softplus": _softplus,
    "softplus_torch": lambda x: np.where(x > 20, x, _softplus(np.minimum(x, 20))),
    "softsign": lambda x: x / (1 + np.abs(x)),
    "sparse_plus": _sparse_plus,
    "sparse_sigmoid": lambda x: np.clip((x + 1) * _c(x, 0.5), 0, 1),
    "squareplus": _squareplus,
    "tanh": np.tanh,
    "tanh_shrink": lambda x: x - np.tanh(x),
    "threshold": lambda x: np.where(x > 0.5, x, 0).astype(x.dtype),
}

#: Piecewise-linear activations: the ≥ 5× target against stock lambdify applies to these.
PIECEWISE_LINEAR = {
    "hard_shrink",
    "hard_sigmoid",
    "hard_tanh",
    "leaky_relu",
    "prelu",
    "relu",
    "relu6",
    "rrelu",
    "soft_shrink",
    "sparse_sigmoid",
    "threshold",
}
