r"""Rigorous evaluation of closed real constants: exact rationals, else Arb balls.

:func:`enclose` turns a SymPy constant (no free symbols) into a python-flint ``arb`` ball that
is *guaranteed* to contain the true value: every operation is carried out by Arb, whose
results always contain the exact result whatever the working precision, so the precision only
decides how tight the ball is, never whether it is right.  Discontinuous nodes (``Piecewise``,
``sign``, ``Heaviside``) need a decision, :math:`u > 0`, :math:`u = 0` or :math:`u < 0`; it is
taken from the ball when the ball excludes 0, from exact rational arithmetic
(:func:`exact_rational`) or an exact algebraic zero test (:func:`algebraic_is_zero`) when the
ball touches 0, and otherwise :class:`Indeterminate` is raised so that the caller retries at a
higher precision or gives up.  Branches that are not selected are never evaluated.

>>> from sympy import Integer, Piecewise, Symbol, evaluate, exp, sqrt
>>> ball = enclose(exp(Integer(-1000)), 64)
>>> ball.str(10, radius=False), ball > 0
('5.075958898e-435', True)
>>> t = Symbol("t", real=True)
>>> with evaluate(False):  # relu at sqrt(8) - 2*sqrt(2), which is exactly 0
...     at_zero = Piecewise((t, t > 0), (0, True)).xreplace({t: sqrt(8) - 2 * sqrt(2)})
>>> at_zero.args[0].cond
-2*sqrt(2) + sqrt(8) > 0
>>> enclose(at_zero, 64)
0
>>> exact_rational(Integer(8) / 10**30 - Integer(2) / 10**30)
3/500000000000000000000000000000
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import reduce

import sympy
from flint import arb, ctx, fmpq, fmpz
from sympy import Expr, Rational
from sympy.core.relational import Relational
from sympy.logic.boolalg import And, BooleanFalse, BooleanTrue, Not, Or

from symact.activations.nodes import sigmoid, softplus
from symact.errors import SymactError, UnsupportedExpressionError

__all__ = [
    "MINPOLY_VARIABLE",
    "Indeterminate",
    "algebraic_is_zero",
    "decide_sign",
    "enclose",
    "exact_rational",
    "minimal_polynomial_of",
    "working_precision",
]


class Indeterminate(SymactError, ArithmeticError):
    """A decision (sign, branch, domain) that this precision cannot settle; retry higher."""


@contextmanager
def working_precision(bits: int) -> Iterator[None]:
    """Set Arb's working precision to ``bits`` for the block, restoring it afterwards.

    The precision changes only the tightness of the balls, never their validity.
    """
    old = ctx.prec
    ctx.prec = bits
    try:
        yield
    finally:
        ctx.prec = old


def enclose(expr: Expr, prec: int) -> arb:
    """A ball that contains the exact value of the closed real constant ``expr``.

    Raises :class:`~symact.errors.UnsupportedExpressionError` for free symbols, nodes
    without a rigorous real evaluation, and values that are not finite reals (division by
    an exact zero, log of a negative number), and :class:`Indeterminate` when a decision
    cannot be taken at ``prec`` bits.
    """
    if not isinstance(expr, sympy.Basic):
        msg = f"enclose() needs a SymPy expression, got {type(expr).__name__} {expr!r}"
        raise UnsupportedExpressionError(msg)
    if expr.free_symbols:
        names = ", ".join(sorted(str(s) for s in expr.free_symbols))
        msg = (
            f"cannot evaluate {expr} rigorously: it has free symbols ({names}); "
            "substitute exact numbers for them first"
        )
        raise UnsupportedExpressionError(msg)
    with working_precision(prec):
        return _ball(expr)


def decide_sign(expr: Expr, prec: int) -> int:
    """The sign (-1, 0 or 1) of the closed real constant ``expr``, rigorously.

    From the ball when it excludes 0 or is exactly 0, else from exact arithmetic; raises
    :class:`Indeterminate` when neither settles it (a higher precision may).
    """
    with working_precision(prec):
        ball = _ball(expr)
    if ball > 0:
        return 1
    if ball < 0:
        return -1
    if ball.is_exact() and ball.is_zero():
        return 0
    value = exact_rational(expr)
    if value is not None:
        return int(sympy.sign(value))
    if algebraic_is_zero(expr):
        return 0
    msg = f"cannot decide the sign of {expr} at {prec} bits: its enclosure {ball} contains 0"
    raise Indeterminate(msg)


def _unsupported(expr: Expr) -> UnsupportedExpressionError:
    msg = (
        f"cannot evaluate {type(expr).__name__} node {expr} rigorously; supported: rationals, "
        "pi, E, + * **, exp, log, erf, erfc, tanh, sinh, cosh, sin, cos, atan, Abs, sign, "
        "Heaviside, Max, Min, Piecewise, sigmoid, softplus (use exact Rationals, not Floats)"
    )
    return UnsupportedExpressionError(msg)


def _not_real(expr: Expr, why: str) -> UnsupportedExpressionError:
    return UnsupportedExpressionError(f"{expr} is not a finite real number: {why}")


def _ball(expr: Expr) -> arb:
    for cls in type(expr).__mro__:
        handler = _HANDLERS.get(cls)
        if handler is not None:
            result = handler(expr)
            if not result.is_finite():
                msg = f"no finite enclosure of {expr} at {ctx.prec} bits ({result})"
                raise Indeterminate(msg)
            return result
    raise _unsupported(expr)


def _rational(expr: Expr) -> arb:
    return arb(fmpq(fmpz(int(expr.p)), fmpz(int(expr.q))))


def _pow(expr: Expr) -> arb:
    base, exponent = expr.args
    b = _ball(base)
    if exponent.is_Integer:
        n = int(exponent)
        if n < 0 and b.is_exact() and b.is_zero():
            raise _not_real(expr, "division by zero")
        return b ** abs(n) if n >= 0 else 1 / b ** (-n)
    if b.is_exact() and b.is_zero() and decide_sign(exponent, ctx.prec) > 0:
        return arb(0)
    if not b > 0:
        if b < 0 or b.is_zero():
            raise _not_real(expr, "a non-integer power of a base that is not positive")
        msg = f"cannot tell whether the base {base} is positive at {ctx.prec} bits ({b})"
        raise Indeterminate(msg)
    if exponent == Rational(1, 2):
        return b.sqrt()
    if exponent.is_Rational:
        root, n = b.root(int(exponent.q)), int(exponent.p)
        return root**n if n >= 0 else 1 / root ** (-n)
    return (_ball(exponent) * b.log()).exp()


def _log(expr: Expr) -> arb:
    (u,) = expr.args
    b = _ball(u)
    if b > 0:
        return b.log()
    if b < 0 or (b.is_exact() and b.is_zero()):
        raise _not_real(expr, "log of a number that is not positive")
    msg = f"cannot tell whether {u} is positive at {ctx.prec} bits ({b})"
    raise Indeterminate(msg)


def _abs(expr: Expr) -> arb:
    b = _ball(expr.args[0])
    if b >= 0:
        return b
    if b <= 0:
        return -b
    return abs(b)  # a ball around 0: Arb's |b| is a valid (if loose) enclosure


def _heaviside(expr: Expr) -> arb:
    s = decide_sign(expr.args[0], ctx.prec)
    if s == 0:
        return _ball(expr.args[1]) if len(expr.args) > 1 else arb(fmpq(1, 2))
    return arb(1 if s > 0 else 0)


def _piecewise(expr: Expr) -> arb:
    for piece, cond in expr.args:
        if _truth(cond):
            return _ball(piece)
    raise _not_real(expr, "no condition of the Piecewise holds (the value is undefined)")


def _truth(cond: sympy.Basic) -> bool:
    """The truth of a condition between constants, decided rigorously (or Indeterminate)."""
    if isinstance(cond, BooleanTrue | BooleanFalse):
        return bool(cond)
    if isinstance(cond, Not):
        return not _truth(cond.args[0])
    if isinstance(cond, And | Or):
        return _junction(cond)
    if isinstance(cond, Relational) and cond.rel_op in _RELATIONS:
        s = decide_sign(sympy.Add(cond.lhs, -cond.rhs), ctx.prec)
        return _RELATIONS[cond.rel_op](s)
    raise _unsupported(cond)


def _junction(cond: sympy.Basic) -> bool:
    """And/Or with short circuits: one decided dominating argument settles it."""
    dominant = isinstance(cond, Or)  # True dominates Or, False dominates And
    pending: Indeterminate | None = None
    for arg in cond.args:
        try:
            if _truth(arg) is dominant:
                return dominant
        except Indeterminate as exc:
            pending = exc
    if pending is not None:
        raise pending
    return not dominant


_RELATIONS: dict[str, Callable[[int], bool]] = {
    "==": lambda s: s == 0,
    "!=": lambda s: s != 0,
    "<": lambda s: s < 0,
    "<=": lambda s: s <= 0,
    ">": lambda s: s > 0,
    ">=": lambda s: s >= 0,
}


def _unary(method: str) -> Callable[[Expr], arb]:
    return lambda expr: getattr(_ball(expr.args[0]), method)()


def _sigmoid(expr: Expr) -> arb:
    return 1 / (1 + (-_ball(expr.args[0])).exp())


def _softplus(expr: Expr) -> arb:
    # log1p keeps softplus(u) ~ e^u accurate for very negative u
    return _ball(expr.args[0]).exp().log1p()


def _sign(expr: Expr) -> arb:
    return arb(decide_sign(expr.args[0], ctx.prec))


def _extremum(pick: str) -> Callable[[Expr], arb]:
    return lambda expr: reduce(lambda a, b: getattr(a, pick)(b), map(_ball, expr.args))


_HANDLERS: dict[type, Callable[[Expr], arb]] = {
    sympy.Rational: _rational,
    type(sympy.pi): lambda expr: arb.pi(),
    type(sympy.E): lambda expr: arb.const_e(),
    sympy.Add: lambda expr: reduce(lambda a, b: a + b, map(_ball, expr.args)),
    sympy.Mul: lambda expr: reduce(lambda a, b: a * b, map(_ball, expr.args)),
    sympy.Pow: _pow,
    sympy.exp: _unary("exp"),
    sympy.log: _log,
    sympy.erf: _unary("erf"),
    sympy.erfc: _unary("erfc"),
    sympy.tanh: _unary("tanh"),
    sympy.sinh: _unary("sinh"),
    sympy.cosh: _unary("cosh"),
    sympy.sin: _unary("sin"),
    sympy.cos: _unary("cos"),
    sympy.atan: _unary("atan"),
    sympy.Abs: _abs,
    sympy.sign: _sign,
    sympy.Heaviside: _heaviside,
    sympy.Max: _extremum("max"),
    sympy.Min: _extremum("min"),
    sympy.Piecewise: _piecewise,
    sigmoid: _sigmoid,
    softplus: _softplus,
}


# --- exact decisions -------------------------------------------------------------------------


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
        raise _not_real(expr, "division by zero")
    if exponent.is_Integer:
        return Rational(base**exponent)
    if base < 0:
        raise _not_real(expr, "a non-integer power of a negative base")
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
    arg = exact_rational(expr.args[0])
    if arg is not None and arg <= 0:
        raise _not_real(expr, "log of a number that is not positive")
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
    raise _not_real(expr, "no condition of the Piecewise holds (the value is undefined)")


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
    if isinstance(cond, Relational) and cond.rel_op in _RELATIONS:
        lhs, rhs = exact_rational(cond.lhs), exact_rational(cond.rhs)
        if lhs is None or rhs is None:
            return None
        return _RELATIONS[cond.rel_op](int(sympy.sign(lhs - rhs)))
    return None


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
    sympy.exp: _exact_at_zero(Rational(1)),
    sympy.cosh: _exact_at_zero(Rational(1)),
    sympy.cos: _exact_at_zero(Rational(1)),
    sympy.erfc: _exact_at_zero(Rational(1)),
    sigmoid: _exact_at_zero(Rational(1, 2)),
    **{f: _exact_at_zero(Rational(0)) for f in (sympy.erf, sympy.tanh, sympy.sinh, sympy.sin)},
    sympy.atan: _exact_at_zero(Rational(0)),
}

#: Size limits for the exact algebraic zero test (minimal polynomials grow quickly).
MAX_RADICALS = 4
MAX_OPS = 60


def algebraic_is_zero(expr: Expr) -> bool | None:
    """Whether the algebraic number ``expr`` is exactly 0, from its minimal polynomial.

    Applies to trees of rationals, ``+``, ``*`` and rational powers, small enough to be
    handled quickly (at most ``MAX_RADICALS`` distinct radicals); ``None`` otherwise or
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


def minimal_polynomial_of(expr: Expr) -> Expr | None:
    """The minimal polynomial of ``expr`` in ``t``, or None if it is not a small algebraic tree."""
    if not _is_algebraic_tree(expr):
        return None
    radicals = {p for p in expr.atoms(sympy.Pow) if not p.exp.is_Integer}
    if len(radicals) > MAX_RADICALS or sympy.count_ops(expr) > MAX_OPS:
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
