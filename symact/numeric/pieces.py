"""Lowering of ``Piecewise``: ``maximum``/``minimum``/``clip`` when the pieces allow, guarded
selection otherwise.

The conditions are turned into exclusive sets of reals (intervals and points) with exact
endpoints.  A continuous piecewise-*affine* function becomes ``maximum`` (convex),
``minimum`` (concave), ``clip`` (flat–affine–flat) or a sum of clips, all of which propagate
NaN and ±inf by themselves.  Otherwise each branch is evaluated at its argument *moved
strictly inside its own condition* (``clip`` to the innermost floats, ``nextafter`` of an open
endpoint), so a branch never sees an input it does not own — ``log`` on ``x > 0`` never sees 0,
``elu``'s exponential never overflows for large positive ``x`` — and ``numpy.where`` selects.
Comparisons with an endpoint ``b`` are exact: ``x > b`` becomes ``x ≥ f`` or ``x > f`` for the
float ``f`` nearest to ``b``, whichever has the same truth value for every float ``x``.

>>> import numpy as np
>>> from sympy import Piecewise, Symbol, Rational
>>> x = Symbol("x", real=True)
>>> from symact.numeric.lower import Context, lower
>>> k = lower_piecewise(Piecewise((0, x <= -3), (1, x >= 3), (x / 6 + Rational(1, 2), True)),
...                     Context(np.dtype(np.float64), x), lower)
>>> k(np.array([-4.0, 0.0, 1.5, 9.0]))
array([0.  , 0.5 , 0.75, 1.  ])
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import numpy as np
import sympy
from sympy import Expr, Interval, Piecewise

from symact.numeric import kernels
from symact.numeric.affine_pieces import affine, continuous, factor_x, piecewise_affine, x_factored
from symact.numeric.context import Context, Kernel, Lower, round_to
from symact.numeric.segments import Segment, intervals_of, segments

__all__ = ["branch_free", "lower_piecewise", "summable"]


def lower_piecewise(pw: Piecewise, ctx: Context, lower: Lower) -> Kernel:
    """Compile ``pw``: see the module docstring for the strategy."""
    segs = segments(pw, ctx.x)
    if len(segs) == 1:
        if not segs[0].expr.free_symbols:  # pieces that all agree on a constant: an array,
            c = ctx.const(segs[0].expr)  # as kernels of x expect (σ of it writes in place)
            return lambda v: np.full(np.shape(v), c, dtype=ctx.dtype)
        return lower(segs[0].expr, ctx)
    factored = factor_x(segs, ctx, lower)
    if factored is not None:
        return factored
    if all(affine(s.expr, ctx.x) for s in segs) and continuous(segs, ctx.x):
        return piecewise_affine(segs, ctx, lower)
    summed = _vanishing_sum(segs, ctx, lower)
    if summed is not None:
        return summed
    return _select(segs, ctx, lower)


def summable(pw: Piecewise, x: sympy.Symbol) -> bool:
    """Whether ``pw`` is a sum of branches that vanish at their ends (see
    :func:`_vanishing_sum`; this is the symbolic test, the lowering checks the floats)."""
    for seg in segments(pw, x):
        if seg.expr == 0:
            continue
        if seg.expr.is_number or isinstance(seg.interval, sympy.FiniteSet):
            return False
        ends = [e for e in (seg.interval.inf, seg.interval.sup) if e.is_finite]
        if not all(_vanishes(seg.expr.subs(x, e)) for e in ends):
            return False
    return True


def _vanishes(value: Expr) -> bool:
    """``value == 0`` for a constant; ``simplify`` (which imports sympy.physics on first use,
    0.7 s) only when SymPy's assumptions cannot tell."""
    if value.is_zero is not None:
        return bool(value.is_zero)
    return bool(sympy.simplify(value) == 0)


