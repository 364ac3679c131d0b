r"""Result records: :class:`Proof`, :class:`Refutation`, :class:`Undecided` and the report.

Records are data.  A derivation is a tuple of :class:`Step` records (expressions, relation,
justification, the case they live in, the fact they cite); the printers in
:mod:`symact.export` (text, LaTeX, Markdown, JSON: :mod:`~symact.export.printer`) read the
same steps and never call the prover; the records import them only when a rendering is asked for.

>>> from sympy import Integer
>>> step = Step(Integer(0), "!=", Integer(1), "exact rational arithmetic")
>>> step.relation is Relation.NE, str(step.relation)
(True, '!=')
>>> Step.therefore("f is not additive").relation
<Relation.THEREFORE: 'therefore'>
>>> Verdict.PROVED.value, Verdict("refuted") is Verdict.REFUTED
('proved', True)
>>> from symact.prover.laws import Law
>>> Refutation(Law.HOMOGENEITY, "relu")
<Refutation: relu homogeneity>
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar

from sympy import Basic, Expr

from symact.prover.facts import FACTS
from symact.prover.laws import Law

if TYPE_CHECKING:
    from symact.activations.function import ActivationFunction
    from symact.prover.certify import Certificate

__all__ = [
    "FACTS",
    "LinearityReport",
    "Method",
    "Proof",
    "Refutation",
    "Relation",
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


class _Named(str, Enum):
    """A str-valued enum that prints (and formats, and serialises) as its value."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)


class Relation(_Named):
    """How a step's two sides relate (``Step.relation``); JSON writes the value."""

    EQ = "="
    NE = "!="
    LT = "<"
    GT = ">"
    LE = "<="
    GE = ">="
    #: ``rhs`` is a SymPy set (an ``Interval`` for a certified enclosure): ``lhs`` lies in it.
    IN = "in"
    IFF = "iff"
    IMPLIES = "implies"
    #: ``lhs`` is a statement (or None: the justification is the statement); ``rhs`` is None.
    HOLDS = "holds"
    #: The conclusion: the justification states what follows; ``lhs`` and ``rhs`` are None.
    THEREFORE = "therefore"


class Method(_Named):
    """Which procedure reached the verdict (``Result.method``); JSON writes the value."""

    #: Not recorded.
    NONE = ""
    #: A witness found among the first candidates in simplicity order.
    SEARCH = "search"
    #: The one-dimensional characterisation checked piece by piece.
    PIECES = "pieces"
    #: The characterisation holds by exact rewriting (no case split).
    IDENTITY = "identity"
    #: A witness from the complete search over the faces of the arrangement.
    ARRANGEMENT = "arrangement"
    #: Closure: every stage of a composition is linear.
    COMPOSITION = "composition"
    #: A condition on symbolic parameters.
    SYMBOLIC = "symbolic"
    #: A network's witness (``symact.nn``).
    WITNESS = "witness"
    #: The time budget ran out.
    BUDGET = "budget"
    #: No procedure decided the law (``reason`` says why).
    UNDECIDED = "undecided"


@dataclass(frozen=True, slots=True, init=False)
class Step:
    """One step: ``lhs relation rhs`` because ``justification``, in ``case``, citing ``fact``.

    ``relation`` is a :class:`Relation` (its value may be given as a string); use
    :meth:`holds` and :meth:`therefore` for steps without two sides.
    """

    lhs: Basic | None
    relation: Relation
    rhs: Basic | None
    justification: str
    case: Basic | None = None
    fact: str | None = None

    def __init__(
        self,
        lhs: Basic | None,
        relation: Relation | str,
        rhs: Basic | None,
        justification: str,
        case: Basic | None = None,
        fact: str | None = None,
    ) -> None:
        """``relation`` may be given as its value (``"="``); it is stored as a Relation."""
        for name, value in (("lhs", lhs), ("relation", Relation(relation)), ("rhs", rhs)):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "justification", justification)
        object.__setattr__(self, "case", case)
        object.__setattr__(self, "fact", fact)

    @classmethod
    def holds(
        cls,
        justification: str,
        fact: str | None = None,
        *,
        statement: Basic | None = None,
        case: Basic | None = None,
    ) -> Step:
        """A statement that holds (``statement``, or the justification itself)."""
        return cls(statement, Relation.HOLDS, None, justification, case, fact)

    @classmethod
    def therefore(cls, conclusion: str, fact: str | None = None) -> Step:
        """The conclusion of a derivation."""
        return cls(None, Relation.THEREFORE, None, conclusion, None, fact)


