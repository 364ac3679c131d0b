"""Collapse a network recognised as affine into one equivalent Dense layer.

>>> import numpy as np
>>> from symact.nn import Dense, Sequential
>>> model = Sequential([Dense(2, input_shape=(2,)), Dense(1)], seed=0)
>>> model.set_weights([np.eye(2), np.array([1.0, 0.0]), np.array([[2.0], [3.0]]), np.zeros(1)])
>>> layer = collapse_to_dense(model)
>>> layer.kernel.tolist(), layer.bias.tolist()
([[2.0], [3.0]], [2.0])
>>> exact_affine(model).bias_matrix()
Matrix([[2]])
"""

from __future__ import annotations

from typing import Any

import numpy as np

from symact.errors import UnsupportedExpressionError
from symact.nn.exact import AffineMap
from symact.nn.layers import Dense
from symact.nn.reduce import affine_chain

__all__ = ["collapse_to_dense", "exact_affine"]


def exact_affine(model: Any) -> AffineMap:
    """The exact map ``v ↦ v W + β`` of a network recognised as affine."""
    model._require_input()
    chain = affine_chain(model)
    if chain is None:
        msg = (
            f"model {model.name!r} is not recognised as affine (it has non-linear "
            "activations); symact.check_linearity(model) gives a witness or a reason"
        )
        raise UnsupportedExpressionError(msg)
    return chain.map


def collapse_to_dense(model: Any) -> Dense:
    """One linear-activation Dense layer computing the same map (weights rounded once from
    the exact rationals to the model's dtype)."""
    exact = exact_affine(model)
    kernel = _floats(exact.kernel)
    bias = _floats(exact.bias)[0]
    layer = Dense(kernel.shape[1], dtype=model.dtype, name=f"{model.name}_collapsed")
    layer.build(kernel.shape[0], np.random.default_rng(0))
    layer.set_weights([kernel, bias])
    return layer


def _floats(m: Any) -> np.ndarray:
    # int / int is correctly rounded in Python, so each entry is the double nearest the rational
    values = [int(q.p) / int(q.q) for q in m.entries()]
    return np.array(values, dtype=np.float64).reshape(m.nrows(), m.ncols())
