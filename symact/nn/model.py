"""The Keras-compatible :class:`Sequential` model: a stack of layers, run in NumPy.

>>> import numpy as np
>>> from symact.nn import Dense, Sequential
>>> model = Sequential([Dense(2, input_shape=(3,), activation="relu")], seed=0)
>>> model.count_params(), [w.shape for w in model.get_weights()]
(8, [(3, 2), (2,)])
>>> model.set_weights([np.ones((3, 2)), np.array([0.0, -10.0])])
>>> model.predict([[1, 2, 3]]).tolist()
[[6.0, 0.0]]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from symact.errors import ShapeError
from symact.nn.initializers import generator
from symact.nn.layers import Activation, Dense, InputSpec, NotBuiltError

if TYPE_CHECKING:
    import sympy

__all__ = ["Layer", "Sequential"]

Layer = Dense | Activation


class Sequential:
    """Layers applied one after another, with Keras's ``Sequential`` API.

    ``seed`` (an int or ``numpy.random.Generator``) initialises every layer that has no seed of
    its own, in order; without any seed the weights come from fresh OS entropy (as with an
    unseeded Keras model), never from a hidden global generator.
    """

    def __init__(
        self,
        layers: list[Any] | None = None,
        trainable: bool = True,
        name: str | None = None,
        *,
        seed: Any = None,
    ) -> None:
        self.name = name or "sequential"
        self.trainable = trainable
        self._rng = generator(seed)
        self._layers: list[Layer] = []
        self._input_dim: int | None = None
        for layer in layers or []:
            self.add(layer)

    # -- structure ------------------------------------------------------------------------------
    @property
    def layers(self) -> list[Layer]:
        return list(self._layers)

    @property
    def built(self) -> bool:
        return self._input_dim is not None

    @property
    def input_dim(self) -> int | None:
        """Number of input features (None before build)."""
        return self._input_dim

    @property
    def dtype(self) -> np.dtype:
        dtypes = {layer.dtype for layer in self._layers}
        return np.dtype(np.float64) if np.dtype(np.float64) in dtypes else np.dtype(np.float32)

    def add(self, layer: Any) -> None:
        """Append a layer (or an :func:`Input` as the first entry)."""
        if isinstance(layer, InputSpec):
            if self._layers or self._input_dim is not None:
                msg = "Input(...) must come first in a Sequential model, before any layer"
                raise ShapeError(msg)
            self._input_dim = layer.size
            return
        if not isinstance(layer, Dense | Activation):
            msg = (
                f"Sequential takes symact.nn layers (Dense, Activation) or Input, got "
                f"{type(layer).__name__}; convert framework models with from_keras/from_torch"
            )
            raise ShapeError(msg)
        if layer.name is None:
            layer.name = self._fresh_name(type(layer).__name__.lower())
        self._layers.append(layer)
        if self._input_dim is not None:
            self._build_layers(self._input_dim)
        elif len(self._layers) == 1 and layer.input_dim is not None:
            self.build((None, layer.input_dim))

    def pop(self) -> Layer:
        """Remove and return the last layer."""
        if not self._layers:
            raise ShapeError("cannot pop from an empty Sequential model; add layers first")
        return self._layers.pop()

    def _fresh_name(self, base: str) -> str:
        taken = {layer.name for layer in self._layers}
        name, k = base, 0
        while name in taken:
            k += 1
            name = f"{base}_{k}"
        return name

    def build(self, input_shape: tuple[Any, ...] | None = None) -> None:
        """Create the weights for inputs of ``input_shape`` = ``(None, n)`` (or ``(n,)``)."""
        if input_shape is None:
            if self._input_dim is None:
                msg = "build() needs input_shape=(None, n) for a model without an input size"
                raise NotBuiltError(msg)
            input_shape = (None, self._input_dim)
        dims = tuple(input_shape)
        size = dims[-1] if dims else None
        if len(dims) not in (1, 2) or not isinstance(size, int | np.integer) or size <= 0:
            msg = f"input_shape must be (None, n) with a positive n, got {input_shape!r}"
            raise ShapeError(msg)
        self._input_dim = int(size)
        self._build_layers(int(size))

    def _build_layers(self, size: int) -> None:
        for layer in self._layers:
            if not _built_for(layer, size):
                seed = getattr(layer, "seed", None)
                layer.build(size, self._rng if seed is None else generator(seed))
            size = layer.output_size(size)

    @property
    def output_dim(self) -> int:
        size = self._require_input()
        for layer in self._layers:
            size = layer.output_size(size)
        return size

    def _require_input(self) -> int:
        if self._input_dim is None:
            msg = (
                f"model {self.name!r} is not built yet: its input size is unknown; give the "
                "first layer input_shape=(n,), start with Input(shape=(n,)), call "
                "model.build((None, n)) or call the model on data"
            )
            raise NotBuiltError(msg)
        return self._input_dim

    # -- numbers --------------------------------------------------------------------------------
    def __call__(self, x: Any) -> np.ndarray:
        """The outputs for a batch ``x`` of shape ``(batch, n)``, as a NumPy array."""
        values = self._as_batch(x)
        for layer in self._layers:
            values = layer(values)
        return values

    def predict(
        self,
        x: Any,
        batch_size: int | None = None,
        verbose: Any = "auto",
        steps: Any = None,
        callbacks: Any = None,
    ) -> np.ndarray:
        """Outputs for ``x`` computed ``batch_size`` rows at a time (Keras's default: 32)."""
        values = self._as_batch(x)
        size = 32 if batch_size is None else batch_size
        if isinstance(size, bool) or not isinstance(size, int | np.integer) or size <= 0:
            raise ShapeError(f"batch_size must be a positive integer, got {batch_size!r}")
        parts = [self(values[i : i + size]) for i in range(0, len(values), size)]
        if not parts:
            return np.zeros((0, self.output_dim), dtype=self.dtype)
        return np.concatenate(parts)

    def _as_batch(self, x: Any) -> np.ndarray:
        try:
            arr = np.asarray(x)
        except ValueError as exc:
            raise ShapeError(f"inputs must be a rectangular batch of numbers: {exc}") from None
        if arr.dtype.kind not in "biuf":
            msg = f"inputs must be numbers, got an array of dtype {arr.dtype}; pass floats"
            raise ShapeError(msg)
        if arr.ndim != 2:
            msg = (
                f"expected a batch of shape (batch, features), got shape {arr.shape}; "
                "for one sample pass [sample] or x.reshape(1, -1)"
            )
            raise ShapeError(msg)
        if self._input_dim is None:
            self.build((None, arr.shape[1]))
        if arr.shape[1] != self._input_dim:
            msg = (
                f"model {self.name!r} expects {self._input_dim} input features, got an "
                f"input of shape {arr.shape}; pass shape (batch, {self._input_dim})"
            )
            raise ShapeError(msg)
        return arr.astype(self.dtype, copy=False)

    # -- weights --------------------------------------------------------------------------------
    def get_weights(self) -> list[np.ndarray]:
        """Every layer's weights in Keras order (kernel, bias, next layer's kernel, …)."""
        return [w for layer in self._layers if layer.built for w in layer.get_weights()]

    def set_weights(self, weights: list[Any]) -> None:
        """Set all weights in :meth:`get_weights` order; counts and shapes are checked."""
        self._require_input()
        expected = [s for layer in self._layers for s in layer.weight_shapes()]
        if len(weights) != len(expected):
            msg = (
                f"model {self.name!r} takes {len(expected)} weight arrays with shapes "
                f"{expected}, got {len(weights)}"
            )
            raise ShapeError(msg)
        start = 0
        for layer in self._layers:
            count = len(layer.weight_shapes())
            layer.set_weights(list(weights[start : start + count]))
            start += count

    def count_params(self) -> int:
        self._require_input()
        return sum(layer.count_params() for layer in self._layers)

    def summary(self, print_fn: Callable[[str], Any] | None = None, **kwargs: Any) -> None:
        """Print a Keras-like table (layer, output shape, parameter count) with ``print_fn``.

        The default is ``print``, as in Keras: calling ``summary()`` is the request to print
        (the only library call that writes to stdout); ``summary_text()`` returns the text.
        """
        (print_fn or print)(self.summary_text())

    def summary_text(self) -> str:
        from symact.nn.describe import summary_table

        return summary_table(self)

    # -- exact views and proofs -----------------------------------------------------------------
    def symbolic(self, weights: str = "exact") -> sympy.ImmutableMatrix:
        """The outputs as a 1×m SymPy matrix of the input symbols ``x1 … xn``.

        ``weights="exact"`` converts every float weight to the Rational it equals;
        ``weights="symbols"`` uses symbols ``W1_i_j`` and ``b1_j`` (layer, row, column).
        """
        from symact.nn.symbolic import symbolic_outputs

        return symbolic_outputs(self, weights)

    def collapse(self) -> Dense:
        """The equivalent single Dense layer of a stack whose activations are all affine."""
        from symact.nn.collapse import collapse_to_dense

        return collapse_to_dense(self)

    def _symact_check(self, law: str, budget: float | None) -> Any:
        """Hook used by ``symact.check_*``: decide ``law`` for the whole network."""
        from symact.nn.laws import check_network

        return check_network(self, law, budget)

    def __repr__(self) -> str:
        shape = "unbuilt" if self._input_dim is None else f"inputs={self._input_dim}"
        return f"<Sequential {self.name} {shape} layers={len(self._layers)}>"


def _built_for(layer: Layer, size: int) -> bool:
    if isinstance(layer, Activation):
        layer.input_dim = size  # no weights to create
        return True
    return layer.built and layer.kernel is not None and layer.kernel.shape[0] == size
