"""symact: symbolic math and proofs for neural-network activation functions.

>>> import symact
>>> symact.get("relu").expr
Piecewise((x, x > 0), (0, True))
"""

from symact.activations.function import ActivationFunction, Param, X
from symact.activations.registry import get, names, register
from symact.activations.vector import VectorActivation
from symact.errors import (
    ParameterError,
    ParseError,
    RegistryError,
    SymactError,
    UnknownActivationError,
)

__version__ = "0.1.0"

__all__ = [
    "ActivationFunction",
    "Param",
    "ParameterError",
    "ParseError",
    "RegistryError",
    "SymactError",
    "UnknownActivationError",
    "VectorActivation",
    "X",
    "__version__",
    "get",
    "names",
    "register",
]
