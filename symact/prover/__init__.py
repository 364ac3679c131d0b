"""The prover: laws, decision procedures, witnesses and their independent certification."""

from symact.prover.budget import DEFAULT_BUDGET
from symact.prover.laws import Law
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
    Proof,
    Refutation,
    Result,
    Step,
    Undecided,
    Verdict,
)

__all__ = [
    "DEFAULT_BUDGET",
    "Law",
    "LinearityReport",
    "Proof",
    "Refutation",
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
