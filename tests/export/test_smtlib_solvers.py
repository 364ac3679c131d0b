"""z3 and cvc5 decide symact's exported certificates the way the comments say.

Needs the ``smt`` extra (``z3-solver`` and ``cvc5`` wheels; ``.ci/run`` installs it); skipped
without it.  Each solver runs in a child process with a per-check time limit
(``SYMACT_SMT_TIMEOUT`` seconds, default 3).  A definite answer other than the expected one
fails; ``unknown``/time-outs are printed and never counted as agreement, and every
quantifier-free check must get a definite answer from at least one solver.  The random sweep
takes ``SYMACT_SMT_RANDOM`` functions (default 10), seeded.
"""

from __future__ import annotations

import io
import os
from dataclasses import replace
from fractions import Fraction

import numpy as np
import pytest
import sympy

import symact
from symact import X as x
from symact.cli import main
from symact.export.smtlib_catalog import catalog_certificates
from symact.export.smtlib_solvers import SOLVERS, expectations, quantified, run_solver
from symact.prover import check
from symact.prover.laws import SCALAR, A, B, Law
from symact.prover.results import Proof

pytest.importorskip("z3")
pytest.importorskip("cvc5")

from cases import CATALOG, FORMULAS

TIMEOUT = float(os.environ.get("SYMACT_SMT_TIMEOUT", "3"))
RANDOM = int(os.environ.get("SYMACT_SMT_RANDOM", "10"))

SYMBOLIC = (
    ("leaky_relu", ("negative_slope",)),
    ("hard_shrink", ("threshold",)),
    ("soft_shrink", ("threshold",)),
    ("relu", ("max_value",)),
    ("relu", ("threshold",)),
    ("rrelu", ("lower",)),
)


def answers(docs: dict[str, str]) -> dict[str, dict[str, tuple[str, ...]]]:
    """label -> solver -> answers, every solver run once on all documents; no errors."""
    out: dict[str, dict[str, tuple[str, ...]]] = {label: {} for label in docs}
    for solver in SOLVERS:
        runs = run_solver(solver, list(docs.values()), timeout=TIMEOUT)
        for label, run in zip(docs, runs, strict=True):
            assert not run.errors, (label, solver, run.errors, docs[label])
            out[label][solver] = run.answers
    return out


def assert_agreement(docs: dict[str, str]) -> int:
    """Fail on any contradicting or failed answer; returns the number of confirmed checks."""
    confirmed, unknown = 0, []
    for label, by_solver in answers(docs).items():
        want, quant = expectations(docs[label]), quantified(docs[label])
        assert len(want) == len(quant) > 0, label
        for solver, got in by_solver.items():
            assert len(got) == len(want), (label, solver, got)
            for i, (w, g) in enumerate(zip(want, got, strict=True)):
                assert g in (w, "unknown", "timeout"), (label, solver, i, w, g, docs[label])
                confirmed += g == w
                if g != w:
                    unknown.append((label, solver, i + 1, g))
        for i, q in enumerate(quant):
            definite = [s for s, got in by_solver.items() if got[i] == want[i]]
            assert definite or q, (label, i, "no solver decided a quantifier-free check")
    if unknown:
        print("\nnot confirmed (unknown/timeout, not counted):", *unknown, sep="\n  ")
    return confirmed


def test_whole_catalog_agrees_in_both_solvers():
    docs = catalog_certificates()
    unavailable = {k: v for k, v in docs.items() if v.startswith("unavailable")}
    assert not unavailable
    for row in (r for r in CATALOG if r.params):  # the others are the catalog's defaults
        f = row.activation()
        docs[f"{row.name}{row.params}"] = symact.check_linearity(f).to_smtlib(f)
    for name, params in SYMBOLIC:
        f = symact.get(name).symbolic(*params)
        docs[f"{name}{params}"] = symact.check_linearity(f).to_smtlib(f)
    for row in FORMULAS:
        f = symact.parse(row.text)
        if row.text != "x*(sin(x)**2 + cos(x)**2)":  # a transcendental proof: no certificate
            docs[row.text] = symact.check_linearity(f).to_smtlib(f)
    out = io.StringIO()
    assert main(["prove", "relu", "--format", "smtlib"], out) == 0
    docs["symact prove relu --format smtlib"] = out.getvalue()
    total = sum(len(expectations(d)) for d in docs.values())
    assert assert_agreement(docs) >= 0.95 * 2 * total


def rational(q: Fraction) -> sympy.Rational:
    return sympy.Rational(q.numerator, q.denominator)


