r"""Certified real roots of a polynomial in one parameter, and their certified order.

Parametric analysis cuts the parameter line at the real roots of coefficients.  A coefficient
counts as non-zero only with evidence (:func:`~symact.prover.constants.constant_sign`), so a
disguised zero such as :math:`(\log 6 - \log 2 - \log 3)(s^3 - s)` is recognised as the zero
polynomial instead of contributing the roots -1, 0, 1.  Roots come from SymPy's exact real-root
isolation over :math:`\mathbb{Q}` (rational coefficients), or from the explicit formulas of
degree 1 and 2 with a certified leading coefficient and discriminant (algebraic coefficients
such as :math:`\sqrt 2`); anything else raises :class:`UncertainRoots` (the caller answers
*undecided*).

>>> from sympy import Symbol, log, sqrt
>>> s = Symbol("s", real=True)
>>> real_roots((log(6) - log(2) - log(3)) * (s**3 - s), s) is None
True
>>> real_roots(sqrt(2) * s - 1, s), real_roots(s**2 - 2, s)
([sqrt(2)/2], [-sqrt(2), sqrt(2)])
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cmp_to_key

import sympy
from sympy import Expr, Symbol

from symact.errors import SymactError
from symact.prover.conditions import ConditionNotSupported, relational_form, truth
from symact.prover.constants import constant_sign

__all__ = [
    "UncertainRoots",
    "certified_coefficients",
    "holds_at",
    "real_roots",
    "sorted_distinct",
]


class UncertainRoots(SymactError, ValueError):
    """A coefficient, root or order that cannot be certified."""


def certified_coefficients(expr: Expr, s: Symbol) -> list[Expr] | None:
    """Coefficients of the polynomial ``expr`` in ``s`` (highest first) with certified-zero
    ones replaced by 0 and leading zeros dropped; None for the zero polynomial."""
    poly = sympy.Poly(sympy.expand(expr), s)
    out: list[Expr] = []
    for c in poly.all_coeffs():
        sign = 0 if c == 0 else constant_sign(c)
        if sign is None:
            msg = f"cannot tell whether the coefficient {c} of {expr} is 0"
            raise UncertainRoots(msg)
        if sign != 0 or out:
            out.append(c if sign else sympy.Integer(0))
    return out or None


def real_roots(expr: Expr, s: Symbol) -> list[Expr] | None:
    """The distinct real roots of the polynomial ``expr`` in ``s``, sorted; None when it is
    the zero polynomial (every ``s`` is a root)."""
    coeffs = certified_coefficients(expr, s)
    if coeffs is None:
        return None
    degree = len(coeffs) - 1
    if degree == 0:
        return []
    if all(c.is_Rational for c in coeffs):
        return sorted_distinct(sympy.Poly(coeffs, s).real_roots())
    if degree == 1:
        return [sympy.simplify(-coeffs[1] / coeffs[0])]
    if degree == 2:
        a, b, c = coeffs
        disc = sympy.expand(b**2 - 4 * a * c)
        sign = constant_sign(disc)
        if sign is None:
            msg = f"cannot certify the sign of the discriminant {disc} of {expr}"
            raise UncertainRoots(msg)
        if sign < 0:
            return []
        root = sympy.sqrt(disc)
        return sorted_distinct([(-b - root) / (2 * a), (-b + root) / (2 * a)])
    msg = f"{expr} has degree {degree} and irrational coefficients; bind the parameter"
    raise UncertainRoots(msg)


def _order(u: Expr, v: Expr) -> int:
    if u == v:
        return 0
    sign = constant_sign(u - v)
    if sign is None and (u.has(sympy.CRootOf) or v.has(sympy.CRootOf)):
        # SymPy orders real algebraic numbers by exact isolating intervals (trusted)
        less, equal = sympy.Lt(u, v), sympy.Eq(u, v)
        if equal is sympy.true:
            return 0
        sign = -1 if less is sympy.true else 1 if less is sympy.false else None
    if sign is None:
        msg = f"cannot order {u} and {v}"
        raise UncertainRoots(msg)
    return sign


def sorted_distinct(values: Iterable[Expr]) -> list[Expr]:
    """``values`` sorted by certified comparisons, duplicates (proved equal) removed."""
    out: list[Expr] = []
    for v in values:
        v = sympy.sympify(v)
        if all(_order(v, w) != 0 for w in out):
            out.append(v)
    return sorted(out, key=cmp_to_key(_order))


def holds_at(cond: sympy.Basic, values: dict[Symbol, Expr]) -> bool | None:
    """The truth of ``cond`` at exact ``values`` from certified signs; None when unknown.

    >>> from sympy import Symbol, sqrt
    >>> s = Symbol("s", real=True)
    >>> holds_at(s > 1, {s: sqrt(2)}), holds_at(s < 1, {s: sqrt(2)})
    (True, False)
    """
    try:
        form = relational_form(sympy.sympify(cond))
    except ConditionNotSupported:
        return None
    with sympy.evaluate(False):
        closed = form.xreplace(values)

    def sign_of(d: Expr) -> int | None:
        return constant_sign(sympy.sympify(d))

    return truth(closed, sign_of)
