"""Expression → NumPy/SciPy kernel: a tree of small closures, one per SymPy node.

A kernel maps a 1-d array ``v`` of the compute dtype (the values of ``x``) to an array of the
same shape, or to a scalar of that dtype for constant sub-expressions.  Constants are bound in
the compute dtype, so float32 stays float32.  Small integer powers are expanded into products.
Nodes whose argument is rounded and whose value is sensitive to it (``sigmoid(u)`` for
``u ≪ 0``, ``exp(-x²/2)``, …) recompute the argument to twice the precision where that
matters (compensated Horner, :mod:`symact.numeric.eft`).

>>> import numpy as np
>>> from sympy import Symbol
>>> x = Symbol("x", real=True)
>>> k = lower(x**3 + 1, Context(np.dtype(np.float32), x))
>>> k(np.array([2.0], dtype=np.float32))
array([9.], dtype=float32)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import sympy
from sympy import Add, Expr, Mul, Piecewise, Pow
from sympy.codegen.cfunctions import hypot

from symact.errors import UnsupportedExpressionError
from symact.numeric import kernels
from symact.numeric.context import Context, Kernel, round_to
from symact.numeric.kernels import WIDE
from symact.numeric.pieces import lower_piecewise
from symact.numeric.refine import (
    SENSITIVE_NODES,
    erfc_kernel,
    is_exact_argument,
    saturated,
    saturation_bound,
    sensitive_kernel,
)
from symact.primitives import (
    BY_NODE,
    PRIMITIVES,
    Primitive,
    erfc_accurate,
    half_hypot_plus,
    sigmoid,
)

__all__ = [
    "SENSITIVE_NODES",
    "WIDE",
    "Context",
    "Kernel",
    "is_exact_argument",
    "lower",
    "round_to",
    "saturation_bound",
]


def _plain(p: Primitive) -> Callable[..., Any]:
    """The plain kernel a record names: a NumPy ufunc (run in place), a SciPy function (run
    in float64: imported on first use, ``scipy.special`` costs 0.3 s to import), or a wrapper
    that silences the overflow of a function whose finite arguments can give ±inf."""
    module, _, name = str(p.numpy).rpartition(".")
    if module == "scipy.special":
        return lambda u: kernels.via_double(_scipy_special(name), u)
    ufunc = getattr(np, name)
    if p.overflows:
        return lambda u: _over(ufunc, u)
    return ufunc


def _scipy_special(name: str) -> Callable[..., Any]:
    import scipy.special

    return getattr(scipy.special, name)


#: One-argument nodes with a plain kernel, as the primitives' records name them.
_UFUNCS: dict[type, Callable[..., Any]] = {p.node: _plain(p) for p in PRIMITIVES if p.numpy}
#: The names the "cannot lower" message lists.
_LOWERED = ", ".join(p.name for p in PRIMITIVES if p.build is not None)


def _over(f: Callable[..., Any], u: Any) -> Any:
    with np.errstate(over="ignore"):
        return f(u)


def lower(expr: Expr, ctx: Context) -> Kernel:
    """Compile ``expr`` (already stabilised) to a kernel for ``ctx``: constants and ``x``
    here, every other node by the handler of the first class of its hierarchy (its MRO) that
    has one in :data:`_HANDLERS`, else as a primitive by :func:`_primitive`."""
    if not expr.free_symbols:
        c = ctx.const(expr)
        return lambda v: c
    if expr == ctx.x:
        return lambda v: v
    for cls in type(expr).__mro__:
        handler = _HANDLERS.get(cls)
        if handler is not None:
            return handler(expr, ctx)
    return _primitive(expr, ctx)


def _add(expr: Add, ctx: Context) -> Kernel:
    shifted = _affine(expr, ctx)
    if shifted is not None:
        return shifted
    horner = _horner(expr, ctx)
    if horner is not None:
        return horner
    const, rest = expr.as_coeff_Add()
    parts = [lower(t, ctx) for t in Add.make_args(rest)]
    c = ctx.const(const) if const != 0 else None

    def run(v: Any) -> Any:
        acc = parts[0](v)
        for part in parts[1:]:
            term = part(v)
            acc = np.add(acc, term, out=kernels.into(v, acc, term))
        return np.add(acc, c, out=kernels.into(v, acc)) if c is not None else acc

    return run


def _affine(expr: Add, ctx: Context) -> Kernel | None:
    """``a·x + b`` as ``a·(x - r)`` when the root ``r`` is exact: no cancellation near ``r``."""
    x = ctx.x
    poly = expr.as_poly(x) if expr.is_polynomial(x) else None
    if poly is None or poly.degree() != 1 or expr.free_symbols != {x}:
        return None
    a, b = poly.all_coeffs()
    if not (a.is_Rational and b.is_Rational) or b == 0:
        return None
    r = -b / a
    r_float = ctx.const(r)
    if sympy.Rational(float(r_float)) != r:
        return None
    scale = _scale(a, ctx)
    return lambda v: scale(v - r_float, v)


def _horner(expr: Expr, ctx: Context) -> Kernel | None:
    """An expanded polynomial ``Σ aₖ·xᵏ`` (degree 2 to 16, numeric coefficients) by Horner's
    rule — in ``x²`` when it is even or odd: ``c·(x + k·x³) = x·(c + ck·x²)`` is four passes
    instead of six, and no power of ``x`` overflows before the value does."""
    x = ctx.x
    if not expr.is_polynomial(x) or expr.free_symbols != {x}:
        return None
    poly = sympy.Poly(expr, x)
    if not 2 <= poly.degree() <= 16 or not all(c.is_number for c in poly.all_coeffs()):
        return None
    terms = dict(poly.terms())
    powers = [monomial[0] for monomial in terms]
    parity = {k % 2 for k in powers}
    if len(parity) == 1:  # even or odd: Horner in t = x², times x when odd
        odd = parity == {1}
        top = max(powers) // 2
        coeffs = [ctx.const(terms.get((2 * j + int(odd),), 0)) for j in range(top, -1, -1)]
    else:
        odd = False
        coeffs = [ctx.const(c) for c in poly.all_coeffs()]
    squared = len(parity) == 1

    def run(v: Any) -> Any:
        t = v * v if squared else v
        acc = t * coeffs[0]
        for c in coeffs[1:-1]:
            if c:
                acc += c
            acc *= t
        if coeffs[-1]:
            acc += coeffs[-1]
        if odd:
            acc *= v
        return acc

    return run


def _scale(a: Expr, ctx: Context) -> Callable[[Any, Any], Any]:
    """``(t, v) ↦ a·t`` for the exact ``a``: divide by ``q`` when ``a = 1/q`` (one rounding);
    in place when ``t`` is a temporary (not the input ``v``)."""
    if a == 1:
        return lambda t, v: t
    if a.is_Rational and a.p in (1, -1) and a.q & (a.q - 1):
        q = ctx.const(a.q * a.p)
        return lambda t, v: np.divide(t, q, out=kernels.into(v, t))
    c = ctx.const(a)
    return lambda t, v: np.multiply(t, c, out=kernels.into(v, t))


def _mul(expr: Mul, ctx: Context) -> Kernel:
    # every constant factor (2·√2/√π) folded into one coefficient, rounded once
    coeff, rest = expr.as_independent(*expr.free_symbols, as_Add=False)
    if not coeff.is_number or not rest.free_symbols:
        coeff, rest = expr.as_coeff_Mul()
    if coeff != 1 and isinstance(rest, Add):  # c·(polynomial): the constant goes inside
        horner = _horner(sympy.expand(expr), ctx)
        if horner is not None:
            return horner
    num, den, logistic, sigmoids = [], [], [], []
    for factor in Mul.make_args(rest):
        if isinstance(factor, Pow) and factor.exp.is_negative and factor.exp.is_Rational:
            den.append(lower(factor.base ** (-factor.exp), ctx))
        elif _fusable_sigmoid(factor, ctx):
            logistic.append(_saturated_argument(factor, ctx))
            sigmoids.append(factor)
        else:
            num.append(lower(factor, ctx))
    if logistic and not num:  # c·σ(u)/…: no numerator to divide, keep the sigmoid kernels
        num, logistic = [lower(f, ctx) for f in sigmoids], []
    run = _product(coeff, num, den, ctx)
    if logistic:
        run = _over_logistic(run, logistic, ctx)
    return _vanishing(expr, ctx, run)


def _fusable_sigmoid(factor: Expr, ctx: Context) -> bool:
    """``σ(u)`` whose plain kernel would serve (no refinement, no saturation clip)."""
    if not isinstance(factor, sigmoid) or not factor.free_symbols:
        return False
    u = factor.args[0]
    return not (ctx.refine and u.is_polynomial(ctx.x) and not is_exact_argument(u, ctx))


def _saturated_argument(factor: Expr, ctx: Context) -> Kernel:
    """The argument ``u`` of ``f(u)``, at ``clip(x, ±B)`` when ``f`` saturates there."""
    u = lower(factor.args[0], ctx)
    b = saturation_bound(factor, ctx)
    if b is None:
        return u
    return lambda v: u(np.clip(v, -b, b))


def _over_logistic(run: Kernel, logistic: list[Kernel], ctx: Context) -> Kernel:
    """``a·σ(u₁)·σ(u₂)…`` as ``a/(1 + e^{-u₁})/…``: one division instead of a reciprocal and a
    product (``silu = x/(1 + e^{-x})``).  Where ``e^{-u}`` overflows (``σ(u)`` near the
    subnormal range) those elements take ``a·e^u/(1 + e^u)``."""
    limit = kernels.logistic_tail(ctx.dtype)

    def fused(v: Any) -> Any:
        acc = run(v)
        for kernel in logistic:
            u = kernel(v)
            tail: Any = None
            w: Any = None
            if u.size and np.fmin.reduce(u, axis=None) < limit:  # fmin: NaN ignored
                tail = np.flatnonzero(u < limit)
                w = u[tail]
            e = np.negative(u, out=kernels.into(v, u))
            with np.errstate(over="ignore"):  # inf where σ(u) is in the tail, fixed below
                np.exp(e, out=e)
            before = np.broadcast_to(acc, e.shape)[tail] if tail is not None else None
            if ctx.careful:  # e is e^{-u} here: the division forms 1 + e itself
                acc = kernels.over_one_plus(np.broadcast_to(acc, e.shape), e)
            else:
                e += 1
                acc = np.divide(acc, e, out=kernels.into(v, acc, e))
            if tail is not None:
                t = np.exp(w)
                acc[tail] = before * (t / (1 + t))
        return acc

    return fused


def _vanishing(expr: Mul, ctx: Context, run: Kernel) -> Kernel:
    """Clip ``x`` for a product that has a saturating factor ``f(p(x))`` equal to 0 at both
    ``±B`` (``x·p(x)·σ(2u)σ(−2u)``): beyond ``B`` the product is 0 and the polynomial factors
    must not overflow on the way there."""
    bounds = [b for f in Mul.make_args(expr) if (b := saturation_bound(f, ctx)) is not None]
    if not bounds:
        return run
    b = max(bounds)
    probe = np.array([-b, b], dtype=ctx.dtype)
    factors = [lower(f, ctx) for f in Mul.make_args(expr) if saturation_bound(f, ctx) is not None]
    value = np.ones(2, dtype=ctx.dtype)
    with np.errstate(all="ignore"):  # a growing factor may overflow at ±B: inf·0 is NaN ≠ 0
        for f in factors:
            value = value * f(probe)
    if np.any(value != 0):
        return run
    return lambda v: run(np.clip(v, -b, b))


def _product(coeff: Expr, num: list[Kernel], den: list[Kernel], ctx: Context) -> Kernel:
    scale = _scale(coeff, ctx)
    early = abs(coeff) <= 1 and bool(num)

    def run(v: Any) -> Any:
        # A shrinking coefficient goes first (x·erfc(…)/2 must not overflow at x = max);
        # a growing one last, where overflow means this node's own value exceeds the range.
        acc: Any = (scale(num[0](v), v) if early else num[0](v)) if num else None
        for f in num[1:]:
            term = f(v)
            acc = np.multiply(acc, term, out=kernels.into(v, acc, term))
        if den:
            d = den[0](v)
            for f in den[1:]:
                term = f(v)
                d = np.multiply(d, term, out=kernels.into(v, d, term))
            one = ctx.dtype.type(1)
            acc = np.divide(one if acc is None else acc, d, out=kernels.into(v, acc, d))
        if early:
            return acc
        with np.errstate(over="ignore"):
            return scale(acc, v)

    return run


def _pow(expr: Pow, ctx: Context) -> Kernel:
    base, e = expr.as_base_exp()
    if e.is_Integer and 0 < int(e) <= 16:
        b = lower(base, ctx)
        n = int(e)
        return lambda v: _ipow(b(v), n)
    if e.is_Integer and -16 <= int(e) < 0:
        # (1/t)**n: underflows quietly where t**n would overflow.
        b = lower(base, ctx)
        n = -int(e)
        return lambda v: _ipow(1 / b(v), n)
    if e == sympy.S.Half:
        b = lower(base, ctx)
        return lambda v: np.sqrt(b(v))
    if e == -sympy.S.Half:
        b = lower(base, ctx)
        return lambda v: 1 / np.sqrt(b(v))
    if not base.free_symbols:
        return lower(sympy.exp(e * sympy.log(base)), ctx)
    b, p = lower(base, ctx), lower(e, ctx)
    return lambda v: np.power(b(v), p(v))


def _ipow(t: Any, n: int) -> Any:
    """``t**n`` by repeated squaring (``x*x*x`` is 20x faster than ``x**3`` in NumPy), with
    one temporary for the result and one for the square."""
    if n == 1:
        return t
    square = t * t
    if n == 2:
        return square
    if n == 3:
        return np.multiply(square, t, out=square if isinstance(square, np.ndarray) else None)
    result = t if n & 1 else None
    n >>= 1
    while True:
        if n & 1:
            result = square if result is None else result * square
        n >>= 1
        if not n:
            return result
        square = square * square


def _extremum(expr: Expr, ctx: Context) -> Kernel:
    parts = [lower(a, ctx) for a in expr.args]
    pick: Any = kernels.maximum if type(expr) is sympy.Max else kernels.minimum
    return lambda v: _reduce(pick, [p(v) for p in parts])


def _hypot(expr: Expr, ctx: Context) -> Kernel:
    a, b = (lower(t, ctx) for t in expr.args)
    return lambda v: np.hypot(a(v), b(v))


def _half_hypot_plus(expr: Expr, ctx: Context) -> Kernel:
    u = lower(expr.args[0], ctx)
    c = ctx.const(expr.args[1])
    return lambda v: kernels.half_hypot_plus(u(v), c)


def _erfc_accurate(expr: Expr, ctx: Context) -> Kernel:
    u = expr.args[0]
    return saturated(expr, ctx, erfc_kernel(u, lower(u, ctx), ctx))


def _primitive(expr: Expr, ctx: Context) -> Kernel:
    """A one-argument primitive: its sensitive kernels, else the plain kernel its record
    names (:data:`_UFUNCS`)."""
    func = type(expr)
    if func in SENSITIVE_NODES:
        u = expr.args[0]
        kernel = sensitive_kernel(BY_NODE[func].name, u, lower(u, ctx), ctx)
        return saturated(expr, ctx, kernel)
    ufunc = _UFUNCS.get(func)
    if ufunc is None or len(expr.args) != 1:
        msg = (
            f"cannot lower {func.__name__}(...) in {expr} to NumPy; "
            f"use {_LOWERED}, sqrt, Piecewise or a catalog function"
        )
        raise UnsupportedExpressionError(msg)
    arg = lower(expr.args[0], ctx)
    if isinstance(ufunc, np.ufunc):  # in place on a temporary argument

        def run(v: Any) -> Any:
            a = arg(v)
            return ufunc(a, out=kernels.into(v, a))

        return saturated(expr, ctx, run)
    return saturated(expr, ctx, lambda v: ufunc(arg(v)))


def _reduce(ufunc: Any, values: list[Any]) -> Any:
    acc = values[0]
    for value in values[1:]:
        acc = ufunc(acc, value)
    return acc


#: One handler per node type, found through the class hierarchy (as SymPy's printers find
#: ``_print_<Class>``); primitives without an entry go to :func:`_primitive`.
_HANDLERS: dict[type, Callable[[Any, Context], Kernel]] = {
    Add: _add,
    Mul: _mul,
    Pow: _pow,
    Piecewise: lambda expr, ctx: lower_piecewise(expr, ctx, lower),
    sympy.Max: _extremum,
    sympy.Min: _extremum,
    hypot: _hypot,
    half_hypot_plus: _half_hypot_plus,
    erfc_accurate: _erfc_accurate,
}
