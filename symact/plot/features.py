"""Exact features of an activation for its plot: kinks, jumps and horizontal asymptotes.

Decided with SymPy on the expression, never by sampling.  The *breakpoints* are the real
points where a case can switch (roots of every relation in a ``Piecewise`` condition, of the
arguments of ``Abs``, ``Heaviside`` and ``sign``, of pairwise differences of ``Max``/``Min``
arguments).  Between two breakpoints every case is fixed, so the expression there is one
smooth *branch*; one-sided limits at a breakpoint are limits of the branch beside it.  A point
is a **kink** when f is continuous there and the one-sided limits of f' differ (by the mean
value theorem these are the one-sided derivatives), a **jump** when the one-sided limits of f
differ or miss f(c).  A **horizontal asymptote** is a finite limit at ±∞.

SymPy's limits can be slow, so each computation runs under a time budget
(:func:`symact.prover.budget.run`: a forked worker killed on timeout); anything not found in
time, or not decided exactly, is left out of the plot rather than guessed.

>>> from symact import get
>>> kinks(get("relu6")), jumps(get("relu6"))
((0, 6), ())
>>> [(a.side, a.value) for a in horizontal_asymptotes(get("sigmoid"))]
[(-1, 0), (1, 1)]
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass
from typing import Any

import sympy
from sympy import Abs, Heaviside, Max, Min, Piecewise, S, oo, sign

from symact.activations.function import ActivationFunction
from symact.prover.budget import run

__all__ = [
    "Asymptote",
    "breakpoints",
    "horizontal_asymptotes",
    "jumps",
    "kinks",
    "kinks_and_jumps",
]

#: Seconds each feature computation may take before it is left out of the plot (the prover's
#: default too; mish's asymptotes, the slowest in the catalog, take about 0.4 s on an idle core).
DEFAULT_BUDGET = 3.0


@dataclass(frozen=True, slots=True)
class Asymptote:
    """The horizontal line ``y = value`` that f approaches as x → ``side``·∞ (side ±1)."""

    side: int
    value: sympy.Expr

    @property
    def label(self) -> str:
        """``y = 1 (x → +∞)``: the exact limit as text (six digits when the exact text is
        longer than a label can hold, e.g. SELU's 60-digit rational)."""
        exact = sympy.sstr(self.value)
        shown = f"= {exact}" if len(exact) <= 12 else f"≈ {sympy.N(self.value, 6)}"
        return f"y {shown} (x → {'+' if self.side > 0 else '−'}∞)"


class _Unresolved(Exception):
    """A case of the expression could not be decided exactly at a test point."""


def _before(p: sympy.Expr, q: sympy.Expr) -> int:
    return -1 if bool(p < q) else 1


def breakpoints(expr: sympy.Expr, x: sympy.Symbol) -> tuple[sympy.Expr, ...] | None:
    """The sorted real points where a case of ``expr`` may switch; None when some root set
    is not a finite set of real numbers (symbolic parameters, transcendental conditions).

    >>> from sympy import Abs, Max, Symbol
    >>> x = Symbol("x", real=True)
    >>> breakpoints(Max(0, x) + Abs(x - 2), x)
    (0, 2)
    """
    zeros = [rel.lhs - rel.rhs for rel in expr.atoms(sympy.core.relational.Relational)]
    zeros += [node.args[0] for node in expr.atoms(Abs, Heaviside, sign)]
    for node in expr.atoms(Max, Min):
        zeros += [p - q for p, q in itertools.combinations(node.args, 2)]
    points: set[sympy.Expr] = set()
    for zero in zeros:
        if x not in zero.free_symbols:
            continue
        roots = sympy.solveset(zero, x, S.Reals)
        if not isinstance(roots, sympy.FiniteSet):
            return None
        points |= set(roots)
    if not all(p.is_number and p.is_real for p in points):
        return None
    return tuple(sorted(points, key=functools.cmp_to_key(_before)))


def _test_points(points: tuple[sympy.Expr, ...]) -> list[sympy.Expr]:
    """One exact point inside each open interval the breakpoints cut ℝ into."""
    if not points:
        return [S.Zero]
    inner = [(p + q) / 2 for p, q in itertools.pairwise(points)]
    return [points[0] - 1, *inner, points[-1] + 1]


def _positive(value: sympy.Expr) -> bool:
    known = value.is_positive
    if known is None:
        raise _Unresolved(value)
    return bool(known)


def _pick(node: sympy.Expr, x: sympy.Symbol, point: sympy.Expr) -> sympy.Expr:
    """``node`` (a case-splitting node) replaced by its branch active at ``point``."""

    def at(e: Any) -> Any:
        return e.subs(x, point)

    if isinstance(node, Piecewise):
        for value, cond in node.args:
            holds = at(cond)
            if holds not in (S.true, S.false):
                raise _Unresolved(cond)
            if holds is S.true:
                return value
        raise _Unresolved(node)
    arg = node.args[0]
    if isinstance(node, Abs):
        return arg if _positive(at(arg)) else -arg
    if isinstance(node, Heaviside):
        return S.One if _positive(at(arg)) else S.Zero
    if isinstance(node, sign):
        return S.One if _positive(at(arg)) else S.NegativeOne
    best = node.args[0]
    for other in node.args[1:]:  # Max / Min
        if _positive(at(other - best)) == isinstance(node, Max):
            best = other
    return best


def branch(expr: sympy.Expr, x: sympy.Symbol, point: sympy.Expr) -> sympy.Expr:
    """The smooth expression that equals ``expr`` on the open interval holding ``point``."""
    kinds = (Piecewise, Abs, Heaviside, sign, Max, Min)
    return expr.replace(lambda e: isinstance(e, kinds), lambda e: _pick(e, x, point))


def _limit(expr: sympy.Expr, x: sympy.Symbol, at: Any, direction: str) -> sympy.Expr | None:
    """An exact limit, or None when SymPy cannot find one; symact's own nodes (sigmoid,
    softplus, ...) are tried again rewritten with exp, which SymPy's Gruntz handles."""
    for form in (expr, expr.rewrite(sympy.exp)):
        try:
            value = sympy.limit(form, x, at, direction)
        except (NotImplementedError, TypeError, ValueError):
            continue
        if value.is_number and not isinstance(value, sympy.AccumBounds) and value is not S.NaN:
            return value
    return None


def _side_limits(x: sympy.Symbol, c: sympy.Expr, left: Any, right: Any) -> Any:
    """One-sided limits at ``c`` of the branches ``left`` and ``right`` of it."""
    return _limit(left, x, c, "-"), _limit(right, x, c, "+")


def _classify(f: ActivationFunction) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """(kinks, jumps) of ``f``, both sorted; points not decided exactly are in neither."""
    x, expr = f.x, f.expr
    points = breakpoints(expr, x)
    if not points:
        return (), ()
    branches = [branch(expr, x, t) for t in _test_points(points)]
    found_kinks, found_jumps = [], []
    for i, c in enumerate(points):
        left, right = branches[i], branches[i + 1]
        lo, hi = _side_limits(x, c, left, right)
        value = expr.subs(x, c)
        if lo is None or hi is None or not value.is_number:
            continue
        continuous = _all_same(lo, hi, value)
        if continuous is False:
            found_jumps.append(c)
        if not continuous:
            continue
        slopes = _side_limits(x, c, sympy.diff(left, x), sympy.diff(right, x))
        if None not in slopes and _all_same(*slopes) is False:
            found_kinks.append(c)
    return tuple(found_kinks), tuple(found_jumps)


def _all_same(*values: sympy.Expr) -> bool | None:
    """Whether the exact numbers are all equal; None when SymPy cannot tell."""
    first, verdicts = values[0], []
    for other in values[1:]:
        if not (first.is_finite and other.is_finite):
            verdicts.append(bool(first == other))
            continue
        difference = sympy.simplify(first - other)
        verdicts.append(difference.is_zero)
    if False in verdicts:
        return False
    return None if None in verdicts else True


def _asymptotes(f: ActivationFunction) -> tuple[Asymptote, ...]:
    x, expr = f.x, f.expr
    points = breakpoints(expr, x)
    if points is None:
        return ()
    tests = _test_points(points)
    found = []
    for side, point, at in ((-1, tests[0], -oo), (1, tests[-1], oo)):
        value = _limit(branch(expr, x, point), x, at, "+" if side < 0 else "-")
        if value is not None and value.is_finite and value.is_real:
            found.append(Asymptote(side, value))
    return tuple(found)


def _guarded(task: Any, f: ActivationFunction, budget: float | None, empty: Any) -> Any:
    """``task(f)`` in a worker killed after ``budget`` seconds; ``empty`` on timeout or when a
    case cannot be decided."""

    def work(deadline: float | None) -> Any:
        try:
            return task(f)
        except _Unresolved:
            return empty

    return run(work, budget, lambda reason: empty)


def kinks_and_jumps(
    f: ActivationFunction, budget: float | None = DEFAULT_BUDGET
) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """``(kinks(f), jumps(f))`` in one computation."""
    found: tuple[tuple[Any, ...], tuple[Any, ...]] = _guarded(_classify, f, budget, ((), ()))
    return found


def kinks(f: ActivationFunction, budget: float | None = DEFAULT_BUDGET) -> tuple[Any, ...]:
    """Points where f is continuous but not differentiable, exact and sorted."""
    return kinks_and_jumps(f, budget)[0]


def jumps(f: ActivationFunction, budget: float | None = DEFAULT_BUDGET) -> tuple[Any, ...]:
    """Points where f is not continuous (a jump or a removable gap), exact and sorted."""
    return kinks_and_jumps(f, budget)[1]


def horizontal_asymptotes(
    f: ActivationFunction, budget: float | None = DEFAULT_BUDGET
) -> tuple[Asymptote, ...]:
    """The finite limits of f at −∞ and +∞, as :class:`Asymptote` lines (none if infinite,
    if SymPy finds no limit, or if it takes longer than ``budget`` seconds)."""
    found: tuple[Asymptote, ...] = _guarded(_asymptotes, f, budget, ())
    return found
