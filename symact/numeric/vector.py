"""NumPy kernels of the vector activations along an ``axis``.

softmax, log_softmax and softmin subtract the maximum first (no overflow, and log_softmax
never takes ``log(0)``); glu is ``a·σ(b)`` with the subnormal-safe sigmoid; sparsemax is the
exact simplex projection by sorting (Martins & Astudillo 2016), right when several outputs are
non-zero.  float32 stays float32.

>>> import numpy as np
>>> vector_kernel("sparsemax", {})(np.array([0.1, 0.2, 0.3]))
array([0.23333333, 0.33333333, 0.43333333])
>>> vector_kernel("softmax", {"axis": 0})(np.array([1000.0, 1000.0]))
array([0.5, 0.5])
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from symact.errors import ShapeError, UnknownActivationError
from symact.numeric.kernels import sigmoid

__all__ = ["VECTOR_KERNELS", "vector_kernel"]

Array = np.ndarray


def _shifted(x: Array, axis: int) -> Array:
    m = np.max(x, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0).astype(x.dtype)
    return x - m


def softmax(x: Array, axis: int = -1) -> Array:
    r""":math:`e^{x_i - m}/\sum_j e^{x_j - m}` with ``m = max x``."""
    e = np.exp(_shifted(x, axis))
    return e / np.sum(e, axis=axis, keepdims=True)


def log_softmax(x: Array, axis: int = -1) -> Array:
    r""":math:`(x_i - m) - \log\sum_j e^{x_j - m}` (the sum is at least 1)."""
    s = _shifted(x, axis)
    return s - np.log(np.sum(np.exp(s), axis=axis, keepdims=True))


def softmin(x: Array, axis: int = -1) -> Array:
    """``softmax(-x)``."""
    return softmax(-x, axis)


def glu(x: Array, axis: int = -1) -> Array:
    """``a·σ(b)`` for the two halves ``a, b`` of ``x`` along ``axis``."""
    n = x.shape[axis]
    if n % 2:
        msg = f"glu needs an even size along axis {axis}, got {n}; pad or choose another axis"
        raise ShapeError(msg)
    a, b = np.split(x, 2, axis=axis)
    return a * sigmoid(b)


def sparsemax(x: Array, axis: int = -1) -> Array:
    """Euclidean projection onto the simplex: ``max(x - τ, 0)`` with the exact support size."""
    z = np.moveaxis(x, axis, -1)
    ordered = -np.sort(-z, axis=-1)
    prefix = np.cumsum(ordered, axis=-1)
    ks = np.arange(1, z.shape[-1] + 1, dtype=x.dtype)
    support = np.sum(1 + ks * ordered > prefix, axis=-1, keepdims=True)
    tau = (np.take_along_axis(prefix, support - 1, axis=-1) - 1) / support.astype(x.dtype)
    return np.moveaxis(np.maximum(z - tau, 0), -1, axis)


VECTOR_KERNELS: dict[str, Callable[..., Array]] = {
    "softmax": softmax,
    "log_softmax": log_softmax,
    "softmin": softmin,
    "glu": glu,
    "sparsemax": sparsemax,
}


def vector_kernel(name: str, params: dict[str, Any]) -> Callable[..., Array]:
    """The kernel of vector activation ``name``; ``params["axis"]`` is the default axis."""
    if name not in VECTOR_KERNELS:
        known = ", ".join(sorted(VECTOR_KERNELS))
        msg = f"no NumPy kernel for vector activation {name!r}; known: {known}"
        raise UnknownActivationError(msg)
    kernel = VECTOR_KERNELS[name]
    default = int(params.get("axis", -1))

    def run(values: Any, axis: int = default) -> Array:
        x = np.asarray(values)
        if x.dtype.kind != "f":
            x = x.astype(np.float64)
        if x.ndim == 0:
            msg = "a vector activation needs at least one axis, got a scalar; pass an array"
            raise ShapeError(msg)
        return kernel(x, axis)

    run.__name__ = name
    return run
