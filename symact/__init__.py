"""symact: symbolic math and proofs for neural-network activation functions.

The prover and the numeric bridge (SciPy, mpmath tables) load on first use of one of their
names (PEP 562 module ``__getattr__``), so ``import symact``, ``symact list`` and ``symact show``
never import SciPy.

>>> import symact
>>> symact.get("relu").expr
Piecewise((x, x > 0), (0, True))
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from symact.activations.parse import parse
    from symact.numeric import lambdify
    from symact.plot import plot
    from symact.properties import properties
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

from symact.version import __version__

#: Public names served lazily: name → the module that defines it.
_LAZY = {
    "lambdify": "symact.numeric",
    "parse": "symact.activations.parse",  # its tables cost ~50 ms; `list`/`show NAME` need none
    "plot": "symact.plot",  # matplotlib loads when a figure is drawn, never at import
    "properties": "symact.properties",  # a callable package: symact.properties(f)
    **dict.fromkeys(
        (
            "LinearityReport",
            "Proof",
            "Refutation",
            "Undecided",
            "Verdict",
            "check_additivity",
            "check_affinity",
            "check_homogeneity",
            "check_linearity",
            "check_positive_homogeneity",
        ),
        "symact.prover",
    ),
}

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
    "plot",
    "properties",
    "register",
]


def __getattr__(name: str) -> Any:
    """Import the prover or the numeric bridge the first time one of their names is used."""
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'symact' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
