"""Real-domain checks: every parsed sub-expression must be real and finite for every real x.

An activation is a function ℝ → ℝ, but SymPy simplifies with identities that hold only where
an expression is defined: ``sqrt(x)**2`` becomes ``x``, ``exp(log(x))`` becomes ``x`` and
``x/x`` becomes ``1``, so a prover handed the result would reason about another function.  The
parser therefore checks each partial operation *as it builds it*, before SymPy combines it with
anything else, and refuses it unless SymPy's assumptions (x and every declared parameter are
real symbols of unknown sign) establish that it is defined everywhere:

==================  =============================================================
``log(u)``          u > 0 (and for ``log(u, b)``: b > 0, b ≠ 1)
``log1p(u)``        1 + u > 0
``sqrt(u)``         u ≥ 0
``u**p``            p a non-integer (or symbolic) exponent: u ≥ 0, and u > 0 unless p > 0
``u**k``, ``a/u``   k a negative integer, or any division: u ≠ 0
==================  =============================================================

Each check raises :class:`~symact.errors.ParseError` without a position (the syntax-tree walker
adds the token and column) with a message naming the sub-expression and a fix.  ``exp``,
``tanh``, ``atan``, ``erf`` and the catalog activations are defined on all of ℝ and need none.

>>> import sympy
>>> from symact.activations.function import X
>>> require_positive_log(X**2 + 1, "1 + x**2")
>>> require_positive_log(X, "x")  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
symact.errors.ParseError: log(u) needs u > 0 for every real x, but u = x cannot be shown to be ...
>>> require_nonnegative_sqrt(sympy.Piecewise((X, X > 0), (0, True)), "relu(x)")  # case by case
"""

from __future__ import annotations

from collections.abc import Callable

import sympy
from sympy import Dummy, Expr, Interval, Piecewise, S, Symbol
from sympy.sets.sets import Set

from symact.activations.function import X
from symact.errors import ParseError

__all__ = [
    "require_nonnegative_sqrt",
    "require_nonzero_divisor",
    "require_positive_log",
    "require_positive_log1p",
    "require_real_power",
]

Property = Callable[[Expr], "bool | None"]

_LOG_FIX = (
    "use a provably positive argument such as 1 + x**2 or exp(...), "
    "or softplus(x) = log(1 + exp(x)), log_sigmoid(x)"
)
_SQRT_FIX = "use a provably non-negative argument such as x**2 + 4 or abs(...)"
_DIVISOR_FIX = "divide by an expression that is never 0, e.g. x/(1 + abs(x)) or 1/(1 + exp(-x))"
_POWER_FIX = "use abs(...) in the base, e.g. abs(x)**(1/3), or sign(x)*abs(x)**(1/3)"
#: Piecewise subterms beyond which no case analysis is tried (folding multiplies pieces).
_MAX_CASE_PIECEWISE = 3


def _positive(e: Expr) -> bool | None:
    return e.is_positive


def _nonnegative(e: Expr) -> bool | None:
    return e.is_nonnegative


def _nonzero(e: Expr) -> bool | None:
    zero = e.is_zero
    return None if zero is None else not zero


def _holds(expr: Expr, prop: Property) -> bool | None:
    """``prop(expr)`` from SymPy's assumptions, else case by case over Piecewise pieces.

    SymPy judges ``Piecewise((x, x > 0), (0, True))`` (relu) by its pieces alone, ignoring the
    conditions, so ``1 + relu(x) > 0`` is unknown to it.  When every condition is linear in x,
    each piece is checked on the exact set where it applies, by substituting x = c ± t with
    t > 0 (or t ≥ 0) for a half-line and the endpoint itself for a point.
    """
    known = prop(expr)
    if known is not None or not 0 < len(expr.atoms(Piecewise)) <= _MAX_CASE_PIECEWISE:
        return known
    folded = sympy.piecewise_fold(expr)
    if not isinstance(folded, Piecewise):
        return prop(folded)
    remaining: Set = S.Reals
    for value, cond in folded.args:
        region = _region(cond)
        if region is None:
            return None
        if not _holds_on(value, prop, sympy.Intersection(region, remaining)):
            return None
        remaining = sympy.Complement(remaining, region)
    return True


def _region(cond: sympy.Basic) -> Set | None:
    """The set of real x where ``cond`` holds, for conditions linear in x; else None."""
    if cond is S.true or cond is S.false:
        return S.Reals if cond is S.true else S.EmptySet
    if isinstance(cond, sympy.And | sympy.Or | sympy.Not):
        parts = [_region(arg) for arg in cond.args]
        if any(part is None for part in parts):
            return None
        if isinstance(cond, sympy.Not):
            return sympy.Complement(S.Reals, parts[0])
        join = sympy.Intersection if isinstance(cond, sympy.And) else sympy.Union
        return join(*parts)
    if not isinstance(cond, sympy.core.relational.Relational):
        return None
    difference = cond.lhs - cond.rhs
    if difference.free_symbols != {X} or not difference.is_polynomial(X):
        return None
    if sympy.degree(difference, X) != 1:
        return None
    return cond.as_set()


