r"""Independent certification that a law's defect is non-zero: exact, else rigorous balls.

A refutation is only as good as its disequality.  :func:`certify_nonzero` re-verifies it
from the defect alone (``lhs - rhs`` with the witness substituted), independently of the
search that found the witness, and never with floating point:

1. exact rational arithmetic when the defect is rational
   (:func:`~symact.prover.exact.exact_rational`);
2. for algebraic defects (rationals, ``+``, ``*``, radicals) the minimal polynomial: it is
   :math:`t` exactly when the defect is 0; a non-zero verdict is accepted only when an Arb
   ball confirms it;
3. otherwise Arb balls at 64, 128, 256, … bits until one excludes 0.

A defect that is exactly zero (``log(2) + log(3) - log(6)``) is never certified: the balls
keep containing 0 up to ``max_prec`` bits and the answer is ``None``.

>>> from sympy import Integer, exp
>>> cert = certify_nonzero(-exp(Integer(-1000)))
>>> cert.kind, cert.sign, cert.precision, cert.excludes_zero
('ball', -1, 64, True)
>>> certify_nonzero(Integer(6) / 10**30).to_dict()["exact"]
'3/500000000000000000000000000000'
>>> from sympy import log
>>> certify_nonzero(log(2) + log(3) - log(6)) is None
True
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

import sympy
from flint import arb
from sympy import Expr, Rational

from symact.errors import UnsupportedExpressionError
from symact.prover.arb import Indeterminate, enclose, resolve
from symact.prover.exact import MINPOLY_VARIABLE, exact_rational, minimal_polynomial_of

__all__ = [
    "Certificate",
    "certify_law_violation",
    "certify_nonzero",
    "certify_sign",
    "precisions",
    "substitute",
]

START_PREC = 64


@dataclass(frozen=True, slots=True)
class Certificate:
    r"""Evidence that the real constant ``value`` is not zero.

    ``kind == "exact"``: ``exact`` is its exact value (a rational), or ``value`` itself when
    it is algebraic, with its ``minimal_polynomial`` (in ``t``; non-zero constant term) and,
    as corroboration and for the sign, a ball as below.  ``kind == "ball"``: the value lies
    in the ball ``midpoint ± radius``, both exact dyadic numbers written ``m*2**e``, computed
    at ``precision`` bits, and
    :math:`|\text{midpoint}| > \text{radius}` so the ball ``excludes_zero``.  ``sign`` is the
    sign of the value, ``enclosure`` a human-readable decimal form of the ball.
    """

    kind: Literal["exact", "ball"]
    value: Expr
    sign: int
    excludes_zero: bool
    exact: Expr | None = None
    minimal_polynomial: Expr | None = None
    midpoint: str | None = None
    radius: str | None = None
    precision: int | None = None
    enclosure: str | None = None

    def midpoint_value(self) -> Rational | None:
        """The exact midpoint of the ball as a Rational (None without a ball).

        Beware: the midpoint of ``exp(-exp(30))`` has a binary exponent near -10**13, far
        too large for a Rational; :meth:`check` works on the dyadic integers instead.
        """
        return None if self.midpoint is None else _from_dyadic(self.midpoint)

    def radius_value(self) -> Rational | None:
        """The exact radius of the ball as a Rational (None without a ball)."""
        return None if self.radius is None else _from_dyadic(self.radius)

    def check(self) -> bool:
        """Re-check the certificate's own arithmetic exactly (not the evaluation behind it)."""
        if self.kind == "exact" and self.minimal_polynomial is None:
            return self.exact is not None and exact_rational(self.exact) not in (None, 0)
        if self.minimal_polynomial is not None:
            poly = self.minimal_polynomial
            if poly.subs(MINPOLY_VARIABLE, 0) == 0:
                return False
        if self.midpoint is None or self.radius is None:
            return False
        return _dyadic_abs_greater(*_dyadic(self.midpoint), *_dyadic(self.radius))

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form: numbers and expressions as strings."""
        return {
            "kind": self.kind,
            "value": str(self.value),
            "sign": self.sign,
            "excludes_zero": self.excludes_zero,
            "exact": None if self.exact is None else str(self.exact),
            "minimal_polynomial": _str_or_none(self.minimal_polynomial),
            "midpoint": self.midpoint,
            "radius": self.radius,
            "precision": self.precision,
            "enclosure": self.enclosure,
        }


def certify_nonzero(
    defect: Expr, *, max_prec: int = 4096, deadline: float | None = None
) -> Certificate | None:
    """A certificate that the closed real constant ``defect`` is not 0, or None.

    None means it could not be certified: the defect is exactly 0, or too close to 0 for
    ``max_prec`` bits, or ``deadline`` (a :func:`time.monotonic` timestamp) passed.
    Raises :class:`~symact.errors.UnsupportedExpressionError` for free symbols or nodes
    without a rigorous evaluation.
    """
    defect = _as_expr(defect)
    value = exact_rational(defect)
    if value is not None:
        if value == 0:
            return None
        return Certificate("exact", defect, int(sympy.sign(value)), True, exact=value)
    if deadline is not None and time.monotonic() > deadline:
        return None
    poly = minimal_polynomial_of(defect)
    if poly == MINPOLY_VARIABLE:
        return None  # the minimal polynomial of 0
    ball = _separating_ball(defect, max_prec, deadline)
    if ball is None or poly is None:
        return ball
    return replace(ball, kind="exact", exact=defect, minimal_polynomial=poly)


def certify_sign(expr: Expr, *, max_prec: int = 4096, deadline: float | None = None) -> int | None:
    """The sign of the closed real constant ``expr``: 1 or -1, 0 if proved exactly zero.

    None when it cannot be decided within ``max_prec`` bits or before ``deadline``.

    >>> from sympy import E, Integer, pi, sqrt
    >>> certify_sign(pi - Integer(355) / 113), certify_sign(E - 2), certify_sign(sqrt(2) - sqrt(2))
    (-1, 1, 0)
    """
    expr = _as_expr(expr)
    value = exact_rational(expr)
    if value is not None:
        return int(sympy.sign(value))
    if minimal_polynomial_of(expr) == MINPOLY_VARIABLE:
        return 0
    ball = _separating_ball(expr, max_prec, deadline)
    return None if ball is None else ball.sign


def certify_law_violation(
    lhs: Expr, rhs: Expr, *, max_prec: int = 4096, deadline: float | None = None
) -> Certificate | None:
    """Certify ``lhs != rhs`` (both closed real constants) through the defect ``lhs - rhs``.

    >>> from sympy import Integer, exp
    >>> f0 = exp(Integer(-1000))           # f(0) for f(x) = x + exp(-1000)
    >>> certify_law_violation(f0, 2 * f0).sign
    -1
    """
    return certify_nonzero(
        sympy.Add(_as_expr(lhs), -_as_expr(rhs)), max_prec=max_prec, deadline=deadline
    )


def substitute(expr: Expr, values: Mapping[sympy.Symbol, Expr]) -> Expr:
    """``expr`` with exact ``values`` substituted and nothing evaluated.

    Keeping SymPy from evaluating (``Piecewise`` conditions, numeric relationals) leaves every
    decision to the rigorous evaluator, so a certificate depends only on the expression, the
    values and exact or ball arithmetic.

    >>> from sympy import Piecewise, Symbol
    >>> t = Symbol("t", real=True)
    >>> substitute(Piecewise((t, t > 0), (0, True)), {t: sympy.Integer(0)})
    Piecewise((0, 0 > 0), (0, True))
    """
    with sympy.evaluate(False):
        return expr.xreplace(dict(values))


def precisions(max_prec: int) -> list[int]:
    """The precision ladder: 64, 128, … doubling, up to and including ``max_prec``.

    >>> precisions(300)
    [64, 128, 256, 300]
    """
    ladder = []
    prec = START_PREC
    while prec < max_prec:
        ladder.append(prec)
        prec *= 2
    ladder.append(max(max_prec, 2))
    return ladder


def _separating_ball(expr: Expr, max_prec: int, deadline: float | None) -> Certificate | None:
    """A ball certificate from the first precision whose enclosure excludes 0."""
    for prec in precisions(max_prec):
        if deadline is not None and time.monotonic() > deadline:
            return None
        try:
            ball = enclose(expr, prec)
        except Indeterminate:
            continue
        cert = _ball_certificate(expr, ball, prec)
        if cert is not None:
            return cert
    return _cancelled_ball(expr, max_prec, deadline)


_SELECTIONS = (sympy.Piecewise, sympy.Max, sympy.Min, sympy.Abs, sympy.sign, sympy.Heaviside)


def _rebuilt(expr: Expr) -> Expr:
    """``expr`` rebuilt with SymPy's automatic (exact) evaluation: nested unevaluated sums
    are flattened and like terms collected."""
    if expr.is_Atom:
        return expr
    return expr.func(*(_rebuilt(a) if isinstance(a, Expr) else a for a in expr.args))


def _cancelled_ball(expr: Expr, max_prec: int, deadline: float | None) -> Certificate | None:
    """Balls on ``expr`` after exact cancellation: its selections resolved rigorously, then
    ``expand`` (an identity) collects ``(1 + e^{-10^6}) - 1`` into ``e^{-10^6}``, which the
    balls then separate from 0 although the uncancelled sum never could."""
    try:
        resolved = resolve(expr, max_prec)
    except (Indeterminate, UnsupportedExpressionError):
        return None
    if resolved.has(*_SELECTIONS):
        return None
    cancelled = sympy.expand(_rebuilt(resolved))
    if cancelled == expr or cancelled.has(*_SELECTIONS):
        return None
    for prec in precisions(max_prec):
        if deadline is not None and time.monotonic() > deadline:
            return None
        try:
            ball = enclose(cancelled, prec)
        except Indeterminate:
            continue
        cert = _ball_certificate(expr, ball, prec)
        if cert is not None:
            return cert
    return None


def _ball_certificate(expr: Expr, ball: arb, prec: int) -> Certificate | None:
    mid_m, mid_e = (int(v) for v in ball.mid().man_exp())
    rad_m, rad_e = (int(v) for v in ball.rad().man_exp())
    if not _dyadic_abs_greater(mid_m, mid_e, rad_m, rad_e):
        return None
    floor = mid_e + mid_m.bit_length() - 2 * prec  # |midpoint| >= 2**(floor + 2*prec - 1)
    if rad_m != 0 and rad_e + rad_m.bit_length() < floor:
        rad_m, rad_e = 1, floor  # a larger radius is as valid and stays printable
    return Certificate(
        "ball",
        expr,
        1 if mid_m > 0 else -1,
        True,
        midpoint=f"{mid_m}*2**{mid_e}",
        radius=f"{rad_m}*2**{rad_e}",
        precision=prec,
        enclosure=ball.str(20, radius=True),
    )


def _dyadic_abs_greater(m1: int, e1: int, m2: int, e2: int) -> bool:
    """Exact test of |m1·2^e1| > |m2·2^e2| on integers.

    Magnitudes far apart are told apart by their binary orders (no huge shifts: a ball
    around erf(e^30) has a radius some 10^25 binary orders below its midpoint).
    """
    if m1 == 0 or m2 == 0:
        return m1 != 0
    order1, order2 = e1 + abs(m1).bit_length(), e2 + abs(m2).bit_length()
    if order1 - 1 >= order2:  # |x1| >= 2^(order1 - 1) >= 2^order2 > |x2|
        return True
    if order1 <= order2 - 1:  # |x1| < 2^order1 <= 2^(order2 - 1) <= |x2|
        return False
    shift = min(e1, e2)  # here |e1 - e2| is at most the mantissas' lengths
    return abs(m1) << (e1 - shift) > abs(m2) << (e2 - shift)


def _dyadic(text: str) -> tuple[int, int]:
    mantissa, exponent = text.split("*2**")
    return int(mantissa), int(exponent)


def _from_dyadic(text: str) -> Rational:
    mantissa, exponent = _dyadic(text)
    return Rational(mantissa) * Rational(2) ** exponent


def _as_expr(value: Any) -> Expr:
    if isinstance(value, int):
        return sympy.Integer(value)
    if not isinstance(value, sympy.Expr):
        msg = f"expected an exact SymPy expression, got {type(value).__name__} {value!r}"
        raise UnsupportedExpressionError(msg)
    return value


def _str_or_none(value: Expr | None) -> str | None:
    return None if value is None else str(value)
