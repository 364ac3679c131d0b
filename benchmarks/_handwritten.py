"""The best stable NumPy/SciPy formulation of each activation, written by hand.

This is the baseline the numeric bridge is measured against: what a careful engineer would
write for one activation, for 1e6 elements.  Every entry is meant to meet the same accuracy
contract as symact's kernels (within 4 ulp of an mpmath reference on the whole finite range,
float32 in → float32 out, no overflow/invalid/divide warning; ``bench_numeric.py`` reports it
on the hard grid), except exact GELU, whose baseline is ``x·ndtr(x)`` by definition (its
target is speed only).
"""

from __future__ import annotations

from collections.abc import Callable

import mpmath
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


# Full-size temporaries are expensive on the benchmark machine (fresh pages), so the
# rewritten formulas below work in place on as few buffers as they can.


def _selu(x: Array) -> Array:
    """λ·(max(x, 0) + α·expm1(min(x, 0))): one term is exactly 0, so no select is needed.
    λ·x overflows only where the true value exceeds the float max (inf is correctly rounded)."""
    out = np.minimum(x, 0)
    np.expm1(out, out=out)
    out *= _c(x, SELU_ALPHA)
    out += np.maximum(x, 0)
    with np.errstate(over="ignore"):
        out *= _c(x, SELU_SCALE)
    return out


def _exponential(x: Array) -> Array:
    """exp(x); it overflows only where e^x exceeds the float max (inf is correctly rounded)."""
    with np.errstate(over="ignore"):
        return np.exp(x)


def _hard_silu(x: Array) -> Array:
    """x·(clip(x+3, 0, 6)/6): dividing first keeps x·… below |x|, so no overflow at 1e308;
    x+3 is exact near the kink at -3, three roundings in all."""
    out = x + 3
    np.clip(out, 0, 6, out=out)
    out /= 6
    out *= x
    return out


def _silu(x: Array) -> Array:
    """x/(1 + e^-x), the exponent clipped at 700 (80 in float32) so e^-x never overflows.
    Below the clip, where σ(x) = e^x is subnormal but x·σ(x) is not (x < -708), x·e^x is
    evaluated as (x·e^{x/2})·e^{x/2} (float64) or in float64 (float32)."""
    f32 = x.dtype == np.float32
    cut = -80 if f32 else -700
    out = np.maximum(x, cut)
    np.negative(out, out=out)
    np.exp(out, out=out)
    out += 1
    np.divide(x, out, out=out)
    _exp_tail(x, out, cut)
    return out


def _mish(x: Array) -> Array:
    """x·tanh(softplus(x)), softplus as max(x, 0) + log1p(e^-|x|) (no overflow).  Where
    softplus(x) = e^x is subnormal but the result is not (x < -708), x·e^x is evaluated as
    (x·e^{x/2})·e^{x/2} (float64) or in float64 (float32)."""
    out = np.abs(x)
    np.negative(out, out=out)
    np.exp(out, out=out)
    np.log1p(out, out=out)
    out += np.maximum(x, 0)
    np.tanh(out, out=out)
    out *= x
    _exp_tail(x, out, -80 if x.dtype == np.float32 else -700)
    return out


def _exp_tail(x: Array, out: Array, cut: float) -> None:
    """out = x·e^x where x < cut (e^x subnormal or nearly so, x·e^x still normal)."""
    tail = np.flatnonzero(x < cut)
    if tail.size:
        xs = x[tail]
        if x.dtype == np.float32:  # float64 holds x·e^x (> 1e-38 here) directly
            xs = xs.astype(np.float64)
            out[tail] = xs * np.exp(xs)
        else:
            h = np.exp(xs * 0.5)
            out[tail] = xs * h * h


def _split(c: mpmath.mpf, bits: int) -> tuple[float, float]:
    """``c`` as hi + lo, hi rounded to ``bits`` significant bits."""
    scale = 2.0 ** (bits - int(mpmath.floor(mpmath.log(abs(c), 2))) - 1)
    hi = round(float(c) * scale) / scale
    return hi, float(c - mpmath.mpf(hi))


