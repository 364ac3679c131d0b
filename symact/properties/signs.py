r"""The sign of a function of ``x`` on an open interval, decided rigorously, with its roots.

:func:`signs` splits an open interval ``(lo, hi)`` (ends exact numbers or ``±oo``) into runs
on which ``h`` has one sign, separated by isolated roots.  Polynomials are handled exactly
(real roots as ``CRootOf``); other expressions by Arb enclosures (:mod:`.intervals`) over a
bisected window :math:`[-R, R]`, with the tails decided by an enclosure or, when that is too
loose, by monotonicity: if ``h'`` has one sign on the tail, ``h`` lies between its value at
the window's edge and its limit at infinity.  A root is *isolated* when ``h`` changes sign
across a bracket on which ``h'`` has one sign (one simple root), and its bracket is then
narrowed by exact bisection.  Whatever cannot be decided raises :class:`SignUnknown`.

>>> from sympy import Symbol, oo
>>> x = Symbol("x", real=True)
>>> [(str(r.lo), str(r.hi), r.sign) for r in signs(x**2 - 1, -oo, oo).runs]
[('-oo', '-1', 1), ('-1', '1', -1), ('1', 'oo', 1)]
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

import sympy
from sympy import Expr, Integer, Rational, oo

from symact.errors import SymactError
from symact.primitives.nodes import X, sigmoid
from symact.properties.intervals import Iv, NoEnclosure, image
from symact.properties.limits import limit_at

__all__ = ["WINDOW", "Root", "Run", "SignUnknown", "Signs", "signs"]

#: Half-width of the window bisected with Arb; beyond it the tails are decided as a whole.
WINDOW = Integer(8)
#: Narrowest cell of the bisection (beyond it a cell is left to root isolation).
_FINEST = Rational(1, 256)
#: Width to which a simple root's bracket is narrowed (about 21 digits).
_ROOT_WIDTH = Rational(1, 2**72)


class SignUnknown(SymactError, ArithmeticError):
    """The sign of ``h`` could not be decided on (part of) the interval."""


@dataclass(frozen=True, slots=True)
class Root:
    """A root of ``h``: exact (``value``), or a simple root inside ``[lo, hi]`` (rationals)."""

    lo: Expr
    hi: Expr
    value: Expr | None = None

    @property
    def approx(self) -> Expr:
        """The exact value, or the bracket's midpoint."""
        return self.value if self.value is not None else (self.lo + self.hi) / 2


@dataclass(frozen=True, slots=True)
class Run:
    """``h`` has sign ``sign`` (1, -1, or 0 for identically zero) on ``(lo, hi)``, except at
    isolated zeros when ``touches`` (``h >= 0`` with roots of even order, say)."""

    lo: Expr
    hi: Expr
    sign: int
    touches: bool = False


@dataclass(frozen=True, slots=True)
class Signs:
    """The runs of ``h`` in order; ``roots[i]`` separates ``runs[i]`` and ``runs[i + 1]``."""

    runs: tuple[Run, ...]
    roots: tuple[Root, ...]


def _strict(iv: Iv) -> int | None:
    if iv.positive():
        return 1
    if iv.negative():
        return -1
    return None


@lru_cache(maxsize=4096)
def _forms(h: Expr) -> tuple[Expr, ...]:
    """Equal forms of ``h`` whose enclosures may be tighter (a product of collected factors)."""
    forms = [h]
    factored = sympy.factor(h, deep=False)
    if factored != h:
        forms.append(factored)
    factors = sympy.Mul.make_args(factored)
    collected = sympy.Mul(*[sympy.collect(sympy.expand(a), X) for a in factors])
    if collected not in forms:
        forms.append(collected)
    return tuple(forms)


def sign_on(h: Expr, lo: Expr, hi: Expr) -> int | None:
    """1/-1 when an enclosure of ``h`` on ``[lo, hi]`` excludes 0; 2/-2 when it shows
    ``h >= 0`` / ``h <= 0``; None when no form decides."""
    weak = None
    for form in _forms(h):
        try:
            iv = image(form, lo, hi)
        except NoEnclosure:
            continue
        strict = _strict(iv)
        if strict is not None:
            return strict
        if weak is None and (iv.nonnegative() or iv.nonpositive()):
            weak = 2 if iv.nonnegative() else -2
    return weak


