"""What a kernel is compiled for, and how constants are rounded to it: the leaf of the
numeric layer (:mod:`symact.numeric.lower`, :mod:`symact.numeric.pieces` and
:mod:`symact.numeric.refine` all build on it; it imports none of them).

A kernel maps a 1-d array ``v`` of the compute dtype (the values of ``x``) to an array of the
same shape, or to a scalar of that dtype for constant sub-expressions.

>>> import numpy as np
>>> from sympy import Rational, Symbol
>>> Context(np.dtype(np.float32), Symbol("x", real=True)).const(Rational(1, 10))
np.float32(0.1)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import mpmath
import numpy as np
import sympy
from sympy import Expr, Symbol

from symact.errors import UnsupportedExpressionError

__all__ = ["Context", "Kernel", "Lower", "round_to"]

Kernel = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class Context:
    """What a kernel is compiled for: the compute dtype and whether to refine arguments."""

    dtype: np.dtype
    x: Symbol
    refine: bool = False
    #: Divide by ``1 + e^{-u}`` with its rounding removed (long products of σ factors whose
    #: sum cancels: ``mish'``); set where the probe found error regions.
    careful: bool = False

    def const(self, value: Expr) -> Any:
        """``value`` correctly rounded to the compute dtype."""
        return round_to(value, self.dtype)


#: The lowering of a sub-expression, as :mod:`symact.numeric.pieces` receives it.
Lower = Callable[[Expr, Context], Kernel]


def round_to(value: Expr, dtype: np.dtype) -> Any:
    """The exact real ``value`` rounded once, to nearest, to ``dtype``.

    >>> round_to(sympy.Rational(1, 3), np.dtype(np.float32))
    np.float32(0.33333334)
    """
    number = sympy.sympify(value)
    if number in (sympy.oo, -sympy.oo):
        return dtype.type(float(number))
    if not number.is_extended_real:
        msg = f"cannot lower the non-real constant {value}; use real constants only"
        raise UnsupportedExpressionError(msg)
    approx = sympy.Float(sympy.N(number, 60), 60)
    if approx == 0:
        return dtype.type(0)
    with mpmath.workprec(np.finfo(dtype).nmant + 1):
        rounded = +mpmath.mpf(approx._mpf_)
    if dtype == np.longdouble:
        return np.longdouble(mpmath.nstr(rounded, 25, min_fixed=1, max_fixed=0))
    return dtype.type(float(rounded))
