"""Latency of fresh processes: imports, CLI commands, first and second ``to_numpy()`` calls.

Run: ``.venv/bin/python benchmarks/bench_latency.py [--write] [--repeats N] [names…]``;
``--write`` replaces the section between the ``latency`` markers of docs/performance.md.

Every figure is the best of ``--repeats`` fresh interpreters (the minimum is the least
disturbed by other load), with symact's bytecode compiled first.  Targets (issue 8, 2-core
machine): ``import symact`` ≤ ``import sympy`` + 0.2 s; each CLI command ≤ ``import sympy``
+ 0.5 s; the first ``to_numpy()`` call on 10 elements ≤ 0.1 s after ``get()``; a custom
formula ≤ 1 s the first time and ≤ 0.1 s once its analysis is in the disk cache.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _docs import write_section  # benchmarks/ is on sys.path when a script runs

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"
COMMANDS = (["list"], ["show", "relu"], ["prove", "relu"], ["eval", "relu", "1"])
COMMANDS += (["eval", "gelu", "1"],)
CUSTOM = "x*tanh(softplus(x)) + x/8"

#: Run in a fresh interpreter: time the first and second call of one activation.
FIRST_CALL = """
import json, sys, time
import numpy as np
import symact
name, size = sys.argv[1], int(sys.argv[2])
x = np.linspace(-5.0, 5.0, size)
f = symact.parse(name) if "(" in name else symact.get(name)
free = getattr(f, "expr", None) is not None and f.expr.free_symbols - {f.x}
if free:  # required parameters (threshold): bound to 1/2
    f = f.bind(**{str(p): 0.5 for p in free})
t0 = time.perf_counter()
g = f.to_numpy()
g(x)
t1 = time.perf_counter()
g(x)
t2 = time.perf_counter()
print(json.dumps([t1 - t0, t2 - t1]))
"""


def compile_bytecode() -> None:
    """Write symact's ``.pyc`` files first, as ``pip install`` does and as Python does on a
    package's first import; without them (``PYTHONDONTWRITEBYTECODE=1``, set on the machine
    that wrote the table) every fresh process compiles symact's sources again."""
    import compileall

    compileall.compile_dir(ROOT / "symact", quiet=1)


def _wall(argv: list[str], env: dict[str, str] | None = None) -> float:
    t0 = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True, env=env)
    return time.perf_counter() - t0


def calls(name: str, size: int, repeats: int, env: dict[str, str]) -> tuple[float, float]:
    """Best first and second call times of ``name`` (fresh processes)."""
    runs = []
    for _ in range(repeats):
        done = subprocess.run(
            [sys.executable, "-c", FIRST_CALL, name, str(size)],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        )
        runs.append(json.loads(done.stdout))
    return min(r[0] for r in runs), min(r[1] for r in runs)


def startup_rows(repeats: int) -> list[tuple[str, float, float]]:
    """``(what, seconds, target)`` for imports and CLI commands.

    Each round runs the floor and every command once, so that a change of load between rounds
    reaches all of them alike; each figure is its best round.
    """
    runs = {"`import sympy` (floor)": [sys.executable, "-c", "import sympy"]}
    runs["`import symact`"] = [sys.executable, "-c", "import symact"]
    for argv in COMMANDS:
        runs[f"`symact {' '.join(argv)}`"] = [sys.executable, "-m", "symact", *argv]
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(repeats):
        for what, argv in runs.items():
            best[what] = min(best[what], _wall(argv))
    floor = best["`import sympy` (floor)"]
    targets = [float("nan"), 0.2, *(0.5 for _ in COMMANDS)]
    return [(what, best[what], floor + t) for what, t in zip(runs, targets, strict=True)]


def custom_rows(repeats: int) -> list[tuple[str, float, float]]:
    """A custom formula with an empty disk cache, then with its entry cached."""
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "XDG_CACHE_HOME": folder, "SYMACT_CACHE": "1"}
        cold = calls(CUSTOM, 10, 1, env)[0]
        warm = calls(CUSTOM, 10, repeats, env)[0]
    return [
        (f"`parse({CUSTOM!r})`, first call, empty cache", cold, 1.0),
        (f"`parse({CUSTOM!r})`, first call, cached", warm, 0.1),
    ]


def _fmt(seconds: float) -> str:
    return f"{seconds:.3f}" if seconds == seconds else "—"


def render(repeats: int, names: list[str]) -> str:
    env = {**os.environ, "SYMACT_CACHE": "0"}  # catalog functions must not need the cache
    lines = [
        "| what (fresh process) | seconds | target | met |",
        "|---|---:|---:|:-:|",
    ]
    for what, s, target in startup_rows(repeats) + custom_rows(repeats):
        met = "—" if target != target else ("yes" if s <= target else f"no (+{s - target:.2f})")
        lines.append(f"| {what} | {_fmt(s)} | {_fmt(target)} | {met} |")
    lines += [
        "",
        "First and second call of `get(name).to_numpy()` (seconds, after `get()`; target for "
        "the first call on 10 elements: 0.1 s):",
        "",
        "| activation | 1st, 10 | 2nd, 10 | 1st, 1e6 | 2nd, 1e6 |",
        "|---|---:|---:|---:|---:|",
    ]
    worst = 0.0
    for name in names:
        small = calls(name, 10, repeats, env)
        large = calls(name, 10**6, 1, env)
        worst = max(worst, small[0])
        cells = " | ".join(f"{v:.4f}" for v in (*small, *large))
        lines.append(f"| {name} | {cells} |")
    lines += ["", f"Slowest first call on 10 elements: {worst:.3f} s."]
    return "\n".join(lines)


def header(repeats: int) -> str:
    load = os.getloadavg()
    return (
        "## Latency: imports, CLI commands, first calls\n\n"
        "Generated by `.venv/bin/python benchmarks/bench_latency.py --write` (best of "
        f"{repeats} fresh processes; 1e6-element rows: one process).  The machine was shared "
        f"with other jobs while this ran (load average {load[0]:.2f}, {load[1]:.2f}, "
        f"{load[2]:.2f}; {os.cpu_count()} cores), so the figures are upper bounds.  Catalog "
        "functions run with `SYMACT_CACHE=0`: their error-region analyses and tables are "
        "shipped in `symact/numeric/data/`.  symact's bytecode is compiled first "
        "(`compileall`), as after `pip install` or a first run.\n\n"
    )


def main() -> None:
    import symact

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", help="activations (default: the whole catalog)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    compile_bytecode()
    text = header(args.repeats) + render(args.repeats, args.names or symact.names())
    if args.write:
        write_section(DOC, "latency", text)
    print(text)


if __name__ == "__main__":
    main()
