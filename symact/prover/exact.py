r"""Exact decisions about closed real constants: rational arithmetic and minimal polynomials.

:func:`exact_rational` computes a constant's value with exact rational arithmetic when every
node it meets has a rational value there (``+``, ``*``, integer powers, perfect roots,
``Abs``, ``sign``, ``Heaviside``, ``Max``, ``Min``, the selected branch of a ``Piecewise``,
and functions at the points where they are rational: :math:`e^0 = 1`, :math:`\log 1 = 0`,
:math:`\sigma(0) = 1/2`, …).  :func:`algebraic_is_zero` decides whether an algebraic constant
(rationals, ``+``, ``*``, radicals) is 0 from its minimal polynomial.  Neither ever guesses:
``None`` means "not decided here".
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, reduce

import sympy
from sympy import Expr, Rational
from sympy.core.relational import Relational
from sympy.logic.boolalg import And, BooleanFalse, BooleanTrue, Not, Or

from symact.errors import UnsupportedExpressionError
from symact.primitives import PRIMITIVES
from symact.prover.conditions import ConditionNotSupported, relational_form

__all__ = [
    "MINPOLY_VARIABLE",
    "RELATIONS",
    "algebraic_is_zero",
    "exact_rational",
    "minimal_polynomial_of",
    "not_real",
]


def not_real(expr: Expr, why: str) -> UnsupportedExpressionError:
    """The error for a value that is not a finite real number (pole, complex, undefined)."""
    return UnsupportedExpressionError(f"{expr} is not a finite real number: {why}")


#: Decides a relation ``lhs OP rhs`` from the sign of ``lhs - rhs``.
RELATIONS: dict[str, Callable[[int], bool]] = {
    "==": lambda s: s == 0,
    "!=": lambda s: s != 0,
    "<": lambda s: s < 0,
    "<=": lambda s: s <= 0,
    ">": lambda s: s > 0,
    ">=": lambda s: s >= 0,
}


def exact_rational(expr: Expr) -> Rational | None:
    """The exact rational value of ``expr`` if exact rational arithmetic can compute it.

    ``None`` means "not computed this way" (an irrational node, or a node evaluated at a
    point where its value is not known to be rational), never "irrational".  Only the
    selected branch of a ``Piecewise`` is evaluated.

    >>> from sympy import Heaviside, Integer, sqrt
    >>> exact_rational(Heaviside(Integer(0)) + sqrt(Integer(9) / 4)), exact_rational(sqrt(2))
    (2, None)
    """
    for cls in type(expr).__mro__:
        rule = _EXACT.get(cls)
        if rule is not None:
            return rule(expr)
    return None


def _all_exact(args: tuple[Expr, ...]) -> list[Rational] | None:
    values = [exact_rational(a) for a in args]
    return None if any(v is None for v in values) else values


def _exact_fold(combine: Callable[[list[Rational]], Rational]) -> Callable[[Expr], Rational | None]:
    def rule(expr: Expr) -> Rational | None:
        values = _all_exact(expr.args)
        return None if values is None else Rational(combine(values))

    return rule


def _exact_pow(expr: Expr) -> Rational | None:
    base, exponent = exact_rational(expr.args[0]), exact_rational(expr.args[1])
    if base is None or exponent is None:
        return None
    if base == 0 and exponent < 0:
        raise not_real(expr, "division by zero")
    size = max(int(base.p).bit_length(), int(base.q).bit_length())
    if size * abs(int(exponent.p)) > MAX_EXACT_BITS or exponent.q > MAX_ROOT_DEGREE:
        return None  # too large for exact arithmetic; balls handle it
    if exponent.is_Integer:
        return Rational(base**exponent)
    if base < 0:
        raise not_real(expr, "a non-integer power of a negative base")
    q = int(exponent.q)
    num, num_exact = sympy.integer_nthroot(int(base.p), q)
    den, den_exact = sympy.integer_nthroot(int(base.q), q)
    if not (num_exact and den_exact):
        return None
    return Rational(Rational(num, den) ** int(exponent.p))


def _exact_at_zero(value: Rational) -> Callable[[Expr], Rational | None]:
    """Functions whose value is rational at 0 (and, except at 0, not known to be rational)."""

    def rule(expr: Expr) -> Rational | None:
        arg = exact_rational(expr.args[0])
        return value if arg == 0 else None

    return rule


def _exact_log(expr: Expr) -> Rational | None:
    if len(expr.args) == 2:  # log(u, base): rational only in the cases balls settle anyway
        return None
    arg = exact_rational(expr.args[0])
    if arg is not None and arg <= 0:
        raise not_real(expr, "log of a number that is not positive")
    return Rational(0) if arg == 1 else None


def _exact_sign(expr: Expr) -> Rational | None:
    arg = exact_rational(expr.args[0])
    return None if arg is None else Rational(int(sympy.sign(arg)))


def _exact_heaviside(expr: Expr) -> Rational | None:
    arg = exact_rational(expr.args[0])
    if arg is None or arg != 0:
        return None if arg is None else Rational(1 if arg > 0 else 0)
    return exact_rational(expr.args[1]) if len(expr.args) > 1 else Rational(1, 2)


def _exact_piecewise(expr: Expr) -> Rational | None:
    for piece, cond in expr.args:
        truth = _exact_truth(cond)
        if truth is None:
            return None
        if truth:
            return exact_rational(piece)
    raise not_real(expr, "no condition of the Piecewise holds (the value is undefined)")


def _exact_truth(cond: sympy.Basic) -> bool | None:
    if isinstance(cond, BooleanTrue | BooleanFalse):
        return bool(cond)
    if isinstance(cond, Not):
        inner = _exact_truth(cond.args[0])
        return None if inner is None else not inner
    if isinstance(cond, And | Or):
        truths = [_exact_truth(a) for a in cond.args]
        dominant = isinstance(cond, Or)
        if dominant in truths:
            return dominant
        return None if None in truths else not dominant
    if isinstance(cond, Relational) and cond.rel_op in RELATIONS:
        lhs, rhs = exact_rational(cond.lhs), exact_rational(cond.rhs)
        if lhs is None or rhs is None:
            return None
        return RELATIONS[cond.rel_op](int(sympy.sign(lhs - rhs)))
    try:
        form = relational_form(cond)  # ITE, Contains(u, finite union of intervals), ...
    except ConditionNotSupported:
        return None
    return None if form == cond else _exact_truth(form)


_EXACT: dict[type, Callable[[Expr], Rational | None]] = {
    sympy.Rational: lambda expr: expr,
    sympy.Add: _exact_fold(lambda vs: sum(vs, Rational(0))),
    sympy.Mul: _exact_fold(lambda vs: reduce(lambda a, b: a * b, vs, Rational(1))),
    sympy.Pow: _exact_pow,
    sympy.Max: _exact_fold(max),
    sympy.Min: _exact_fold(min),
    sympy.Abs: _exact_fold(lambda vs: abs(vs[0])),
    sympy.sign: _exact_sign,
    sympy.Heaviside: _exact_heaviside,
    sympy.Piecewise: _exact_piecewise,
    sympy.log: _exact_log,
    # the transcendental primitives, at the point where their value is rational
    **{p.node: _exact_at_zero(p.at_zero) for p in PRIMITIVES if p.at_zero is not None},
}

#: Largest exact power computed, in bits; larger ones are left to the balls.
MAX_EXACT_BITS = 1 << 20
MAX_ROOT_DEGREE = 64

#: Size limits for the exact algebraic zero test (minimal polynomials grow quickly): the
#: product of the radicals' root degrees bounds the degree of the minimal polynomial.
MAX_DEGREE = 64
MAX_OPS = 60


def algebraic_is_zero(expr: Expr) -> bool | None:
    """Whether the algebraic number ``expr`` is exactly 0, from its minimal polynomial.

    Applies to trees of rationals, ``+``, ``*`` and rational powers, small enough to be
    handled quickly (degree at most ``MAX_DEGREE``); ``None`` otherwise or
    when SymPy cannot compute the minimal polynomial.  The minimal polynomial of 0 is
    :math:`x`, of any other algebraic number a polynomial with a non-zero constant term.

    >>> from sympy import log, sqrt
    >>> algebraic_is_zero(sqrt(8) - 2 * sqrt(2)), algebraic_is_zero(sqrt(2) - 1)
    (True, False)
    >>> algebraic_is_zero(log(2)) is None
    True
    """
    poly = minimal_polynomial_of(expr)
    return None if poly is None else poly == MINPOLY_VARIABLE


#: The variable of the minimal polynomials; the minimal polynomial of 0 is this symbol.
MINPOLY_VARIABLE = sympy.Symbol("t")


@lru_cache(maxsize=512)
def minimal_polynomial_of(expr: Expr) -> Expr | None:
    """The minimal polynomial of ``expr`` in ``t``, or None if it is not a small algebraic tree."""
    if not _is_algebraic_tree(expr):
        return None
    radicals = {p for p in expr.atoms(sympy.Pow) if not p.exp.is_Integer}
    degree = reduce(lambda d, p: d * int(p.exp.q), radicals, 1)
    if degree > MAX_DEGREE or sympy.count_ops(expr) > MAX_OPS:
        return None
    try:
        poly: Expr = sympy.minimal_polynomial(expr, MINPOLY_VARIABLE)
    except (NotImplementedError, ValueError, sympy.polys.polyerrors.PolynomialError):
        return None
    return poly


def _is_algebraic_tree(expr: Expr) -> bool:
    if isinstance(expr, sympy.Rational):
        return True
    if isinstance(expr, sympy.Pow) and not expr.exp.is_Rational:
        return False
    if isinstance(expr, sympy.Add | sympy.Mul | sympy.Pow):
        return all(_is_algebraic_tree(a) for a in expr.args)
    return False