def signs(
    h: Expr,
    lo: Expr,
    hi: Expr,
    deadline: float | None = None,
    limits: Mapping[Expr, Expr] | None = None,
) -> Signs:
    """The sign runs of ``h`` on the open interval ``(lo, hi)`` (see the module docstring);
    ``limits`` may give ``h``'s limits at ``±oo`` when the caller knows them."""
    h = sympy.sympify(h)
    if h.is_zero:
        return Signs((Run(lo, hi, 0),), ())
    if h.free_symbols - {X}:
        raise SignUnknown(f"{h} has symbolic parameters")
    if h.is_polynomial(X):
        try:
            return _polynomial(h, lo, hi)
        except (NotImplementedError, sympy.PolynomialError):
            pass  # irrational coefficients: the enclosures below
    whole = sign_on(h, lo, hi)
    if whole is not None:
        return Signs((Run(lo, hi, 1 if whole > 0 else -1, abs(whole) == 2),), ())
    factored = _polynomial_factor(h, lo, hi)
    if factored is not None:
        return factored
    limits = limits or {}
    pieces: list[tuple[Expr, Expr, int, bool]] = []
    roots: list[Root] = []
    a, b = max(lo, -WINDOW), min(hi, WINDOW)
    if lo < a:
        pieces.append((lo, a, *_tail(h, lo, a, deadline, limits.get(-oo))))
    if a < b:
        _window(h, a, b, pieces, roots, deadline)
    if b < hi:
        pieces.append((b, hi, *_tail(h, b, hi, deadline, limits.get(oo))))
    return _merge(h, pieces, roots)


def _polynomial_factor(h: Expr, lo: Expr, hi: Expr) -> Signs | None:
    """``h = c · p(x)`` with ``c`` of one strict sign on the interval and ``p`` a polynomial:
    the exact roots of ``p`` (SymPy's ``factor`` keeps e.g. ``(2 - x**2)·e^{-x²/2}``)."""
    poly, other, positive = [], [], []
    for factor in sympy.Mul.make_args(sympy.factor(h, deep=False)):
        if not factor.has(X):
            other.append(factor)
        elif factor.is_polynomial(X):
            poly.append(factor)
        elif isinstance(factor, sympy.exp | sigmoid):  # e^u > 0 and sigma(u) > 0 for real u
            positive.append(factor)
        else:
            other.append(factor)
    if not poly or not (other or positive):
        return None
    s = sign_on(sympy.Mul(*other), lo, hi) if other else 1
    if s is None or abs(s) != 1:
        return None
    try:
        exact = _polynomial(sympy.Mul(*poly), lo, hi)
    except (NotImplementedError, sympy.PolynomialError):
        return None
    runs = [Run(r.lo, r.hi, s * r.sign, r.touches) for r in exact.runs]
    return Signs(tuple(runs), exact.roots)


def _polynomial(h: Expr, lo: Expr, hi: Expr) -> Signs:
    poly = sympy.Poly(h, X)
    found = sorted({r for r in poly.real_roots() if lo < r < hi}, key=lambda r: r.evalf(30))
    ends = [lo, *found, hi]
    runs = []
    for u, v in itertools.pairwise(ends):
        sample = _inside(u, v)
        runs.append(Run(u, v, int(sympy.sign(h.subs(X, sample)))))
    return _joined(runs, [Root(r, r, r) for r in found])


def _inside(u: Expr, v: Expr) -> Expr:
    """An exact rational strictly inside ``(u, v)``."""
    if u is -oo:
        return sympy.floor(v) - 1
    if v is oo:
        return sympy.ceiling(u) + 1
    if u.is_Rational and v.is_Rational:
        return (u + v) / 2
    mid = sympy.nsimplify((u.evalf(30) + v.evalf(30)) / 2, rational=True)
    return mid if u < mid < v else Rational(mid)


def _joined(runs: list[Run], roots: list[Root]) -> Signs:
    """Runs with equal signs on both sides of a root merged (the root only touches 0)."""
    out, kept = [runs[0]], []
    for root, run in zip(roots, runs[1:], strict=False):
        if run.sign == out[-1].sign and run.sign != 0:
            out[-1] = Run(out[-1].lo, run.hi, run.sign, True)
        else:
            out.append(run)
            kept.append(root)
    return Signs(tuple(out), tuple(kept))


