"""Root patches and their use at run time: each :class:`RootPatch` (found by
:mod:`symact.numeric.roots`) overwrites the float64 kernel's values near one root with a fit,
long double, or a Taylor series about the root.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import astuple, dataclass
from functools import lru_cache
from typing import Any

import numpy as np

__all__ = ["RootPatch", "apply_fit", "apply_patches"]

Kernel = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class RootPatch:
    """Long double within ``wide`` of the root ``hi + lo``, the series within ``narrow``."""

    hi: float
    lo: float
    wide: float
    narrow: float
    coeffs: tuple[float, ...]
    #: A fit ``f(r + d) ≈ dᵐ·P(dˢ)`` valid on all of ``wide`` (then no long double):
    #: ``P``'s coefficients (highest degree first), ``m`` and ``s``.
    poly: tuple[float, ...] = ()
    order: int = 0
    step: int = 1

    def astuple(self) -> tuple[Any, ...]:
        """The fields in order, as :mod:`symact.numeric.analysis_cache` stores them."""
        return astuple(self)


def apply_fit(p: RootPatch, v: Any, out: Any) -> None:
    """``out = dᵐ·P(dˢ)`` where ``|v − r| < wide``."""
    mask = np.abs(v - p.hi) < p.wide if p.hi else np.abs(v) < p.wide
    if not mask.any():
        return
    inside = np.flatnonzero(mask)  # indices: boolean gathers are 10× slower
    d = v[inside]
    if p.hi or p.lo:
        d = (d - p.hi) - p.lo
    t = d * d if p.step == 2 else d
    if len(p.poly) == 1:
        acc = np.full_like(t, p.poly[0])
    else:
        acc = t * p.poly[0]
        for c in p.poly[1:-1]:
            acc += c
            acc *= t
        acc += p.poly[-1]
    order = p.order
    while p.step == 2 and order >= 2:  # dᵐ as (d²)^⌊m/2⌋·d
        acc *= t
        order -= 2
    for _ in range(order):
        acc *= d
    out[inside] = acc


@lru_cache(maxsize=256)
def _bounds(patches: tuple[RootPatch, ...]) -> np.ndarray:
    """Sorted, disjoint ``[a₁, b₁, a₂, b₂, …]`` covering every long-double region."""
    spans = sorted((p.hi - p.wide, p.hi + p.wide) for p in patches)
    merged: list[list[float]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return np.array([t for span in merged for t in span])


def apply_patches(patches: tuple[RootPatch, ...], v: Any, out: Any, wide: Kernel) -> None:
    """Overwrite ``out`` inside the patches (``v`` float64, ``out`` its kernel values): one
    ``searchsorted`` finds the long-double regions, the series refine near each root."""
    for p in patches:
        if p.poly:
            apply_fit(p, v, out)
    patches = tuple(p for p in patches if not p.poly)
    if not patches:
        return
    bounds = _bounds(patches)
    if len(bounds) <= 4:  # one or two intervals: comparisons beat a binary search
        inside = (v >= bounds[0]) & (v < bounds[1])
        if len(bounds) == 4:
            inside |= (v >= bounds[2]) & (v < bounds[3])
    else:
        inside = (np.searchsorted(bounds, v, side="right") & 1).astype(bool)
    if not inside.any():
        return
    inside = np.flatnonzero(inside)
    sub = v[inside]
    with np.errstate(over="ignore"):  # beyond the float64 range inf is the rounded value
        value = np.asarray(wide(sub.astype(np.longdouble))).astype(np.float64)
    for p in patches:
        if not p.narrow:
            continue
        near = np.abs(sub - p.hi) < p.narrow
        if near.any():
            near = np.flatnonzero(near)
            d = (sub[near] - p.hi) - p.lo
            acc = np.full_like(d, p.coeffs[-1])
            for c in p.coeffs[-2::-1]:
                acc = acc * d + c
            value[near] = acc
    out[inside] = value
