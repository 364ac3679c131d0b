"""High-precision references for the element-wise activations and their derivatives.

Every formula here is written by hand from the activation's *definition* (and, for the
derivative, from the chain rule), in mpmath, independently of the rewrite rules and kernels in
:mod:`symact.numeric`.  Where a definition cancels (``x - tanh(x)`` near 0, ``1 + tanh(u)``
for ``u ≪ 0``) the reference is evaluated at increasing precision until two successive
precisions agree (:func:`reference`), and a few identities that follow directly from the
definitions (``(1 + tanh u)/2 = σ(2u)``, ``x + √(x²+b) = b/(√(x²+b) − x)``) keep tails far
beyond ``1e300`` resolvable.

Used by ``tests/numeric/test_numeric_accuracy.py`` and ``benchmarks/accuracy_table.py``.
"""

from __future__ import annotations

from collections.abc import Callable

import mpmath
import numpy as np
from mpmath import mpf

mp = mpmath.mp
Ref = Callable[[mpf], mpf]

SELU_ALPHA = "1.6732632423543772848170429916717"
SELU_SCALE = "1.0507009873554804934193349852946"


def _erfc(z: mpf) -> mpf:
    """erfc, with its asymptotic series beyond |z| = 1e6 (mpmath's own fails near 1e150);
    the first neglected term is below 1e-24 relative there."""
    if z > 10**6:
        return mp.exp(-z * z) / (z * mp.sqrt(mp.pi)) * (1 - 1 / (2 * z * z))
    if z < -(10**6):
        return 2 - _erfc(-z)
    return mp.erfc(z)


def _gauss(x: mpf) -> mpf:
    """``exp(−x²/2)``; 0 beyond e^-2000 (see :func:`_sig`)."""
    return mpf(0) if x * x > 4000 else mp.exp(-x * x / 2)


def _sig(t: mpf) -> mpf:
    # Below e^-2000 every product with a float (< 1e309) is far below the smallest
    # subnormal; returning 0 there only saves mpmath from exponentials of 1e900.
    if t < -2000:
        return mpf(0)
    return 1 / (1 + mp.exp(-t))


def _sp(t: mpf) -> mpf:
    return mp.log1p(mp.exp(t))


def _step(cond: bool) -> mpf:
    return mpf(1) if cond else mpf(0)


def _gelu_tanh_arg(x: mpf) -> mpf:
    return mp.sqrt(2 / mp.pi) * (x + mpf(8943) / 200000 * x**3)


def _squareplus(x: mpf) -> mpf:
    h = mp.sqrt(x * x + 4)
    return (x + h) / 2 if x >= 0 else 2 / (h - x)


def _squareplus_d(x: mpf) -> mpf:
    h = mp.sqrt(x * x + 4)
    return (1 + x / h) / 2 if x >= 0 else 2 / (h * (h - x))


def _celu(alpha: mpf) -> tuple[Ref, Ref]:
    return (
        lambda x: x if x > 0 else alpha * mp.expm1(x / alpha),
        lambda x: mpf(1) if x > 0 else mp.exp(x / alpha),
    )


def _selu(x: mpf) -> mpf:
    lam, alpha = mpf(SELU_SCALE), mpf(SELU_ALPHA)
    return lam * x if x > 0 else lam * alpha * mp.expm1(x)


def _selu_d(x: mpf) -> mpf:
    lam, alpha = mpf(SELU_SCALE), mpf(SELU_ALPHA)
    return lam if x > 0 else lam * alpha * mp.exp(x)


def _mish_d(x: mpf) -> mpf:
    s = _sp(x)
    return mp.tanh(s) + x * _sig(x) * mp.sech(s) ** 2


def _gelu_tanh_d(x: mpf) -> mpf:
    u = _gelu_tanh_arg(x)
    du = mp.sqrt(2 / mp.pi) * (1 + 3 * mpf(8943) / 200000 * x**2)
    return _sig(2 * u) + x * 2 * du * _sig(2 * u) * _sig(-2 * u)


