r"""The laws the prover decides, as data.

Variable names follow the reference text: additivity :math:`f(a + b) = f(a) + f(b)` for all
real :math:`a, b`; homogeneity :math:`f(x \cdot a) = x \cdot f(a)` for all real scalars
:math:`x` and points :math:`a`.  Positive homogeneity restricts the scalar to :math:`x \ge 0`;
affinity asks that :math:`f - f(0)` be additive, i.e. :math:`f(a + b) = f(a) + f(b) - f(0)`.

>>> from sympy import Function
>>> f = Function("f")
>>> Law.ADDITIVITY.statement(f)
Eq(f(a + b), f(a) + f(b))
>>> Law.HOMOGENEITY.sides(f, {"x": 2, "a": 3})
(f(6), 2*f(3))
>>> Law.parse("positive-homogeneity") is Law.POSITIVE_HOMOGENEITY
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any

import sympy
from sympy import Expr, Symbol

from symact.errors import SymactError

__all__ = ["SCALAR", "A", "B", "Law", "T", "UnknownLawError"]

#: The law variables (real symbols, named as in the reference text).
A = Symbol("a", real=True)
B = Symbol("b", real=True)
SCALAR = Symbol("x", real=True)
#: The variable of the one-dimensional characterisation ``f(t) = f(1)·t``.
T = Symbol("t", real=True)

Apply = Callable[[Any], Expr]


class UnknownLawError(SymactError, ValueError):
    """A law name the prover does not know."""


class Law(str, Enum):
    """A functional equation an activation ``f: ℝ → ℝ`` may satisfy."""

    ADDITIVITY = "additivity"
    HOMOGENEITY = "homogeneity"
    POSITIVE_HOMOGENEITY = "positive-homogeneity"
    AFFINITY = "affinity"

    @classmethod
    def parse(cls, name: str | Law) -> Law:
        """The law called ``name`` (``-`` or ``_`` as separator)."""
        key = name.value if isinstance(name, Law) else str(name).strip().lower()
        for law in cls:
            if law.value == key.replace("_", "-"):
                return law
        known = ", ".join(law.value for law in cls)
        msg = f"unknown law {name!r}; choose one of: {known}"
        raise UnknownLawError(msg)

    @property
    def variables(self) -> tuple[str, str]:
        """Names of the universally quantified variables, in witness order."""
        if self in (Law.HOMOGENEITY, Law.POSITIVE_HOMOGENEITY):
            return ("x", "a")
        return ("a", "b")

    @property
    def symbols(self) -> tuple[Symbol, Symbol]:
        """The variables as real SymPy symbols."""
        return (SCALAR, A) if self.variables == ("x", "a") else (A, B)

    @property
    def domain(self) -> sympy.logic.boolalg.Boolean:
        """Where the variables range: all of ℝ², or ``x >= 0`` for positive homogeneity."""
        return SCALAR >= 0 if self is Law.POSITIVE_HOMOGENEITY else sympy.true

    def sides(self, f: Apply, values: Mapping[str, Any]) -> tuple[Expr, Expr]:
        """Left- and right-hand side of the law for ``f`` at ``values`` (by variable name)."""
        u, v = (values[name] for name in self.variables)
        if self is Law.ADDITIVITY:
            return f(u + v), f(u) + f(v)
        if self is Law.AFFINITY:
            return f(u + v), f(u) + f(v) - f(0)
        return f(u * v), u * f(v)

    def statement(self, f: Apply) -> sympy.Eq:
        """The law as an unevaluated SymPy equation in its variables."""
        lhs, rhs = self.sides(f, dict(zip(self.variables, self.symbols, strict=True)))
        return sympy.Eq(lhs, rhs, evaluate=False)

    @property
    def quantifier(self) -> str:
        """Plain-text range of the variables, for renderers."""
        if self is Law.POSITIVE_HOMOGENEITY:
            return "for all real x >= 0 and a"
        return "for all real " + " and ".join(self.variables)
