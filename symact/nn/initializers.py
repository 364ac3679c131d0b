r"""Weight initialisers with Keras's names and formulas, drawn from an explicit generator.

Keras's ``glorot_uniform`` draws from :math:`U(-\ell, \ell)` with
:math:`\ell = \sqrt{6 / (\text{fan\_in} + \text{fan\_out})}` (Glorot & Bengio 2010); for a
Dense kernel of shape ``(inputs, units)`` the fans are ``inputs`` and ``units``.  The numbers
come from a :class:`numpy.random.Generator` that the caller passes (built from a seed or given
directly), never from hidden global state, so a seed reproduces a model exactly.  They are not
Keras's own random numbers: Keras draws from its backend's generator.

>>> import numpy as np
>>> w = initialize("glorot_uniform", (3, 5), np.dtype(np.float32), np.random.default_rng(0))
>>> w.shape, w.dtype, bool(np.all(np.abs(w) <= np.sqrt(6 / 8)))
((3, 5), dtype('float32'), True)
>>> initialize("zeros", (2,), np.dtype(np.float64), np.random.default_rng(0)).tolist()
[0.0, 0.0]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from symact.errors import ParameterError

__all__ = ["INITIALIZERS", "generator", "initialize"]

Shape = tuple[int, ...]
Draw = Callable[[Shape, np.random.Generator], np.ndarray]


def _fans(shape: Shape) -> tuple[int, int]:
    """Keras's fans: (inputs, units) for a kernel, (size, size) for a vector."""
    if len(shape) == 1:
        return shape[0], shape[0]
    return shape[0], shape[1]


def _uniform(scale: float, mode: str) -> Draw:
    """Variance scaling, uniform: limit sqrt(3 * scale / n), n chosen by ``mode``."""

    def draw(shape: Shape, rng: np.random.Generator) -> np.ndarray:
        fan_in, fan_out = _fans(shape)
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode]
        limit = np.sqrt(3.0 * scale / max(1.0, n))
        return rng.uniform(-limit, limit, size=shape)

    return draw


def _truncated_normal(scale: float, mode: str) -> Draw:
    """Variance scaling, truncated normal at two standard deviations (Keras's constant
    0.87962566103423978 is the standard deviation of N(0, 1) truncated to [-2, 2])."""

    def draw(shape: Shape, rng: np.random.Generator) -> np.ndarray:
        fan_in, fan_out = _fans(shape)
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode]
        stddev = np.sqrt(scale / max(1.0, n)) / 0.87962566103423978
        values = rng.standard_normal(size=shape)
        bad = np.abs(values) > 2
        while bad.any():  # redraw outside [-2, 2]: the truncated distribution exactly
            values[bad] = rng.standard_normal(size=int(bad.sum()))
            bad = np.abs(values) > 2
        return values * stddev

    return draw


#: Keras 3 initialiser names (snake case and class spelling) → draw.
INITIALIZERS: dict[str, Draw] = {
    "glorot_uniform": _uniform(1.0, "fan_avg"),
    "glorot_normal": _truncated_normal(1.0, "fan_avg"),
    "he_uniform": _uniform(2.0, "fan_in"),
    "he_normal": _truncated_normal(2.0, "fan_in"),
    "lecun_uniform": _uniform(1.0, "fan_in"),
    "lecun_normal": _truncated_normal(1.0, "fan_in"),
    "zeros": lambda shape, rng: np.zeros(shape),
    "ones": lambda shape, rng: np.ones(shape),
    "random_uniform": lambda shape, rng: rng.uniform(-0.05, 0.05, size=shape),
    "random_normal": lambda shape, rng: rng.normal(0.0, 0.05, size=shape),
}

_SPELLINGS = {name.replace("_", ""): name for name in INITIALIZERS}


def generator(seed: int | np.random.Generator | None) -> np.random.Generator:
    """A generator from a seed, a generator (used as is), or None (fresh OS entropy)."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None or (isinstance(seed, int | np.integer) and not isinstance(seed, bool)):
        return np.random.default_rng(seed)
    msg = f"seed must be an int, a numpy.random.Generator or None, got {seed!r}"
    raise ParameterError(msg)


def initialize(spec: Any, shape: Shape, dtype: np.dtype, rng: np.random.Generator) -> np.ndarray:
    """Values of ``shape`` and ``dtype`` from an initialiser name or a callable.

    A callable is called as Keras calls initialisers, ``spec(shape, dtype=dtype)``.
    """
    if callable(spec):
        values = np.asarray(spec(shape, dtype=dtype))
    elif isinstance(spec, str) and _key(spec) in _SPELLINGS:
        values = INITIALIZERS[_SPELLINGS[_key(spec)]](shape, rng)
    else:
        known = ", ".join(INITIALIZERS)
        msg = f"unknown initializer {spec!r}; use one of: {known}, or a callable(shape, dtype)"
        raise ParameterError(msg)
    if values.shape != shape:
        msg = f"initializer {spec!r} returned shape {values.shape}, expected {shape}"
        raise ParameterError(msg)
    return values.astype(dtype)


def _key(name: str) -> str:
    return name.strip().lower().replace("_", "")
