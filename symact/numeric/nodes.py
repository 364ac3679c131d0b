"""The SymPy nodes introduced by the stability rules, re-exported from the leaf layer.

They are defined in :mod:`symact.primitives.nodes` with the catalog's ``sigmoid`` and
``softplus``.

>>> from symact.numeric.nodes import half_hypot_plus
>>> half_hypot_plus(0, 2)
1
"""

from __future__ import annotations

from symact.primitives.nodes import erfc_accurate, half_hypot_plus

__all__ = ["erfc_accurate", "half_hypot_plus"]
