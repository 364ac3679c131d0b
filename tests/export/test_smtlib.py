"""SMT-LIB export without solvers: the printer's exact terms, the checks' shape, refusals.

Expected terms are written by hand from the SMT-LIB 2.6 Reals theory; the value bounds of
transcendental activations are compared with mpmath at 50 digits (an independent reference).
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import mpmath
import pytest
import sympy
from cases import CATALOG
from sympy import Abs, Heaviside, Max, Min, Piecewise, Rational, sign, sqrt

import symact
from symact import X as x
from symact.cli import main
from symact.export import smtlib_catalog
from symact.export.smtlib import SmtlibUnavailableError
from symact.export.smtlib_catalog import catalog_reports, certificates
from symact.export.smtlib_expr import Inexpressible, TermPrinter
from symact.export.smtlib_solvers import expectations
from symact.prover.laws import Law
from symact.prover.results import Proof, Undecided

s = sympy.Symbol("s", real=True)


def term(expr: sympy.Basic) -> str:
    return TermPrinter({x: "x", s: "s"}).term(expr)


@pytest.mark.parametrize(
    ("expr", "text"),
    [
        (Piecewise((x, x > 0), (0, True)), "(ite (> x 0) x 0)"),
        (Rational(-3, 7) * x + 2, "(+ 2 (* (- (/ 3 7)) x))"),
        (Abs(x - 1), "(ite (>= (+ x (- 1)) 0) (+ x (- 1)) (- (+ x (- 1))))"),
        (Max(x, 0), "(ite (>= 0 x) 0 x)"),
        (Min(x, 1), "(ite (<= 1 x) 1 x)"),
        (sign(x), "(ite (> x 0) 1 (ite (< x 0) (- 1) 0))"),
        (Heaviside(x), "(ite (> x 0) 1 (ite (< x 0) 0 (/ 1 2)))"),
        (Heaviside(x, 1), "(ite (> x 0) 1 (ite (< x 0) 0 1))"),
        ((x + 1) ** 2 / 4, "(* (/ 1 4) (* (+ x 1) (+ x 1)))"),
        (
            Piecewise((x, sympy.Eq(x, 1) | (x < -2)), (s * x, True)),
            "(ite (or (= x 1) (< x (- 2))) x (* s x))",
        ),
        (Piecewise((x, sympy.Ne(x, 0)), (1, True)), "(ite (not (= x 0)) x 1)"),
        (sympy.Mul(2, -1, x, evaluate=False), "(* (- 2) x)"),
        (sympy.Mul(Rational(1, 2), -4, evaluate=False), "(- 2)"),
    ],
)
def test_printer_writes_exact_real_terms(expr, text):
    assert term(expr) == text


@pytest.mark.parametrize(
    "expr",
    [
        sympy.Float("0.2") * x,  # not exact
        sympy.Mul(sympy.Float("0.2"), 3, x, evaluate=False),
        sqrt(2) * x,  # irrational constant
        1 / (1 + Abs(x)),  # division by a term: unspecified at 0 in SMT-LIB
        Piecewise((x, x > 0)),  # undefined where no case holds
        sympy.exp(x),
        x ** Rational(1, 2),
        sympy.Symbol("y", real=True),  # neither the variable nor a parameter
    ],
)
def test_printer_refuses_what_real_arithmetic_cannot_state_exactly(expr):
    with pytest.raises(Inexpressible):
        term(expr)


def test_printer_flags_nonlinear_products_only():
    p = TermPrinter({x: "x", s: "s"})
    p.term(Rational(1, 5) * x + Piecewise((x, x > 2), (3, True)))
    assert not p.nonlinear
    p.term(s * x)
    assert p.nonlinear


def checks(text: str) -> int:
    return len(re.findall(r"^\(check-sat\)$", text, re.MULTILINE))


def test_relu_additivity_is_the_witness_and_the_family():
    text = symact.check_additivity(symact.get("relu")).to_smtlib()
    assert "(define-fun f ((x Real)) Real (ite (> x 0) x 0))" in text
    assert "(set-logic QF_LRA)" in text
    assert "(assert (not (= (f 0) (+ (f (- 1)) (f 1)))))" in text
    assert "(assert (and (> a 0) (< b 0)))\n(assert (= (f (+ a b)) (+ (f a) (f b))))" in text
    assert expectations(text) == ("sat", "unsat")
    assert checks(text) == 2


@pytest.fixture(scope="module")
def reports():
    """The catalog's linearity reports, proved once for the tests of this module."""
    return catalog_reports()


