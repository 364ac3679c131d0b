"""NumPy kernels of the vector activations along an ``axis``.

softmax, log_softmax and softmin subtract the maximum first (no overflow, and log_softmax
never takes ``log(0)``); glu is ``a·σ(b)`` with the subnormal-safe sigmoid; sparsemax is the
exact simplex projection by sorting (Martins & Astudillo 2016), right when several outputs are
non-zero.  float32 stays float32.

Special values give limits, as for the element-wise activations: per output component, NaN
where there is none, never a floating-point warning (SciPy's column measured with SciPy 1.17,
PyTorch's from its issues #6864 and #25110):

| input slice           | softmax         | log_softmax        | sparsemax       | SciPy, PyTorch |
|-----------------------|-----------------|--------------------|-----------------|----------------|
| one ``+inf``          | 1 there, else 0 | 0 there, else −inf | 1 there, else 0 | all NaN        |
| several ``+inf``      | NaN there, 0    | NaN there, −inf    | NaN there, 0    | all NaN        |
| ``−inf`` among finite | 0 there         | −inf there         | 0 there         | as ours        |
| all ``−inf``, n ≥ 2   | NaN             | NaN                | NaN             | all NaN        |
| one element           | 1               | 0                  | 1               | NaN if ±inf    |
| a NaN                 | all NaN         | all NaN            | all NaN         | all NaN        |
| empty                 | empty           | empty              | empty           | SciPy: error   |

With one ``+inf`` the output is the limit as that input grows (``softmax([inf, 1]) = [1, 0]``,
the one-hot vector); with several, the share of each depends on how they grow, so those outputs
have no limit, while the finite inputs' outputs still tend to 0; a slice of ``−inf`` alone is
shift-invariant ``0/0``.  softmin is ``softmax(−x)`` (so ``−inf`` plays ``+inf``'s part), and
glu, element-wise, gives ``a·σ(b)``'s limits (NaN for ``±inf·σ(−inf)``).  SciPy's
``special.softmax`` and PyTorch's ``softmax`` subtract the maximum, so ``inf − inf`` makes the
whole slice NaN (SciPy also warns, and refuses an empty array).

>>> import numpy as np
>>> vector_kernel("sparsemax", {})(np.array([0.1, 0.2, 0.3]))
array([0.23333333, 0.33333333, 0.43333333])
>>> vector_kernel("softmax", {"axis": 0})(np.array([1000.0, 1000.0]))
array([0.5, 0.5])
>>> vector_kernel("softmax", {})(np.array([np.inf, 1.0, np.nan])[:2])
array([1., 0.])
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
    with np.errstate(over="ignore"):  # -1e308 - 1e308 = -inf: an output of 0 (or -inf), as exact
        return x - m


def softmax(x: Array, axis: int = -1) -> Array:
    r""":math:`e^{x_i - m}/\sum_j e^{x_j - m}` with ``m = max x``."""
    e = np.exp(_shifted(x, axis))
    return e / np.sum(e, axis=axis, keepdims=True)


def log_softmax(x: Array, axis: int = -1) -> Array:
    r""":math:`(x_i - m) - \operatorname{log1p}\sum_{j \ne k} e^{x_j - m}` with ``m = x_k`` the
    maximum: the term ``e^0 = 1`` left out of the sum, so ``log_softmax([0, -80])`` keeps its
    first output ``−e^{−80}`` rather than rounding ``log(1 + e^{−80})`` to 0."""
    s = _shifted(x, axis)
    e = np.exp(s)
    np.put_along_axis(e, np.argmax(s, axis=axis, keepdims=True), 0, axis=axis)
    return s - np.log1p(np.sum(e, axis=axis, keepdims=True))


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
    """Euclidean projection onto the simplex: ``max(x - τ, 0)`` with the exact support size.

    Shifted by the maximum first (sparsemax is shift-invariant), so sums cannot overflow
    near the support; an input further than ~1e308 below the maximum becomes −inf, outside
    the support, and gets its exact output 0."""
    z = _shifted(np.moveaxis(x, axis, -1), -1)
    ordered = -np.sort(-z, axis=-1)
    ks = np.arange(1, z.shape[-1] + 1, dtype=x.dtype)
    with np.errstate(over="ignore"):
        prefix = np.cumsum(ordered, axis=-1)
        support = np.sum(1 + ks * ordered > prefix, axis=-1, keepdims=True)
    tau = (np.take_along_axis(prefix, support - 1, axis=-1) - 1) / support.astype(x.dtype)
    return np.moveaxis(np.maximum(z - tau, 0), -1, axis)


def _at_limits(
    kernel: Callable[[Array, int], Array], top: float, rest: float
) -> Callable[..., Array]:
    """``kernel`` on slices with non-finite entries replaced by its limits there: ``top``
    for a lone ``+inf`` (or the only element), ``rest`` for the others, NaN where there is
    no limit.  ``−inf`` among finite entries needs no help: ``e^{−inf} = 0`` exactly."""

    def run(x: Array, axis: int = -1) -> Array:
        if x.size == 0:
            return np.empty_like(x)
        with np.errstate(over="ignore", invalid="ignore"):  # an overflow only costs the slow path
            finite = bool(np.isfinite(np.sum(x)))  # NaN and ±inf make the sum non-finite
        if finite:
            return kernel(x, axis)
        z = np.moveaxis(x, axis, -1)
        pos = z == np.inf
        n_pos = pos.sum(axis=-1, keepdims=True)
        n_fin = np.isfinite(z).sum(axis=-1, keepdims=True)
        nan = np.isnan(z).any(axis=-1, keepdims=True)
        helped = (n_pos > 0) | (n_fin == 0) | nan
        out = kernel(np.where(helped, 0, z).astype(z.dtype), -1)
        one = top if z.shape[-1] == 1 else np.nan
        leader = np.where(n_pos == 1, top, np.nan)
        out = np.where(n_pos > 0, np.where(pos, leader, rest), out)
        out = np.where((n_pos == 0) & (n_fin == 0), one, out)
        out = np.where(nan, np.nan, out).astype(z.dtype)
        return np.moveaxis(out, -1, axis)

    return run


def _glu_at_limits(x: Array, axis: int = -1) -> Array:
    """glu element-wise: ``±inf·σ(−inf)`` has no limit (NaN), without the warning."""
    with np.errstate(invalid="ignore"):
        return glu(x, axis)


_softmax_at_limits = _at_limits(softmax, 1.0, 0.0)


def _softmin_at_limits(x: Array, axis: int = -1) -> Array:
    return _softmax_at_limits(-x, axis)


VECTOR_KERNELS: dict[str, Callable[..., Array]] = {
    "softmax": _softmax_at_limits,
    "log_softmax": _at_limits(log_softmax, 0.0, -np.inf),
    "softmin": _softmin_at_limits,
    "glu": _glu_at_limits,
    "sparsemax": _at_limits(sparsemax, 1.0, 0.0),
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
