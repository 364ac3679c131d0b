"""Benchmark: export the whole catalog as SMT-LIB certificates and check them with z3 and cvc5.

Not a test.  ``export`` proves linearity for every element-wise catalog activation (defaults;
``threshold``'s required parameters symbolic) and writes each report's certificate
(:mod:`symact.export.smtlib_catalog`), timed separately; each solver then runs once on
all documents in one child process (per-check limit ``--timeout`` seconds), and the table
counts the checks confirmed, the ``unknown``/time-outs and any disagreement.  Needs the
``smt`` extra.  Usage::

    .venv/bin/python benchmarks/bench_smt.py            # print the table
    .venv/bin/python benchmarks/bench_smt.py --write    # also update docs/performance.md
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

from _docs import write_section  # benchmarks/ is on sys.path when a script runs

from symact.export.smtlib_catalog import catalog_reports, certificates
from symact.export.smtlib_solvers import SOLVERS, expectations, quantified, run_solver

DOC = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
START, END = "<!-- smt:start -->", "<!-- smt:end -->"


def _solve(solver: str, docs: dict[str, str], timeout: float) -> tuple[float, list[str]]:
    """Seconds for the solver on every document, and one line per unconfirmed check."""
    start = time.perf_counter()
    runs = run_solver(solver, list(docs.values()), timeout=timeout)
    elapsed = time.perf_counter() - start
    notes = []
    for name, run in zip(docs, runs, strict=True):
        quant = quantified(docs[name])
        for i in run.unknown:
            kind = "quantified" if i < len(quant) and quant[i] else "quantifier-free"
            got = run.answers[i] if i < len(run.answers) else "missing"
            notes.append(f"{solver}: {name} check {i + 1} ({kind}): {got}")
        notes += [f"{solver}: {name}: ERROR {e}" for e in run.errors]
        for i in run.disagreements:
            notes.append(f"{solver}: {name} check {i + 1}: DISAGREES ({run.answers[i]})")
    return elapsed, notes


def _table(
    times: tuple[float, float],
    docs: dict[str, str],
    solved: dict[str, tuple[float, list[str]]],
    timeout: float,
) -> str:
    checks = sum(len(expectations(d)) for d in docs.values())
    quant = sum(sum(quantified(d)) for d in docs.values())
    load = os.getloadavg()[0]
    lines = [
        START,
        "## SMT-LIB certificates: whole catalog, exported and checked by z3 and cvc5",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; `benchmarks/bench_smt.py`; shared machine, load "
        f"average {load:.1f} at the end of the run.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| certificates (element-wise activations) | {len(docs)} |",
        f"| checks (`check-sat`) | {checks} ({quant} quantified) |",
        f"| prove: `check_linearity` of every activation (default budget) | {times[0]:.2f} s |",
        f"| export: `to_smtlib` of every report | {times[1]:.2f} s |",
    ]
    for solver, (elapsed, notes) in solved.items():
        lines.append(
            f"| {solver}: all checks, one child process | {elapsed:.2f} s, "
            f"{checks - len(notes)}/{checks} confirmed |"
        )
    lines += [
        "",
        f"A check that ends `unknown` may use the whole per-check limit ({timeout:g} s here).",
        "Rerun: `.venv/bin/python benchmarks/bench_smt.py --write` (needs the `smt` extra).",
        "",
        "Checks not confirmed (reported, never counted as agreement):",
        "",
    ]
    notes = [n for _, ns in solved.values() for n in ns]
    lines += [f"- {n}" for n in notes] or ["- none"]
    return "\n".join([*lines, END])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per check")
    args = parser.parse_args()
    start = time.perf_counter()
    reports = catalog_reports()
    prove = time.perf_counter() - start
    docs = certificates(reports)
    export = time.perf_counter() - start - prove
    missing = [name for name, text in docs.items() if text.startswith("unavailable")]
    assert not missing, missing
    solved = {solver: _solve(solver, docs, args.timeout) for solver in SOLVERS}
    bad = [n for _, ns in solved.values() for n in ns if "DISAGREES" in n or "ERROR" in n]
    assert not bad, bad
    section = _table((prove, export), docs, solved, args.timeout)
    print(section)
    if args.write:
        write_section(DOC, "smt", section.removeprefix(START).removesuffix(END))


if __name__ == "__main__":
    main()
