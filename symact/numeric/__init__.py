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

from symact.primitives.nodes import X

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


def lambdify(expr: Expr, x: Symbol | str | None = None) -> NumericFunction:
    """A vectorised, numerically stable NumPy function of ``x`` computing ``expr``.

    The input is ``x`` (a Symbol, or the name of one of ``expr``'s symbols); by default the
    symbol named ``x`` (symact's real ``x`` or a plain ``Symbol("x")``), else ``expr``'s only
    free symbol (``Symbol("t")``).  It is read as a real variable; any other symbol is a
    parameter to bind first.

    >>> from sympy import Symbol
    >>> lambdify(Symbol("x") ** 2)(3.0)
    np.float64(9.0)
    >>> lambdify(Symbol("t") * Symbol("w"), x="t")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    symact.errors.UnsupportedExpressionError: cannot lower t*w ... free parameters w; bind ...
    """
    from sympy import sympify

    from symact.errors import UnsupportedExpressionError
    from symact.numeric.function import NumericFunction

    expr = sympify(expr)
    chosen = _input_symbol(expr, x)
    if chosen == X:
        return NumericFunction(expr, X)
    extra = sorted(str(s) for s in expr.free_symbols - {chosen})
    if extra:
        msg = (
            f"cannot lower {expr} to NumPy with input {chosen}: it has free parameters "
            f"{', '.join(extra)}; bind them to numbers first (expr.subs(...))"
        )
        raise UnsupportedExpressionError(msg)
    return NumericFunction(expr.xreplace({chosen: X}), X)


def _input_symbol(expr: Expr, x: Symbol | str | None) -> Symbol:
    """The symbol ``lambdify`` takes as its input (see there)."""
    from symact.errors import UnsupportedExpressionError

    free = sorted(expr.free_symbols, key=str)
    if isinstance(x, str):
        named = [s for s in free if s.name == x]
        if len(named) > 1:
            msg = f"{expr} has {len(named)} different symbols named {x!r}; pass x=<the Symbol>"
            raise UnsupportedExpressionError(msg)
        if not named and free:
            names = ", ".join(str(s) for s in free)
            msg = f"{expr} has no symbol named {x!r}; its symbols are {names}"
            raise UnsupportedExpressionError(msg)
        return named[0] if named else X
    if x is not None:
        if not isinstance(x, Symbol):
            msg = f"x must be a SymPy Symbol or its name, got {type(x).__name__}: {x!r:.40}"
            raise TypeError(msg)
        return x
    named_x = [s for s in free if s.name == X.name]
    if len(named_x) > 1:
        msg = f"{expr} has {len(named_x)} different symbols named 'x' (real and not); use one"
        raise UnsupportedExpressionError(msg)
    if X in free or not free:
        return X
    if len(named_x) == 1:
        return named_x[0]
    if len(free) == 1:
        return free[0]
    names = ", ".join(str(s) for s in free)
    msg = (
        f"cannot tell which symbol of {expr} is the input: it has {names}; "
        f"pass it as lambdify(expr, x={free[0]}) (or x={str(free[0])!r}) and bind the others"
    )
    raise UnsupportedExpressionError(msg)