def branch_free(pw: Piecewise, x: sympy.Symbol) -> bool:
    """Whether ``pw`` lowers to ``maximum``/``minimum``/``clip`` arithmetic alone (a few
    passes, no masks): then it is cheap enough to run on the whole array at once."""
    segs = segments(pw, x)
    if len(segs) == 1 or x_factored(segs, x) is not None:
        return True
    if all(s.expr in (0, x) for s in segs):  # x·¬mask: compares and one product
        return True
    return all(affine(s.expr, x) for s in segs) and continuous(segs, x)


_OPS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}


def compare(op: str, bound: Expr, ctx: Context) -> Callable[[Any], Any]:
    """``v op bound`` decided exactly for every float ``v`` of the compute dtype."""
    if isinstance(bound, sympy.Float):  # SymPy says Rational(-1, 2) != Float(-0.5): be exact
        bound = sympy.Rational(bound)
    f = round_to(bound, ctx.dtype)
    if not np.isfinite(f):
        return lambda v: _OPS[op](v, f)
    # the float's exact binary value (its decimal string would say 0.7 = 7/10, which it is not)
    exact = sympy.Rational(*(int(k) for k in f.as_integer_ratio()))
    if exact != bound:
        above = exact > bound
        op = {
            ">": ">=" if above else ">",
            ">=": ">=" if above else ">",
            "<": "<" if above else "<=",
            "<=": "<" if above else "<=",
        }[op]
    return lambda v: _OPS[op](v, f)


def _mask(interval: Interval, ctx: Context) -> Callable[[Any], Any]:
    if isinstance(interval, sympy.FiniteSet):  # a single point: Interval(p, p) is {p}
        point = interval.args[0]
        at = compare(">=", point, ctx), compare("<=", point, ctx)
        return lambda v: at[0](v) & at[1](v)
    tests = []
    if interval.inf != -sympy.oo:
        tests.append(compare(">" if interval.left_open else ">=", interval.inf, ctx))
    if interval.sup != sympy.oo:
        tests.append(compare("<" if interval.right_open else "<=", interval.sup, ctx))

    def run(v: Any) -> Any:
        m = tests[0](v)
        for t in tests[1:]:
            m &= t(v)
        return m

    return run


def _vanishing_sum(segs: list[Segment], ctx: Context, lower: Lower) -> Kernel | None:
    """``Σ gᵢ(clip(x, Īᵢ))`` when every branch is exactly 0, in floating point, at the ends of
    its (closed) interval that touch another piece (``elu = max(x, 0) + expm1(min(x, 0))``).

    Outside its interval each term is then ``+0`` and inside it is ``gᵢ(x)``, so the sum is
    each branch's own value, exact; NaN propagates through ``clip``.  It replaces ``where``,
    whose cost on a random sign pattern (branch misprediction) exceeds the branches'.
    Returns None when some branch does not vanish at its ends (or is a non-zero constant).
    """
    x = ctx.x
    terms: list[tuple[Kernel, Any, Any]] = []
    for seg in segs:
        if seg.expr == 0:
            continue
        interval = seg.interval
        if seg.expr.is_number or isinstance(interval, sympy.FiniteSet):
            return None
        if not seg.expr.free_symbols <= {x}:
            return None
        lo = _closure_edge(interval.inf, ">=", ctx)
        hi = _closure_edge(interval.sup, "<=", ctx)
        body = lower(seg.expr, ctx)
        edges = [e for e in (lo, hi) if np.isfinite(e)]
        probe = np.array(edges, dtype=ctx.dtype)
        with np.errstate(all="ignore"):
            value = np.asarray(body(probe.copy()))
        if value.shape != probe.shape or np.any(value != 0):
            return None
        terms.append((body, lo, hi))
    if not terms:
        return None

    def run(v: Any) -> Any:
        acc = None
        for body, lo, hi in terms:
            t = body(np.clip(v, lo, hi))
            acc = t if acc is None else np.add(acc, t, out=kernels.into(v, acc, t))
        return acc

    return run


