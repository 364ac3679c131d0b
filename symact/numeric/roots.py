"""Accuracy near roots: where a sum cancels to 0, recompute in long double, and closer in use
a Taylor polynomial about the root.

A relative error bound is lost wherever ``f`` crosses zero at an irrational point by
cancellation of terms (``silu'`` at −1.2785, ``gelu'`` at −0.7518, ``mish'``, ``x − tanh x``
at 0): no float64 formula is accurate there.  For each such root ``r`` (found by sign changes
of the float64 kernel and refined by mpmath) the patch measures the radius where the float64
kernel errs by more than 1 ulp (recompute in long double there, 11 more bits) and the radius
where even that errs by more than ½ ulp (use the series ``Σ cₖ (x − r)ᵏ`` with ``x − r``
formed as ``(x − r_hi) − r_lo``, exact near ``r``; coefficients from mpmath at 50 digits).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import mpmath
import numpy as np
import sympy
from sympy import Expr, Symbol

from symact.numeric.context import Context
from symact.numeric.lower import lower
from symact.numeric.mp_reference import mp_function, ulps
from symact.numeric.patches import RootPatch, apply_fit, apply_patches

__all__ = ["RootPatch", "analyse", "apply_patches", "find_patches"]

Kernel = Callable[[Any], Any]
_SEARCH = np.linspace(-20.0, 20.0, 8001)
#: At most this many roots get a patch, within this many seconds of mpmath work.
_MAX_ROOTS, _BUDGET = 16, 30.0
#: Errors up to this many ulp are left alone (ordinary rounding, within the 4-ulp contract).
_TOLERATED = 2.5


def _radius(r: float, err: Callable[[float], float], limit: float) -> float:
    """Largest offset ``t ≤ limit`` from ``r`` (powers of 2 apart) where ``err(r ± t)`` exceeds
    :data:`_TOLERATED`."""
    worst = 0.0
    t = limit
    scale = max(abs(r), 2.0**-60)
    while t > scale * 2.0**-52:
        if err(r + t) > _TOLERATED or err(r - t) > _TOLERATED:
            worst = max(worst, t)
            break
        t /= 2
    return worst


def _candidates(kernel: Kernel, f_exact: Callable[[Any], Any]) -> list[Any]:
    with np.errstate(all="ignore"):
        values = np.asarray(kernel(_SEARCH.copy()), dtype=np.float64)
    roots = []
    changes = np.flatnonzero(np.sign(values[:-1]) * np.sign(values[1:]) < 0)
    # A sign flip between values near the underflow threshold is rounding noise, not a root.
    changes = changes[np.maximum(np.abs(values[:-1]), np.abs(values[1:]))[changes] > 1e-280]
    for i in changes[:_MAX_ROOTS]:
        root = _root_in(f_exact, _SEARCH[i], _SEARCH[i + 1])
        if root is not None:
            roots.append(root)
    for i in np.flatnonzero(values == 0)[:_MAX_ROOTS]:
        if f_exact(mpmath.mpf(_SEARCH[i])) == 0:
            roots.append(mpmath.mpf(_SEARCH[i]))
    return roots


def _root_in(f_exact: Callable[[Any], Any], a: float, b: float) -> Any:
    """The root of ``f_exact`` in the bracket ``[a, b]``, or None when mpmath cannot pin it
    down to its tolerance (``sin(e^{-x})`` near x = −20 oscillates faster than the grid and
    has slopes near 10⁹): no patch there, the kernel's values stand."""
    try:
        return mpmath.findroot(f_exact, (a, b), solver="anderson")
    except (ValueError, ZeroDivisionError):
        return None


@lru_cache(maxsize=256)
def find_patches(stable: Expr, exact: Expr, x: Symbol, bits: int) -> tuple[RootPatch, ...]:
    """Patches for every root in [−20, 20] where the float64 kernel of ``stable`` loses
    accuracy for a ``bits``-bit result (53: float64, 24: float32); ``exact`` (the same
    function, unrewritten) is evaluated by mpmath.

    The analysis is read from the shipped table (catalog activations) or the disk cache
    (:mod:`symact.numeric.analysis_cache`) when it is there, else computed and cached."""
    from symact.numeric import analysis_cache as store

    if stable.has(sympy.Piecewise) or not stable.free_symbols:
        return ()
    key = store.analysis_key(stable, exact, x, bits)
    known = store.lookup_shipped(key)
    if known is None:
        known = store.load_cached(key)
    if known is not None:
        return tuple(RootPatch(*p) for p in known)
    patches, complete = analyse(stable, exact, x, bits)
    if complete:  # an analysis cut short by the time budget is not worth keeping
        store.store_cached(key, tuple(p.astuple() for p in patches))
    return patches