with mpmath.workdps(40):
    #: σ(2u), 2u = C1·x + C3·x³ with C1 = 2√(2/π), C3 = 0.044715·C1, as 14-bit hi + lo parts.
    _GT_C1 = mpmath.mpf(2) * mpmath.sqrt(2 / mpmath.pi)
    _GT_C3 = _GT_C1 * mpmath.mpf(8943) / 200000
    _GT_C1H, _GT_C1L = _split(_GT_C1, 14)
    _GT_C3H, _GT_C3L = _split(_GT_C3, 14)
    _GT_C1, _GT_C3 = float(_GT_C1), float(_GT_C3)


def _gelu_tanh(x: Array) -> Array:
    """x·σ(v), v = 2√(2/π)(x + 0.044715x³).  In σ's tail an absolute error of v becomes a
    relative one.  float32: x/(1 + e^-v) in float64 (x³ cannot overflow there; the exponent
    is clipped at 700), rounded once.  float64: |x| clipped at 30 (σ is 0 or 1 beyond, so x³
    never overflows), |v| carried as hi + lo (13-bit split of |x|, 14-bit constants: the main
    products are exact), result max(x, 0) - |x|·e/(1 + e + r) with e = e^-hi and r the part
    of lo lost in rounding, exact to first order in r.  Where e is subnormal but the result is
    not (x < -21), |x|·e is evaluated as (|x|·e^{-hi/2})·e^{-hi/2}."""
    if x.dtype == np.float32:  # float64: x² exact, x³ ≤ 1e116, no clip needed
        v = np.multiply(x, x, dtype=np.float64)
        v *= _GT_C3
        v += _GT_C1
        v *= x
        np.negative(v, out=v)
        np.minimum(v, 700, out=v)
        np.exp(v, out=v)
        v += 1
        np.divide(x, v, out=v)
        return v.astype(np.float32)  # rounded once
    xh = np.abs(x)
    np.minimum(xh, 30, out=xh)
    t = xh * (2.0**40 + 1)  # Veltkamp split: xh has 13 significant bits, xl = |x| - xh exactly
    xl = t - xh
    np.subtract(t, xl, out=t)
    np.subtract(xh, t, out=xl)
    xh, t = t, xh
    np.divide(xl, 3, out=t)  # d3 = |x|³ - xh³ = 3·xl·(xh² + xl·(xh + xl/3))
    t += xh
    t *= xl
    h3 = xh * xh
    t += h3
    t *= xl
    t *= 3
    h3 *= xh  # xh³, exact (39 bits)
    lo = xl  # low-order terms of v: C1·xl + C1L·xh + C3·d3 + C3L·xh³
    lo *= _GT_C1 / _GT_C1L
    lo += xh
    lo *= _GT_C1L
    t *= _GT_C3 / _GT_C3L
    t += h3
    t *= _GT_C3L
    lo += t
    h3 *= _GT_C3H  # p3, exact (53 bits)
    xh *= _GT_C1H  # p1, exact
    big = np.maximum(h3, xh, out=t)  # Fast2Sum of p3, p1 (both ≥ 0): hi + err = p3 + p1
    small = np.minimum(h3, xh, out=xh)
    hi = np.add(big, small, out=h3)
    np.subtract(hi, big, out=big)
    np.subtract(small, big, out=small)
    lo += small
    v = np.add(hi, lo, out=t)
    np.subtract(v, hi, out=hi)
    r = np.subtract(lo, hi, out=lo)  # v + r = hi + lo exactly
    del hi, small
    tail = np.flatnonzero(x < -20)  # v > 602: there σ(-v - r) = e^{-v}·(1 - r)
    vt, rt = v[tail], r[tail]
    e = np.negative(v, out=v)
    np.exp(e, out=e)
    r += e  # σ(-v - r) = e^{-v-r}/(1 + e^{-v-r}) = e/(1 + e + r) to first order in r
    r += 1
    e /= r
    w = np.abs(x, out=r)
    w *= e
    out = np.maximum(x, 0, out=e)
    out -= w
    if tail.size:
        h = np.exp(vt * -0.5)
        out[tail] = -(np.abs(x[tail]) * h * h * (1 - rt))
    return out


