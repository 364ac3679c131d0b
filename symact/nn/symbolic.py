"""The symbolic forward pass: a model's outputs as exact SymPy expressions.

>>> import numpy as np
>>> from symact.nn import Dense, Sequential
>>> model = Sequential([Dense(1, input_shape=(2,), activation="relu")], seed=0)
>>> model.set_weights([np.array([[0.5], [-2.0]]), np.array([0.25])])
>>> symbolic_outputs(model, "exact")
Matrix([[Piecewise((x1/2 - 2*x2 + 1/4, x1/2 - 2*x2 > -1/4), (0, True))]])
>>> symbolic_outputs(model, "symbols")[0].args[0][0]
W1_1_1*x1 + W1_2_1*x2 + b1_1
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy
from sympy import Expr, ImmutableMatrix, Rational, Symbol

from symact.activations.function import ActivationFunction
from symact.errors import ParameterError

__all__ = ["input_symbols", "symbolic_outputs"]


def input_symbols(n: int) -> list[Symbol]:
    """The real input symbols ``x1 … xn``."""
    return [Symbol(f"x{i + 1}", real=True) for i in range(n)]


def _weights(values: np.ndarray | None, mode: str, label: str) -> Any:
    """Exact Rationals of the floats, or symbols ``{label}_i_j`` (1-based)."""
    if values is None:
        return None
    arr = np.atleast_2d(values)
    if mode == "exact":
        return [[Rational(float(v)) for v in row] for row in arr.tolist()]
    if np.ndim(values) == 1:
        return [[Symbol(f"{label}_{j + 1}", real=True) for j in range(arr.shape[1])]]
    return [[Symbol(f"{label}_{i + 1}_{j + 1}", real=True) for j in range(arr.shape[1])]
            for i in range(arr.shape[0])]  # fmt: skip


def symbolic_outputs(model: Any, weights: str = "exact") -> ImmutableMatrix:
    """Outputs as a 1×m matrix in ``x1 … xn`` (weights ``"exact"`` or ``"symbols"``)."""
    if weights not in ("exact", "symbols"):
        msg = f"weights must be 'exact' or 'symbols', got {weights!r}"
        raise ParameterError(msg)
    values: list[Expr] = list(input_symbols(model._require_input()))
    dense = 0
    for layer in model.layers:
        if layer.weight_shapes():
            dense += 1
            kernel = _weights(layer.kernel, weights, f"W{dense}")
            bias = _weights(layer.bias, weights, f"b{dense}")
            values = [
                sympy.Add(*(v * row[j] for v, row in zip(values, kernel, strict=True)))
                + (0 if bias is None else bias[0][j])
                for j in range(layer.units)
            ]
        act = layer.activation
        if isinstance(act, ActivationFunction):
            if act.name != "linear":
                values = [act(v) for v in values]
        else:
            values = list(act(values))
    return ImmutableMatrix([values])
