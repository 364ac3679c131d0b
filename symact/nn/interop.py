"""Real models in: Keras 3 ``Sequential`` and ``torch.nn.Sequential`` → :class:`Sequential`.

Keras and PyTorch are optional (``pip install symact[frameworks]``) and imported only here.
Weights are copied as they are (PyTorch's ``Linear.weight`` is ``(out, in)``: its transpose is
the kernel); activations map to catalog entries with the framework's parameters.  A layer that
has no counterpart raises an error naming it.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from symact.activations.registry import get
from symact.errors import SymactError, UnsupportedExpressionError
from symact.nn.layers import Activation, Dense
from symact.nn.model import Sequential

__all__ = ["from_keras", "from_torch"]

#: Inference-time identities: these layers change nothing in predict / eval mode.
_KERAS_IDENTITY = ("InputLayer", "Dropout")
_TORCH_IDENTITY = ("Identity", "Dropout")
_TORCH_VECTOR = {"Softmax": "softmax", "LogSoftmax": "log_softmax", "Softmin": "softmin"}


class FrameworkMissingError(SymactError, ImportError):
    """Keras or PyTorch is not installed."""


def _require(module: str) -> Any:
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        msg = f"{module} is not installed; install it with: pip install 'symact[frameworks]'"
        raise FrameworkMissingError(msg) from None


def _unsupported(kind: str, layer: Any) -> UnsupportedExpressionError:
    msg = (
        f"cannot convert {kind} layer {getattr(layer, 'name', '')!r} of type "
        f"{type(layer).__name__}; supported: Dense/Linear and element-wise activations"
    )
    return UnsupportedExpressionError(msg)


def from_keras(model: Any) -> Sequential:
    """A built Keras 3 ``Sequential`` of Dense / Activation (and ReLU, LeakyReLU, ELU,
    Softmax) layers as a :class:`Sequential` with the same weights."""
    keras = _require("keras")
    if not isinstance(model, keras.Sequential) or not model.built:
        msg = f"from_keras needs a built keras.Sequential, got {type(model).__name__}"
        raise UnsupportedExpressionError(msg)
    out = Sequential(name=model.name, seed=0)
    size: int | None = None
    for layer in model.layers:
        kind = type(layer).__name__
        if kind in _KERAS_IDENTITY:
            continue
        if kind == "Dense":
            with warnings.catch_warnings():  # Keras 3.15 + NumPy 2.4: __array__ copy notice
                warnings.simplefilter("ignore", DeprecationWarning)
                kernel, *bias = layer.get_weights()
            size = size or kernel.shape[0]
            act = _keras_activation(keras, layer.activation, layer)
            dense = Dense(layer.units, act, use_bias=bool(bias), dtype=kernel.dtype.name)
            dense.name = layer.name
            _append(out, dense, size, [kernel, *bias])
        else:
            _append(out, Activation(_keras_layer_activation(keras, layer), name=layer.name), size)
    return out


def _append(out: Sequential, layer: Any, size: int | None, weights: Any = None) -> None:
    if size is not None and not out.built:
        out.build((None, size))
    out.add(layer)
    if weights is not None:
        layer.set_weights(weights)


def _keras_activation(keras: Any, fn: Any, layer: Any) -> Any:
    name = keras.activations.serialize(fn)
    if not isinstance(name, str):
        raise _unsupported("Keras", layer)
    return get(name)


def _keras_layer_activation(keras: Any, layer: Any) -> Any:
    kind, config = type(layer).__name__, layer.get_config()
    if kind == "Activation":
        return _keras_activation(keras, layer.activation, layer)
    if kind == "ReLU":
        keys = ("max_value", "negative_slope", "threshold")
        return get("relu", **{k: config[k] for k in keys if config.get(k) is not None})
    if kind == "LeakyReLU":
        return get("leaky_relu", negative_slope=config["negative_slope"])
    if kind == "ELU":
        return get("elu", alpha=config["alpha"])
    if kind == "Softmax" and config.get("axis", -1) in (-1, [-1]):
        return get("softmax")
    raise _unsupported("Keras", layer)


def from_torch(module: Any) -> Sequential:
    """A ``torch.nn.Sequential`` of ``Linear`` and element-wise activation modules as a
    :class:`Sequential` (float32 stays float32, float64 stays float64)."""
    torch = _require("torch")
    if not isinstance(module, torch.nn.Sequential):
        msg = f"from_torch needs a torch.nn.Sequential, got {type(module).__name__}"
        raise UnsupportedExpressionError(msg)
    out = Sequential(name="torch_sequential", seed=0)
    size: int | None = None
    for name, child in module.named_children():
        kind = type(child).__name__
        if kind in _TORCH_IDENTITY:
            continue
        if kind == "Linear":
            weight = child.weight.detach().cpu().numpy()
            size = size or weight.shape[1]
            weights = [weight.T.copy()]
            if child.bias is not None:
                weights.append(child.bias.detach().cpu().numpy())
            dense = Dense(weight.shape[0], use_bias=child.bias is not None, dtype=weight.dtype.name)
            dense.name = f"linear_{name}"
            _append(out, dense, size, weights)
        else:
            _append(out, Activation(_torch_activation(child), name=f"{kind.lower()}_{name}"), size)
    return out


def _torch_activation(child: Any) -> Any:
    kind = type(child).__name__
    if kind in _TORCH_VECTOR and getattr(child, "dim", -1) in (-1, 1):
        return get(_TORCH_VECTOR[kind])
    params = _torch_params(child)
    try:
        return get(kind, framework="torch", **params)
    except SymactError:
        raise _unsupported("PyTorch", child) from None


def _torch_params(child: Any) -> dict[str, Any]:
    kind = type(child).__name__
    if kind == "GELU":
        return {"approximate": child.approximate == "tanh"}
    if kind == "PReLU":
        weight = child.weight.detach().cpu().numpy().ravel()
        if weight.size != 1:
            msg = f"PReLU with {weight.size} slopes (one per channel) is not element-wise"
            raise UnsupportedExpressionError(msg)
        return {"slope": float(weight[0])}
    names = {
        "LeakyReLU": ("negative_slope",),
        "ELU": ("alpha",),
        "CELU": ("alpha",),
        "Softplus": ("beta", "threshold"),
        "Hardtanh": ("min_val", "max_val"),
        "Hardshrink": ("lambd",),
        "Softshrink": ("lambd",),
        "Threshold": ("threshold", "value"),
    }.get(kind, ())
    return {n: _number(getattr(child, n)) for n in names}


def _number(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value