def _holds_on(value: Expr, prop: Property, region: Set) -> bool:
    """Whether ``prop(value)`` is established for every x in ``region``."""
    if region is S.EmptySet:
        return True
    if isinstance(region, sympy.Union):
        return all(_holds_on(value, prop, part) for part in region.args)
    if isinstance(region, sympy.FiniteSet):
        return all(prop(value.xreplace({X: point})) is True for point in region)
    if not isinstance(region, Interval):
        return False
    low, high = region.start, region.end
    closed = (low,) * (not region.left_open) + (high,) * (not region.right_open)
    if not all(prop(value.xreplace({X: end})) is True for end in closed):
        return False
    # the open interior as the image of t > 0 (exactly, so the check covers every point)
    t = Dummy("t", positive=True)
    if low is S.NegativeInfinity:
        point = X if high is S.Infinity else high - t
    else:
        point = low + t if high is S.Infinity else low + (high - low) * t / (1 + t)
    return prop(value.xreplace({X: point})) is True


def _shown(expr: Expr, typed: str) -> str:
    """The sub-expression as SymPy built it and as the user typed it."""
    text = str(expr)
    text = text if len(text) <= 60 else text[:57] + "..."
    return f"{text} (typed {typed!r})" if text != typed else text


def _parameters_note(expr: Expr) -> str:
    """Why a declared parameter spoils the proof: it stands for any real number."""
    names = sorted(str(s) for s in expr.free_symbols if isinstance(s, Symbol) and s != X)
    if not names:
        return ""
    return (
        " (declared parameters are checked as arbitrary real numbers, whatever their default: "
        f"{', '.join(names)} may be negative or 0)"
    )


def _require(expr: Expr, prop: Property, relation: str, what: str, typed: str, fix: str) -> None:
    """Refuse unless ``prop(expr)`` holds for every real x, naming ``what`` needs it."""
    holds = _holds(expr, prop)
    if holds is True:
        return
    verdict = "is not" if holds is False else "cannot be shown to be"
    msg = (
        f"{what} needs u {relation} for every real x, but u = {_shown(expr, typed)} {verdict} "
        f"{relation} everywhere, so the formula would be complex or undefined for some x"
        f"{_parameters_note(expr)}; {fix}"
    )
    raise ParseError(msg)


def require_positive_log(
    u: Expr, typed: str, base: Expr | None = None, typed_base: str = ""
) -> None:
    """``log(u)`` (or ``log(u, base)``) is real for every real x: u > 0, base > 0, base ≠ 1."""
    _require(u, _positive, "> 0", "log(u)", typed, _LOG_FIX)
    if base is not None:
        what, fix = "the base u of log(..., u)", "use a constant base such as 2 or 10"
        _require(base, _positive, "> 0", what, typed_base, fix)
        what = "log(..., b) needs b != 1, that is u = b - 1"
        _require(base - 1, _nonzero, "!= 0", what, f"({typed_base}) - 1", fix)


def require_positive_log1p(u: Expr, typed: str) -> None:
    """``log1p(u) = log(1 + u)`` is real for every real x: 1 + u > 0."""
    fix = "use softplus(x) = log(1 + exp(x)), or log1p(abs(...)), log1p(x**2)"
    _require(1 + u, _positive, "> 0", "log1p(v) = log(u) with u = 1 + v", f"1 + {typed}", fix)


def require_nonnegative_sqrt(u: Expr, typed: str) -> None:
    """``sqrt(u)`` is real for every real x: u ≥ 0."""
    fix = _SQRT_FIX
    if u.free_symbols - {X}:
        fix += "; for (x + sqrt(x**2 + b))/2 use squareplus(x, b=b)"
    _require(u, _nonnegative, ">= 0", "sqrt(u)", typed, fix)


def require_nonzero_divisor(u: Expr, typed: str) -> None:
    """``a/u`` is defined for every real x: u ≠ 0."""
    if u.is_zero:
        raise ParseError("division by zero")
    fix = _DIVISOR_FIX
    if u.free_symbols - {X}:
        fix += ", or multiply by a parameter instead of dividing by it"
    _require(u, _nonzero, "!= 0", "a division by u", typed, fix)


def require_real_power(base: Expr, exponent: Expr, typed: str) -> None:
    """``base**exponent`` is real and finite for every real x.

    An integer exponent k needs base ≠ 0 when k < 0 (x**-1 = 1/x); any other exponent p,
    numeric (1/3) or symbolic, needs base ≥ 0, and base > 0 unless p > 0 (0**p is undefined
    for p ≤ 0, and a negative base gives a complex or undefined value).
    """
    if exponent.is_integer:
        if exponent.is_negative and base.is_zero:
            raise ParseError("division by zero")
        if exponent.is_negative:
            fix = _DIVISOR_FIX.replace("divide by", "raise to a negative power only")
            _require(base, _nonzero, "!= 0", f"u**{exponent}", typed, fix)
        return
    what = f"u to the non-integer power {exponent}"
    if not exponent.is_number:
        what += " (an exponent not known to be an integer)"
    if exponent.is_positive:
        _require(base, _nonnegative, ">= 0", what, typed, _POWER_FIX)
    else:
        fix = _POWER_FIX + ", and keep the base away from 0 when the exponent can be <= 0"
        _require(base, _positive, "> 0", what, typed, fix)
