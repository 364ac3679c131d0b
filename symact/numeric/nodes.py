"""SymPy nodes that name numerically stable primitives introduced by the rewrite rules.

They are exact (``rewrite(sqrt)`` gives the elementary form, ``evalf`` works), so a rewritten
expression still *means* the same function; the lowering recognises them and calls a kernel
that avoids the cancellation the elementary form suffers from.

>>> from sympy import Symbol, sqrt
>>> u = Symbol("u", real=True)
>>> half_hypot_plus(u, 2).rewrite(sqrt)
u/2 + sqrt(u**2 + 4)/2
>>> half_hypot_plus(0, 2)
1
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy import Function, sqrt

__all__ = ["erfc_accurate", "half_hypot_plus"]


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
