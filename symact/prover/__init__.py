"""The prover: laws, decision procedures, witnesses and their independent certification."""

from symact.prover.budget import DEFAULT_BUDGET
from symact.prover.laws import LAWS, Law, LawSpec
from symact.prover.linearity import (
    check,
    check_additivity,
    check_affinity,
    check_homogeneity,
    check_linearity,
    check_positive_homogeneity,
)
from symact.prover.results import (
    LinearityReport,
    Method,
    Proof,
    Refutation,
    Relation,
    Result,
    Step,
    Undecided,
    Verdict,
)

__all__ = [
    "DEFAULT_BUDGET",
    "LAWS",
    "Law",
    "LawSpec",
    "LinearityReport",
    "Method",
    "Proof",
    "Refutation",
    "Relation",
    "Result",
    "Step",
    "Undecided",
    "Verdict",
    "check",
    "check_additivity",
    "check_affinity",
    "check_homogeneity",
    "check_linearity",
    "check_positive_homogeneity",
]
