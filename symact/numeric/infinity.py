"""Values at ±∞ of expressions that oscillate: the limit when there is one, else NaN.

The bridge gives ``f(±inf)`` as the limit of ``f`` (:meth:`NumericFunction.limits`).  For the
eventually monotone functions the parser builds from exp, log, sqrt, tanh, σ, … comparing
``f(M)`` with ``f(M/2)`` at the largest float ``M`` finds it.  ``sin`` and ``cos`` are the only
lowered primitives that oscillate, and an oscillation need not settle: ``sin(x)`` has no limit,
while ``f(M)`` and ``f(M/2)`` are two unrelated numbers in [−1, 1].  For an expression with
``sin``/``cos`` of ``x`` this module samples ``f`` densely on several scales ``2^k·[1, 2)`` up
to the largest floats and accepts only what the samples show beyond doubt:

- **settled**: every sample on the top scale is the same float (to 4 ulp, or below the
  smallest normal): that value (``sin(atan(x))`` → 1, ``exp(-x)·sin(x)`` at +∞ → 0);
- **decaying**: the largest ``|f|`` on each scale shrinks from scale to scale, by 2⁻⁵ overall,
  to below 2⁻²⁶: 0 (``sin(x)/(1 + |x|)``);
- **growing**: every sample keeps one sign and the smallest ``|f|`` on each scale is at least
  the largest on the scale below: ±∞ (``x + sin(x)``, ``x·(2 + sin(x))``);
- otherwise NaN: no limit (``sin(x)``, ``x·sin(x)``, ``exp(-x)·sin(x)`` at −∞).

A limit approached more slowly than the samples can tell (``1 + sin(x)/log(x)``) is also NaN:
the bridge does not claim a value it cannot see.

>>> import numpy as np
>>> from sympy import Symbol, sin
>>> x = Symbol("x", real=True)
>>> oscillates(sin(x) + x, x), oscillates(x**2, x)
(True, False)
>>> float(sampled_limit(np.sin, 1)), float(sampled_limit(lambda v: v + np.sin(v), -1))
(nan, -inf)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import sympy
from sympy import Expr, Symbol

__all__ = ["oscillates", "sampled_limit"]

#: The lowered primitives without a limit at ±∞.
OSCILLATING = (sympy.sin, sympy.cos)
#: Binary exponents of the sampled scales: far apart, so that slowly growing envelopes
#: (``log(x)·(2 + sin(x))``) still separate; the top one stays below the largest float.
_SCALES = (16, 64, 256, 1018)
#: Points per scale: ``2^k·(1 + j/N + δ)``, with an irrational-looking δ so that no sample is
#: a special point of a periodic function.
_POINTS = 64


def oscillates(expr: Expr, x: Symbol) -> bool:
    """Whether ``expr`` has a ``sin``/``cos`` node whose argument depends on ``x``."""
    return any(node.args[0].has(x) for node in expr.atoms(*OSCILLATING))


def sampled_limit(kernel: Callable[[Any], Any], sign: int) -> float:
    """The limit of ``kernel`` at ``sign``·∞ as the samples show it, else NaN (no limit, or
    none visible in float64)."""
    offsets = 1 + (np.arange(_POINTS) + 0.3183098861837907) / _POINTS
    points = sign * np.ldexp(offsets[None, :], np.array(_SCALES)[:, None])
    with np.errstate(all="ignore"):  # overflowing samples are ±inf, compared as such
        values = np.broadcast_to(kernel(points.ravel()), points.size).reshape(points.shape)
        return _classify(values)


def _classify(values: np.ndarray) -> float:
    if np.isnan(values).any():
        return float("nan")
    top = values[-1]
    if _settled(top):
        return float(np.median(top))
    magnitude = np.abs(values)
    if _decaying(magnitude):
        return 0.0
    if _growing(values, magnitude):
        return float(np.copysign(np.inf, top[0]))
    return float("nan")


def _settled(top: np.ndarray) -> bool:
    if not np.isfinite(top).all():
        return bool((top == top[0]).all())
    spread = float(top.max() - top.min())
    tiny = float(np.finfo(np.float64).tiny)
    return spread <= max(tiny, 4 * float(np.spacing(np.abs(top).max())))


def _decaying(magnitude: np.ndarray) -> bool:
    peaks = magnitude.max(axis=1)
    shrinks = bool((np.diff(peaks) < 0).all())
    return shrinks and peaks[-1] <= 2.0**-5 * peaks[0] and peaks[-1] <= 2.0**-26


def _growing(values: np.ndarray, magnitude: np.ndarray) -> bool:
    one_sign = bool((values > 0).all() or (values < 0).all())
    climbs = bool((magnitude.min(axis=1)[1:] >= magnitude.max(axis=1)[:-1]).all())
    return one_sign and climbs and magnitude[-1].min() > magnitude[0].max()
