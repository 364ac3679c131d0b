"""Keras-compatible layers: :class:`Dense`, :class:`Activation` and :func:`Input`.

Argument names and defaults are Keras 3's; the kernel has shape ``(inputs, units)`` and a
Dense layer computes ``activation(x @ kernel + bias)``.  Activations are resolved by the
registry with Keras's defaults (or given as an ``ActivationFunction``) and evaluated by the
numeric bridge.  Weights are float32 unless ``dtype="float64"`` is asked for.

>>> import numpy as np
>>> layer = Dense(2, activation="relu", kernel_initializer="ones")
>>> layer.build(3, np.random.default_rng(0))
>>> layer(np.array([[1.0, -2.0, 0.5]], dtype=np.float32)).tolist()
[[0.0, 0.0]]
>>> layer.kernel.shape, layer.count_params()
((3, 2), 8)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from symact.activations.function import ActivationFunction
from symact.activations.registry import Activation as Act
from symact.activations.registry import get
from symact.activations.vector import VectorActivation
from symact.errors import ShapeError, SymactError, UnknownActivationError
from symact.nn.initializers import initialize

__all__ = ["Activation", "Dense", "Input", "InputSpec", "NotBuiltError", "resolve_activation"]


class NotBuiltError(SymactError, ValueError):
    """A layer or model used before its input size is known."""


def resolve_activation(identifier: Any) -> Act:
    """A name (Keras defaults), an activation record, or None (linear)."""
    if isinstance(identifier, ActivationFunction | VectorActivation) or identifier is None:
        return get(identifier)
    if isinstance(identifier, str):
        return get(identifier)
    msg = (
        f"unknown activation {identifier!r} of type {type(identifier).__name__}; pass a name "
        "such as 'relu', an ActivationFunction (symact.get/parse) or None"
    )
    raise UnknownActivationError(msg)


@lru_cache(maxsize=128)
def _numeric(act: Act) -> Callable[..., Any]:
    """One compiled numeric kernel per activation, shared by every layer that uses it."""
    return act.to_numpy()


def _dtype(dtype: Any) -> np.dtype:
    chosen = np.dtype("float32" if dtype is None else dtype)
    if chosen not in (np.dtype(np.float32), np.dtype(np.float64)):
        msg = f"dtype must be 'float32' or 'float64', got {dtype!r}"
        raise SymactError(msg)
    return chosen


class _Activating:
    """The activation part shared by Dense and Activation: record plus numeric kernel."""

    activation: Act
    _kernel_fn: Callable[[np.ndarray], np.ndarray] | None

    def _set_activation(self, identifier: Any) -> None:
        self.activation = resolve_activation(identifier)
        linear = isinstance(self.activation, ActivationFunction) and self.activation.name == (
            "linear"
        )
        self._kernel_fn = None if linear else _numeric(self.activation)

    def _activate(self, z: np.ndarray) -> np.ndarray:
        if self._kernel_fn is None:
            return z
        out: np.ndarray = self._kernel_fn(z)
        return out.astype(z.dtype, copy=False)


class Dense(_Activating):
    """A fully connected layer: ``activation(inputs @ kernel + bias)``.

    Regularizers and constraints only matter for training; they are accepted and kept for
    compatibility and have no effect here.  ``seed`` (an int or a ``numpy.random.Generator``)
    makes this layer's initialisation reproducible; without it the model's seed is used.
    """

    def __init__(
        self,
        units: int,
        activation: Any = None,
        use_bias: bool = True,
        kernel_initializer: Any = "glorot_uniform",
        bias_initializer: Any = "zeros",
        kernel_regularizer: Any = None,
        bias_regularizer: Any = None,
        activity_regularizer: Any = None,
        kernel_constraint: Any = None,
        bias_constraint: Any = None,
        *,
        input_shape: tuple[int, ...] | None = None,
        input_dim: int | None = None,
        dtype: Any = None,
        name: str | None = None,
        seed: Any = None,
        trainable: bool = True,
    ) -> None:
        if isinstance(units, bool) or not isinstance(units, int | np.integer) or units <= 0:
            msg = f"Dense units must be a positive integer, got {units!r}"
            raise ShapeError(msg)
        self.units = int(units)
        self._set_activation(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer, self.bias_initializer = kernel_initializer, bias_initializer
        self.regularizers = (kernel_regularizer, bias_regularizer, activity_regularizer)
        self.constraints = (kernel_constraint, bias_constraint)
        self.dtype = _dtype(dtype)
        self.name = name
        self.seed = seed
        self.trainable = trainable
        self.input_dim = _input_size(input_shape, input_dim)
        self.kernel: np.ndarray | None = None
        self.bias: np.ndarray | None = None

    @property
    def built(self) -> bool:
        return self.kernel is not None

    def build(self, inputs: int, rng: np.random.Generator) -> None:
        """Create the kernel ``(inputs, units)`` and the bias ``(units,)``."""
        if self.input_dim is not None and inputs != self.input_dim:
            msg = f"{self.name or 'Dense'} expects {self.input_dim} inputs, got {inputs}"
            raise ShapeError(msg)
        self.input_dim = inputs
        self.kernel = initialize(self.kernel_initializer, (inputs, self.units), self.dtype, rng)
        if self.use_bias:
            self.bias = initialize(self.bias_initializer, (self.units,), self.dtype, rng)

    def output_size(self, inputs: int) -> int:
        return self.units

    def weight_shapes(self) -> list[tuple[int, ...]]:
        """Shapes of :meth:`get_weights` (Keras order: kernel, then bias)."""
        kernel = (self._require_built().shape[0], self.units)
        return [kernel, (self.units,)] if self.use_bias else [kernel]

    def get_weights(self) -> list[np.ndarray]:
        weights = [self._require_built().copy()]
        if self.bias is not None:
            weights.append(self.bias.copy())
        return weights

    def set_weights(self, weights: list[Any]) -> None:
        """Replace kernel (and bias) after checking their number and shapes."""
        shapes = self.weight_shapes()
        if len(weights) != len(shapes):
            msg = f"{self.name} takes {len(shapes)} weight arrays {shapes}, got {len(weights)}"
            raise ShapeError(msg)
        arrays = [np.asarray(w) for w in weights]
        for arr, shape in zip(arrays, shapes, strict=True):
            if arr.shape != shape:
                msg = f"{self.name}: weight of shape {arr.shape} given, expected {shape}"
                raise ShapeError(msg)
        self.kernel = arrays[0].astype(self.dtype)
        if self.use_bias:
            self.bias = arrays[1].astype(self.dtype)

    def count_params(self) -> int:
        return sum(int(np.prod(s)) for s in self.weight_shapes())

    def __call__(self, inputs: np.ndarray) -> np.ndarray:
        kernel = self._require_built()
        z = np.matmul(inputs, kernel)
        if self.bias is not None:
            z += self.bias
        return self._activate(z)

    def _require_built(self) -> np.ndarray:
        if self.kernel is None:
            msg = (
                f"layer {self.name or 'Dense'} is not built yet; give the first layer "
                "input_shape=(n,), add Input(shape=(n,)), call model.build((None, n)), or "
                "call the model on data"
            )
            raise NotBuiltError(msg)
        return self.kernel

    def __repr__(self) -> str:
        return f"<Dense {self.name} units={self.units} activation={self.activation.name}>"


class Activation(_Activating):
    """An activation applied element-wise (or to the last axis, for softmax and the like)."""

    def __init__(
        self,
        activation: Any,
        *,
        input_shape: tuple[int, ...] | None = None,
        dtype: Any = None,
        name: str | None = None,
    ) -> None:
        self._set_activation(activation)
        self.input_dim = _input_size(input_shape, None)
        self.dtype = _dtype(dtype)
        self.name = name
        self.built = True

    def build(self, inputs: int, rng: np.random.Generator) -> None:
        self.input_dim = inputs

    def output_size(self, inputs: int) -> int:
        if self.activation.name == "glu":
            return inputs // 2
        return inputs

    def weight_shapes(self) -> list[tuple[int, ...]]:
        return []

    def get_weights(self) -> list[np.ndarray]:
        return []

    def set_weights(self, weights: list[Any]) -> None:
        if weights:
            msg = f"{self.name} has no weights, got {len(weights)} arrays"
            raise ShapeError(msg)

    def count_params(self) -> int:
        return 0

    def __call__(self, inputs: np.ndarray) -> np.ndarray:
        return self._activate(inputs)

    def __repr__(self) -> str:
        return f"<Activation {self.name} {self.activation.name}>"


@dataclass(frozen=True, slots=True)
class InputSpec:
    """What :func:`Input` returns: the feature count of a model's input."""

    shape: tuple[int, ...]
    name: str | None = None
    dtype: Any = None

    @property
    def size(self) -> int:
        return self.shape[-1]


def Input(
    shape: tuple[int, ...] | int,
    batch_size: int | None = None,
    dtype: Any = None,
    name: str | None = None,
) -> InputSpec:
    """The input of a Sequential model, as Keras 3 prefers: ``Input(shape=(3,))``."""
    dims = (shape,) if isinstance(shape, int) else tuple(shape)
    if len(dims) != 1 or not isinstance(dims[0], int | np.integer) or dims[0] <= 0:
        msg = f"Input shape must be (n,) with a positive feature count n, got {shape!r}"
        raise ShapeError(msg)
    return InputSpec(shape=(int(dims[0]),), name=name, dtype=dtype)


def _input_size(input_shape: tuple[int, ...] | None, input_dim: int | None) -> int | None:
    if input_shape is not None:
        return Input(input_shape).size
    if input_dim is not None:
        return Input((input_dim,)).size
    return None