def _closure_edge(bound: Expr, op: str, ctx: Context) -> Any:
    """The float of the closed endpoint: the smallest float ``≥ bound`` (``op`` ``>=``) or
    the largest ``≤ bound``, so every float of the interval lies within the clip; ±inf for
    an infinite bound (``clip`` with ``None`` takes a slower path)."""
    if bound in (-sympy.oo, sympy.oo):
        return ctx.dtype.type(float(bound))
    test = compare(op, bound, ctx)
    f = ctx.dtype.type(ctx.const(bound))
    toward = ctx.dtype.type(np.inf if op == ">=" else -np.inf)
    while not test(f):
        f = np.nextafter(f, toward)
    return f


def _select(segs: list[Segment], ctx: Context, lower: Lower) -> Kernel:
    """Guarded selection: each branch at ``clip(x, interval)``, combined with ``where``.

    Segments with the same expression share one mask.  The default (unmasked) branch is the
    one that needs the fewest ``where``: a guarded branch already gives a constant
    neighbour's value on it when it is continuous there in floating point (``sparse_plus``'s
    ``(x+1)²/4`` at ``clip(x, -1, 1)`` is exactly 0 left of −1).
    """
    groups: dict[Expr, list[Interval]] = {}
    for seg in segs:
        groups.setdefault(seg.expr, []).append(seg.interval)
    exprs = list(groups)
    costs = {e: _needed(e, groups, ctx, lower) for e in exprs if e.free_symbols}
    default = min(costs, key=lambda e: (len(costs[e]), e != ctx.x)) if costs else exprs[-1]
    needed = costs.get(default, [e for e in exprs if e != default])
    branches = [
        (_masks(groups[e], ctx), _guarded(e, groups[e], ctx, lower), e == 0) for e in needed
    ]
    # the lanes a zero branch does not own, tested directly (no negation pass)
    keeps = {e: _masks(_complement(groups[e]), ctx) for e in needed if e == 0}
    fallback = _guarded(default, groups[default], ctx, lower)
    # out·¬m is one pass, but only if out is finite wherever m is set: out = x is (±inf
    # inputs take the wrapper's special-value path, which feeds the kernel finite values)
    multiply = default == ctx.x

    def run(v: Any) -> Any:
        out = fallback(v)
        out = np.array(out, dtype=ctx.dtype) if np.ndim(out) == 0 else out
        out = np.broadcast_to(out, v.shape) if out.shape != v.shape else out
        for mask, branch, zero in branches:
            if zero and multiply:  # where(m, 0, out) as out·¬m (+0 turns −0 into 0)
                keep = keeps[sympy.S.Zero](v)
                # the 0/1 factor in the float dtype: NumPy multiplies by a bool array
                # through a 3× slower casting loop
                factor = keep.astype(ctx.dtype) if isinstance(keep, np.ndarray) else keep
                out = np.multiply(out, factor, out=kernels.into(v, factor))
                out += 0
            elif zero:  # in place: out may be ±inf where the mask is set (1/x left of 0)
                if not out.flags.writeable or np.may_share_memory(out, v):
                    out = out.copy()
                np.copyto(out, 0, where=mask(v))
            else:
                out = np.where(mask(v), branch(v), out)
        return out

    return run


def _complement(intervals: list[Interval]) -> list[Interval]:
    """The reals outside ``intervals``, as intervals (points included)."""
    return intervals_of(sympy.Reals - sympy.Union(*intervals))


def _needed(
    default: Expr, groups: dict[Expr, list[Interval]], ctx: Context, lower: Lower
) -> list[Expr]:
    """The other branches that still need a ``where`` when ``default`` is unmasked."""
    if len(groups[default]) != 1:
        return [e for e in groups if e != default]
    own = groups[default][0]
    guarded = _guarded(default, [own], ctx, lower)
    needed = []
    for expr, intervals in groups.items():
        if expr == default:
            continue
        # absorbed: the default, clipped to its own interval, is this constant all over the
        # other one (x itself is never clipped, so it absorbs nothing); probed at several
        # points so that a coincidence (x = 3 at the probe 3) cannot pass
        clipped = default != ctx.x and not default.is_number
        if clipped and expr.is_number and len(intervals) == 1 and _absorbed(own, intervals[0]):
            probe = np.array(_probes(intervals[0], ctx), dtype=ctx.dtype)
            with np.errstate(all="ignore"):
                value = np.asarray(guarded(probe))
            if value.shape == probe.shape and np.all(value == ctx.const(expr)):
                continue
        needed.append(expr)
    return needed


