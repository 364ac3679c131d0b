r"""Rigorous evaluation of closed real constants with Arb balls.

:func:`enclose` turns a SymPy constant (no free symbols) into a python-flint ``arb`` ball that
is *guaranteed* to contain the true value: every operation is carried out by Arb, whose
results always contain the exact result whatever the working precision, so the precision only
decides how tight the ball is, never whether it is right.  Discontinuous nodes (``Piecewise``,
``sign``, ``Heaviside``) need a decision, :math:`u > 0`, :math:`u = 0` or :math:`u < 0`; it is
taken from the ball when the ball excludes 0, from exact rational arithmetic or an exact
algebraic zero test (:mod:`symact.prover.exact`) when the ball touches 0, and otherwise
:class:`Indeterminate` is raised so that the caller retries at a higher precision or gives up.
Branches that are not selected are never evaluated.

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

from symact.errors import SymactError, UnsupportedExpressionError
from symact.primitives import PRIMITIVES
from symact.prover.conditions import ConditionNotSupported, relational_form
from symact.prover.exact import RELATIONS, algebraic_is_zero, exact_rational, not_real

__all__ = [
    "Indeterminate",
    "decide_sign",
    "enclose",
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
    if algebraic_is_zero(expr) or _resolves_to_zero(expr, prec):
        return 0
    msg = f"cannot decide the sign of {expr} at {prec} bits: its enclosure {ball} contains 0"
    raise Indeterminate(msg)


def resolve(expr: Expr, prec: int) -> Expr:
    """``expr`` with every selection node (Piecewise, Max, Min, Abs, sign, Heaviside) whose
    choice is decided rigorously at ``prec`` bits replaced by what it selects, unevaluated."""
    with working_precision(prec):
        return _resolved(expr)


def _resolves_to_zero(expr: Expr, prec: int) -> bool:
    """Whether ``expr`` cancels to 0 once its selection nodes are replaced by what they select.

    ``Max(E, sin(1/2)) - E`` becomes ``E - E``; only SymPy's collection of identical terms
    (exact) is used after the replacement, never its numeric heuristics.
    """
    with working_precision(prec):
        resolved = _resolved(expr)
    return resolved != expr and sympy.Add(*sympy.Add.make_args(resolved)) == 0


def _resolved(expr: Expr) -> Expr:
    """``expr`` with its decidable Piecewise, Max, Min, Abs, sign, Heaviside nodes replaced."""
    if expr.is_Atom:
        return expr
    args = [_resolved(a) if isinstance(a, Expr) else a for a in expr.args]
    try:
        if isinstance(expr, sympy.Piecewise):
            return next(_resolved(p) for p, c in expr.args if _truth(c))
        if isinstance(expr, sympy.Max | sympy.Min):
            return _dominant(expr, args)
        if isinstance(expr, sympy.Abs | sympy.sign | sympy.Heaviside):
            return _resolved_step(expr, args, decide_sign(args[0], ctx.prec))
    except (Indeterminate, StopIteration):
        pass
    return expr.func(*args, evaluate=False)


def _dominant(expr: Expr, args: list[Expr]) -> Expr:
    """The argument of Max (Min) whose ball is certainly >= (<=) every other one's."""
    balls = [_ball(a) for a in args]
    for arg, ball in zip(args, balls, strict=True):
        if isinstance(expr, sympy.Max) and all(ball >= b for b in balls if b is not ball):
            return arg
        if isinstance(expr, sympy.Min) and all(ball <= b for b in balls if b is not ball):
            return arg
    raise Indeterminate(f"no argument of {expr} dominates at {ctx.prec} bits")


def _resolved_step(expr: Expr, args: list[Expr], s: int) -> Expr:
    """Abs, sign or Heaviside of an argument whose sign ``s`` is known."""
    if isinstance(expr, sympy.Abs):
        return args[0] if s >= 0 else -args[0]  # Mul(-1, u): exact flattening only
    if isinstance(expr, sympy.sign):
        return sympy.Integer(s)
    if s == 0:
        return args[1] if len(args) > 1 else Rational(1, 2)
    return sympy.Integer(1 if s > 0 else 0)


