"""Keras-compatible networks in NumPy, with exact forward passes and whole-network proofs.

>>> from symact.nn import Activation, Dense, Sequential
>>> model = Sequential([Dense(5, input_shape=(3,), activation="relu")], seed=0)
>>> model.add(Activation("relu"))
>>> model.predict([[1.0, 2.0, 3.0]]).shape
(1, 5)
"""

from symact.nn.collapse import exact_affine
from symact.nn.exact import AffineMap
from symact.nn.interop import from_keras, from_torch
from symact.nn.layers import Activation, Dense, Input, InputSpec, NotBuiltError
from symact.nn.model import Sequential

__all__ = [
    "Activation",
    "AffineMap",
    "Dense",
    "Input",
    "InputSpec",
    "NotBuiltError",
    "Sequential",
    "exact_affine",
    "from_keras",
    "from_torch",
]