def _tail(
    h: Expr, lo: Expr, hi: Expr, deadline: float | None, known: Expr | None
) -> tuple[int, bool]:
    """The sign of ``h`` on an unbounded tail, directly or by monotonicity and the limit."""
    direct = sign_on(h, lo, hi)
    if direct is not None:
        return (1 if direct > 0 else -1), abs(direct) == 2
    infinite, edge = (lo, hi) if lo is -oo else (hi, lo)
    slope = sign_on(sympy.diff(h, X), lo, hi)
    if slope is None:
        raise SignUnknown(f"no enclosure decides the sign of {h} on ({lo}, {hi})")
    limit = known if known is not None else limit_at(h, infinite, deadline)
    at_edge = _point_sign(h, edge)
    limit_sign = None if limit is None else int(sympy.sign(limit))
    if limit_sign is not None and limit_sign * at_edge >= 0 and (limit_sign or at_edge):
        # h is monotone on the tail, so it lies between h(edge) and its limit: both on one side
        return (at_edge or limit_sign), limit_sign == 0 or at_edge == 0
    raise SignUnknown(f"the sign of {h} on ({lo}, {hi}) is not decided (limit {limit})")


def _point_sign(h: Expr, at: Expr) -> int:
    s = sign_on(h, at, at)
    if s is None or abs(s) == 2:
        if h.subs(X, at) == 0:
            return 0
        raise SignUnknown(f"the sign of {h} at {at} is not decided")
    return s


def _window(
    h: Expr,
    lo: Expr,
    hi: Expr,
    pieces: list[tuple[Expr, Expr, int, bool]],
    roots: list[Root],
    deadline: float | None,
) -> None:
    """Bisect ``[lo, hi]``: decided cells become pieces, undecided ones are isolated."""
    pending: list[tuple[Expr, Expr]] = []
    for u, v, s in _bisect(h, lo, hi, deadline):
        if s is None:
            if pending and pending[-1][1] == u:
                pending[-1] = (pending[-1][0], v)
            else:
                pending.append((u, v))
            continue
        _flush(h, pending, pieces, roots)
        pieces.append((u, v, 1 if s > 0 else -1, abs(s) == 2))
    _flush(h, pending, pieces, roots)


def _bisect(h: Expr, lo: Expr, hi: Expr, deadline: float | None) -> Iterator[tuple]:
    stack = [(lo, hi)]
    while stack:
        if deadline is not None and time.monotonic() > deadline:
            raise SignUnknown("the time budget ran out while bisecting")
        u, v = stack.pop()
        s = sign_on(h, u, v) if v - u > _FINEST / 4 else None
        if s is not None or v - u <= _FINEST:
            yield u, v, s
        else:
            mid = (u + v) / 2
            stack += [(mid, v), (u, mid)]


def _flush(h: Expr, pending: list, pieces: list, roots: list[Root]) -> None:
    """Isolate the single simple root (or none) of each undecided cluster."""
    for u, v in pending:
        slope = sign_on(sympy.diff(h, X), u, v)
        if slope is None or abs(slope) == 2:
            raise SignUnknown(f"cannot isolate the roots of {h} in [{u}, {v}]")
        su, sv = _point_sign(h, u), _point_sign(h, v)
        if su == sv and su != 0:
            pieces.append((u, v, su, False))
        elif su * sv < 0:
            root = _narrowed(h, u, v, su)
            roots.append(root)
            pieces.append((u, root.lo, su, False))
            pieces.append((root.hi, v, sv, False))
        else:
            raise SignUnknown(f"{h} vanishes at an end of [{u}, {v}]")
    pending.clear()


def _narrowed(h: Expr, u: Expr, v: Expr, su: int) -> Root:
    while v - u > _ROOT_WIDTH:
        mid = (u + v) / 2
        try:
            s = _point_sign(h, mid)
        except SignUnknown:
            break
        if s == 0:
            return Root(mid, mid, mid)
        u, v = (mid, v) if s == su else (u, mid)
    return Root(u, v)


def _merge(h: Expr, pieces: list, roots: list[Root]) -> Signs:
    """Adjacent pieces of one sign joined; each root between the pieces it separates."""
    runs: list[Run] = []
    kept: list[Root] = []
    by_lo = {r.hi: r for r in roots}
    for u, v, s, touches in pieces:
        root = by_lo.get(u)
        if runs and root is None and runs[-1].sign != s:
            # both closed enclosures touch u: h(u) >= 0 and h(u) <= 0, so h(u) = 0
            root = Root(u, u, u)
        if runs and root is None and runs[-1].sign == s:
            runs[-1] = Run(runs[-1].lo, v, s, runs[-1].touches or touches)
        else:
            if root is not None:
                kept.append(root)
                u = root.approx
            runs.append(Run(u, v, s, touches))
    del h
    return Signs(tuple(runs), tuple(kept))