def _unsupported(expr: Expr) -> UnsupportedExpressionError:
    msg = (
        f"cannot evaluate {type(expr).__name__} node {expr} rigorously; supported: rationals, "
        f"pi, E, + * **, {_SUPPORTED} (use exact Rationals, not Floats)"
    )
    return UnsupportedExpressionError(msg)


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
    b, e = _ball(base), exact_rational(exponent)
    zero_base = b.is_exact() and b.is_zero()
    if e is not None and e.is_Integer:
        if e < 0 and zero_base:
            raise not_real(expr, "division by zero")
        return _int_pow(b, int(e))
    if zero_base and decide_sign(exponent, ctx.prec) > 0:
        return arb(0)
    if not b > 0:
        if b < 0 or zero_base:
            raise not_real(expr, "a non-integer power of a base that is not positive")
        msg = f"cannot tell whether the base {base} is positive at {ctx.prec} bits ({b})"
        raise Indeterminate(msg)
    if e is None:
        return (_ball(exponent) * b.log()).exp()
    return _int_pow(b.sqrt() if e.q == 2 else b.root(int(e.q)), int(e.p))


def _int_pow(b: arb, n: int) -> arb:
    """b**n by repeated squaring with Arb products (python-flint's ``**`` is ``exp(n log b)``,
    which loses a ball around 0 or below it)."""
    if n < 0:
        return 1 / _int_pow(b, -n)
    result, square = arb(1), b
    while n:
        if n & 1:
            result *= square
        n >>= 1
        if n:
            square *= square
    return result


def _log(expr: Expr) -> arb:
    if len(expr.args) == 2:  # log(u, base) = log(u) / log(base)
        u, base = expr.args
        return _ball(sympy.log(u, evaluate=False)) / _ball(sympy.log(base, evaluate=False))
    u = expr.args[0]
    b = _ball(u)
    if b > 0:
        return b.log()
    if b < 0 or (b.is_exact() and b.is_zero()):
        raise not_real(expr, "log of a number that is not positive")
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
    raise not_real(expr, "no condition of the Piecewise holds (the value is undefined)")


def _truth(cond: sympy.Basic) -> bool:
    """The truth of a condition between constants, decided rigorously (or Indeterminate)."""
    if isinstance(cond, BooleanTrue | BooleanFalse):
        return bool(cond)
    if isinstance(cond, Not):
        return not _truth(cond.args[0])
    if isinstance(cond, And | Or):
        return _junction(cond)
    if isinstance(cond, Relational) and cond.rel_op in RELATIONS:
        s = decide_sign(sympy.Add(cond.lhs, -cond.rhs), ctx.prec)
        return RELATIONS[cond.rel_op](s)
    try:
        form = relational_form(cond)  # ITE, Contains(u, finite union of intervals), ...
    except ConditionNotSupported:
        raise _unsupported(cond) from None
    return _truth(form)


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


def _on_ball(enclose: Callable[[arb], arb]) -> Callable[[Expr], arb]:
    """The handler of ``f(u)`` from the record's enclosure of ``f`` on the ball of ``u``."""
    return lambda expr: enclose(_ball(expr.args[0]))


def _sign(expr: Expr) -> arb:
    return arb(decide_sign(expr.args[0], ctx.prec))


def _extremum(pick: str) -> Callable[[Expr], arb]:
    return lambda expr: reduce(lambda a, b: getattr(a, pick)(b), map(_ball, expr.args))


#: Nodes handled here, not by a primitive's record: the structure of expressions, and
#: primitives that need a domain check or a sign decision.
_STRUCTURAL: dict[type, Callable[[Expr], arb]] = {
    sympy.Rational: _rational,
    type(sympy.pi): lambda expr: arb.pi(),
    type(sympy.E): lambda expr: arb.const_e(),
    sympy.Add: lambda expr: reduce(lambda a, b: a + b, map(_ball, expr.args)),
    sympy.Mul: lambda expr: reduce(lambda a, b: a * b, map(_ball, expr.args)),
    sympy.Pow: _pow,
    sympy.log: _log,
    sympy.Abs: _abs,
    sympy.sign: _sign,
    sympy.Heaviside: _heaviside,
    sympy.Max: _extremum("max"),
    sympy.Min: _extremum("min"),
    sympy.Piecewise: _piecewise,
}
_HANDLERS: dict[type, Callable[[Expr], arb]] = {
    **_STRUCTURAL,
    **{p.node: _on_ball(p.arb) for p in PRIMITIVES if p.arb is not None},
}
#: The function nodes :func:`enclose` supports, for the "unsupported" message.
_SUPPORTED = ", ".join([p.node.__name__ for p in PRIMITIVES if p.node in _HANDLERS] + ["Piecewise"])
