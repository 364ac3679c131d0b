"""Regenerate the data shipped in ``symact/numeric/data/`` (run after changing the numerics).

``python tools/generate_numeric_data.py`` writes

* ``erfc.npy``, ``erfcx.npy``: the Taylor tables of :mod:`symact.numeric.erfcx` (mpmath);
* ``analyses.json``: the error-region analysis (:func:`symact.numeric.roots.analyse`) of every
  catalog activation and its derivative, for float64 and float32 results, keyed as
  :mod:`symact.numeric.analysis_cache` looks them up.

The output is deterministic (sorted keys, ``repr`` floats).  ``tests/test_numeric_data.py``
rebuilds a sample and checks that every catalog function hits the table.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import sympy

from symact.numeric import analysis_cache as store


def catalog_expressions() -> Iterator[tuple[str, sympy.Expr, sympy.Symbol]]:
    """``(label, expr, x)`` of every element-wise catalog activation and its derivative, with
    its default parameters (those the analyses are looked up for)."""
    from symact import get, names

    for name in names():
        entry = get(name)
        if getattr(entry, "kind", "elementwise") == "vector" or entry.expr.free_symbols - {
            entry.x
        }:
            continue
        yield name, entry.expr, entry.x
        yield f"{name}'", entry.derivative().expr, entry.x


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


def build_analyses() -> str:
    """The text of ``analyses.json``: one line per entry, labelled, in key order."""
    from symact.numeric.roots import analyse

    entries, labels = {}, {}
    for label, key, args in analysed_keys():
        patches, complete = analyse(*args)
        if not complete:
            msg = f"the analysis of {label} ran out of time; rerun on an idle machine"
            raise SystemExit(msg)
        entries[key] = store.encode(tuple(p.astuple() for p in patches))
        labels[key] = label
        print(f"{label}: {len(patches)} patches", file=sys.stderr)
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
    main()
