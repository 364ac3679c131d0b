r"""One record per primitive node: what every layer of symact knows about it.

The parser's whitelist, the NumPy lowering, the mpmath reference of the error analysis, the
Arb enclosures and exact values of the prover, the range facts of the sign decisions and the
numeric cost classes are all views of :data:`PRIMITIVES`.  Adding a primitive is one record
here plus its kernel where the record names one (``tests/primitives/test_primitives.py``
checks that every node the parser accepts has every backend).

>>> BY_NAME["sigmoid"].at_zero, BY_NAME["sigmoid"].cost
(1/2, 'ordinary')
>>> sorted(p.name for p in PRIMITIVES if p.sensitive)
['exp', 'expm1', 'sigmoid', 'softplus']
>>> import mpmath
>>> BY_NODE[sympy.tanh].mpmath(mpmath.mpf(0))
mpf('0.0')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import mpmath
import sympy
from sympy import Expr, Rational
from sympy.codegen.cfunctions import expm1, hypot, log1p

from symact.primitives.nodes import (
    erfc_accurate,
    half_hypot_plus,
    mp_sigmoid,
    mp_softplus,
    sigmoid,
    softplus,
)

__all__ = ["BY_NAME", "BY_NODE", "PRIMITIVES", "Cost", "Primitive", "nodes_where", "parser_names"]

#: How expensive a node's NumPy kernel is, as the evaluation planner needs it: ``one_pass``
#: (one ufunc, no temporaries), ``heavy`` (tables, masked tails: evaluated in chunks),
#: ``algebraic`` (no transcendental work: comparisons, selections), ``ordinary`` (the rest).
Cost = Literal["one_pass", "heavy", "algebraic", "ordinary"]


@dataclass(frozen=True, slots=True)
class Primitive:
    """What symact knows about one SymPy node.

    ``None`` in a backend field means "handled by that backend's own code" (structural nodes
    such as ``Max``, domain-checked ones such as ``log``) or "not needed there" (numeric-only
    nodes never reach the prover); the completeness test runs every backend on every node
    the parser accepts.
    """

    #: The name users write (the parser's key) and the kernels' key.
    name: str
    #: The SymPy class.
    node: type[sympy.Basic]
    #: Fewest and most arguments the parser accepts (None: any number).
    arity: tuple[int, int | None] = (1, 1)
    #: What the parser builds from the arguments; None for nodes only the stability rules
    #: introduce (``hypot``, ``half_hypot_plus``, ``erfc_accurate``).
    build: Callable[..., Expr] | None = None
    #: Further spellings the parser accepts (SymPy's own, so that printed output reads back).
    aliases: tuple[str, ...] = ()
    #: The value at mpmath's working precision (the error analysis' reference); None: SymPy's
    #: ``evalf`` is used.
    mpmath: Callable[..., Any] | None = None
    #: The value of a one-argument node where ``|u|`` is beyond every float's exponent range,
    #: without computing ``e^u`` at thousands of digits (``u`` an mpmath number).
    beyond: Callable[[Any], Any] | None = None
    #: The Arb enclosure of ``f(u)`` from the ball of ``u`` (a python-flint ``arb``).
    arb: Callable[[Any], Any] | None = None
    #: The exact value at 0 when it is rational (``σ(0) = 1/2``).
    at_zero: Rational | None = None
    #: A map from ``p > 0`` onto (a superset of) the range on ℝ, for sign decisions.
    range: Callable[[Expr], Expr] | None = None
    #: The plain NumPy/SciPy kernel, dotted (``numpy.tanh``, ``scipy.special.erf``).
    numpy: str | None = None
    #: Finite arguments can overflow to ±inf (the kernel runs with overflow warnings off).
    overflows: bool = False
    #: Amplifies the rounding error of its argument: ``symact.numeric.kernels`` has the
    #: dense, refined and sensitive-region kernels under :attr:`name`.
    sensitive: bool = False
    #: Gives the same float once ``|u|`` is beyond ``symact.numeric.refine.SATURATION``.
    saturates: bool = False
    #: Can return subnormal or zero results for moderate arguments (``e^{-745}``).
    underflows: bool = False
    cost: Cost = "ordinary"


def _log(u: Expr, base: Expr | None = None) -> Expr:
    return sympy.log(u) if base is None else sympy.log(u) / sympy.log(base)


def _open_unit(p: Expr) -> Expr:
    """(p - 1)/(p + 1): maps p > 0 onto the open interval (-1, 1)."""
    return (p - 1) / (p + 1)


def _exp_beyond(u: Any) -> Any:
    return mpmath.inf if u > 0 else mpmath.mpf(0)


_ONE, _ZERO = Rational(1), Rational(0)

#: Every primitive node, in the order the "supported" messages list them.
# fmt: off
PRIMITIVES: tuple[Primitive, ...] = (
    Primitive(
        "exp", sympy.exp, build=sympy.exp, mpmath=mpmath.exp, beyond=_exp_beyond,
        arb=lambda b: b.exp(), at_zero=_ONE, overflows=True, sensitive=True, saturates=True,
        underflows=True, cost="one_pass",
    ),
    Primitive(
        "log", sympy.log, arity=(1, 2), build=_log, mpmath=mpmath.log, numpy="numpy.log",
        cost="one_pass",
    ),
    Primitive("log1p", log1p, build=lambda u: sympy.log(1 + u), numpy="numpy.log1p"),
    Primitive(
        "expm1", expm1, build=lambda u: sympy.exp(u) - 1, sensitive=True, saturates=True,
        underflows=True, cost="one_pass",
    ),
    Primitive(
        "erf", sympy.erf, build=sympy.erf, mpmath=mpmath.erf, arb=lambda b: b.erf(),
        at_zero=_ZERO, range=_open_unit, numpy="scipy.special.erf", saturates=True,
        cost="heavy",
    ),
    Primitive(
        "erfc", sympy.erfc, build=sympy.erfc, mpmath=mpmath.erfc, arb=lambda b: b.erfc(),
        at_zero=_ONE, range=lambda p: 2 * p / (p + 1), cost="heavy",
    ),
    Primitive(
        "tanh", sympy.tanh, build=sympy.tanh, mpmath=mpmath.tanh, arb=lambda b: b.tanh(),
        at_zero=_ZERO, range=_open_unit, numpy="numpy.tanh", saturates=True, cost="one_pass",
    ),
    Primitive(
        "sinh", sympy.sinh, build=sympy.sinh, mpmath=mpmath.sinh,
        beyond=lambda u: mpmath.inf if u > 0 else -mpmath.inf, arb=lambda b: b.sinh(),
        at_zero=_ZERO, numpy="numpy.sinh", overflows=True,
    ),
    Primitive(
        "cosh", sympy.cosh, build=sympy.cosh, mpmath=mpmath.cosh, beyond=lambda u: mpmath.inf,
        arb=lambda b: b.cosh(), at_zero=_ONE, numpy="numpy.cosh", overflows=True,
    ),
    Primitive(
        "sin", sympy.sin, build=sympy.sin, mpmath=mpmath.sin, arb=lambda b: b.sin(),
        at_zero=_ZERO, numpy="numpy.sin", cost="one_pass",
    ),
    Primitive(
        "cos", sympy.cos, build=sympy.cos, mpmath=mpmath.cos, arb=lambda b: b.cos(),
        at_zero=_ONE, numpy="numpy.cos", cost="one_pass",
    ),
    Primitive(
        "atan", sympy.atan, build=sympy.atan, mpmath=mpmath.atan, arb=lambda b: b.atan(),
        at_zero=_ZERO, range=lambda p: sympy.pi / 2 * _open_unit(p), numpy="numpy.arctan",
        cost="one_pass",
    ),
    Primitive(
        "abs", sympy.Abs, build=sympy.Abs, aliases=("Abs",), mpmath=abs, numpy="numpy.abs",
        cost="algebraic",
    ),
    Primitive(
        "sign", sympy.sign, build=sympy.sign, mpmath=mpmath.sign, numpy="numpy.sign",
        cost="algebraic",
    ),
    # Heaviside is rewritten to a Piecewise by the stability rules before lowering.
    Primitive("Heaviside", sympy.Heaviside, arity=(1, 2), build=sympy.Heaviside),
    Primitive("max", sympy.Max, arity=(1, None), build=sympy.Max, aliases=("Max",),
              cost="algebraic"),
    Primitive("min", sympy.Min, arity=(1, None), build=sympy.Min, aliases=("Min",),
              cost="algebraic"),
    Primitive(
        "sigmoid", sigmoid, build=sigmoid, mpmath=mp_sigmoid,
        beyond=lambda u: mpmath.mpf(1) if u > 0 else mpmath.mpf(0),
        arb=lambda b: 1 / (1 + (-b).exp()), at_zero=Rational(1, 2), range=lambda p: p / (p + 1),
        sensitive=True, saturates=True, underflows=True,
    ),
    Primitive(
        "softplus", softplus, build=softplus, mpmath=mp_softplus,
        beyond=lambda u: u if u > 0 else mpmath.mpf(0),
        arb=lambda b: b.exp().log1p(),  # log1p keeps softplus(u) ~ e^u accurate for u << 0
        sensitive=True, underflows=True,
    ),
    Primitive("hypot", hypot, arity=(2, 2)),
    Primitive("half_hypot_plus", half_hypot_plus, arity=(2, 2), cost="heavy"),
    Primitive("erfc_accurate", erfc_accurate, saturates=True, underflows=True, cost="heavy"),
)
# fmt: on

BY_NAME: dict[str, Primitive] = {p.name: p for p in PRIMITIVES}
BY_NODE: dict[type, Primitive] = {p.node: p for p in PRIMITIVES}


def nodes_where(test: Callable[[Primitive], object]) -> tuple[type[sympy.Basic], ...]:
    """The SymPy classes of the primitives passing ``test``, in table order.

    >>> nodes_where(lambda p: p.cost == "heavy")
    (erf, erfc, half_hypot_plus, erfc_accurate)
    """
    return tuple(p.node for p in PRIMITIVES if test(p))


def parser_names() -> dict[str, Primitive]:
    """Every spelling the parser accepts (names and aliases) → its record.

    >>> [n for n, p in parser_names().items() if p.node is sympy.Max]
    ['max', 'Max']
    """
    names: dict[str, Primitive] = {}
    for p in PRIMITIVES:
        if p.build is not None:
            names.update(dict.fromkeys((p.name, *p.aliases), p))
    return names
