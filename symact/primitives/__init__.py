"""The leaf layer: the variable ``X``, symact's named SymPy nodes and one record per primitive.

Nothing here imports from the rest of symact; every other layer reads these records instead of
keeping a table of its own (:mod:`symact.primitives.table`).

>>> from symact.primitives import BY_NAME, X, sigmoid
>>> BY_NAME["sigmoid"].node is sigmoid, X
(True, x)
"""

from __future__ import annotations

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