def random_piecewise_affine(rng: np.random.Generator) -> symact.ActivationFunction:
    """Sorted rational breakpoints, an affine piece per interval, a value at each breakpoint
    (continuous from the left, the right, or a jump)."""

    def small() -> sympy.Rational:
        return rational(Fraction(int(rng.integers(-4, 5)), int(rng.choice([1, 2]))))

    points = sorted({Fraction(int(rng.integers(-12, 13)), 4) for _ in range(rng.integers(0, 4))})
    lines = [(small(), small()) for _ in range(len(points) + 1)]
    pieces = []
    for i, b in enumerate(map(rational, points)):
        kind = rng.integers(0, 3)
        value = small() if kind == 2 else lines[i + kind][0] * b + lines[i + kind][1]
        pieces += [(value, sympy.Eq(x, b)), (lines[i][0] * x + lines[i][1], x < b)]
    pieces.append((lines[-1][0] * x + lines[-1][1], True))
    return symact.ActivationFunction(name="random", expr=sympy.Piecewise(*pieces))


def random_kinks(rng: np.random.Generator) -> symact.ActivationFunction:
    """A sum of max/min/abs of affine terms (the printer's other case splits)."""

    def affine() -> sympy.Expr:
        p, q = (rational(Fraction(int(rng.integers(-3, 4)), 2)) for _ in range(2))
        return p * x + q

    kinds = (sympy.Max, sympy.Min, lambda u, v: sympy.Abs(u - v))
    expr = affine()
    for _ in range(rng.integers(1, 3)):
        expr += kinds[rng.integers(0, 3)](affine(), affine())
    return symact.ActivationFunction(name="kinks", expr=expr)


def test_random_piecewise_affine_verdicts_agree_in_both_solvers():
    rng = np.random.default_rng(20261207)
    docs = {}
    for k in range(RANDOM):
        f = (random_piecewise_affine if k % 2 == 0 else random_kinks)(rng)
        for law in Law:
            result = check(f, law, budget=None)
            assert result.verdict.value != "undecided", (f.expr, law)
            docs[f"{k} {law.value} {f.expr}"] = result.to_smtlib(f)
    assert assert_agreement(docs) > 0


# -- the solvers really distinguish: deliberately wrong claims get the opposite answer -------


def wrong(docs: dict[str, str], check: dict[str, int]) -> None:
    """Each document's check number ``check[label]`` (1-based) is answered opposite to its
    expect line by both solvers."""
    for label, by_solver in answers(docs).items():
        i = check[label] - 1
        want = expectations(docs[label])[i]
        opposite = "unsat" if want == "sat" else "sat"
        for solver, got in by_solver.items():
            assert got[i] == opposite, (label, solver, got, docs[label])


def test_corrupted_claims_are_contradicted_by_both_solvers():
    relu = symact.get("relu")
    add, hom = symact.check_additivity(relu), symact.check_homogeneity(relu)
    half = sympy.Rational(1, 2)
    leaky = symact.get("leaky_relu").symbolic("negative_slope")
    slope = sympy.Symbol("negative_slope", real=True)
    leaky_add = symact.check_additivity(leaky)
    sigmoid = symact.check_additivity(symact.get("sigmoid")).to_smtlib()
    one = sympy.Integer(1)
    docs = {
        # a = b = 1: relu(2) = relu(1) + relu(1), the law holds there
        # (defect=None: the exporter's own consistency check would refuse it first)
        "witness": replace(add, witness={"a": one, "b": one}, family=None, defect=None).to_smtlib(
            relu
        ),
        # on a > 0, b > 0 relu is additive
        "family": replace(add, family=(A > 0) & sympy.Gt(B, half)).to_smtlib(relu),
        "region": replace(hom, region=(SCALAR > 0) & (A > 0)).to_smtlib(relu),
        "proof": Proof(law=Law.ADDITIVITY, activation="relu").to_smtlib(relu),
        "condition": replace(leaky_add, condition=sympy.Eq(slope, 2)).to_smtlib(leaky),
        "uf facts": sigmoid.replace("(assert (= (f 0) (/ 1 2)))", "(assert (= (f 0) 0))", 1),
    }
    wrong(
        docs,
        {"witness": 1, "family": 2, "region": 3, "proof": 1, "condition": 2, "uf facts": 1},
    )
    # the wrong condition is contradicted in its other direction too
    wrong({"condition": docs["condition"]}, {"condition": 3})
