"""The named SymPy nodes ``sigmoid`` and ``softplus``, re-exported from the leaf layer.

They are defined in :mod:`symact.primitives.nodes` (which imports nothing from symact), so
that the activations and numeric layers can both use them without importing each other.

>>> from symact.activations.nodes import sigmoid
>>> sigmoid(0)
1/2
"""

from __future__ import annotations

from symact.primitives.nodes import NODES, sigmoid, softplus

__all__ = ["NODES", "sigmoid", "softplus"]