def _leaky(slope: mpf) -> tuple[Ref, Ref]:
    return (lambda x: x if x > 0 else slope * x, lambda x: mpf(1) if x > 0 else slope)


#: name → (f, f') from the definitions, with the catalog's default parameters.  Breakpoint
#: values of f' follow the documented kink convention (relu'(0) = 0, hard_tanh'(±1) = 0, …).
REFERENCES: dict[str, tuple[Ref, Ref]] = {
    "celu": _celu(mpf(1)),
    "elu": _celu(mpf(1)),
    "exponential": (mp.exp, mp.exp),
    "gelu": (
        lambda x: x / 2 * _erfc(-x / mp.sqrt(2)),
        lambda x: _erfc(-x / mp.sqrt(2)) / 2 + x * _gauss(x) / mp.sqrt(2 * mp.pi),
    ),
    "gelu_tanh": (lambda x: x * _sig(2 * _gelu_tanh_arg(x)), _gelu_tanh_d),
    "hard_shrink": (
        lambda x: x if abs(x) > mpf(1) / 2 else mpf(0),
        lambda x: _step(abs(x) > mpf(1) / 2),
    ),
    "hard_sigmoid": (
        lambda x: min(max(x + 3, mpf(0)), mpf(6)) / 6,
        lambda x: mpf(1) / 6 if -3 < x < 3 else mpf(0),
    ),
    "hard_silu": (
        lambda x: x * min(max(x + 3, mpf(0)), mpf(6)) / 6,
        lambda x: mpf(0) if x < -3 else (mpf(1) if x > 3 else (2 * x + 3) / 6),
    ),
    "hard_tanh": (lambda x: min(max(x, mpf(-1)), mpf(1)), lambda x: _step(-1 < x < 1)),
    "leaky_relu": _leaky(mpf(1) / 5),
    "linear": (lambda x: x, lambda x: mpf(1)),
    "log_sigmoid": (lambda x: -_sp(-x), lambda x: _sig(-x)),
    "mish": (lambda x: x * mp.tanh(_sp(x)), _mish_d),
    "prelu": _leaky(mpf(0)),
    "relu": _leaky(mpf(0)),
    "relu6": (lambda x: min(max(x, mpf(0)), mpf(6)), lambda x: _step(0 < x < 6)),
    "rrelu": _leaky(mpf(11) / 48),
    "selu": (_selu, _selu_d),
    "sigmoid": (_sig, lambda x: _sig(x) * _sig(-x)),
    "silu": (lambda x: x * _sig(x), lambda x: _sig(x) + x * _sig(x) * _sig(-x)),
    "soft_shrink": (
        lambda x: x - mpf(1) / 2 if x > mpf(1) / 2 else (x + mpf(1) / 2 if x < -mpf(1) / 2 else 0),
        lambda x: _step(abs(x) > mpf(1) / 2),
    ),
    "softplus": (_sp, _sig),
    "softplus_torch": (
        lambda x: x if x > 20 else _sp(x),
        lambda x: mpf(1) if x > 20 else _sig(x),
    ),
    "softsign": (lambda x: x / (1 + abs(x)), lambda x: 1 / (1 + abs(x)) ** 2),
    "sparse_plus": (
        lambda x: mpf(0) if x <= -1 else (x if x >= 1 else (x + 1) ** 2 / 4),
        lambda x: mpf(0) if x <= -1 else (mpf(1) if x >= 1 else (x + 1) / 2),
    ),
    "sparse_sigmoid": (
        lambda x: mpf(0) if x <= -1 else (mpf(1) if x >= 1 else (x + 1) / 2),
        lambda x: mpf(1) / 2 if -1 < x < 1 else mpf(0),
    ),
    "squareplus": (_squareplus, _squareplus_d),
    "tanh": (mp.tanh, lambda x: mp.sech(x) ** 2),
    "tanh_shrink": (lambda x: x - mp.tanh(x), lambda x: mp.tanh(x) ** 2),
    "threshold": (lambda x: x if x > mpf(1) / 2 else mpf(0), lambda x: _step(x > mpf(1) / 2)),
}

