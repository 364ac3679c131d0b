"""The per-expression disk cache of run-time analyses (custom formulas): written atomically,
read back, never trusted blindly, switched off by SYMACT_CACHE=0."""

from __future__ import annotations

import json
import math

import pytest
from sympy import Symbol, exp, tanh

from symact.numeric import analysis_cache as store
from symact.numeric import roots

x = Symbol("x", real=True)
EXPR = exp(x / 3) - tanh(x) - 2  # not in the catalog: analysed at run time
PATCH = roots.RootPatch(1.25, 2.0**-60, 0.5, 0.0, (0.0,))
OK = [1.0, 0.0, 0.5, 0.0, [0.0], [], 0, 1]  # a well-formed patch, to damage one field of


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder, and a fake analysis that counts its calls."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("SYMACT_CACHE", "1")
    calls = []

    def fake(stable, exact, x_, bits):
        calls.append(bits)
        return (PATCH,), True

    monkeypatch.setattr(roots, "analyse", fake)
    roots.find_patches.cache_clear()
    yield tmp_path / "symact" / "analyses", calls
    roots.find_patches.cache_clear()


def _fresh(bits=53):
    roots.find_patches.cache_clear()  # a new process: only the disk remembers
    return roots.find_patches(EXPR, EXPR, x, bits)


def test_an_analysis_is_written_once_and_read_back(cache):
    folder, calls = cache
    assert _fresh() == (PATCH,)
    key = store.analysis_key(EXPR, EXPR, x, 53)
    assert [p.name for p in folder.iterdir()] == [f"{key}.json"]  # no temporary left over
    assert _fresh() == (PATCH,)
    assert calls == [53]
    assert _fresh(24) == (PATCH,)  # another precision is another entry
    assert calls == [53, 24]


@pytest.mark.parametrize(
    "damage",
    [
        "{not json",
        "\x00\xff binary",
        json.dumps({"format": store.FORMAT, "key": "0" * 64, "patches": []}),  # foreign key
        json.dumps({"format": "other", "key": "{key}", "patches": []}),
        json.dumps({"format": store.FORMAT, "key": "{key}", "patches": [[1.0, 0.0]]}),
        json.dumps({"format": store.FORMAT, "key": "{key}", "patches": [["1", *OK[1:]]]}),
        json.dumps({"format": store.FORMAT, "key": "{key}", "patches": [[*OK[:7], 3]]}),
        json.dumps({"format": store.FORMAT, "key": "{key}", "patches": [[*OK[:6], 1.0, 1]]}),
        json.dumps({"format": store.FORMAT, "key": "{key}", "patches": [[*OK[:4], [], [], 0, 1]]}),
        json.dumps({"format": store.FORMAT, "key": "{key}", "patches": [[math.nan, *OK[1:]]]}),
        json.dumps([1, 2, 3]),
    ],
)
def test_a_corrupt_or_foreign_cache_file_is_ignored_and_rewritten(cache, damage):
    folder, calls = cache
    key = store.analysis_key(EXPR, EXPR, x, 53)
    folder.mkdir(parents=True)
    (folder / f"{key}.json").write_text(damage.replace("{key}", key), encoding="utf-8")
    assert _fresh() == (PATCH,)
    assert calls == [53]
    assert store.load_cached(key) == (PATCH.astuple(),)  # rewritten, valid


def test_symact_cache_0_switches_the_disk_cache_off(cache, monkeypatch):
    folder, calls = cache
    monkeypatch.setenv("SYMACT_CACHE", "0")
    _fresh()
    _fresh()
    assert calls == [53, 53]
    assert not folder.exists()


def test_an_analysis_cut_short_by_its_budget_is_not_cached(cache, monkeypatch):
    folder, calls = cache
    monkeypatch.setattr(roots, "analyse", lambda *a: (calls.append(0) or (PATCH,), False))
    _fresh()
    _fresh()
    assert calls == [0, 0]
    assert not folder.exists() or not any(folder.iterdir())


def test_an_unwritable_cache_folder_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.setenv("SYMACT_CACHE", "1")
    store.store_cached("ab" * 32, (PATCH.astuple(),))  # no exception
    assert store.load_cached("ab" * 32) is None


def test_a_real_analysis_round_trips_through_the_disk(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("SYMACT_CACHE", "1")
    roots.find_patches.cache_clear()
    computed = roots.find_patches(EXPR, EXPR, x, 53)
    # the root of e^{x/3} − tanh x − 2 (3.2930807514992…, sympy.nsolve) cancels: a patch there
    assert any(abs(p.hi - 3.29308075149928) < 1e-12 for p in computed)
    roots.find_patches.cache_clear()
    monkeypatch.setattr(roots, "analyse", lambda *a: pytest.fail("the cache was not used"))
    assert roots.find_patches(EXPR, EXPR, x, 53) == computed
    roots.find_patches.cache_clear()