def test_every_check_sat_follows_its_expect_line_and_a_claim(reports):
    texts = certificates(reports)
    for row in CATALOG:
        f = row.activation()
        texts[row.name] = symact.check_linearity(f).to_smtlib(f) if row.params else texts[row.name]
    for name, text in texts.items():
        row = name
        lines = text.splitlines()
        starts = [i for i, line in enumerate(lines) if line == "(check-sat)"]
        assert starts, row
        for i in starts:
            assert re.fullmatch(r"; expect: (sat|unsat)", lines[i - 1]), (row, i)
        assert text.count("; claim: ") == len(starts) == len(expectations(text)), row
        assert text.count("(push 1)") == text.count("(pop 1)") == len(starts)


def test_export_is_deterministic_across_processes_and_hash_seeds():
    f = symact.get("hard_shrink")
    first = symact.check_linearity(f).to_smtlib()
    assert symact.check_linearity(f).to_smtlib() == first
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    cmd = [sys.executable, "-m", "symact", "prove", "hard_shrink", "--format", "smtlib"]
    other = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True, timeout=120)
    assert other.stdout == first


def test_homogeneity_family_substitutes_the_scalar_and_the_region_is_nonlinear():
    text = symact.check_homogeneity(symact.get("relu")).to_smtlib()
    assert "(assert (= (f (* (- 1) a)) (* (- 1) (f a))))" in text  # x = -1, a < 0
    assert "(assert (and (< a 0) (< x 0)))" in text
    assert "(set-logic QF_NRA)" in text


def test_proof_is_the_negated_law_over_all_reals():
    f = symact.parse("relu(x) - relu(-x)")
    text = symact.check_additivity(f).to_smtlib(f)
    assert "(assert (not (= (f (+ a b)) (+ (f a) (f b)))))" in text
    assert expectations(text) == ("unsat",)


def test_parametric_condition_becomes_both_directions_of_the_equivalence():
    f = symact.get("leaky_relu").symbolic("negative_slope")
    text = symact.check_additivity(f).to_smtlib(f)
    assert "(declare-const negative_slope Real)" in text
    assert "(define-fun f ((x Real)) Real (ite (> x 0) x (* negative_slope x)))" in text
    # sufficient: slope = 1 and the law failing somewhere
    assert "(assert (= negative_slope 1))\n(assert (not (= (f (+ a b))" in text
    # necessary: slope != 1 and the law holding at the witness a = 1, b = -1
    assert "(assert (not (= negative_slope 1)))\n(assert (= (f 0) (+ (f (- 1)) (f 1))))" in text
    assert expectations(text) == ("sat", "unsat", "unsat")


def bounds_of(text: str) -> list[tuple[Rational, Rational]]:
    pattern = r"\(assert \(<= (.+) \(f (\S+)\)\)\)\n\(assert \(<= \(f \S+\) (.+)\)\)"
    return [(parse_number(lo), parse_number(hi)) for lo, _, hi in re.findall(pattern, text)]


def parse_number(text: str) -> Rational:
    sign_ = -1 if text.startswith("(- ") else 1
    digits = [int(d) for d in re.findall(r"\d+", text)]
    return sign_ * (Rational(digits[0], digits[1]) if len(digits) == 2 else Rational(digits[0]))


