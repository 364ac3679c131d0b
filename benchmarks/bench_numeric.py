"""Speed and memory of the numeric bridge, side by side, 1e6 elements, float32 and float64.

Contenders: symact (``f.to_numpy()``), stock ``sympy.lambdify`` (nodes rewritten to exp,
modules numpy + scipy), the best stable hand-written NumPy/SciPy (benchmarks/_handwritten.py)
and PyTorch CPU with one thread when it is installed.  Times are medians over interleaved
repetitions (every contender once per round); memory is the tracemalloc peak of one symact
call divided by the input's size.  The hand formula's own worst error against the mpmath
references (float64 and float32, the accuracy table's hard grid) is shown next to its time,
with ⚠ when it raises an overflow, invalid or divide floating-point warning.

Run: ``.venv/bin/python benchmarks/bench_numeric.py [--write] [--repeats N] [names…]``;
``--write`` replaces the section between the numeric markers of docs/performance.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import sympy
from _docs import write_section  # benchmarks/ is on sys.path when a script runs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DOC = ROOT / "docs" / "performance.md"
N = 1_000_000


def _load(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


hand = _load("_handwritten")
acc = _load("accuracy_table")


def _torch(label: str) -> Callable[[np.ndarray], Any] | None:
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    f = acc.activation(label)
    fn = getattr(torch.nn.functional, f.name, None)
    if fn is None:
        return None
    return lambda x: fn(torch.from_numpy(x)).numpy()


def _stock(f: Any) -> Callable[[np.ndarray], Any]:
    from symact.activations.nodes import sigmoid, softplus

    body = f.expr.rewrite(sympy.exp) if f.expr.has(sigmoid, softplus) else f.expr
    return sympy.lambdify(f.x, body, modules=["numpy", "scipy"])


def _time(fn: Callable[[np.ndarray], Any], x: np.ndarray, loops: int = 1) -> float:
    start = time.perf_counter()
    for _ in range(loops):
        fn(x)
    return (time.perf_counter() - start) / loops


def _peak(fn: Callable[[np.ndarray], Any], x: np.ndarray) -> float:
    tracemalloc.start()
    fn(x)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / x.nbytes


#: Dense-window size of the hard grid for the hand formulas' accuracy (the accuracy table uses
#: 801; 201 keeps the benchmark quick, the extreme points are the same).
HAND_DENSE = 201
_hand_accuracy: dict[str, tuple[float, bool]] = {}


def hand_accuracy(label: str) -> tuple[float, bool]:
    """``(worst ulp error, warned)`` of the hand formula over float64 and float32 on the hard
    grid; ``warned`` when it raises an overflow, invalid or divide warning (underflow is
    fine).  A float32 input giving another dtype counts as an infinite error."""
    if label not in _hand_accuracy:
        exact = acc.ref.REFERENCES[label][0]
        worst, warned = 0.0, False
        for dtype in (np.float64, np.float32):
            grid = acc.ref.hard_grid(dtype, HAND_DENSE)
            with (
                warnings.catch_warnings(record=True) as caught,
                np.errstate(all="warn", under="ignore"),
            ):
                warnings.simplefilter("always")
                got = hand.HANDWRITTEN[label](grid)
            warned |= any(
                word in str(w.message) for w in caught for word in ("overflow", "invalid", "divide")
            )
            if got.dtype != grid.dtype:
                worst = np.inf
                continue
            errors = (
                acc.ref.ulp_error(float(g), acc.ref.reference(exact, float(x)), dtype)
                for g, x in zip(got, grid, strict=True)
            )
            worst = max(worst, *errors)
        _hand_accuracy[label] = (worst, warned)
    return _hand_accuracy[label]


def _hand_ulp_cell(label: str) -> str:
    worst, warned = hand_accuracy(label)
    return f"{worst:.3g}" + (" ⚠" if warned else "")


def measure(label: str, dtype: type, repeats: int) -> dict[str, float]:
    """Median seconds per contender and the symact memory ratio."""
    f = acc.activation(label)
    x = (np.random.default_rng(0).standard_normal(N) * 3).astype(dtype)
    contenders = {"symact": f.to_numpy(), "stock": _stock(f), "hand": hand.HANDWRITTEN[label]}
    torch_fn = _torch(label)
    if torch_fn is not None:
        contenders["torch"] = torch_fn
    times: dict[str, list[float]] = {k: [] for k in contenders}
    names = list(contenders)
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for fn in contenders.values():
            fn(x)  # warm-up: compile, caches
        # Each sample lasts at least ~20 ms, so that 1 ms kernels are not timed on one call.
        loops = max(1, int(0.02 / max(_time(contenders["hand"], x), 1e-6)))
        for i in range(repeats):
            # the order rotates every round, so no contender always follows the same one
            for name in names[i % len(names) :] + names[: i % len(names)]:
                times[name].append(_time(contenders[name], x, loops))
    result = {k: statistics.median(v) for k, v in times.items()}
    # Ratios of samples taken in the same round: a slow spell of the shared machine slows
    # both sides of a pair, so their median is steadier than the ratio of medians.
    result["symact/hand"] = _paired(times["symact"], times["hand"])
    result["stock/symact"] = _paired(times["stock"], times["symact"])
    result["memory"] = _peak(contenders["symact"], x)
    return result


def _paired(num: list[float], den: list[float]) -> float:
    return statistics.median(a / b for a, b in zip(num, den, strict=True))


def table(labels: list[str], repeats: int) -> str:
    head = (
        "| activation | dtype | symact ms | hand ms | hand ulp | stock ms | torch ms "
        "| symact/hand | stock/symact | peak mem / input |"
    )
    rows = [head, "|---|---|---|---|---|---|---|---|---|---|"]
    ratios: list[tuple[float, str]] = []
    pl_speedups: list[tuple[float, str]] = []
    for label in labels:
        for dtype in (np.float32, np.float64):
            r = measure(label, dtype, repeats)
            torch_ms = f"{r['torch'] * 1e3:.2f}" if "torch" in r else "—"
            name = f"{label} {np.dtype(dtype).name}"
            ratios.append((r["symact/hand"], name))
            if label in hand.PIECEWISE_LINEAR:
                pl_speedups.append((r["stock/symact"], name))
            rows.append(
                f"| {label} | {np.dtype(dtype).name} | {r['symact'] * 1e3:.2f} "
                f"| {r['hand'] * 1e3:.2f} | {_hand_ulp_cell(label)} "
                f"| {r['stock'] * 1e3:.2f} | {torch_ms} "
                f"| {r['symact/hand']:.2f} | {r['stock/symact']:.1f} "
                f"| {r['memory']:.2f} |"
            )
            print(rows[-1], flush=True)
    unstable = sorted(
        f"{label} ({_hand_ulp_cell(label)} ulp)"
        for label in labels
        if hand_accuracy(label)[0] > 4 or hand_accuracy(label)[1]
    )
    summary = _summary(ratios, pl_speedups)
    summary.append(
        f"Hand formulas outside the accuracy contract: {', '.join(unstable) or 'none'} "
        "(expected only for gelu, whose baseline is `x*ndtr(x)` by definition)."
    )
    return "\n".join([*_preamble(repeats), *rows, "", *summary])


def _preamble(repeats: int) -> list[str]:
    import platform

    torch_note = "installed" if _torch("relu") is not None else "not installed (column empty)"
    return [
        "## Numeric bridge: speed and memory",
        "",
        f"Machine: {platform.machine()}, {platform.python_version()}, NumPy {np.__version__}; "
        f"1e6 elements of 3·N(0, 1), median of {repeats} interleaved repetitions (each "
        "repeating a call for ≥ 20 ms, the order of the contenders rotating per round); the "
        "ratio columns are medians of the ratios of samples taken in the same round; "
        f"PyTorch {torch_note}.  Regenerate with "
        "`.venv/bin/python benchmarks/bench_numeric.py --write`.  `hand` is the best stable "
        "hand-written NumPy/SciPy formulation (benchmarks/_handwritten.py), checked against the "
        "same accuracy contract as symact: `hand ulp` is its worst error in ulp against the "
        "mpmath references over float64 and float32 on the accuracy table's hard grid (dense "
        f"window {HAND_DENSE}), ⚠ when it raises an overflow, invalid or divide warning; the "
        "contract is ≤ 4 ulp and no warning.  The exception is exact GELU, whose baseline is "
        "`x*ndtr(x)` by definition (unstable in the far negative tail; its target is speed "
        "only).  `stock` is `sympy.lambdify`.  Targets: symact/hand ≤ 1.25 (exact GELU "
        "≤ 2), stock/symact ≥ 5 for piecewise-linear activations, memory ≤ 4× the input.  "
        "The shared 2-core machine is noisy: ratios below ~1.3 move between runs.",
        "",
    ]


def _summary(ratios: list[tuple[float, str]], pl: list[tuple[float, str]]) -> list[str]:
    worst = max(ratios)
    over = sorted((f"{n} ({r:.2f})" for r, n in ratios if r > 1.25), key=str)
    slow_pl = sorted(f"{n} ({r:.1f}×)" for r, n in pl if r < 5)
    return [
        f"Worst symact/hand ratio: **{worst[0]:.2f}** ({worst[1]}).",
        f"Above 1.25: {', '.join(over) or 'none'}.",
        f"Piecewise-linear below 5× stock lambdify: {', '.join(slow_pl) or 'none'}.",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*")
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    text = table(args.names or acc.labels(), args.repeats)
    if args.write:
        write_section(DOC, "numeric", text)


if __name__ == "__main__":
    main()
