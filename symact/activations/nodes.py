"""Named SymPy functions for the transcendental building blocks of activations.

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
from sympy import Function, Rational, S, exp, log

__all__ = ["NODES", "sigmoid", "softplus"]


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
        return _evalf_with(self.args[0], prec, lambda t: 1 / (1 + mpmath.exp(-t)))

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
        # log1p: log(1 + e^u) loses all digits for u << 0 when formed as written.
        return _evalf_with(self.args[0], prec, lambda t: mpmath.log1p(mpmath.exp(t)))

    def _eval_is_extended_real(self) -> bool | None:
        return self.args[0].is_extended_real

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[0].is_extended_real else None

    def _latex(self, printer: Any, exp: Any = None) -> str:
        body = rf"\operatorname{{softplus}}\left({printer._print(self.args[0])}\right)"
        return body if exp is None else rf"{body}^{{{exp}}}"


#: Every named node, for code that must recognise or rewrite them all.
NODES: tuple[type[Function], ...] = (sigmoid, softplus)