def test_transcendental_values_are_bounded_by_rigorous_rationals_containing_mpmath_values():
    mpmath.mp.dps = 50
    f = symact.get("gelu")
    text = symact.check_additivity(f).to_smtlib()  # witness a = b = 1: f(1), f(2)
    assert "(declare-fun f (Real) Real)" in text and "(set-logic QF_UFLRA)" in text
    found = bounds_of(text)
    assert len(found) == 2
    for t, (lo, hi) in zip((1, 2), found, strict=True):
        exact = t * (1 + mpmath.erf(t / mpmath.sqrt(2))) / 2
        assert mpmath.mpf(lo.p) / lo.q <= exact <= mpmath.mpf(hi.p) / hi.q
        assert hi - lo < Rational(1, 10**15)
    # the intervals exclude the law: f(2) = 2 f(1) is impossible
    (lo1, hi1), (lo2, hi2) = found
    assert 2 * hi1 < lo2 or hi2 < 2 * lo1


def test_sigmoid_at_zero_is_an_exact_fact():
    text = symact.check_additivity(symact.get("sigmoid")).to_smtlib()
    assert "(assert (= (f 0) (/ 1 2)))\n(assert (= (f 0) (* 2 (f 0))))" in text


def test_undecided_exports_no_check():
    r = Undecided(law=Law.ADDITIVITY, activation="relu", reason="budget ran out")
    text = r.to_smtlib(symact.get("relu"))
    assert checks(text) == 0 and "; expect" not in text
    assert "nothing is claimed" in text and "budget ran out" in text


def test_transcendental_proof_is_refused_with_the_reason():
    f = symact.parse("x*(sin(x)**2 + cos(x)**2)")
    report = symact.check_linearity(f)
    assert report.verdict == "linear"
    with pytest.raises(SmtlibUnavailableError, match="not piecewise polynomial"):
        report.to_smtlib(f)


def test_a_false_transcendental_refutation_gets_no_file():
    """tanh is odd, so f(-1·1) = -1·f(1): a fake refutation there has no separating bounds."""
    f = symact.get("tanh")
    real = symact.check_homogeneity(f)
    fake = replace(real, witness={"x": sympy.Integer(-1), "a": sympy.Integer(1)}, defect=None)
    with pytest.raises(SmtlibUnavailableError, match="do not separate"):
        fake.to_smtlib(f)


def test_record_and_activation_must_match():
    result = symact.check_additivity(symact.get("relu"))
    with pytest.raises(SmtlibUnavailableError, match="does not match"):
        result.to_smtlib(symact.get("leaky_relu"))


def test_formula_records_need_the_activation():
    f = symact.parse("abs(x)")
    with pytest.raises(SmtlibUnavailableError, match="pass the activation"):
        symact.check_additivity(f).to_smtlib()
    assert "(ite (>= x 0) x (- x))" in symact.check_additivity(f).to_smtlib(f)


def test_parameters_named_like_smtlib_words_are_renamed():
    f = symact.parse("a*x", params=["a"])
    r = symact.check_additivity(f)
    assert isinstance(r, Proof)
    text = r.to_smtlib(f)
    assert "(declare-const param_a Real)" in text
    assert "(define-fun f ((x Real)) Real (* param_a x))" in text
    assert "(declare-const a Real)" in text  # the law variable keeps its name


def test_cli_prove_format_smtlib(tmp_path):
    out = io.StringIO()
    assert main(["prove", "relu", "--format", "smtlib"], out) == 0
    text = out.getvalue()
    assert text.startswith("; SMT-LIB 2.6 certificate exported by symact: relu")
    assert expectations(text) == ("sat", "unsat", "sat", "unsat", "unsat")


def test_cli_unavailable_certificate_is_a_one_line_error(capsys):
    assert main(["prove", "x*(sin(x)**2 + cos(x)**2)", "--format", "smtlib"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("symact: error: no SMT-LIB certificate") and err.count("\n") == 1


def test_catalog_writer_writes_one_file_per_elementwise_activation(tmp_path, reports, monkeypatch):
    monkeypatch.setattr(smtlib_catalog, "catalog_reports", lambda budget: reports)
    written = smtlib_catalog.write_catalog_smtlib(tmp_path)
    elementwise = {r.name for r in CATALOG}
    assert elementwise <= set(written)
    for name in elementwise:
        path = Path(written[name])
        assert path.name == f"{name}.smt2" and path.read_text().count("(check-sat)") >= 2
