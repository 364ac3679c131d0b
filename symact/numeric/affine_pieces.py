"""Continuous piecewise-*affine* ``Piecewise`` as branch-free arithmetic: ``maximum`` (convex),
``minimum`` (concave), ``clip`` (flat–affine–flat), ``s·x ± clip`` or a sum of clips, and
``x·g`` for such a ``g`` (``hard_silu``); all propagate NaN and ±inf by themselves.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import numpy as np
import sympy
from sympy import Expr

from symact.numeric import kernels
from symact.numeric.context import Context, Kernel, Lower
from symact.numeric.segments import Segment

__all__ = ["affine", "continuous", "factor_x", "piecewise_affine", "x_factored"]


def affine(expr: Expr, x: sympy.Symbol) -> bool:
    return expr.free_symbols <= {x} and expr.is_polynomial(x) and sympy.degree(expr, x) <= 1


def continuous(segs: list[Segment], x: sympy.Symbol) -> bool:
    for left, right in pairwise(segs):
        b = left.interval.sup
        if left.expr.subs(x, b) != right.expr.subs(x, b):
            return False
    return True


def factor_x(segs: list[Segment], ctx: Context, lower: Lower) -> Kernel | None:
    """``x·g(x)`` with ``g`` continuous piecewise-affine (``hard_silu = x·hard_sigmoid``)."""
    inner = x_factored(segs, ctx.x)
    if inner is None:
        return None
    g = piecewise_affine(inner, ctx, lower)

    def run(v: Any) -> Any:
        t = g(v)
        return np.multiply(v, t, out=kernels.into(v, t))

    return run


def x_factored(segs: list[Segment], x: sympy.Symbol) -> list[Segment] | None:
    """The segments of ``g`` when ``f = x·g`` with ``g`` continuous piecewise-affine."""
    quotients = [sympy.cancel(s.expr / x) for s in segs]
    if not all(affine(q, x) for q in quotients) or all(q.is_number for q in quotients):
        return None
    inner = [Segment(s.interval, q) for s, q in zip(segs, quotients, strict=True)]
    if not continuous(inner, x) or all(affine(s.expr, x) for s in segs):
        return None
    return inner


def piecewise_affine(segs: list[Segment], ctx: Context, lower: Lower) -> Kernel:
    x = ctx.x
    slopes = [sympy.diff(s.expr, x) for s in segs]
    parts = [lower(s.expr, ctx) for s in segs]
    if all(a <= b for a, b in pairwise(slopes)):
        return lambda v: _fold(kernels.maximum, [p(v) for p in parts])
    if all(a >= b for a, b in pairwise(slopes)):
        return lambda v: _fold(kernels.minimum, [p(v) for p in parts])
    if len(segs) == 3 and slopes[0] == 0 and slopes[2] == 0:
        lo, hi = ctx.const(segs[0].expr), ctx.const(segs[2].expr)
        lo, hi = min(lo, hi), max(lo, hi)
        middle = parts[1]

        def clipped(v: Any) -> Any:
            t = middle(v)
            return np.clip(t, lo, hi, out=kernels.into(v, t))

        return clipped
    shifted = _linear_plus_clip(segs, slopes, ctx)
    if shifted is not None:
        return shifted
    return _clip_sum(segs, slopes, ctx)


def _linear_plus_clip(segs: list[Segment], slopes: list[Expr], ctx: Context) -> Kernel | None:
    """Equal outer slopes ``s``: ``f = s·x ± clip(x, lo, hi)`` (``soft_shrink = x − clip``)."""
    x = ctx.x
    s = slopes[0]
    if len(segs) != 3 or s == 0 or slopes[2] != s or sympy.expand(slopes[1] - s) not in (1, -1):
        return None
    sign = slopes[1] - s
    lo, hi = segs[0].interval.sup, segs[2].interval.inf
    offset = sympy.expand(segs[1].expr - s * x - sign * x)
    if offset != 0 or sympy.expand(segs[0].expr - s * x - sign * lo) != 0:
        return None
    a, b = ctx.const(lo), ctx.const(hi)
    if s == 1 and sign == -1:
        return lambda v: v - np.clip(v, a, b)
    scale, sg = ctx.const(s), ctx.const(sign)
    return lambda v: v * scale + sg * np.clip(v, a, b)


def _fold(ufunc: Any, values: list[Any]) -> Any:
    acc = values[0]
    for value in values[1:]:
        acc = ufunc(acc, value)
    return acc


def _clip_sum(segs: list[Segment], slopes: list[Expr], ctx: Context) -> Kernel:
    """``f(b₁) + Σ sᵢ·(clip(x, bᵢ, bᵢ₊₁) − bᵢ)`` over the breakpoints (continuous ``f``)."""
    x = ctx.x
    bounds = [s.interval.sup for s in segs[:-1]]
    start = segs[0].expr.subs(x, bounds[0])
    terms: list[tuple[Any, Any, Any]] = []
    const = start
    for i, slope in enumerate(slopes):
        if slope == 0:
            continue
        lo = bounds[i - 1] if i > 0 else None
        hi = bounds[i] if i < len(bounds) else None
        anchor = lo if lo is not None else hi
        const -= slope * anchor
        terms.append((ctx.const(slope), _c(lo, ctx, -np.inf), _c(hi, ctx, np.inf)))
    c = ctx.const(const)

    def run(v: Any) -> Any:
        acc: Any = None
        for slope, lo, hi in terms:
            t = np.clip(v, lo, hi)
            t *= slope
            acc = t if acc is None else np.add(acc, t, out=acc)
        return np.add(acc, c, out=acc)

    return run


def _c(value: Expr | None, ctx: Context, missing: float) -> Any:
    """A clip bound in the compute dtype; ``missing`` (±inf, not None: faster) when absent."""
    return ctx.dtype.type(missing) if value is None else ctx.const(value)
