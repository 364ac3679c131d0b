r"""Result records: :class:`Proof`, :class:`Refutation`, :class:`Undecided` and the report.

Records are data.  A derivation is a tuple of :class:`Step` records (expressions, relation,
justification, the case they live in, the fact they cite); renderers (text here, LaTeX and
Markdown in the export layer) read the same steps and never call the prover.

>>> from sympy import Integer
>>> step = Step(Integer(0), "!=", Integer(1), "exact rational arithmetic")
>>> step.relation
'!='
>>> Verdict.PROVED.value, Verdict("refuted") is Verdict.REFUTED
('proved', True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar

from sympy import Basic, Expr

from symact.prover.laws import Law

if TYPE_CHECKING:
    from symact.activations.function import ActivationFunction
    from symact.prover.certify import Certificate

__all__ = [
    "FACTS",
    "LinearityReport",
    "Proof",
    "Refutation",
    "Result",
    "Step",
    "Undecided",
    "Verdict",
]


class Verdict(str, Enum):
    """The three honest answers."""

    PROVED = "proved"
    REFUTED = "refuted"
    UNDECIDED = "undecided"


#: The theory the prover uses, keyed by the name steps cite in ``Step.fact``.
FACTS: dict[str, str] = {
    "homogeneity-1d": (
        "For f: R -> R, f is homogeneous iff f(t) = f(1)*t for all real t "
        "(take a = 1; conversely f(x*a) = f(1)*x*a = x*f(a))."
    ),
    "linear-additive": (
        "If f(t) = c*t for all t, then f(a + b) = c*a + c*b = f(a) + f(b): linear implies additive."
    ),
    "cauchy": (
        "An additive f: R -> R that is bounded on some interval (e.g. piecewise continuous) "
        "is linear, f(t) = f(1)*t (Cauchy's functional equation)."
    ),
    "affine-not-linear": (
        "If f(0) != 0, f is neither additive (a = b = 0 gives f(0) = 2 f(0)) nor homogeneous "
        "(x = 0 gives f(0) = 0*f(a) = 0): an affine map with non-zero offset is not linear."
    ),
    "closure": (
        "A composition of linear maps is linear: f(g(a + b)) = f(g(a) + g(b)) = "
        "f(g(a)) + f(g(b)) and f(g(x*a)) = f(x*g(a)) = x*f(g(a))."
    ),
    "positive-homogeneity-1d": (
        "f is positively homogeneous iff f(0) = 0, f(t) = f(1)*t for t > 0 and "
        "f(t) = -f(-1)*t for t < 0."
    ),
    "affinity-1d": "f is affine iff f(t) = f(0) + (f(1) - f(0))*t for all real t.",
    "pieces": (
        "A piecewise function satisfies an identity on R iff it does on every piece "
        "(each interval and each point of an exclusive partition)."
    ),
    "arrangement": (
        "For piecewise-affine f the defect of the law is affine on every face of the "
        "arrangement of the lines through the breakpoints; exact evaluation at affinely "
        "spanning sample points of every face decides the law."
    ),
}


@dataclass(frozen=True, slots=True)
class Step:
    """One step: ``lhs relation rhs`` because ``justification``, in ``case``, citing ``fact``.

    ``relation`` is one of ``"="``, ``"!="``, ``"<"``, ``">"``, ``"iff"``, ``"implies"``, or
    ``"holds"`` (``lhs`` is a statement and ``rhs`` is None).
    """

    lhs: Basic | None
    relation: str
    rhs: Basic | None
    justification: str
    case: Basic | None = None
    fact: str | None = None


class _Rendered:
    """Renderings shared by every result record (they read the fields only)."""

    __slots__ = ()

    def to_text(self) -> str:
        """A short plain-text proof, refutation or explanation."""
        from symact.prover.render_text import render

        return render(self)

    def to_dict(self) -> dict[str, Any]:
        """Stable JSON-ready form (schema in ``docs/prover.md``)."""
        from symact.prover.serialize import to_dict

        return to_dict(self)

    def to_smtlib(self, activation: ActivationFunction | None = None) -> str:
        """SMT-LIB 2.6 certificate for z3/cvc5 (``docs/certificates.md``); ``activation`` is
        the function the result is about (default: the catalog entry the record names)."""
        from symact.export.smtlib import to_smtlib

        return to_smtlib(self, activation)

    def __str__(self) -> str:
        return self.to_text()


@dataclass(frozen=True, slots=True)
class _Outcome(_Rendered):
    """Fields common to the three verdicts (unused ones stay None/empty)."""

    law: Law
    activation: str
    steps: tuple[Step, ...] = ()
    witness: Mapping[str, Expr] | None = None
    certificate: Certificate | None = None
    defect: Expr | None = None
    family: Basic | None = None
    region: Basic | None = None
    condition: Basic | None = None
    nonzero_when: Basic | None = None
    reason: str = ""
    params: tuple[tuple[str, Any], ...] = ()
    method: str = ""
    extra_witnesses: tuple[Mapping[str, Expr], ...] = field(default=())

    verdict: ClassVar[Verdict]


@dataclass(frozen=True, slots=True)
class Proof(_Outcome):
    """The law holds (for symbolic parameters: exactly when ``condition`` holds)."""

    verdict: ClassVar[Verdict] = Verdict.PROVED


@dataclass(frozen=True, slots=True)
class Refutation(_Outcome):
    """The law fails at ``witness``; ``certificate`` re-verifies ``defect = lhs - rhs != 0``.

    ``family`` is a set of counterexamples containing the witness (a SymPy condition on the law
    variables); for homogeneity ``family`` is the slice at the witness's scalar and ``region``
    a polyhedral region of the (x, a) plane.  With symbolic parameters ``defect`` is an
    expression of them, ``nonzero_when`` says where it is non-zero and ``condition`` where
    the law holds.
    """

    verdict: ClassVar[Verdict] = Verdict.REFUTED


@dataclass(frozen=True, slots=True)
class Undecided(_Outcome):
    """Neither proved nor refuted; ``reason`` says why and what to try."""

    verdict: ClassVar[Verdict] = Verdict.UNDECIDED


Result = Proof | Refutation | Undecided


@dataclass(frozen=True, slots=True)
class LinearityReport(_Rendered):
    """Both laws for one activation; ``verdict`` is ``"linear"``, ``"nonlinear"`` or
    ``"undecided"`` (non-linear as soon as one law is refuted)."""

    activation: str
    additivity: Result
    homogeneity: Result
    steps: tuple[Step, ...] = ()
    condition: Basic | None = None

    @property
    def verdict(self) -> str:
        """Linear when both laws are proved, non-linear when one is refuted."""
        verdicts = {self.additivity.verdict, self.homogeneity.verdict}
        if Verdict.REFUTED in verdicts:
            return "nonlinear"
        return "linear" if verdicts == {Verdict.PROVED} else "undecided"

    @property
    def results(self) -> tuple[Result, Result]:
        """The two law results, additivity first."""
        return (self.additivity, self.homogeneity)
