"""Helpers of the ``symact net`` command: a network from ``3-5-2``, weights from a file.

>>> model = build_network("3-5-2", "relu", "linear", 0)
>>> [layer.units for layer in model.layers], model.layers[0].activation.name
([5, 2], 'relu')
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from symact.errors import ParameterError, ShapeError
from symact.nn.layers import Dense
from symact.nn.model import Sequential

__all__ = ["build_network", "check", "load_weights"]


def build_network(sizes: str, activation: str, output: str, seed: int) -> Sequential:
    """Dense layers of the given sizes (``n-h1-…-m``): ``activation`` on hidden layers."""
    parts = sizes.replace("x", "-").split("-")
    if len(parts) < 2 or not all(p.strip().isdigit() and int(p) > 0 for p in parts):
        msg = f"layer sizes must look like 3-5-2 (input, hidden…, output), got {sizes!r}"
        raise ShapeError(msg)
    dims = [int(p) for p in parts]
    layers = [Dense(d, activation=activation) for d in dims[1:-1]]
    layers.append(Dense(dims[-1], activation=output))
    model = Sequential(layers, seed=seed)
    model.build((None, dims[0]))
    return model


def load_weights(path: str) -> list[np.ndarray]:
    """Weights in Keras order from ``.npz`` (``arr_0``, ``arr_1``, … as ``np.savez`` writes)
    or ``.json`` (a list of nested lists, or ``{"weights": [...]}``)."""
    file = Path(path)
    if not file.is_file():
        raise ParameterError(f"weights file {path!r} not found; pass an existing .npz or .json")
    if file.suffix == ".npz":
        with np.load(file, allow_pickle=False) as data:
            keys = sorted(data.files, key=lambda k: (len(k), k))
            return [np.asarray(data[k]) for k in keys]
    if file.suffix == ".json":
        try:
            data = json.loads(file.read_text())
        except json.JSONDecodeError as exc:
            raise ParameterError(f"weights file {path!r} is not valid JSON: {exc}") from None
        items = data.get("weights") if isinstance(data, dict) else data
        if not isinstance(items, list):
            raise ParameterError(f"{path!r}: expected a list of arrays or {{'weights': [...]}}")
        return [np.asarray(w, dtype=np.float64) for w in items]
    raise ParameterError(f"weights file must end in .npz or .json, got {path!r}")


def check(model: Sequential, law: str, budget: float) -> Any:
    """The law (or ``linearity``: both) for the network, as a result record."""
    from symact.nn.laws import check_network

    return check_network(model, law, budget)