def _probes(interval: Interval, ctx: Context) -> list[Any]:
    """Floats inside ``interval``: an interior point, one next to each finite end, one far."""
    points = [_inside(interval, ctx)]
    for bound, op in ((interval.inf, ">="), (interval.sup, "<=")):
        if bound not in (-sympy.oo, sympy.oo):
            edge = _closure_edge(bound, op, ctx)
            toward = ctx.dtype.type(np.inf if op == ">=" else -np.inf)
            points.append(np.nextafter(edge, toward))
    points.append(ctx.dtype.type(1e30 if interval.sup == sympy.oo else -1e30))
    return [p for p in points if _contains(interval, p)]


def _contains(interval: Interval, point: Any) -> bool:
    return bool(interval.contains(sympy.Rational(float(point))) is sympy.true)


def _absorbed(own: Interval, other: Interval) -> bool:
    """``other`` lies entirely on one side of ``own`` (so ``clip`` maps it to one endpoint)."""
    return bool(other.sup <= own.inf or other.inf >= own.sup)


def _inside(interval: Interval, ctx: Context) -> Any:
    if interval.inf == -sympy.oo:
        return ctx.const(interval.sup - 1)
    if interval.sup == sympy.oo:
        return ctx.const(interval.inf + 1)
    return ctx.const((interval.inf + interval.sup) / 2)


def _masks(intervals: list[Interval], ctx: Context) -> Callable[[Any], Any]:
    parts = [_mask(i, ctx) for i in intervals]

    def run(v: Any) -> Any:
        m = parts[0](v)
        for part in parts[1:]:
            m |= part(v)
        return m

    return run


def _guarded(expr: Expr, intervals: list[Interval], ctx: Context, lower: Lower) -> Kernel:
    """``expr`` at ``x`` moved strictly inside its own condition, so a branch never sees an
    input it does not own.

    One interval: ``clip`` to its innermost floats (``nextafter`` of an open endpoint, so
    ``log`` on ``x > 0`` never sees 0).  Several: lanes outside get an interior point.
    """
    body = lower(expr, ctx)
    if expr.is_number or expr == ctx.x:
        return body
    if len(intervals) > 1:
        inside = _masks(intervals, ctx)
        point = _inside(intervals[0], ctx)
        return lambda v: body(np.where(inside(v), v, point))
    interval = intervals[0]
    if isinstance(interval, sympy.FiniteSet):
        p = ctx.const(interval.args[0])
        return lambda v: body(np.full_like(v, p))
    lo = _edge(interval.inf, interval.left_open, ">", ctx)
    hi = _edge(interval.sup, interval.right_open, "<", ctx)
    if lo is None and hi is None:
        return body
    # ±inf rather than None: clip with a missing bound takes a 3× slower path
    lo = ctx.dtype.type(-np.inf) if lo is None else lo
    hi = ctx.dtype.type(np.inf) if hi is None else hi
    return lambda v: body(np.clip(v, lo, hi))


def _edge(bound: Expr, is_open: bool, side: str, ctx: Context) -> Any:
    """The float nearest ``bound`` that satisfies ``x > bound`` (``x >= bound`` when closed),
    or the ``<`` analogue; ``None`` for an infinite bound."""
    if bound in (-sympy.oo, sympy.oo):
        return None
    test = compare(side if is_open else side + "=", bound, ctx)
    f = ctx.dtype.type(ctx.const(bound))
    toward = ctx.dtype.type(np.inf if side == ">" else -np.inf)
    while not test(f):
        f = np.nextafter(f, toward)
    return f
