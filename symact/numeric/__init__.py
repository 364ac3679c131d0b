"""The numeric bridge: exact expressions → fast, numerically stable NumPy/SciPy callables.

``lambdify(expr)`` applies the stability rules of :mod:`symact.numeric.rules` to the exact
expression and lowers the result node by node (:mod:`symact.numeric.lower`,
:mod:`symact.numeric.pieces`); vector activations have kernels of their own
(:mod:`symact.numeric.vector`).

>>> import numpy as np
>>> from sympy import exp, log
>>> from symact.activations.function import X
>>> softplus = lambdify(log(1 + exp(X)))
>>> softplus(np.array([-800.0, 0.0, 800.0])).tolist()
[0.0, 0.6931471805599453, 800.0]
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from sympy import Expr, Symbol

from symact.activations.function import X

if TYPE_CHECKING:
    from symact.numeric.function import NumericFunction
    from symact.numeric.vector import vector_kernel

__all__ = ["NumericFunction", "lambdify", "vector_kernel"]

#: Names served on first use (PEP 562), so that importing a submodule such as
#: ``symact.numeric.evaluate`` does not load SciPy before it is needed.
_LAZY = {"NumericFunction": "symact.numeric.function", "vector_kernel": "symact.numeric.vector"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'symact.numeric' has no attribute {name!r}"
        raise AttributeError(msg)
    return getattr(importlib.import_module(module), name)


def lambdify(expr: Expr, x: Symbol = X) -> NumericFunction:
    """A vectorised, numerically stable NumPy function of ``x`` computing ``expr``."""
    from symact.numeric.function import NumericFunction

    return NumericFunction(expr, x)