def _squareplus(x: Array) -> Array:
    """s = |x|/2 + √(x²+4)/2 ≥ 1 adds two positive terms (√ taken of min(|x|, 2^30)², then
    max with |x|: no overflow); squareplus is s for x ≥ 0 and 2/(√(x²+4) - x) = 1/s for x < 0,
    selected by exact products with a 0/1 mask."""
    a = np.abs(x)
    h = np.minimum(a, _c(x, 2.0**30))
    h *= h
    h += 4
    np.sqrt(h, out=h)
    np.maximum(h, a, out=h)
    h *= _c(x, 0.5)
    a *= _c(x, 0.5)
    h += a
    pos = x >= 0
    out = h * pos
    np.divide(1, h, out=h)
    h *= ~pos
    out += h
    return out


#: |x| below which x - tanh(x) cancels too much: below ~1.03 the result is under 1/4 while
#: tanh(x) is over 1/2, so tanh's rounding error counts 4 ulp of the result or more.
_TS_CUT = 1.05


def _tanh_shrink_fit(terms: int) -> list[float]:
    """Chebyshev fit of g(t) = (√t - tanh √t)/√t³ on t ∈ [0, cut²], highest degree first."""
    with mpmath.workdps(40):

        def g(t: mpmath.mpf) -> mpmath.mpf:
            r = mpmath.sqrt(t)
            return (r - mpmath.tanh(r)) / r**3 if t > 0 else mpmath.mpf(1) / 3

        coeffs = mpmath.chebyfit(g, [0, _TS_CUT**2], terms)
    return [float(c) for c in coeffs]


# 17 terms: fit error 5e-18 relative (float64); 9 terms: 1e-9 (float32).
_TS_POLY = {np.dtype(np.float64): _tanh_shrink_fit(17), np.dtype(np.float32): _tanh_shrink_fit(9)}


def _tanh_shrink(x: Array) -> Array:
    """x - tanh(x) where that is accurate (|x| ≥ 1.05); below, where it cancels, x³·g(x²) with
    g a Chebyshev fit of (x - tanh x)/x³ (near 1/3, no cancellation), on those elements only."""
    out = np.tanh(x)
    np.subtract(x, out, out=out)
    small = np.flatnonzero((x < _TS_CUT) & (x > -_TS_CUT))
    xs = x[small].astype(np.float64)  # float32: evaluated in float64, rounded once
    t = xs * xs
    coeffs = _TS_POLY[x.dtype]
    p = t * coeffs[0]
    for c in coeffs[1:-1]:
        p += c
        p *= t
    p += coeffs[-1]
    xs *= t
    xs *= p
    out[small] = xs
    return out


def _sparse_plus(x: Array) -> Array:
    t = np.clip(x, -1, 1) + 1
    return np.where(x >= 1, x, t * t * _c(x, 0.25))


HANDWRITTEN: dict[str, Callable[[Array], Array]] = {
    "celu": _elu,
    "elu": _elu,
    "exponential": _exponential,
    "gelu": lambda x: x * special.ndtr(x),
    "gelu_tanh": _gelu_tanh,
    "hard_shrink": lambda x: np.where(np.abs(x) > 0.5, x, 0).astype(x.dtype),
    "hard_sigmoid": lambda x: np.clip((x + 3) / 6, 0, 1),
    "hard_silu": _hard_silu,
    "hard_tanh": lambda x: np.clip(x, -1, 1),
    "leaky_relu": lambda x: np.maximum(x, x * _c(x, 0.2)),
    "linear": lambda x: x.copy(),
    "log_sigmoid": lambda x: -_softplus(-x),
    "mish": _mish,
    "prelu": lambda x: np.maximum(x, 0),
    "relu": lambda x: np.maximum(x, 0),
    "relu6": lambda x: np.clip(x, 0, 6),
    "rrelu": lambda x: np.maximum(x, x * _c(x, 11 / 48)),
    "selu": _selu,
    "sigmoid": special.expit,
    "silu": _silu,
    "soft_shrink": lambda x: x - np.clip(x, -0.5, 0.5),
    "softplus": _softplus,
    "softplus_torch": lambda x: np.where(x > 20, x, _softplus(np.minimum(x, 20))),
    "softsign": lambda x: x / (1 + np.abs(x)),
    "sparse_plus": _sparse_plus,
    "sparse_sigmoid": lambda x: np.clip((x + 1) * _c(x, 0.5), 0, 1),
    "squareplus": _squareplus,
    "tanh": np.tanh,
    "tanh_shrink": _tanh_shrink,
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