def analyse(stable: Expr, exact: Expr, x: Symbol, bits: int) -> tuple[tuple[RootPatch, ...], bool]:
    """The run-time analysis behind :func:`find_patches`, and whether it finished within
    :data:`_BUDGET` (patches found so far are kept when it did not)."""
    fast = lower(stable, Context(np.dtype(np.float64), x, refine=bits == 53))
    wide = lower(stable, Context(np.dtype(np.longdouble), x))
    f = mp_function(exact, x)
    patches = []
    deadline = time.monotonic() + _BUDGET
    with mpmath.workdps(50):
        regions = _error_regions(f, fast, bits, deadline)
        for r in _candidates(fast, f):
            if time.monotonic() > deadline:
                break  # documented limit: patches found so far are kept
            patch = _patch(r, f, fast, wide, bits, regions)
            if patch is not None:
                patches.append(patch)
    fits = [p for p in patches if p.poly]
    kept = [g for g in regions if not any(_covers(p, g) for p in fits)]
    return tuple(kept + patches), time.monotonic() <= deadline


def _covers(p: RootPatch, g: RootPatch) -> bool:
    return p.hi - p.wide <= g.hi - g.wide and g.hi + g.wide <= p.hi + p.wide


def _reach(hi: float, radius: float, regions: list[RootPatch]) -> float:
    """``radius`` widened to cover the error regions it overlaps (one fit serves both)."""
    for g in regions:
        if g.hi - g.wide < hi + radius and hi - radius < g.hi + g.wide:
            radius = max(radius, abs(g.hi - g.wide - hi), abs(g.hi + g.wide - hi))
    return radius


_PROBE = np.arange(-40.0, 40.0 + 1e-9, 1 / 16)
#: Probe errors above this many ulp get a long-double region (the contract allows 4).
_REGION = 2.75


def _error_regions(
    f: Callable[[Any], Any], fast: Kernel, bits: int, deadline: float
) -> list[RootPatch]:
    """Long-double patches (no series) over the probe intervals where ``fast`` errs by more
    than :data:`_REGION` ulp: long products of rounded factors (tanh-GELU' tail)."""
    with np.errstate(all="ignore"):
        values = np.asarray(fast(_PROBE.copy()), dtype=np.float64)
    windows = set()
    for t, got in zip(_PROBE, values, strict=True):
        if time.monotonic() > deadline:
            break
        want = f(mpmath.mpf(t))
        # 50 digits can be too few where the definition cancels (1 + tanh(u) at u = -56
        # loses 49): confirm at rising precision before paying for a long-double region.
        if (
            abs(want) > mpmath.mpf(2) ** -1000
            and ulps(float(got), want, bits) > _REGION
            and ulps(float(got), _settled(f, mpmath.mpf(t)), bits) > _REGION
        ):
            windows.add(int(np.floor(t)))
    # Errors of a long product are spread over whole unit windows: patch the window.
    spans: list[list[int]] = []
    for k in sorted(windows):
        if spans and k == spans[-1][1] + 1:
            spans[-1][1] = k
        else:
            spans.append([k, k])
    return [RootPatch((a + b + 1) / 2, 0.0, (b + 1 - a) / 2 + 0.25, 0.0, (0.0,)) for a, b in spans]


def _settled(f: Callable[[Any], Any], t: Any) -> Any:
    """``f(t)`` at rising precision until two successive values agree to 30 digits."""
    previous = None
    for dps in (100, 200, 400, 800, 1600):
        with mpmath.workdps(dps):
            value = f(t)
        if previous is not None and abs(value - previous) <= abs(value) * mpmath.mpf(10) ** -30:
            return value
        previous = value
    return previous


def _patch(
    r: Any,
    f: Callable[[Any], Any],
    fast: Kernel,
    wide: Kernel,
    bits: int,
    regions: list[RootPatch],
) -> RootPatch | None:
    def err_fast(t: float) -> float:
        return ulps(float(fast(np.array([t]))[0]), f(mpmath.mpf(t)), bits)

    def err_wide(t: float) -> float:
        got = float(wide(np.array([t], dtype=np.longdouble))[0])
        return 2 * ulps(got, f(mpmath.mpf(t)), bits)

    hi = float(r)
    w = _radius(hi, err_fast, 1.0)
    if w == 0:
        return None
    narrow = _radius(hi, err_wide, w) * 2
    if not narrow:
        return RootPatch(hi, float(r - hi), w * 2, 0.0, (0.0,))
    coeffs = mpmath.taylor(f, r, 24)
    if not any(coeffs):
        return None
    fitted = _fit(f, r, _reach(hi, w * 2, regions), coeffs, bits)
    if fitted is not None:
        return fitted
    narrow = min(narrow, _convergence(coeffs))
    return RootPatch(hi, float(r - hi), w * 2, narrow, _series(coeffs, narrow))


