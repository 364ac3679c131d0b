r"""The properties as records: :class:`Property` (the closed vocabulary of names) and
:class:`PropertySpec` (statement, whether it has a value, variables, check); the table of
records lives in :mod:`symact.properties.spec`.  Result builders shared by the checks.

A :class:`Property` stands where a prover :class:`~symact.prover.laws.Law` stands in a result
record (``result.law``): renderers read its ``value`` (the name) and ``variables``.

>>> Property.parse("limit-pos-inf") is Property.LIMIT_POS_INF
True
>>> Property.MONOTONE.variables
('a', 'b', 'c')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

import sympy

from symact.errors import SymactError
from symact.prover.laws import member_named
from symact.prover.results import Proof, Refutation, Result, Step, Undecided

if TYPE_CHECKING:
    from symact.properties.analysis import Study

__all__ = ["Property", "PropertySpec", "UnknownPropertyError", "outcome"]


class UnknownPropertyError(SymactError, ValueError):
    """A property name symact does not know."""


#: Witness variables of each property's statement (renderers list them).
_VARIABLES: dict[str, tuple[str, ...]] = {
    "monotone": ("a", "b", "c"),
    "positive_homogeneity": ("x", "a"),
    "affine": ("a", "b"),
    "lipschitz": ("a", "b"),
}


#: Each property's statement in words (the property list of docs/properties.md).
_STATEMENTS: dict[str, str] = {
    "limit_neg_inf": "lim f(x) as x -> -oo exists (value: the limit)",
    "limit_pos_inf": "lim f(x) as x -> oo exists (value: the limit)",
    "range": "the image f(R) (value: a set, ends open or closed)",
    "bounded_below": "inf f > -oo (value: inf f)",
    "bounded_above": "sup f < oo (value: sup f)",
    "monotone": "a < b implies f(a) <= f(b) (or >=) (value: which kind)",
    "continuous": "f is continuous on R",
    "differentiable": "f is differentiable on R",
    "smoothness": "the largest k with f in C^k(R) (value: k, oo when smooth)",
    "zero_at_zero": "f(0) = 0 (value: f(0))",
    "odd": "f(-x) = -f(x) for all real x",
    "even": "f(-x) = f(x) for all real x",
    "positive_homogeneity": "f(x*a) = x*f(a) for all real x >= 0 and a",
    "affine": "f(a + b) = f(a) + f(b) - f(0) for all real a, b",
    "lipschitz": "|f(a) - f(b)| <= L*|a - b| for some L (value: the best L)",
    "polynomial": "f is a polynomial (value: the polynomial)",
    "universal_approximator": (
        "one-hidden-layer networks with f are dense in C(K) (Leshno et al. 1993)"
    ),
}


class Property(str, Enum):
    """A property of ``f: ℝ → ℝ`` (its record: :data:`symact.properties.spec.PROPERTIES`)."""

    LIMIT_NEG_INF = "limit_neg_inf"
    LIMIT_POS_INF = "limit_pos_inf"
    RANGE = "range"
    BOUNDED_BELOW = "bounded_below"
    BOUNDED_ABOVE = "bounded_above"
    MONOTONE = "monotone"
    CONTINUOUS = "continuous"
    DIFFERENTIABLE = "differentiable"
    SMOOTHNESS = "smoothness"
    ZERO_AT_ZERO = "zero_at_zero"
    ODD = "odd"
    EVEN = "even"
    POSITIVE_HOMOGENEITY = "positive_homogeneity"
    AFFINE = "affine"
    LIPSCHITZ = "lipschitz"
    POLYNOMIAL = "polynomial"
    UNIVERSAL_APPROXIMATOR = "universal_approximator"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def parse(cls, name: str | Property) -> Property:
        """The property called ``name`` (``-`` or ``_`` as separator, any case)."""
        return member_named(cls, name, "_", UnknownPropertyError)

    @property
    def statement(self) -> str:
        """The property in words."""
        return _STATEMENTS[self.value]

    @property
    def variables(self) -> tuple[str, ...]:
        """Names of the statement's variables, in witness order."""
        return _VARIABLES.get(self.value, ("x",))


@dataclass(frozen=True, slots=True)
class PropertySpec:
    """One property: its statement, whether a proof carries a value, its column header in
    the comparison table, and the check (a function of a :class:`~.analysis.Study`)."""

    prop: Property
    statement: str
    has_value: bool
    header: str
    check: Callable[[Study], Result]


def outcome(kind: type, prop: Property, study: Study, steps: Any = (), **fields: Any) -> Result:
    """A :class:`Proof`, :class:`Refutation` or :class:`Undecided` about ``study.f``."""
    assert kind in (Proof, Refutation, Undecided)
    params = tuple((k, v) for k, v in study.f.params.items() if v is not None)
    result: Result = kind(
        law=prop, activation=study.f.name, steps=tuple(steps), params=params, **fields
    )
    return result


def region(cond: Any) -> Any:
    """A step's case: None for all of ℝ (SymPy's ``true``), else the condition."""
    return None if cond is True or cond == sympy.true else cond


def holds(text: str) -> Step:
    """A step stating ``text``."""
    return Step.holds(text)
