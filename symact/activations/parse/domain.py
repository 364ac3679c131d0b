"""Real-domain checks: every parsed sub-expression must be real and finite for every real x.

An activation is a function ℝ → ℝ, but SymPy simplifies with identities that hold only where
an expression is defined: ``sqrt(x)**2`` becomes ``x``, ``exp(log(x))`` becomes ``x`` and
``x/x`` becomes ``1``, so a prover handed the result would reason about another function.  The
parser therefore checks each partial operation *as it builds it*, before SymPy combines it with
anything else, and refuses it unless :func:`.sign.decide` (SymPy's assumptions, with x
and every declared parameter real symbols of unknown sign, plus ranges and cases) establishes
that it is defined everywhere:

==================  =============================================================
``log(u)``          u > 0 (and for ``log(u, b)``: b > 0, b ≠ 1)
``log1p(u)``        1 + u > 0
``sqrt(u)``         u ≥ 0
``u**p``            p a non-integer (or symbolic) exponent: u ≥ 0, and u > 0 unless p > 0
``u**k``, ``a/u``   k a negative integer, or any division: u ≠ 0
==================  =============================================================

Inside a branch of ``where``/``Piecewise`` whose condition is linear in x, ``region`` is the
set where the branch applies and the requirement holds there only: ``where(x > 0, log(x), 0)``.
Each check raises :class:`~symact.errors.ParseError` without a position (the builder
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

from sympy import Expr, S, Symbol
from sympy.sets.sets import Set

from symact.activations.function import X
from symact.activations.parse.sign import Property, decide, nonnegative, nonzero, positive
from symact.errors import ParseError

__all__ = [
    "require_nonnegative_sqrt",
    "require_nonzero_divisor",
    "require_positive_log",
    "require_positive_log1p",
    "require_real_power",
]

_LOG_FIX = (
    "use a provably positive argument such as 1 + x**2 or exp(...), "
    "or softplus(x) = log(1 + exp(x)), log_sigmoid(x)"
)
_SQRT_FIX = "use a provably non-negative argument such as x**2 + 4 or abs(...)"
_DIVISOR_FIX = "divide by an expression that is never 0, e.g. x/(1 + abs(x)) or 1/(1 + exp(-x))"
_POWER_FIX = "use abs(...) in the base, e.g. abs(x)**(1/3), or sign(x)*abs(x)**(1/3)"


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


def _require(
    expr: Expr, prop: Property, relation: str, what: str, typed: str, fix: str, region: Set
) -> None:
    """Refuse unless ``prop(expr)`` holds for every x in ``region``, naming ``what`` needs it."""
    holds = decide(expr, prop, region)
    if holds is True:
        return
    verdict = "is not" if holds is False else "cannot be shown to be"
    scope = "real x" if region == S.Reals else f"x in {region} (where its branch applies)"
    msg = (
        f"{what} needs u {relation} for every {scope}, but u = {_shown(expr, typed)} {verdict} "
        f"{relation} there, so the formula would be complex or undefined for some x"
        f"{_parameters_note(expr)}; {fix}"
    )
    raise ParseError(msg)


def require_positive_log(
    u: Expr, typed: str, base: Expr | None = None, typed_base: str = "", region: Set = S.Reals
) -> None:
    """``log(u)`` (or ``log(u, base)``) is real for every real x: u > 0, base > 0, base ≠ 1."""
    _require(u, positive, "> 0", "log(u)", typed, _LOG_FIX, region)
    if base is not None:
        what, fix = "the base u of log(..., u)", "use a constant base such as 2 or 10"
        _require(base, positive, "> 0", what, typed_base, fix, region)
        what = "log(..., b) needs b != 1, that is u = b - 1"
        _require(base - 1, nonzero, "!= 0", what, f"({typed_base}) - 1", fix, region)


def require_positive_log1p(u: Expr, typed: str, region: Set = S.Reals) -> None:
    """``log1p(u) = log(1 + u)`` is real for every real x: 1 + u > 0."""
    fix = "use softplus(x) = log(1 + exp(x)), or log1p(abs(...)), log1p(x**2)"
    what = "log1p(v) = log(u) with u = 1 + v"
    _require(1 + u, positive, "> 0", what, f"1 + {typed}", fix, region)


def require_nonnegative_sqrt(u: Expr, typed: str, region: Set = S.Reals) -> None:
    """``sqrt(u)`` is real for every real x: u ≥ 0."""
    fix = _SQRT_FIX
    if u.free_symbols - {X}:
        fix += "; for (x + sqrt(x**2 + b))/2 use squareplus(x, b=b)"
    _require(u, nonnegative, ">= 0", "sqrt(u)", typed, fix, region)


def require_nonzero_divisor(u: Expr, typed: str, region: Set = S.Reals) -> None:
    """``a/u`` is defined for every real x: u ≠ 0."""
    if u.is_zero:
        raise ParseError("division by zero")
    fix = _DIVISOR_FIX
    if u.free_symbols - {X}:
        fix += ", or multiply by a parameter instead of dividing by it"
    _require(u, nonzero, "!= 0", "a division by u", typed, fix, region)


def require_real_power(base: Expr, exponent: Expr, typed: str, region: Set = S.Reals) -> None:
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
            _require(base, nonzero, "!= 0", f"u**{exponent}", typed, fix, region)
        return
    what = f"u to the non-integer power {exponent}"
    if not exponent.is_number:
        what += " (an exponent not known to be an integer)"
    if exponent.is_positive:
        _require(base, nonnegative, ">= 0", what, typed, _POWER_FIX, region)
    else:
        fix = _POWER_FIX + ", and keep the base away from 0 when the exponent can be <= 0"
        _require(base, positive, "> 0", what, typed, fix, region)
