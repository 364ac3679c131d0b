"""The accuracy contract: ≤ 4 ulp from mpmath, both dtypes, every element-wise activation and
its derivative, on a deterministic hard grid and on hypothesis-drawn points.

The references (benchmarks/_reference.py) are written from the definitions, independently
of the rewrite rules and kernels.  Where the true value is below the smallest normal number
the error is measured in units of that number (the contract asks for less than one).
"""

from __future__ import annotations

import importlib.util
import sys
import warnings
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import symact

_PATH = Path(__file__).resolve().parents[2] / "benchmarks" / "_reference.py"
_SPEC = importlib.util.spec_from_file_location("_symact_reference", _PATH)
assert _SPEC is not None and _SPEC.loader is not None
ref: Any = importlib.util.module_from_spec(_SPEC)
sys.modules["_symact_reference"] = ref
_SPEC.loader.exec_module(ref)

ELEMENTWISE = [n for n in symact.names() if symact.get(n).kind == "elementwise"]
LABELS = ELEMENTWISE + sorted(ref.VARIANTS)
DTYPES = [np.float64, np.float32]
BUDGET = 4.0


def activation(label: str) -> Any:
    name, kwargs = ref.VARIANTS.get(label, (label, ref.BINDINGS.get(label, {})))
    f = symact.get(name, **{k: v for k, v in kwargs.items() if k == "framework"})
    rest = {k: v for k, v in kwargs.items() if k != "framework"}
    return f.bind(**rest) if rest else f


@cache
def _kernel(label: str, derivative: bool) -> Any:
    f = activation(label)
    return (f.derivative() if derivative else f).to_numpy()


def _errors(label: str, derivative: bool, points: np.ndarray, dtype: type) -> list[float]:
    kernel = _kernel(label, derivative)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = kernel(points)
    assert got.dtype == dtype
    exact = ref.REFERENCES[label][1 if derivative else 0]
    return [
        ref.ulp_error(float(g), ref.reference(exact, float(x)), dtype)
        for g, x in zip(got, points, strict=True)
    ]


def test_every_catalog_activation_has_a_reference() -> None:
    missing = [n for n in ELEMENTWISE if n not in ref.REFERENCES]
    assert missing == []


@pytest.mark.parametrize("label", LABELS)
@pytest.mark.parametrize("derivative", [False, True], ids=["f", "df"])
def test_within_four_ulp_on_the_hard_grid(label: str, derivative: bool) -> None:
    for dtype in DTYPES:
        grid = ref.hard_grid(dtype, dense=401)
        errors = _errors(label, derivative, grid, dtype)
        worst = int(np.argmax(errors))
        assert errors[worst] <= BUDGET, (dtype.__name__, float(grid[worst]), errors[worst])


@pytest.mark.parametrize("label", LABELS)
@settings(max_examples=12, deadline=None, derandomize=True)
@given(
    st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=1, max_size=4),
    st.lists(st.floats(allow_nan=False, allow_infinity=False, width=32), min_size=1, max_size=4),
)
def test_within_four_ulp_on_drawn_points(label: str, xs: list[float], ys: list[float]) -> None:
    for derivative in (False, True):
        for dtype, values in ((np.float64, xs), (np.float32, ys)):
            points = np.array(values, dtype=dtype)
            errors = _errors(label, derivative, points, dtype)
            assert max(errors) <= BUDGET, (dtype.__name__, values, errors)


def test_tanh_shrink_near_zero_is_accurate_where_subtraction_cancels() -> None:
    x = np.array([1e-8, -3e-5, 0.01, 0.5])
    got = symact.get("tanh_shrink").to_numpy()(x)
    exact = ref.REFERENCES["tanh_shrink"][0]
    errors = [
        ref.ulp_error(float(g), ref.reference(exact, float(v)), np.float64)
        for g, v in zip(got, x, strict=True)
    ]
    assert max(errors) <= BUDGET
