"""symact: symbolic math and proofs for neural-network activation functions.

>>> import symact
>>> symact.get("relu").expr
Piecewise((x, x > 0), (0, True))
"""

from symact.activations.function import ActivationFunction, Param, X
from symact.activations.parse import parse
from symact.activations.registry import get, names, register
from symact.activations.vector import VectorActivation
from symact.errors import (
    ParameterError,
    ParseError,
    RegistryError,
    SymactError,
    UnknownActivationError,
)
from symact.numeric import lambdify
from symact.prover import (
    LinearityReport,
    Proof,
    Refutation,
    Undecided,
    Verdict,
    check_additivity,
    check_affinity,
    check_homogeneity,
    check_linearity,
    check_positive_homogeneity,
)

__version__ = "0.1.0"

__all__ = [
    "ActivationFunction",
    "LinearityReport",
    "Param",
    "ParameterError",
    "ParseError",
    "Proof",
    "Refutation",
    "RegistryError",
    "SymactError",
    "Undecided",
    "UnknownActivationError",
    "VectorActivation",
    "Verdict",
    "X",
    "__version__",
    "check_additivity",
    "check_affinity",
    "check_homogeneity",
    "check_linearity",
    "check_positive_homogeneity",
    "get",
    "lambdify",
    "names",
    "parse",
    "register",
]
