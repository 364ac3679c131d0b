"""erfc and erfcx accurate to about 1 ulp, from tables of Taylor expansions.

SciPy's ``erfcx`` is up to 5 ulp off on [1/2, 1] and its ``erfc``/``ndtr`` up to 16 ulp on
[1, 5] (and hundreds beyond, where ``exp(−u²)`` loses ``u²·ε``).  Both functions are entire, so
a Taylor polynomial about the nodes ``a = k/128`` is exact to working precision for
``|u − a| ≤ 1/256``; ``u − a`` is exact there (Sterbenz).  The coefficients come from mpmath
and exact derivative recurrences:

* erfc on [0, 6], degree 8: ``erfc' = −(2/√π)·h`` with ``h = e^{−u²}``,
  ``h⁽ⁿ⁺¹⁾ = −2u·h⁽ⁿ⁾ − 2n·h⁽ⁿ⁻¹⁾``;
* erfcx on [6, 27], degree 7: ``y' = 2u·y − 2/√π``, ``y⁽ⁿ⁺¹⁾ = 2u·y⁽ⁿ⁾ + 2n·y⁽ⁿ⁻¹⁾``.

The tables depend on nothing but these constants, so they are computed once by
``tools/generate_numeric_data.py`` (:func:`build_erfc_table`, :func:`build_erfcx_table`) and
shipped as ``data/erfc.npy`` and ``data/erfcx.npy`` (220 kB); a test rebuilds sample rows.

>>> import numpy as np
>>> float(erfcx(np.array([7.0]))[0]), float(erfc(np.array([1.0]))[0])
(0.07980005432915294, 0.15729920705028513)
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["ERFCX_TO", "ERFC_TO", "build_erfc_table", "build_erfcx_table", "erfc", "erfcx"]

DATA = Path(__file__).with_name("data")

STEP = 1 / 128
ERFC_TO, ERFC_DEGREE = 6.0, 8
ERFCX_FROM, ERFCX_TO, ERFCX_DEGREE = 6.0, 27.0, 7


def _coefficients(derivatives: list[Any]) -> list[float]:
    import mpmath

    return [float(d / mpmath.factorial(k)) for k, d in enumerate(derivatives)]


def build_erfc_table(rows_wanted: range | None = None) -> np.ndarray:
    """Taylor coefficients of erfc about ``k/128`` (columns: nodes), from mpmath at 40 digits."""
    import mpmath

    rows = []
    with mpmath.workdps(40):
        c = -2 / mpmath.sqrt(mpmath.pi)
        for i in range(round(ERFC_TO / STEP) + 2) if rows_wanted is None else rows_wanted:
            a = i * mpmath.mpf(STEP)
            h = [mpmath.exp(-a * a), -2 * a * mpmath.exp(-a * a)]
            for n in range(1, ERFC_DEGREE):
                h.append(-2 * a * h[n] - 2 * n * h[n - 1])
            rows.append(_coefficients([mpmath.erfc(a)] + [c * h[k] for k in range(ERFC_DEGREE)]))
    return np.ascontiguousarray(np.array(rows).T)


def build_erfcx_table(rows_wanted: range | None = None) -> np.ndarray:
    """Taylor coefficients of erfcx about ``6 + k/128`` (columns: nodes), mpmath at 40 digits."""
    import mpmath

    rows = []
    with mpmath.workdps(40):
        c = 2 / mpmath.sqrt(mpmath.pi)
        nodes = round((ERFCX_TO - ERFCX_FROM) / STEP) + 2
        for i in range(nodes) if rows_wanted is None else rows_wanted:
            a = ERFCX_FROM + i * mpmath.mpf(STEP)
            y = [mpmath.exp(a * a) * mpmath.erfc(a)]
            y.append(2 * a * y[0] - c)
            for n in range(1, ERFCX_DEGREE):
                y.append(2 * a * y[n] + 2 * n * y[n - 1])
            rows.append(_coefficients(y))
    return np.ascontiguousarray(np.array(rows).T)


def _load(name: str, shape: tuple[int, int]) -> np.ndarray:
    table = np.load(DATA / f"{name}.npy", allow_pickle=False)
    if table.shape != shape or table.dtype != np.float64:  # a stale or damaged install
        msg = f"symact/numeric/data/{name}.npy has shape {table.shape}, expected {shape}; reinstall"
        raise RuntimeError(msg)
    return np.ascontiguousarray(table)


@cache
def _erfc_table() -> np.ndarray:
    return _load("erfc", (ERFC_DEGREE + 1, round(ERFC_TO / STEP) + 2))


@cache
def _erfcx_table() -> np.ndarray:
    return _load("erfcx", (ERFCX_DEGREE + 1, round((ERFCX_TO - ERFCX_FROM) / STEP) + 2))


def _horner(table: np.ndarray, start: float, u: np.ndarray) -> np.ndarray:
    """Evaluate the expansion about the nearest node (one gather per coefficient column)."""
    # fmax maps NaN to node 0 (the value stays NaN through d): no garbage index from NaN
    index = np.rint(np.fmax((u - start) * (1 / STEP), 0.0)).astype(np.intp)
    d = u - (start + index * STEP)
    acc = table[-1].take(index)
    for column in table[-2::-1]:
        acc *= d
        acc += column.take(index)
    return acc


def erfc(u: np.ndarray) -> np.ndarray:
    """``erfc(u)`` for float64 ``u`` in [0, ERFC_TO] (clipped there)."""
    return _horner(_erfc_table(), 0.0, np.clip(u, 0.0, ERFC_TO))


def erfcx(u: np.ndarray) -> np.ndarray:
    """``e^{u²}·erfc(u)`` for float64 ``u`` in [ERFCX_FROM, ERFCX_TO] (clipped there)."""
    return _horner(_erfcx_table(), ERFCX_FROM, np.clip(u, ERFCX_FROM, ERFCX_TO))
