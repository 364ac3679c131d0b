"""The variable ``X`` and the named SymPy functions of symact, in the leaf layer.

This module imports nothing from symact: the activations, numeric and prover layers all use
these classes, so they live below all of them.  :mod:`symact.primitives.table` records what
every layer knows about each node.

Keeping ``sigmoid`` and ``softplus`` as named nodes (instead of their elementary expansions)
lets printers show the familiar names, lets the numeric bridge recognise them and lower them
stably (``expit``, ``logaddexp``), and lets the prover rewrite them to elementary functions
when it needs to (``expr.rewrite(sympy.exp)``).

>>> from sympy import Symbol, exp
>>> t = Symbol("t", real=True)
>>> sigmoid(0), softplus(0)
(1/2, log(2))
>>> sigmoid(t).diff(t)
(1 - sigmoid(t))*sigmoid(t)
>>> softplus(t).rewrite(exp)
log(exp(t) + 1)
"""

from __future__ import annotations

from typing import Any

import mpmath
import sympy
from sympy import Function, Rational, S, exp, log, sqrt

__all__ = [
    "NODES",
    "X",
    "erfc_accurate",
    "half_hypot_plus",
    "mp_sigmoid",
    "mp_softplus",
    "sigmoid",
    "softplus",
]

#: The variable of every element-wise activation: one real symbol shared by the whole catalog.
X = sympy.Symbol("x", real=True)


def mp_sigmoid(t: Any) -> Any:
    """The logistic function at mpmath's working precision: ``1/(1 + e^{-t})``."""
    return 1 / (1 + mpmath.exp(-t))


def mp_softplus(t: Any) -> Any:
    """Softplus at mpmath's working precision, as ``log1p(e^t)``: ``log(1 + e^t)`` formed as
    written loses all digits for ``t << 0``."""
    return mpmath.log1p(mpmath.exp(t))


def _evalf_with(arg: sympy.Expr, prec: int, formula: Any) -> sympy.Expr | None:
    """Numeric value of ``formula(arg)`` to ``prec`` bits, with guard bits, via mpmath."""
    work = prec + 30
    value = arg._eval_evalf(work) if not arg.is_Number else arg
    if value is None or not value.is_Number:
        return None
    with mpmath.workprec(work):
        result = formula(value._to_mpmath(work))
    return sympy.Float._new(mpmath.mpf(result)._mpf_, prec)


class sigmoid(Function):
    r"""The logistic function :math:`\sigma(u) = 1 / (1 + e^{-u})`."""

    nargs = 1

    @classmethod
    def eval(cls, u: sympy.Expr) -> sympy.Expr | None:
        if u.is_zero:
            return Rational(1, 2)
        if u is S.Infinity:
            return S.One
        if u is S.NegativeInfinity:
            return S.Zero
        return None

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        s = sigmoid(self.args[0])
        return s * (1 - s)

    def _eval_rewrite_as_exp(self, u: sympy.Expr, **kwargs: Any) -> sympy.Expr:
        return 1 / (1 + exp(-u))

    def _eval_rewrite_as_tanh(self, u: sympy.Expr, **kwargs: Any) -> sympy.Expr:
        return (1 + sympy.tanh(u / 2)) / 2

    def _eval_evalf(self, prec: int) -> sympy.Expr | None:
        return _evalf_with(self.args[0], prec, mp_sigmoid)

    def _eval_is_extended_real(self) -> bool | None:
        return self.args[0].is_extended_real

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[0].is_extended_real else None

    def _latex(self, printer: Any, exp: Any = None) -> str:
        body = rf"\sigma\left({printer._print(self.args[0])}\right)"
        return body if exp is None else rf"{body}^{{{exp}}}"


class softplus(Function):
    r"""Softplus :math:`\operatorname{softplus}(u) = \log(1 + e^{u})`."""

    nargs = 1

    @classmethod
    def eval(cls, u: sympy.Expr) -> sympy.Expr | None:
        if u.is_zero:
            return log(2)
        if u is S.Infinity:
            return S.Infinity
        if u is S.NegativeInfinity:
            return S.Zero
        return None

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return sigmoid(self.args[0])

    def _eval_rewrite_as_exp(self, u: sympy.Expr, **kwargs: Any) -> sympy.Expr:
        return log(1 + exp(u))

    _eval_rewrite_as_log = _eval_rewrite_as_exp

    def _eval_evalf(self, prec: int) -> sympy.Expr | None:
        return _evalf_with(self.args[0], prec, mp_softplus)

    def _eval_is_extended_real(self) -> bool | None:
        return self.args[0].is_extended_real

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[0].is_extended_real else None

    def _latex(self, printer: Any, exp: Any = None) -> str:
        body = rf"\operatorname{{softplus}}\left({printer._print(self.args[0])}\right)"
        return body if exp is None else rf"{body}^{{{exp}}}"


class half_hypot_plus(Function):
    r"""``(u + sqrt(u² + c²))/2`` for a positive constant ``c``.

    For ``u ≪ 0`` the two terms cancel; the kernel uses the identity
    :math:`(u + \sqrt{u^2+c^2})/2 = (c^2/4)/(\sqrt{u^2+c^2}/2 - u/2)` there.
    """

    nargs = 2

    @classmethod
    def eval(cls, u: sympy.Expr, c: sympy.Expr) -> sympy.Expr | None:
        if u.is_number and c.is_number:
            return (u + sqrt(u**2 + c**2)) / 2
        return None

    def _eval_rewrite_as_sqrt(self, u: sympy.Expr, c: sympy.Expr, **kwargs: Any) -> sympy.Expr:
        return u / 2 + sqrt(u**2 + c**2) / 2

    def _eval_evalf(self, prec: int) -> sympy.Expr:
        return self.rewrite(sqrt)._eval_evalf(prec)

    def _eval_is_extended_real(self) -> bool | None:
        return self.args[0].is_extended_real

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[0].is_extended_real and self.args[1].is_positive else None


class erfc_accurate(Function):
    r"""``erfc(u)`` without SymPy's automatic ``erfc(-u) → 2 - erfc(u)``.

    The lowering evaluates it as :math:`\operatorname{erfcx}(u)\,e^{-u^2}` with ``u²`` split
    exactly, because SciPy's ``erfc`` loses up to ``u²·ε`` relative accuracy in the tail.
    """

    nargs = 1

    @classmethod
    def eval(cls, u: sympy.Expr) -> sympy.Expr | None:
        if u.is_number:
            return sympy.erfc(u)
        return None

    def _eval_rewrite_as_erfc(self, u: sympy.Expr, **kwargs: Any) -> sympy.Expr:
        return sympy.erfc(u)

    def _eval_evalf(self, prec: int) -> sympy.Expr:
        return sympy.erfc(self.args[0])._eval_evalf(prec)

    def _eval_is_extended_real(self) -> bool | None:
        return self.args[0].is_extended_real

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[0].is_extended_real else None


#: The catalog's named nodes (not the numeric-only ones above), for code that must recognise
#: or rewrite them all.
NODES: tuple[type[Function], ...] = (sigmoid, softplus)
