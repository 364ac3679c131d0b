r"""The laws the prover decides, as records: one :class:`LawSpec` per law in :data:`LAWS`.

Variable names follow the reference text: additivity :math:`f(a + b) = f(a) + f(b)` for all
real :math:`a, b`; homogeneity :math:`f(x \cdot a) = x \cdot f(a)` for all real scalars
:math:`x` and points :math:`a`.  Positive homogeneity restricts the scalar to :math:`x \ge 0`;
affinity asks that :math:`f - f(0)` be additive, i.e. :math:`f(a + b) = f(a) + f(b) - f(0)`.
Everything the prover needs to know about a law is one record here (its variables and
domain, its two sides, its one-dimensional model, the fact it cites, how a failing point of
the model becomes a witness); the decision procedures read the record and never test which
law they run.  Adding a law is one :class:`Law` member and one record (docs/prover.md).

>>> from sympy import Function
>>> f = Function("f")
>>> Law.ADDITIVITY.statement(f)
Eq(f(a + b), f(a) + f(b))
>>> Law.HOMOGENEITY.sides(f, {"x": 2, "a": 3})
(f(6), 2*f(3))
>>> Law.parse("positive-homogeneity") is Law.POSITIVE_HOMOGENEITY
True
>>> Law.AFFINITY.spec.model(lambda v: 3 * v + 1)
((), (3*t + 1,))
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

import sympy
from sympy import Expr, Integer, Symbol

from symact.errors import SymactError

__all__ = [
    "LAWS",
    "SCALAR",
    "A",
    "B",
    "Law",
    "LawSpec",
    "T",
    "UnknownLawError",
    "law_table",
    "member_named",
]

#: The law variables (real symbols, named as in the reference text).  ``a``, ``b`` and ``t`` carry
#: an assumption of their own, so that a user's parameter with the same name (``Symbol("a",
#: real=True)``) is a different symbol: substituting a witness or solving for the pieces of f in
#: ``t`` never touches the parameter.  The scalar shares its name with the input x, which no
#: parameter can take.
A = Symbol("a", real=True, law_variable=True)
B = Symbol("b", real=True, law_variable=True)
SCALAR = Symbol("x", real=True)
#: The variable of the one-dimensional characterisation ``f(t) = f(1)·t``.
T = Symbol("t", real=True, law_variable=True)

Apply = Callable[[Any], Expr]
#: A model: from values of ``f`` (``value(point)``) to exclusive cells in ``T``
#: ``(breakpoints, expressions)`` as in :class:`~symact.prover.piecewise.Cells`.
Model = Callable[[Callable[[Expr], Expr]], tuple[tuple[Expr, ...], tuple[Expr, ...]]]


def member_named(cls: Any, name: Any, separator: str, error: type[Exception]) -> Any:
    """The member of the str enum ``cls`` called ``name`` in any case, with ``-`` or ``_`` as
    separator (its values use ``separator``); else ``error`` listing the names."""
    key = name.value if isinstance(name, cls) else str(name).strip().lower()
    key = key.replace("-", separator).replace("_", separator)
    for member in cls:
        if member.value == key:
            return member
    noun = cls.__name__.lower()
    msg = f"unknown {noun} {name!r}; choose one of: {', '.join(m.value for m in cls)}"
    raise error(msg)


class UnknownLawError(SymactError, ValueError):
    """A law name the prover does not know."""


@dataclass(frozen=True, slots=True)
class LawSpec:
    """Everything the prover knows about one law ``lhs(f; u, v) = rhs(f; u, v)``.

    ``sides(f, u, v)`` gives both sides at the values ``u, v`` of ``variables``; ``model``
    the function ``f`` must equal (from the values of ``f`` at ``used_values``), certified
    by the fact ``fact`` (text ``fact_text``); ``witness_at(t0)`` turns a point where ``f``
    differs from the model into a law witness (None: search the arrangement of a
    piecewise-affine ``f``, which laws of ``shape`` ``"sum"`` allow).
    """

    name: str
    adjective: str
    variables: tuple[str, str]
    symbols: tuple[Symbol, Symbol]
    sides: Callable[[Apply, Any, Any], tuple[Expr, Expr]]
    quantifier: str
    model: Model
    used_values: tuple[Expr, ...]
    fact: str
    fact_text: str
    #: ``"sum"``: the law compares ``f`` at ``a``, ``b``, ``a + b`` (and 0), so for
    #: piecewise-affine ``f`` its defect is affine on the faces of the lines ``a = c``,
    #: ``b = c``, ``a + b = c`` (arrangement search, box families, symmetric in a and b);
    #: ``"scaling"``: at ``a`` and ``x·a`` (slice and quadrant families).
    shape: Literal["sum", "scaling"]
    witness_at: Callable[[Expr], dict[str, Expr]] | None = None
    domain: sympy.logic.boolalg.Boolean = sympy.true
    #: One of the two laws whose conjunction is linearity (closed under composition).
    linearity: bool = False
    #: The scalar ``x`` ranges over ``x >= 0`` only.
    nonnegative_scalar: bool = False
    #: The right-hand side subtracts ``f(0)`` (the law is about ``f - f(0)``).
    offset: bool = False
    #: The conclusion of a proof and the fact it cites.
    proved: tuple[str, str | None] = ("", None)
    #: The fact a refutation at the origin (or at scalar 0) cites.
    zero_fact: str | None = "affine-not-linear"

    @property
    def pairwise(self) -> bool:
        """A law in two points ``a, b``, rather than a scalar ``x`` and a point ``a``."""
        return self.variables == ("a", "b")

    @property
    def statement_text(self) -> str:
        """The law in plain text, e.g. ``f(a + b) = f(a) + f(b)``."""
        lhs, rhs = self.sides(sympy.Function("f"), *self.symbols)
        return f"{sympy.sstr(lhs)} = {sympy.sstr(rhs)}"


_HOMOGENEITY_1D = (
    "For f: R -> R, f is homogeneous iff f(t) = f(1)*t for all real t "
    "(take a = 1; conversely f(x*a) = f(1)*x*a = x*f(a))."
)


def _linear(value: Callable[[Expr], Expr]) -> tuple[tuple[Expr, ...], tuple[Expr, ...]]:
    return (), (value(Integer(1)) * T,)


def _positive(value: Callable[[Expr], Expr]) -> tuple[tuple[Expr, ...], tuple[Expr, ...]]:
    return (Integer(0),), (-value(Integer(-1)) * T, Integer(0), value(Integer(1)) * T)


def _affine(value: Callable[[Expr], Expr]) -> tuple[tuple[Expr, ...], tuple[Expr, ...]]:
    f0 = value(Integer(0))
    return (), (f0 + (value(Integer(1)) - f0) * T,)


def _scaled(t0: Expr) -> dict[str, Expr]:
    return {"x": t0, "a": Integer(1)}


def _scaled_positive(t0: Expr) -> dict[str, Expr]:
    return {"x": abs(t0), "a": Integer(-1) if t0 < 0 else Integer(1)}


class Law(str, Enum):
    """A functional equation an activation ``f: ℝ → ℝ`` may satisfy (its record: ``spec``)."""

    ADDITIVITY = "additivity"
    HOMOGENEITY = "homogeneity"
    POSITIVE_HOMOGENEITY = "positive-homogeneity"
    AFFINITY = "affinity"

    @classmethod
    def parse(cls, name: str | Law) -> Law:
        """The law called ``name`` (``-`` or ``_`` as separator)."""
        return member_named(cls, name, "-", UnknownLawError)

    @property
    def spec(self) -> LawSpec:
        """This law's record in :data:`LAWS`."""
        return LAWS[self]

    @property
    def variables(self) -> tuple[str, str]:
        """Names of the universally quantified variables, in witness order."""
        return self.spec.variables

    @property
    def symbols(self) -> tuple[Symbol, Symbol]:
        """The variables as real SymPy symbols."""
        return self.spec.symbols

    @property
    def domain(self) -> sympy.logic.boolalg.Boolean:
        """Where the variables range: all of ℝ², or ``x >= 0`` for positive homogeneity."""
        return self.spec.domain

    def sides(self, f: Apply, values: Mapping[str, Any]) -> tuple[Expr, Expr]:
        """Left- and right-hand side of the law for ``f`` at ``values`` (by variable name)."""
        u, v = (values[name] for name in self.variables)
        return self.spec.sides(f, u, v)

    def statement(self, f: Apply) -> sympy.Eq:
        """The law as an unevaluated SymPy equation in its variables."""
        lhs, rhs = self.spec.sides(f, *self.symbols)
        return sympy.Eq(lhs, rhs, evaluate=False)

    @property
    def quantifier(self) -> str:
        """Plain-text range of the variables, for renderers."""
        return self.spec.quantifier


