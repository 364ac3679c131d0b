"""Regenerate the data shipped in ``symact/numeric/data/`` (run after changing the numerics).

``python tools/generate_numeric_data.py`` writes

* ``erfc.npy``, ``erfcx.npy``: the Taylor tables of :mod:`symact.numeric.erfcx` (mpmath);
* ``analyses.json``: the error-region analysis (:func:`symact.numeric.roots.analyse`) of every
  catalog activation and its derivative, for float64 and float32 results, keyed as
  :mod:`symact.numeric.analysis_cache` looks them up.

The output is deterministic (sorted keys, ``repr`` floats) for a given CPU family; see
:func:`build_analyses` for the SIMD paths covered.  ``tests/numeric/test_numeric_data.py``
rebuilds a sample and checks that every catalog function hits the table.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import sympy

from symact.numeric import analysis_cache as store


def catalog_expressions() -> Iterator[tuple[str, sympy.Expr, sympy.Symbol]]:
    """``(label, expr, x)`` of every element-wise catalog activation and its derivative, with
    the default parameters of each framework (jax's gelu is the tanh form), each once."""
    from symact.activations.registry import FRAMEWORKS, get, names

    seen = set()
    for name in names():
        for framework in FRAMEWORKS:
            entry = get(name, framework=framework)
            if getattr(entry, "kind", "elementwise") == "vector":
                continue
            if entry.expr.free_symbols - {entry.x} or entry.expr in seen:
                continue  # a required parameter (threshold), or the same as another framework's
            seen.add(entry.expr)
            label = name if framework == "keras" else f"{name}[{framework}]"
            yield label, entry.expr, entry.x
            yield f"{label}'", entry.derivative().expr, entry.x


def analysed_keys() -> Iterator[tuple[str, str, tuple[sympy.Expr, sympy.Expr, sympy.Symbol, int]]]:
    """``(label, key, find_patches arguments)`` of every analysis a catalog function runs."""
    from symact.numeric.function import NumericFunction

    for label, expr, x in catalog_expressions():
        f = NumericFunction(expr, x)
        if f.stable.has(sympy.Piecewise) or not f.stable.free_symbols:
            continue  # find_patches answers () without an analysis
        for bits in (53, 24):
            args = (f.stable, f.expr, x, bits)
            yield f"{label} {bits}", store.analysis_key(*args), args


#: NumPy's SIMD paths of exp/tanh/log differ in the last bits, so the analysis (which probes
#: the float64 kernel) can differ between CPUs: it is run with every dispatched feature off
#: (the baseline every x86-64 CPU takes) and with the features of this machine, then merged.
def baseline_env() -> dict[str, str]:
    """The environment of a process whose NumPy takes its baseline (non-dispatched) paths."""
    try:
        from numpy._core import _multiarray_umath as umath
    except ImportError:  # NumPy 1.x
        from numpy.core import _multiarray_umath as umath  # type: ignore[no-redef]

    return {**os.environ, "NPY_DISABLE_CPU_FEATURES": " ".join(umath.__cpu_dispatch__)}


def run_analyses(only: Sequence[str] = ()) -> dict[str, list[Any]]:
    """``{key: encoded patches}`` of every catalog analysis (or those labelled ``only``, e.g.
    ``"gelu' 53"``), on this process's SIMD path."""
    from symact.numeric.roots import analyse

    entries = {}
    for label, key, args in analysed_keys():
        if only and label not in only:
            continue
        patches, complete = analyse(*args)
        if not complete:
            msg = f"the analysis of {label} ran out of time; rerun on an idle machine"
            raise SystemExit(msg)
        entries[key] = store.encode(tuple(p.astuple() for p in patches))
    return entries


def _is_region(p: list[Any]) -> bool:
    return p[1] == 0.0 and p[3] == 0.0 and not p[5] and p[4] == [0.0]


def merge(first: list[Any], second: list[Any]) -> list[Any]:
    """Both analyses at once: long-double windows united, and for each root the patch of the
    larger radius (the series radius depends on long double only, the same on every CPU)."""
    roots: dict[tuple[float, float], list[Any]] = {}
    for p in first + second:
        if not _is_region(p) and ((p[0], p[1]) not in roots or p[2] > roots[(p[0], p[1])][2]):
            roots[(p[0], p[1])] = p
    fits = [p for p in roots.values() if p[5]]
    regions = []
    for p in first + second:
        covered = any(f[0] - f[2] <= p[0] - p[2] and p[0] + p[2] <= f[0] + f[2] for f in fits)
        if _is_region(p) and not covered and p not in regions:
            regions.append(p)
    return sorted(regions) + sorted(roots.values())


def build_analyses() -> str:
    """The text of ``analyses.json`` (one line per entry, labelled, in key order): the
    baseline analysis merged with this machine's."""
    script = [sys.executable, __file__, "--entries"]
    runs = [
        json.loads(subprocess.run(script, env=env, check=True, stdout=subprocess.PIPE).stdout)
        for env in (baseline_env(), dict(os.environ))
    ]
    entries = {k: merge(runs[0][k], runs[1][k]) for k in runs[0]}
    labels = {key: label for label, key, _ in analysed_keys()}
    head = {"format": store.FORMAT, "analysis": store.ANALYSIS_VERSION}
    lines = [json.dumps(head)[:-1] + ', "entries": {']
    lines += [f"{json.dumps(k)}: {json.dumps(entries[k])}," for k in sorted(entries)]
    lines[-1] = lines[-1].rstrip(",")
    lines += ['}, "labels": {']
    lines += [f"{json.dumps(k)}: {json.dumps(labels[k])}," for k in sorted(labels)]
    lines[-1] = lines[-1].rstrip(",")
    return "\n".join([*lines, "}}", ""])


def main() -> None:
    from symact.numeric import erfcx

    data = store.SHIPPED.parent
    data.mkdir(exist_ok=True)
    np.save(data / "erfc.npy", erfcx.build_erfc_table(), allow_pickle=False)
    np.save(data / "erfcx.npy", erfcx.build_erfcx_table(), allow_pickle=False)
    Path(store.SHIPPED).write_text(build_analyses(), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--entries"]:  # one SIMD path's analyses (optionally some labels)
        from symact.numeric import roots

        os.environ["SYMACT_CACHE"] = "0"
        roots._BUDGET = 1800.0  # offline: no 30-s safety net (tanh-GELU' takes 10–60 s)
        print(json.dumps(run_analyses(sys.argv[2:])))
    else:
        main()
