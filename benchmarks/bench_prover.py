"""Benchmark: the whole element-wise catalog, both laws of linearity, certified.

Not a test.  Runs every catalog activation through the public checks and reports wall time:

* ``checked`` — :func:`symact.check_linearity` with the default budget, i.e. both laws in one
  forked worker per activation (the configuration users get), from a cold start;
* ``per law`` — :func:`symact.prover.check` per law in this process (``budget=None``), to find
  the worst single law and to measure the fork overhead (``checked`` − sum of ``per law``).

Every refutation in the run carries a certificate recomputed from the activation, the law and
the witness alone.  Usage::

    .venv/bin/python benchmarks/bench_prover.py            # print the table
    .venv/bin/python benchmarks/bench_prover.py --write    # also update docs/performance.md

A second table measures scale (issue 9): piecewise-affine sums of ``k`` shifted ReLUs with
``f(0) = 0`` (no witness at the origin), the same sums cancelling to a linear function, and
composition chains, each through :func:`symact.check_linearity` at the default budget.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import time
from pathlib import Path

import sympy
from _docs import write_section  # benchmarks/ is on sys.path when a script runs
from sympy.core.cache import clear_cache

import symact
from symact.prover import DEFAULT_BUDGET, Law, Verdict, check
from symact.prover.fixed_params import _pieces

# Activations whose parameters have no default: bind them as the expected-verdict table does.
PARAMS = {"threshold": {"threshold": "1/2", "default_value": "0"}}
DOC = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
START, END = "<!-- prover:start -->", "<!-- prover:end -->"


def _activations() -> list[symact.ActivationFunction]:
    entries = [symact.get(n, **PARAMS.get(n, {})) for n in symact.names()]
    return [e for e in entries if e.kind == "elementwise"]


def _per_law(
    entries: list[symact.ActivationFunction], budget: float | None
) -> list[tuple[str, str, str, float]]:
    rows = []
    for f in entries:
        for law in (Law.ADDITIVITY, Law.HOMOGENEITY):
            start = time.perf_counter()
            result = check(f, law, budget=budget)
            elapsed = time.perf_counter() - start
            if result.verdict is Verdict.REFUTED:
                assert result.certificate is not None and result.certificate.check()
            rows.append((f.name, law.value, result.verdict.value, elapsed))
    return rows


def _checked(entries: list[symact.ActivationFunction]) -> tuple[float, dict[str, str]]:
    verdicts = {}
    start = time.perf_counter()
    for f in entries:
        verdicts[f.name] = symact.check_linearity(f).verdict
    return time.perf_counter() - start, verdicts


Rows = list[tuple[str, str, str, float]]


def _table(rows: Rows, forked: Rows, checked: float, n: int) -> str:
    in_process = sum(r[3] for r in rows)
    worst = max(rows, key=lambda r: r[3])
    worst_forked = max(forked, key=lambda r: r[3])
    slowest = sorted(rows, key=lambda r: -r[3])[:5]
    lines = [
        START,
        "## Prover: whole catalog, both laws, certified",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; `benchmarks/bench_prover.py`.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| activations (element-wise) | {n} |",
        f"| law checks | {len(rows)} |",
        f"| whole catalog, `check_linearity` (forked worker, default budget) | {checked:.2f} s |",
        f"| whole catalog, one forked `check` per law | {sum(r[3] for r in forked):.2f} s |",
        f"| whole catalog, in-process (`budget=None`) | {in_process:.2f} s |",
        f"| fork + pickling overhead per activation | {(checked - in_process) / n * 1000:.0f} ms |",
        f"| worst single law, forked | {worst_forked[0]} {worst_forked[1]}: "
        f"{worst_forked[3]:.3f} s |",
        f"| worst single law, in-process | {worst[0]} {worst[1]}: {worst[3]:.3f} s |",
        "",
        "Slowest law checks (in-process):",
        "",
        "| activation | law | verdict | seconds |",
        "|---|---|---|---|",
        *(f"| {a} | {law} | {v} | {t:.3f} |" for a, law, v, t in slowest),
        "",
        "Target: ≤ 5 s for the whole catalog on a 2-core machine.",
        "",
        END,
    ]
    return "\n".join(lines)


def _sum_of_relus(k: int, *, linear: bool) -> symact.ActivationFunction:
    """``x + Σ cᵢ·(relu(x - pᵢ) - relu(-pᵢ))`` with ``k`` distinct rational ``pᵢ`` (seed 0);
    with ``linear`` every kink is added once more with the opposite sign."""
    rng = random.Random(0)
    x = symact.X
    terms = [x]
    for p in rng.sample(range(-50 * k, 50 * k), k):
        c = sympy.Rational(rng.choice([-3, -2, -1, 1, 2, 3]), rng.randint(1, 4))
        kink = sympy.Max(x - sympy.Rational(p, 7), 0) - max(sympy.Rational(-p, 7), 0)
        terms += [c * kink, -c * kink] if linear else [c * kink]
    expr = sympy.Add(*terms, evaluate=not linear)
    return symact.ActivationFunction(name=f"sum of {k} relus", expr=expr)


def _chain(stage: symact.ActivationFunction, depth: int) -> symact.ActivationFunction:
    out = stage
    for _ in range(depth - 1):
        out = stage.compose(out)
    return out


def _scale() -> str:
    cases = [(f"{k} breakpoints", _sum_of_relus(k, linear=False)) for k in (6, 40, 200, 1000)]
    cases += [(f"{k} cancelling kinks", _sum_of_relus(k, linear=True)) for k in (200, 1000)]
    cases += [
        ("2·x composed 50 times", _chain(symact.parse("2*x"), 50)),
        ("relu composed 20 times", _chain(symact.get("relu"), 20)),
    ]
    load = os.getloadavg()[0]
    lines = [
        "",
        "### Scale: piecewise-affine functions and compositions",
        "",
        f"`check_linearity`, default budget ({DEFAULT_BUDGET:g} s), forked worker; load average "
        f"{load:.2f} when measured (above 1: other jobs shared the 2 cores).",
        "",
        "| input | verdict | seconds | target |",
        "|---|---|---|---|",
    ]
    targets = {"200 breakpoints": "≤ 1 s", "1000 breakpoints": "≤ 5 s"}
    targets |= {"2·x composed 50 times": "≤ 1 s", "relu composed 20 times": "≤ 1 s"}
    for label, f in cases:
        start = time.perf_counter()
        verdict = symact.check_linearity(f).verdict
        elapsed = time.perf_counter() - start
        lines.append(f"| {label} | {verdict} | {elapsed:.2f} | {targets.get(label, '')} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    args = parser.parse_args()
    entries = _activations()
    checked, verdicts = _checked(entries)  # cold: a fresh process, as users run it
    forked = _per_law(entries, DEFAULT_BUDGET)  # forked children start from a cold parent
    clear_cache()  # SymPy's cache, so that the in-process run starts cold too
    _pieces.cache_clear()
    rows = _per_law(entries, None)
    assert all(v == ("linear" if name == "linear" else "nonlinear") for name, v in verdicts.items())
    section = _table(rows, forked, checked, len(entries))
    section = section.replace(END, _scale().lstrip("\n") + "\n" + END)
    print(section)
    if args.write:
        write_section(DOC, "prover", section.removeprefix(START).removesuffix(END))


if __name__ == "__main__":
    main()