#: The records, one per law, in :class:`Law` order.
LAWS: dict[Law, LawSpec] = {
    Law.ADDITIVITY: LawSpec(
        name="additivity",
        shape="sum",
        adjective="additive",
        variables=("a", "b"),
        symbols=(A, B),
        sides=lambda f, u, v: (f(u + v), f(u) + f(v)),
        quantifier="for all real a and b",
        model=_linear,
        used_values=(Integer(1),),
        fact="homogeneity-1d",
        fact_text=_HOMOGENEITY_1D,
        linearity=True,
        proved=("f is linear, hence additive", "linear-additive"),
    ),
    Law.HOMOGENEITY: LawSpec(
        name="homogeneity",
        shape="scaling",
        adjective="homogeneous",
        variables=("x", "a"),
        symbols=(SCALAR, A),
        sides=lambda f, u, v: (f(u * v), u * f(v)),
        quantifier="for all real x and a",
        model=_linear,
        used_values=(Integer(1),),
        fact="homogeneity-1d",
        fact_text=_HOMOGENEITY_1D,
        witness_at=_scaled,
        linearity=True,
        proved=("f is homogeneous", None),
    ),
    Law.POSITIVE_HOMOGENEITY: LawSpec(
        name="positive-homogeneity",
        shape="scaling",
        adjective="positively homogeneous",
        variables=("x", "a"),
        symbols=(SCALAR, A),
        sides=lambda f, u, v: (f(u * v), u * f(v)),
        quantifier="for all real x >= 0 and a",
        model=_positive,
        used_values=(Integer(-1), Integer(1)),
        fact="positive-homogeneity-1d",
        fact_text=(
            "f is positively homogeneous iff f(0) = 0, f(t) = f(1)*t for t > 0 and "
            "f(t) = -f(-1)*t for t < 0."
        ),
        witness_at=_scaled_positive,
        domain=SCALAR >= 0,
        nonnegative_scalar=True,
        proved=("f is positively homogeneous", None),
    ),
    Law.AFFINITY: LawSpec(
        name="affinity",
        shape="sum",
        adjective="affine",
        variables=("a", "b"),
        symbols=(A, B),
        sides=lambda f, u, v: (f(u + v), f(u) + f(v) - f(0)),
        quantifier="for all real a and b",
        model=_affine,
        used_values=(Integer(0), Integer(1)),
        fact="affinity-1d",
        fact_text="f is affine iff f(t) = f(0) + (f(1) - f(0))*t for all real t.",
        offset=True,
        proved=("f is affine", None),
        zero_fact=None,
    ),
}


def law_table() -> str:
    """The laws as a Markdown table (docs/prover.md embeds it; a test keeps them equal)."""
    rows = ["| law | statement | for | model fact |", "|---|---|---|---|"]
    for spec in LAWS.values():
        quantifier = spec.quantifier.removeprefix("for ")
        rows.append(f"| `{spec.name}` | `{spec.statement_text}` | {quantifier} | `{spec.fact}` |")
    return "\n".join(rows) + "\n"
