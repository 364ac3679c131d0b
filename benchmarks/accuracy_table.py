"""Worst error in ulp of every element-wise activation and derivative, against mpmath.

Run: ``.venv/bin/python benchmarks/accuracy_table.py [--write] [--dense N] [names…]``.
``--write`` replaces the section between the ``numeric-accuracy`` markers of docs/numerics.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np
from _docs import write_section  # benchmarks/ is on sys.path when a script runs

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "numerics.md"


def _load_reference() -> Any:
    spec = importlib.util.spec_from_file_location(
        "_reference", Path(__file__).with_name("_reference.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["_reference"] = module
    spec.loader.exec_module(module)
    return module


ref = _load_reference()


def activation(label: str) -> Any:
    """The catalog activation (or variant) that reference ``label`` describes."""
    import symact

    name, kwargs = ref.VARIANTS.get(label, (label, ref.BINDINGS.get(label, {})))
    f = symact.get(name, **{k: v for k, v in kwargs.items() if k == "framework"})
    rest = {k: v for k, v in kwargs.items() if k != "framework"}
    return f.bind(**rest) if rest else f


def labels() -> list[str]:
    """Every element-wise catalog name plus the variants."""
    import symact

    names = [n for n in symact.names() if symact.get(n).kind == "elementwise"]
    return names + sorted(ref.VARIANTS)


def worst(label: str, derivative: bool, dtype: type, grid: np.ndarray) -> tuple[float, float]:
    """``(worst ulp error, input where it occurs)`` on ``grid``."""
    f = activation(label)
    kernel = (f.derivative() if derivative else f).to_numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = kernel(grid)
    exact = ref.REFERENCES[label][1 if derivative else 0]
    errors = [
        ref.ulp_error(float(g), ref.reference(exact, float(x)), dtype)
        for g, x in zip(got, grid, strict=True)
    ]
    i = int(np.argmax(errors))
    return errors[i], float(grid[i])


def table(selected: list[str], dense: int) -> str:
    worst_seen = (0.0, "", "")
    rows = [
        "| activation | f float64 | f float32 | f' float64 | f' float32 |",
        "|---|---|---|---|---|",
    ]
    for label in selected:
        cells = []
        for derivative in (False, True):
            for dtype in (np.float64, np.float32):
                err, where = worst(label, derivative, dtype, ref.hard_grid(dtype, dense))
                cells.append(f"{err:.2f} at {where:.6g}")
                kind = f"{label}{chr(39) if derivative else ''} {np.dtype(dtype).name}"
                worst_seen = max(worst_seen, (err, kind, f"{where:.6g}"))
        rows.append(f"| {label} | " + " | ".join(cells) + " |")
        print(rows[-1], flush=True)
    size = len(ref.hard_grid(np.float64, dense)), len(ref.hard_grid(np.float32, dense))
    rows.append("")
    rows.append(
        f"Worst overall: **{worst_seen[0]:.2f} ulp** ({worst_seen[1]} at x = {worst_seen[2]}); "
        f"hard grid of {size[0]} float64 / {size[1]} float32 points."
    )
    return "\n".join(rows)


def rules_table() -> str:
    """The stability rules, from the data in symact.numeric.rules."""
    from symact.numeric.rules import RULES

    rows = ["| rule | reason |", "|---|---|"]
    rows += [f"| `{r.name}` | {r.reason} |" for r in RULES]
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*")
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--dense", type=int, default=801)
    args = parser.parse_args()
    text = table(args.names or labels(), args.dense)
    if args.write:
        write_section(DOC, "numeric-accuracy", text)
        write_section(DOC, "numeric-rules", rules_table())


if __name__ == "__main__":
    main()