#: Catalog names whose reference needs parameters bound (name → keyword arguments).
BINDINGS: dict[str, dict[str, object]] = {"threshold": {"threshold": "1/2", "default_value": 0}}

#: Extra variants checked besides the catalog defaults: label → (catalog name, get() kwargs).
VARIANTS: dict[str, tuple[str, dict[str, object]]] = {
    "gelu_tanh": ("gelu", {"approximate": True}),
    "softplus_torch": ("softplus", {"framework": "torch"}),
}


def reference(f: Ref, x: float, start: int = 60, limit: int = 2400) -> mpf:
    """``f(x)`` at increasing precision until two successive results agree to 40 digits.

    The starting precision grows with ``1/|x|`` so that cancellations like ``x − tanh x``
    (which needs about 3·log10(1/|x|) digits) are visible at the first step."""
    dps = start + (3 * int(-np.log10(abs(x))) if 0 < abs(x) < 1 else 0)
    with mp.workdps(dps):
        prev = f(mpf(x))
    while dps < limit:
        dps *= 2
        with mp.workdps(dps):
            cur = f(mpf(x))
            if cur == prev or abs(cur - prev) <= abs(cur) * mpf(10) ** -40:
                return cur
        prev = cur
    msg = f"reference did not settle at {limit} digits for x={x!r}"
    raise ArithmeticError(msg)


def ulp_error(got: float, want: mpf, dtype: type) -> float:
    """Error of ``got`` in units in the last place of ``want`` for ``dtype``.

    Where ``want`` is below the smallest normal number, the unit is that number itself
    (the contract asks for an absolute error below it there), so errors < 1 pass.
    """
    info = np.finfo(dtype)
    with mp.workdps(60):
        if abs(want) > mpf(float(info.max)) * (1 + mpf(2) ** -(info.nmant + 1)):
            return 0.0 if got == float(np.copysign(np.inf, float(want))) else np.inf
        if not np.isfinite(got):
            return np.inf
        diff = abs(mpf(float(got)) - want)
        if abs(want) < mpf(float(info.smallest_normal)):
            return float(diff / mpf(float(info.smallest_normal)))
        _, exponent = mp.frexp(want)
        return float(diff / mpf(2) ** (exponent - info.nmant - 1))


def hard_grid(dtype: type, dense: int = 801) -> np.ndarray:
    """Deterministic hard inputs: subnormals, every decade up to the largest float, the exp
    overflow/underflow thresholds, a dense window around 0 and the breakpoints ± 1 ulp."""
    info = np.finfo(dtype)
    top = int(np.log10(float(info.max)))
    mags = [float(info.smallest_subnormal), float(info.smallest_normal), float(info.max)]
    mags += [10.0**k for k in range(-top, top + 1, 3 if dtype == np.float32 else 7)]
    mags += [88.72, 89.5, 103.97, 709.78, 709.79, 745.13, 36.7, 37.5, 17.0, 20.0, 20.000001]
    points = np.array(mags, dtype=np.float64)
    points = np.concatenate([points, -points, np.linspace(-40, 40, dense)])
    kinks = np.array([-6, -3, -1, -0.5, 0, 0.5, 1, 3, 6, 20, -1.2, -0.75, -1.28], dtype=dtype)
    near = [np.nextafter(kinks, dtype(-np.inf)), kinks, np.nextafter(kinks, dtype(np.inf))]
    with np.errstate(over="ignore"):
        grid = points.astype(dtype)
    grid = np.concatenate([grid[np.isfinite(grid)], *near, np.array([0.0, -0.0], dtype=dtype)])
    return np.unique(grid)
