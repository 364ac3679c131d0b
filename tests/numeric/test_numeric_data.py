"""Shipped numeric data: the erfc/erfcx tables and the catalog's error-region analyses are what
tools/generate_numeric_data.py computes, and every catalog function finds its analysis."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from symact.numeric import analysis_cache as store
from symact.numeric import erfcx

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    path = ROOT / "tools" / "generate_numeric_data.py"
    spec = importlib.util.spec_from_file_location("generate_numeric_data", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = _generator()


@pytest.mark.parametrize(
    ("build", "table", "nodes"),
    [
        (erfcx.build_erfc_table, erfcx._erfc_table, range(0, 770, 97)),
        (erfcx.build_erfcx_table, erfcx._erfcx_table, range(1, 2690, 331)),
    ],
)
def test_shipped_erfc_tables_equal_a_rebuilt_sample(build, table, nodes):
    # mpmath alone makes these numbers (no NumPy transcendental): equal on every CPU
    shipped = table()
    assert np.array_equal(shipped[:, list(nodes)], build(nodes))
    last = shipped.shape[1] - 1
    assert np.array_equal(shipped[:, [last]], build(range(last, last + 1)))


def test_erfc_table_reproduces_mpmath_at_a_node_and_between_nodes():
    import mpmath

    u = np.array([1.0, 1.0 + 1 / 300, 5.4321])
    got = erfcx.erfc(u)
    for a, b in zip(u, got, strict=True):
        with mpmath.workdps(40):
            want = mpmath.erfc(mpmath.mpf(float(a)))
            assert abs(mpmath.mpf(float(b)) - want) <= 2 * abs(want) * mpmath.mpf(2) ** -52


def test_every_catalog_analysis_is_shipped():
    labels = []
    for label, key, _ in gen.analysed_keys():
        labels.append(label)
        assert store.lookup_shipped(key) is not None, f"{label}: run tools/generate_numeric_data.py"
    assert {"gelu 53", "gelu' 24", "mish' 53", "silu' 53"} <= set(labels)


def test_shipped_analyses_hold_only_catalog_entries():
    shipped = json.loads(store.SHIPPED.read_text(encoding="utf-8"))
    assert set(shipped["entries"]) == {key for _, key, _ in gen.analysed_keys()}


def test_a_regenerated_sample_is_covered_by_the_shipped_analysis():
    """The sample is rerun on NumPy's baseline SIMD path (the same on every x86-64 CPU), one
    of the paths the shipped data merges: merging it in must change nothing."""
    sample = ["silu' 53", "tanh_shrink 24", "gelu 53"]
    script = [sys.executable, str(ROOT / "tools" / "generate_numeric_data.py"), "--entries"]
    done = subprocess.run(
        script + sample, env=gen.baseline_env(), check=True, capture_output=True, text=True
    )
    fresh = json.loads(done.stdout)
    assert len(fresh) == len(sample)
    for key, patches in fresh.items():
        shipped = store._shipped()[key]
        assert gen.merge(shipped, patches) == gen.merge(shipped, []), key
    assert any(fresh.values()), "the sample has no patch: pick functions that need some"


def test_a_changed_expression_misses_the_shipped_table():
    from sympy import Rational, Symbol, erf, sqrt

    x = Symbol("x", real=True)
    gelu = x * (1 + erf(x / sqrt(2))) / 2
    nudged = x * (1 + erf(x / sqrt(2))) * Rational(1, 2) + x / 10**20
    assert store.analysis_key(gelu, gelu, x, 53) != store.analysis_key(nudged, nudged, x, 53)
    assert store.analysis_key(gelu, gelu, x, 53) != store.analysis_key(gelu, gelu, x, 24)
    assert store.lookup_shipped(store.analysis_key(nudged, nudged, x, 53)) is None
