r"""Signs of closed real constants: certified zero, certified sign, or unknown.

The prover's conditions and case splits often rest on one question: *is this constant 0, and
if not, which sign?*  SymPy's three-valued ``is_zero``/``is_positive`` answer ``None`` for
disguised zeros such as :math:`\log 6 - \log 2 - \log 3`, and a ``None`` read as "non-zero"
gives wrong conditions.  :func:`constant_sign` answers only with evidence:

* **0** when exact rewriting reduces the constant to the literal 0
  (:func:`~symact.prover.identity.is_identically_zero`; logarithms of positive rationals
  split into logarithms of primes, :math:`\log(p^k q) = k\log p + \log q`, an identity for
  positive arguments) or its minimal polynomial is :math:`t`;
* **±1** when exact rational arithmetic or an Arb ball excluding 0 says so
  (:func:`~symact.prover.certify.certify_sign`);
* **None** otherwise: the caller says *undecided*.

>>> from sympy import log, pi, sin, sqrt, Rational
>>> constant_sign(log(6) - log(2) - log(3)), constant_sign(sqrt(2) * sqrt(8) - 4)
(0, 0)
>>> constant_sign(sin(pi / 6) - Rational(1, 2)), constant_sign(pi - 3), constant_sign(-sqrt(2))
(0, 1, -1)
"""

from __future__ import annotations

import sympy
from sympy import Expr

from symact.errors import UnsupportedExpressionError
from symact.prover.certify import certify_sign
from symact.prover.exact import exact_rational
from symact.prover.identity import is_identically_zero, split_logs

__all__ = ["constant_sign", "split_logs"]


def constant_sign(
    value: Expr | int, *, max_prec: int = 1024, deadline: float | None = None
) -> int | None:
    """The sign of the closed real constant ``value`` (0 when proved zero), or None."""
    value = sympy.sympify(value)
    if value.free_symbols:
        return None
    exact = exact_rational(value)
    if exact is not None:
        return int(sympy.sign(exact))
    if value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo, sympy.I):
        return None
    if is_identically_zero(value, deadline):
        return 0
    try:
        return certify_sign(value, max_prec=max_prec, deadline=deadline)
    except UnsupportedExpressionError:
        return None
