r"""Case conditions as finite unions of intervals: relational form, or a refusal.

A ``Piecewise`` condition is trusted only when its truth is constant between breakpoints the
normaliser can find.  That holds for Boolean combinations of relations ``u < v``, ``u = v``,
… whose sides are piecewise affine (their zeros are the breakpoints).  :func:`relational_form`
rewrites every other Boolean the prover meets into that shape or refuses it:

* ``ITE(c, p, q)`` (SymPy's form of a condition with cases inside) → ``c ∧ p ∨ ¬c ∧ q``;
  ``Implies``, ``Equivalent``, ``Xor`` likewise;
* ``Contains(u, S)`` with ``S`` a finite union of intervals and points whose endpoints are
  closed real constants → ``S.as_relational(u)``;
* anything else (``Contains(x, Rationals)``, a Boolean symbol, …) raises
  :class:`ConditionNotSupported`: never sampled and trusted.

:func:`truth` then evaluates such a condition at an exact point with certified signs only.

>>> from sympy import Contains, Interval, Symbol, S
>>> x = Symbol("x", real=True)
>>> relational_form(Contains(x, Interval(100, 101)))
(100 <= x) & (x <= 101)
>>> relational_form(Contains(x, S.Rationals))  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
symact.prover.conditions.ConditionNotSupported: the condition Contains(x, Rationals) is not ...
"""

from __future__ import annotations

from collections.abc import Callable

import sympy
from sympy import Expr
from sympy.core.relational import Relational
from sympy.logic.boolalg import BooleanAtom

from symact.errors import SymactError

__all__ = ["ConditionNotSupported", "relational_form", "truth"]


class ConditionNotSupported(SymactError, ValueError):
    """A condition that cannot be written as a finite union of intervals with exact ends."""


def _refuse(cond: sympy.Basic) -> ConditionNotSupported:
    msg = (
        f"the condition {cond} is not a finite union of intervals with exact endpoints; "
        "write it with comparisons (x > 0, Eq(x, 1), ...)"
    )
    return ConditionNotSupported(msg)


def _closed_real(value: sympy.Basic) -> bool:
    return (
        isinstance(value, Expr)
        and not value.free_symbols
        and not value.has(sympy.nan, sympy.zoo, sympy.I)
        and value.is_extended_real is True
    )


def _set_form(cond: sympy.Basic, element: Expr, region: sympy.Set) -> sympy.Basic:
    """``element ∈ region`` as relations, for finite unions of intervals and points."""
    parts = region.args if isinstance(region, sympy.Union) else (region,)
    for part in parts:
        if isinstance(part, sympy.Interval):
            ends = [e for e in (part.start, part.end) if e not in (sympy.oo, -sympy.oo)]
        elif isinstance(part, sympy.FiniteSet):
            ends = list(part.args)
        elif part in (sympy.S.EmptySet, sympy.S.Reals):
            ends = []
        else:
            raise _refuse(cond)
        if not all(_closed_real(e) for e in ends):
            raise _refuse(cond)
    dummy = sympy.Dummy("u", real=True)
    form = region.as_relational(dummy)
    with sympy.evaluate(False):  # leave every comparison to the certified evaluators
        return form.xreplace({dummy: element})


def relational_form(cond: sympy.Basic) -> sympy.Basic:
    """An equivalent And/Or/Not combination of relations (see the module docstring)."""
    if isinstance(cond, BooleanAtom | bool):
        return sympy.sympify(cond)
    if isinstance(cond, Relational):
        if isinstance(cond.lhs, Expr) and isinstance(cond.rhs, Expr):
            return cond
        raise _refuse(cond)
    if isinstance(cond, sympy.And | sympy.Or | sympy.Not):
        return cond.func(*(relational_form(a) for a in cond.args))
    if isinstance(cond, sympy.ITE):
        c, p, q = (relational_form(a) for a in cond.args)
        return sympy.Or(sympy.And(c, p), sympy.And(sympy.Not(c), q))
    if isinstance(cond, sympy.Implies):
        p, q = (relational_form(a) for a in cond.args)
        return sympy.Or(sympy.Not(p), q)
    if isinstance(cond, sympy.Equivalent | sympy.Xor):
        args = [relational_form(a) for a in cond.args]
        odd = sympy.false
        for a in args:
            odd = sympy.Or(sympy.And(odd, sympy.Not(a)), sympy.And(sympy.Not(odd), a))
        if isinstance(cond, sympy.Xor):
            return odd
        return sympy.Or(sympy.And(*args), sympy.And(*(sympy.Not(a) for a in args)))
    if isinstance(cond, sympy.Contains) and isinstance(cond.args[0], Expr):
        return _set_form(cond, cond.args[0], cond.args[1])
    raise _refuse(cond)


#: Whether a relation ``lhs - rhs ⋈ 0`` holds, given the sign of ``lhs - rhs``.
HOLDS_AT_SIGN: dict[type, Callable[[int], bool]] = {
    sympy.StrictLessThan: lambda s: s < 0,
    sympy.LessThan: lambda s: s <= 0,
    sympy.StrictGreaterThan: lambda s: s > 0,
    sympy.GreaterThan: lambda s: s >= 0,
    sympy.Equality: lambda s: s == 0,
    sympy.Unequality: lambda s: s != 0,
}


def truth(cond: sympy.Basic, sign_of: Callable[[Expr], int | None]) -> bool | None:
    """The truth of a relational-form ``cond`` from ``sign_of(lhs - rhs)`` of each relation;
    None when some sign is unknown."""
    if cond is sympy.true or cond is sympy.false:
        return bool(cond)
    if isinstance(cond, Relational):
        rule = HOLDS_AT_SIGN.get(type(cond))
        sign = sign_of(cond.lhs - cond.rhs) if rule is not None else None
        return None if sign is None or rule is None else rule(sign)
    if isinstance(cond, sympy.Not):
        inner = truth(cond.args[0], sign_of)
        return None if inner is None else not inner
    if isinstance(cond, sympy.And | sympy.Or):
        values = [truth(a, sign_of) for a in cond.args]
        want = isinstance(cond, sympy.Or)
        if want in values:
            return want
        return None if None in values else not want
    return None
