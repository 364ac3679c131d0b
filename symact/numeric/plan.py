"""How :class:`~symact.numeric.function.NumericFunction` evaluates one expression, decided
once from its stabilised form: whether the whole array is evaluated at once or in chunks,
which fix-up passes can be skipped, whether tiny results need a wider type.

>>> import numpy as np
>>> from sympy import Piecewise, Symbol, exp
>>> x = Symbol("x", real=True)
>>> relu = Plan.of(Piecewise((x, x > 0), (0, True)), x)
>>> relu.selections_only, relu.evaluate_whole_array, relu.overflow_is_genuine
(True, True, True)
>>> Plan.of(x * exp(x), x).may_lose_tiny_results
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy
from sympy import Expr, Symbol

from symact.numeric.context import Context
from symact.numeric.pieces import branch_free, summable
from symact.numeric.refine import SENSITIVE_NODES, is_exact_argument
from symact.primitives import nodes_where

__all__ = ["Plan"]

#: Functions of x that are one NumPy ufunc: no temporaries, so no chunking.
_ONE_PASS = nodes_where(lambda p: p.cost == "one_pass")

#: Nodes whose kernels gather and scatter (tables, masked tails): evaluated in chunks.
_HEAVY = nodes_where(lambda p: p.cost == "heavy")
#: Nodes that can round moderate arguments to subnormals or 0.
_UNDERFLOWING = nodes_where(lambda p: p.underflows)
#: Nodes without transcendental work: comparisons and selections.
_ALGEBRAIC = (*nodes_where(lambda p: p.cost == "algebraic"), sympy.Piecewise)


@dataclass(frozen=True, slots=True)
class Plan:
    """The evaluation decisions for one stabilised expression."""

    #: Only comparisons and selections (``Abs``, ``sign``, ``Max``, ``Min``, ``Piecewise``):
    #: float32 is computed in float32 and no fix-up pass runs.
    selections_only: bool
    #: Always evaluate the whole array at once (selections without masks, or one ufunc of x).
    evaluate_whole_array: bool
    #: In float64, few full-size temporaries each reused in place: the whole array at once
    #: (unless arguments are refined or root patches apply).
    whole_array_float64: bool
    #: The same in float32, where sums of vanishing branches (``elu``) also qualify; in
    #: float64 their clipped copies of x are too many temporaries (measured: selu 2× slower).
    whole_array_float32: bool
    #: A sensitive node (σ, exp, …) of a rounded polynomial argument is refined in float64.
    refines_arguments: bool
    #: An underflowing factor times a non-constant one: results below the normal range are
    #: recomputed in a wider type (``x·σ(x)`` at x = −709.8).
    may_lose_tiny_results: bool
    #: Pieces ``a·x + b`` (or one ufunc of x): a non-finite result is the true result, so the
    #: overflow fix-up pass is skipped (``relu``, ``hard_tanh``).
    overflow_is_genuine: bool

    @classmethod
    def of(cls, stable: Expr, x: Symbol) -> Plan:
        """The plan for ``stable``, a stabilised expression in ``x``."""
        funcs = {type(f) for f in stable.atoms(sympy.Function)}
        selections_only = all(issubclass(f, _ALGEBRAIC) for f in funcs)
        no_masks = _branch_free(stable, x)
        heavy = stable.has(*_HEAVY)
        light = no_masks and not heavy
        whole = (selections_only and no_masks) or (
            isinstance(stable, _ONE_PASS) and stable.args == (x,)
        )
        return cls(
            selections_only=selections_only,
            evaluate_whole_array=whole,
            whole_array_float64=light,
            whole_array_float32=light or (_summable(stable, x) and not heavy),
            refines_arguments=_refined(stable, x),
            may_lose_tiny_results=_tiny_risk(stable),
            overflow_is_genuine=whole and _affine(stable, x),
        )


def _affine(expr: Expr, x: Symbol) -> bool:
    """Pieces ``a·x + b`` (or one ufunc of ``x``): no intermediate can overflow where the
    result does not, so the overflow fix-up pass is skipped (``relu``, ``hard_tanh``)."""
    if isinstance(expr, _ONE_PASS) and expr.args == (x,):
        return True
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Pow):
            return False
        pair = isinstance(node, (sympy.Mul, sympy.Add))  # x·x, inf − inf
        if pair and sum(bool(a.free_symbols) for a in node.args) > 1:
            return False
    return True


def _branch_free(expr: Expr, x: Symbol) -> bool:
    """No ``Piecewise`` that needs masks (those run chunked, where their temporaries stay
    in cache)."""
    return all(branch_free(pw, x) for pw in expr.atoms(sympy.Piecewise))


def _summable(expr: Expr, x: Symbol) -> bool:
    """Every ``Piecewise`` is branch-free or a sum of vanishing branches."""
    pieces = expr.atoms(sympy.Piecewise)
    return bool(pieces) and all(branch_free(pw, x) or summable(pw, x) for pw in pieces)


def _refined(expr: Expr, x: Symbol) -> bool:
    """A sensitive node (σ, exp, …) of a rounded polynomial argument: refined in float64."""
    ctx = Context(np.dtype(np.float64), x)
    for node in sympy.preorder_traversal(expr):
        args: tuple[Expr, ...] = getattr(node, "args", ())
        sensitive = isinstance(node, SENSITIVE_NODES) and args[0].is_polynomial(x)
        if sensitive and not is_exact_argument(args[0], ctx):
            return True
    return False


def _tiny_risk(expr: Expr) -> bool:
    """A product of an underflowing factor (exp, σ, softplus, erfc) with a non-constant one:
    a subnormal intermediate there can have a normal product (``x·σ(x)`` at x = −709.8)."""
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Mul):
            factors = [f for f in node.args if f.free_symbols]
            if len(factors) > 1 and any(f.has(*_UNDERFLOWING) for f in factors):
                return True
    return False
