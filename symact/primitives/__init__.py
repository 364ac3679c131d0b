"""The leaf layer: the variable ``X``, symact's named SymPy nodes and one record per primitive.

Nothing here imports from the rest of symact; every other layer reads these records instead of
keeping a table of its own (:mod:`symact.primitives.table`, loaded on first use: it imports
``sympy.codegen``, which ``import symact`` does not need).

>>> from symact.primitives import BY_NAME, X, sigmoid
>>> BY_NAME["sigmoid"].node is sigmoid, X
(True, x)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from symact.primitives.nodes import (
    NODES,
    X,
    erfc_accurate,
    half_hypot_plus,
    mp_sigmoid,
    mp_softplus,
    sigmoid,
    softplus,
)

if TYPE_CHECKING:
    from symact.primitives.table import (
        BY_NAME,
        BY_NODE,
        PRIMITIVES,
        Cost,
        Primitive,
        nodes_where,
        parser_names,
    )

__all__ = [
    "BY_NAME",
    "BY_NODE",
    "NODES",
    "PRIMITIVES",
    "Cost",
    "Primitive",
    "X",
    "erfc_accurate",
    "half_hypot_plus",
    "mp_sigmoid",
    "mp_softplus",
    "nodes_where",
    "parser_names",
    "sigmoid",
    "softplus",
]

_TABLE = {"BY_NAME", "BY_NODE", "PRIMITIVES", "Cost", "Primitive", "nodes_where", "parser_names"}


def __getattr__(name: str) -> Any:
    if name in _TABLE:
        return getattr(importlib.import_module("symact.primitives.table"), name)
    msg = f"module 'symact.primitives' has no attribute {name!r}"
    raise AttributeError(msg)