def _fit(f: Callable[[Any], Any], r: Any, radius: float, coeffs: list[Any], bits: int) -> Any:
    """A Chebyshev fit ``f(r + d) ≈ dᵐ·P(dˢ)`` on ``|d| < radius`` (``m`` the order of the
    root, ``s = 2`` when ``f(r + d)/dᵐ`` is even), evaluated by Horner in float64 — several
    times faster than long double — kept only if within :data:`_TOLERATED` ulp on a grid."""
    if radius < 2.0**-10:  # the Taylor series serves such a small region
        return None
    tiny = max(abs(c) for c in coeffs) * mpmath.mpf(10) ** -30
    m = next(k for k, c in enumerate(coeffs) if abs(c) > tiny)

    def g(d: Any) -> Any:
        return coeffs[m] if d == 0 else f(r + d) / d**m

    probes = [mpmath.mpf(radius) * k / 7 for k in (1, 3, 5)]
    step = 2 if all(abs(g(d) - g(-d)) <= abs(g(d)) * mpmath.mpf(10) ** -40 for d in probes) else 1
    h = (lambda t: g(mpmath.sqrt(t))) if step == 2 else g
    span = [0, mpmath.mpf(radius) ** 2] if step == 2 else [-radius, radius]
    hi, lo = float(r), float(r - float(r))
    check = np.concatenate([np.linspace(-radius, radius, 201), [1e-3, -1e-6, 2e-9, -1e-12]])
    check = (hi + check)[np.abs(check) < radius]
    want = [f(mpmath.mpf(float(t))) for t in check]
    for n in range(6, 42, 3):
        poly = _chebyshev_fit(h, span, n)
        patch = RootPatch(hi, lo, radius, 0.0, (0.0,), tuple(float(c) for c in poly), m, step)
        if not np.isfinite(patch.poly).all():
            continue
        got = np.zeros_like(check)
        with np.errstate(all="ignore"):
            apply_fit(patch, check, got)
        errs = [ulps(float(a), b, bits) for a, b in zip(got, want, strict=True) if b != 0]
        if max(errs) <= _TOLERATED:
            return patch
    return None


def _chebyshev_fit(f: Callable[[Any], Any], span: list[Any], n: int) -> list[Any]:
    """The degree ``n − 1`` Chebyshev interpolant of ``f`` on ``span`` in power form (highest
    degree first, as :func:`mpmath.polyval` reads it): the same polynomial as
    :func:`mpmath.chebyfit`, from ``n`` evaluations of ``f`` rather than its ``n²``."""
    a, b = (mpmath.mpf(v) for v in span)
    with mpmath.workprec(mpmath.mp.prec + int(n**0.5) + 20):
        # cos(π·j·(k + ½)/n) = cos(π·m/(2n)) with m = j·(2k + 1) mod 4n: one table of 4n cosines
        table = [mpmath.cospi(mpmath.mpf(m) / (2 * n)) for m in range(4 * n)]
        values = [f(table[2 * k + 1] * (b - a) / 2 + (b + a) / 2) for k in range(n)]
        coeffs = [
            2 * mpmath.fsum(v * table[j * (2 * k + 1) % (4 * n)] for k, v in enumerate(values)) / n
            for j in range(n)
        ]
        # T_k(s·t + o) in powers of t, by T_{k+1} = 2(s·t + o)·T_k − T_{k−1}
        scale, offset = 2 / (b - a), -(b + a) / (b - a)
        power = [-coeffs[0] / 2] + [mpmath.mpf(0)] * (n - 1)
        previous: list[Any] = [mpmath.mpf(1)]
        current: list[Any] = [offset, scale]
        for k in range(n):
            t_k = previous if k == 0 else current
            for i, c in enumerate(t_k):
                power[i] += coeffs[k] * c
            if k >= 1:
                following = [mpmath.mpf(0)] + [2 * scale * c for c in current]
                for i, c in enumerate(current):
                    following[i] += 2 * offset * c
                for i, c in enumerate(previous):
                    following[i] -= c
                previous, current = current, following
        return power[::-1]


def _convergence(coeffs: list[Any]) -> float:
    """Radius within which the last kept term is below 2⁻⁶⁰ of the leading one."""
    tiny = max(abs(c) for c in coeffs) * mpmath.mpf(10) ** -30
    m = next(k for k, c in enumerate(coeffs) if abs(c) > tiny)
    n = len(coeffs) - 1
    ratio = mpmath.mpf(2) ** -60 * abs(coeffs[m]) / max(abs(coeffs[n]), mpmath.mpf(10) ** -300)
    return float(ratio ** (mpmath.mpf(1) / (n - m)))


def _series(coeffs: list[Any], radius: float) -> tuple[float, ...]:
    """The Taylor coefficients up to the last one that matters within ``radius``."""
    tiny = max(abs(c) for c in coeffs) * mpmath.mpf(10) ** -30
    lead = next(abs(c) * radius**k for k, c in enumerate(coeffs) if abs(c) > tiny)
    keep = [k for k, c in enumerate(coeffs) if abs(c) * radius**k > lead * mpmath.mpf(2) ** -70]
    return tuple(float(c) for c in coeffs[: max(keep) + 1])
