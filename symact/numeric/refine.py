"""Arguments that need care: refinement of rounded arguments, saturation guards, and erfc.

``σ(u)``, ``softplus(u)``, ``exp(u)``, ``expm1(u)`` amplify a relative rounding error of a
computed argument ``u`` by about ``|u|``: where that matters a polynomial argument is
recomputed as ``hi + lo`` by the compensated Horner scheme (:mod:`symact.numeric.eft`, plain
float64) and the first-order correction ``f'(hi)·lo`` is added.  ``erfc(c·x)`` gets
the rounding error of ``c·x`` exactly (Dekker's product).  ``f(p(x))`` with a saturating ``f``
and a polynomial ``p`` that could overflow is evaluated at ``clip(x, ±B)``.

>>> import numpy as np
>>> from sympy import Symbol, exp
>>> from symact.numeric.context import Context
>>> x = Symbol("x", real=True)
>>> saturation_bound(exp(-x**2 / 2), Context(np.dtype(np.float64), x))
np.float64(20001.0)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import sympy
from sympy import Expr

from symact.numeric import eft, kernels
from symact.numeric.context import Context, Kernel
from symact.primitives import PRIMITIVES, nodes_where

__all__ = [
    "SATURATION",
    "SENSITIVE_NODES",
    "erfc_kernel",
    "is_exact_argument",
    "saturated",
    "saturation_bound",
    "sensitive_kernel",
]

#: Nodes whose value amplifies a rounding error of their argument (``exp(u)`` for large |u|);
#: their kernels are found in :mod:`symact.numeric.kernels` under the primitive's name.
SENSITIVE_NODES = nodes_where(lambda p: p.sensitive)

_DENSE: dict[str, Callable[..., Any]] = {
    p.name: getattr(kernels, p.name) for p in PRIMITIVES if p.sensitive
}


#: Functions constant (or 0/inf) to working precision once |argument| > SATURATION.
_SATURATING = nodes_where(lambda p: p.saturates)
SATURATION = 10_000


def saturated(expr: Expr, ctx: Context, kernel: Kernel) -> Kernel:
    """Clip ``x`` to ``[-B, B]`` before ``f(p(x))`` when ``p(x)`` could overflow, with ``B``
    beyond which ``|p(x)| > SATURATION``: ``f`` then gives the same float at ``x`` and ``±B``.
    """
    b = saturation_bound(expr, ctx)
    if b is None:
        return kernel
    return lambda v: kernel(np.clip(v, -b, b))


def saturation_bound(expr: Expr, ctx: Context) -> Any:
    """``B`` for a saturating ``f(p(x))`` whose polynomial ``p`` can overflow, else None."""
    if not isinstance(expr, _SATURATING) or not expr.args[0].free_symbols:
        return None
    u = expr.args[0]
    if not u.is_polynomial(ctx.x):
        return None
    poly = sympy.Poly(u, ctx.x)
    coeffs = [abs(c) for c in poly.all_coeffs()]
    if poly.degree() < 2 and coeffs[0] <= 1:
        return None
    lead = coeffs[0]
    bound = 1 + max([*(c / lead for c in coeffs[1:-1]), (coeffs[-1] + SATURATION) / lead])
    return ctx.const(sympy.ceiling(bound))


def is_exact_argument(u: Expr, ctx: Context) -> bool:
    """``u`` is computed without rounding: ``±2^k·x`` (or a constant)."""
    if not u.free_symbols:
        return True
    ratio = sympy.cancel(u / ctx.x)  # simplify() would import sympy.physics: 0.7 s
    return bool(
        ratio.is_Rational
        and ratio != 0
        and (abs(ratio).p & (abs(ratio).p - 1)) == 0
        and (abs(ratio).q & (abs(ratio).q - 1)) == 0
    )


def _refinable(u: Expr, ctx: Context) -> bool:
    return ctx.refine and u.is_polynomial(ctx.x) and not is_exact_argument(u, ctx)


def sensitive_kernel(name: str, u_expr: Expr, u: Kernel, ctx: Context) -> Kernel:
    """A kernel for ``name(u)`` (``u`` the kernel of ``u_expr``), refined where it amplifies
    the rounding of ``u``: there ``u`` is recomputed as ``hi + lo`` by the compensated Horner
    scheme and the first-order correction ``f'(hi)·lo`` is added."""
    careful = ctx.careful and name == "sigmoid"
    dense = kernels.sigmoid_careful if careful else _DENSE[name]
    if not _refinable(u_expr, ctx):

        def plain(v: Any) -> Any:
            uv = u(v)
            return dense(uv, out=kernels.into(v, uv))

        return plain
    u_twice = eft.horner(u_expr, ctx.x, ctx.dtype)
    sensitive = kernels.SENSITIVE[name]
    refined = kernels.REFINED["sigmoid_careful" if careful else name]

    def run(v: Any) -> Any:
        uv = u(v)
        out = dense(uv)
        mask = sensitive(uv)
        if mask.any():
            where = np.flatnonzero(mask)  # indices: boolean gathers are 10× slower
            out[where] = refined(*u_twice(v[where]))
        return out

    return run


def erfc_kernel(u_expr: Expr, u: Kernel, ctx: Context) -> Kernel:
    """``erfc(u)`` by :func:`kernels.erfc` (``u`` the kernel of ``u_expr``); a rounded ``u``
    passes its rounding error too: exactly by Dekker's product for ``u = c·x``, by compensated
    Horner otherwise."""
    if not _refinable(u_expr, ctx):
        return lambda v: kernels.erfc(u(v))
    c = sympy.cancel(u_expr / ctx.x)
    if not c.free_symbols:
        return _erfc_linear(c, ctx)
    u_twice = eft.horner(u_expr, ctx.x, ctx.dtype)
    return lambda v: kernels.erfc(*u_twice(v))


def _erfc_linear(c: Expr, ctx: Context) -> Kernel:
    """``erfc(c·x)`` for a constant ``c``: ``c·x = hi + lo`` by Dekker's product with ``c``
    split in two doubles."""
    c_hi = ctx.const(c)
    c_lo = np.float64(float(sympy.N(c - sympy.Rational(float(c_hi)), 30)))
    limit = ctx.const(40 / abs(c))

    def run(v: Any) -> Any:
        xs = np.clip(v, -limit, limit)  # erfc(±40) is 0 or 2: no overflow in the split
        u_hi = xs * c_hi
        u_lo = eft.two_product_error(xs, *eft.split(np.array([c_hi])), u_hi)
        u_lo += xs * c_lo
        return kernels.erfc(u_hi, u_lo)

    return run