class _Rendered:
    """Renderings shared by every result record (they read the fields only).

    ``activation`` (the function the result is about) lets LaTeX and Markdown show its
    definition; by default they use the catalog entry the record names, if any.
    """

    __slots__ = ()

    def to_text(self) -> str:
        """A short plain-text proof, refutation or explanation."""
        from symact.export.text import render

        return render(self)

    def to_latex(
        self, standalone: bool = False, activation: ActivationFunction | None = None
    ) -> str:
        """LaTeX: ``$$\\begin{aligned}…$$`` (notebooks), or a whole document with a
        definition, a theorem and its proof when ``standalone``."""
        from symact.export.latex import to_latex

        return to_latex(self, standalone, activation)

    def to_markdown(self, activation: ActivationFunction | None = None) -> str:
        """GitHub Markdown with ``$…$`` math: the verdict, the steps, the witness."""
        from symact.export.markdown import to_markdown

        return to_markdown(self, activation)

    def to_dict(self) -> dict[str, Any]:
        """Stable JSON-ready form (schema in ``docs/json.md``)."""
        from symact.export.json import to_dict

        return to_dict(self)

    def to_json(self, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text."""
        from symact.export.json import to_json

        return to_json(self, indent)

    def to_smtlib(self, activation: ActivationFunction | None = None) -> str:
        """SMT-LIB 2.6 certificate for z3/cvc5 (``docs/certificates.md``); ``activation`` is
        the function the result is about (default: the catalog entry the record names)."""
        from symact.export.smtlib import to_smtlib

        return to_smtlib(self, activation)

    def _repr_latex_(self) -> str:
        return self.to_latex()

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        what = getattr(self, "law", None)
        detail = what.value if what is not None else getattr(self, "verdict", "")
        return f"<{type(self).__name__}: {getattr(self, 'activation', '')} {detail}>"


@dataclass(frozen=True, slots=True, repr=False)
class _Outcome(_Rendered):
    """Fields common to the three verdicts (unused ones stay None/empty)."""

    law: Law | Any  # a prover Law, or a property (symact.properties.Property): .value, .variables
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
    method: Method = Method.NONE
    extra_witnesses: tuple[Mapping[str, Expr], ...] = field(default=())
    #: The value a property has (``symact.properties``: a limit, a range, a constant), or None.
    value: Basic | str | None = None

    verdict: ClassVar[Verdict]
    #: ``"law"`` (one law) or ``"linearity"`` (a report), as in the JSON.
    kind: ClassVar[str] = "law"

    def __post_init__(self) -> None:
        object.__setattr__(self, "method", Method(self.method))


@dataclass(frozen=True, slots=True, repr=False)
class Proof(_Outcome):
    """The law holds (for symbolic parameters: exactly when ``condition`` holds)."""

    verdict: ClassVar[Verdict] = Verdict.PROVED


@dataclass(frozen=True, slots=True, repr=False)
class Refutation(_Outcome):
    """The law fails at ``witness``; ``certificate`` re-verifies ``defect = lhs - rhs != 0``.

    ``family`` is a set of counterexamples containing the witness (a SymPy condition on the law
    variables); for homogeneity ``family`` is the slice at the witness's scalar and ``region``
    a polyhedral region of the (x, a) plane.  With symbolic parameters ``defect`` is an
    expression of them, ``nonzero_when`` says where it is non-zero and ``condition`` where
    the law holds.
    """

    verdict: ClassVar[Verdict] = Verdict.REFUTED


@dataclass(frozen=True, slots=True, repr=False)
class Undecided(_Outcome):
    """Neither proved nor refuted; ``reason`` says why and what to try."""

    verdict: ClassVar[Verdict] = Verdict.UNDECIDED


Result = Proof | Refutation | Undecided


@dataclass(frozen=True, slots=True, repr=False)
class LinearityReport(_Rendered):
    """Both laws for one activation; ``verdict`` is ``"linear"``, ``"nonlinear"`` or
    ``"undecided"`` (non-linear as soon as one law is refuted)."""

    activation: str
    additivity: Result
    homogeneity: Result
    steps: tuple[Step, ...] = ()
    condition: Basic | None = None

    kind: ClassVar[str] = "linearity"

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
