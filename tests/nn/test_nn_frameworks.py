"""symact.nn against Keras and PyTorch themselves (run when they are installed; CI installs
their CPU builds), and the reference text's snippets from docs/nn.md."""

from __future__ import annotations

import os
import re
import warnings
from pathlib import Path

import numpy as np
import pytest

import symact
from symact.nn import from_keras, from_torch

DOC = Path(__file__).resolve().parents[2] / "docs" / "nn.md"


def _snippet(name: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    found = re.search(rf"<!-- snippet: {name} -->\s*```python\n(.*?)```", text, re.S)
    assert found, f"docs/nn.md lacks snippet {name}"
    return found.group(1)


@pytest.mark.parametrize("k", ["1", "2"])
def test_reference_snippets_run_with_only_the_import_changed(k):
    keras_code, ours = _snippet(f"keras-{k}"), _snippet(f"symact-{k}")
    strip = lambda code: [ln for ln in code.splitlines() if not ln.startswith("from ")]  # noqa: E731
    assert strip(keras_code) == strip(ours)
    scope: dict = {}
    exec(ours, scope)  # the documentation's own code, not user input
    model = scope["model"]
    assert model.predict([[1.0, 2.0, 3.0]]).shape == (1, 5)
    assert [w.shape for w in model.get_weights()] == [(3, 5), (5,)]


def _keras():
    os.environ.setdefault("KERAS_BACKEND", "torch")
    pytest.importorskip("torch")
    return pytest.importorskip("keras")


@pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning")
@pytest.mark.parametrize("k", ["1", "2"])
def test_reference_snippets_give_kerass_numbers(k):
    keras = _keras()
    scope: dict = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # Keras 3 prefers Input(shape) to input_shape
        exec(_snippet(f"keras-{k}"), scope)
    exec(_snippet(f"symact-{k}"), ours := {})
    km, sm = scope["model"], ours["model"]
    sm.set_weights(km.get_weights())
    x = np.random.default_rng(0).standard_normal((50, 3)).astype(np.float32)
    np.testing.assert_allclose(sm.predict(x), km.predict(x, verbose=0), rtol=2e-6, atol=1e-6)
    assert keras.backend.backend() in ("torch", "jax", "tensorflow", "numpy")


@pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning")
def test_from_keras_keeps_weights_and_outputs():
    keras = _keras()
    km = keras.Sequential(
        [
            keras.Input(shape=(4,)),
            keras.layers.Dense(6, activation="gelu"),
            keras.layers.Dense(5, use_bias=False),
            keras.layers.Activation(keras.activations.silu),
            keras.layers.Dense(3, activation="leaky_relu"),
            keras.layers.ReLU(max_value=2.0),
        ]
    )
    model = from_keras(km)
    x = np.random.default_rng(1).standard_normal((40, 4)).astype(np.float32)
    np.testing.assert_allclose(model.predict(x), km.predict(x, verbose=0), rtol=1e-5, atol=2e-6)
    relu = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4, activation="relu")])
    assert symact.check_linearity(from_keras(relu)).verdict == "nonlinear"


def test_from_keras_names_unsupported_layers():
    keras = _keras()
    km = keras.Sequential([keras.Input(shape=(4,)), keras.layers.BatchNormalization()])
    with pytest.raises(symact.SymactError, match="BatchNormalization"):
        from_keras(km)


def test_from_torch_keeps_weights_and_outputs():
    torch = pytest.importorskip("torch")
    nn = torch.nn
    torch.manual_seed(0)
    module = nn.Sequential(
        nn.Linear(4, 6), nn.LeakyReLU(0.1), nn.Linear(6, 5), nn.GELU(approximate="tanh"),
        nn.Linear(5, 5), nn.Softplus(beta=2.0), nn.Linear(5, 3), nn.Hardtanh(-0.5, 0.5),
    )  # fmt: skip
    model = from_torch(module)
    x = np.random.default_rng(2).standard_normal((40, 4)).astype(np.float32)
    with torch.no_grad():
        expected = module(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(model.predict(x), expected, rtol=1e-5, atol=2e-6)
    slopes = [layer.activation.params for layer in model.layers if layer.name.startswith("leaky")]
    assert slopes == [{"negative_slope": symact.get("leaky_relu", negative_slope=0.1).params[
        "negative_slope"]}]  # fmt: skip


def test_from_torch_linear_stack_is_proved_linear():
    torch = pytest.importorskip("torch")
    torch.manual_seed(1)
    nn = torch.nn
    module = nn.Sequential(nn.Linear(3, 4, bias=False), nn.Identity(), nn.Linear(4, 2, bias=False))
    report = symact.check_linearity(from_torch(module), budget=None)
    assert report.verdict == "linear"


def test_from_torch_names_unsupported_layers():
    torch = pytest.importorskip("torch")
    module = torch.nn.Sequential(torch.nn.Linear(3, 3), torch.nn.LayerNorm(3))
    with pytest.raises(symact.SymactError, match="LayerNorm"):
        from_torch(module)
