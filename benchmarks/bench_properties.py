"""Benchmark: every property of every element-wise catalog activation (issue 12).

Not a test.  Two measurements, wall time, from cold caches (SymPy's cache and symact's
enclosure and limit caches are cleared before each):

* ``all`` — :func:`symact.properties` per activation, all properties in one call (what
  ``symact properties NAME`` and ``symact table`` do; the analysis is shared by the checks);
* ``single`` — each property alone (``only=[name]``), to find the worst single property,
  which then pays for the whole analysis it needs.

Usage::

    .venv/bin/python benchmarks/bench_properties.py            # print the table
    .venv/bin/python benchmarks/bench_properties.py --write    # also update docs/performance.md
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

from _docs import write_section  # benchmarks/ is on sys.path when a script runs
from sympy.core.cache import clear_cache

import symact
from symact.properties import PROPERTIES
from symact.properties.comparison import TABLE_PARAMS
from symact.properties.limits import _limit
from symact.properties.signs import _forms

DOC = Path(__file__).resolve().parent.parent / "docs" / "performance.md"


def _cold() -> None:
    clear_cache()
    _limit.cache_clear()
    _forms.cache_clear()


def _entries() -> list[symact.ActivationFunction]:
    out = []
    for name in symact.names():
        f = symact.get(name)
        if isinstance(f, symact.ActivationFunction):
            out.append(f.bind(**TABLE_PARAMS.get(name, {})))
    return out


def _timed(f: symact.ActivationFunction, only: list[str] | None) -> tuple[float, list[str]]:
    _cold()
    start = time.perf_counter()
    report = symact.properties(f, only=only)
    spent = time.perf_counter() - start
    return spent, [r.verdict.value for r in report.values()]


def run() -> tuple[list[tuple[str, float, str, float, dict[str, int]]], float, float]:
    """Per activation: total, the slowest property and its time, verdict counts; the total
    wall time and this process's CPU time of the ``all`` runs."""
    rows = []
    total = cpu = 0.0
    for f in _entries():
        before = time.process_time()
        spent, verdicts = _timed(f, None)
        cpu += time.process_time() - before
        total += spent
        singles = {p.value: _timed(f, [p.value])[0] for p in PROPERTIES}
        worst = max(singles, key=singles.__getitem__)
        counts = {v: verdicts.count(v) for v in ("proved", "refuted", "undecided")}
        rows.append((f.name, spent, worst, singles[worst], counts))
    return rows, total, cpu


def render(rows: list, total: float, cpu: float) -> str:
    load = os.getloadavg()
    worst = max(rows, key=lambda r: r[3])
    lines = [
        "## Properties of the whole catalog (`benchmarks/bench_properties.py`)",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} while measured (above 1, "
        "other jobs shared the cores: times are upper bounds). Wall time from cold caches.",
        "",
        f"All {len(PROPERTIES)} properties of all {len(rows)} element-wise activations: "
        f"**{total:.2f} s** (target ≤ 10 s); worst single property: **{worst[3]:.2f} s** "
        f"(`{worst[0]}` {worst[2]}; target ≤ 1 s). CPU time of this process for the "
        f"whole catalog: {cpu:.2f} s (SymPy `limit` calls run in forked workers, not counted).",
        "",
        "| activation | all properties (s) | slowest alone | its time (s) "
        "| proved | refuted | undecided |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, spent, slow, slow_time, c in rows:
        lines.append(
            f"| `{name}` | {spent:.3f} | {slow} | {slow_time:.3f} | {c['proved']} | "
            f"{c['refuted']} | {c['undecided']} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    args = parser.parse_args()
    rows, total, cpu = run()
    text = render(rows, total, cpu)
    print(text)
    if args.write:
        write_section(DOC, "properties", text)


if __name__ == "__main__":
    main()
