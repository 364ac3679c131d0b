"""LaTeX output: the classic ReLU argument, escaping of hostile text, and real pdflatex runs."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import sympy
from sympy import Integer, Piecewise, Rational, Symbol

import symact
from symact.cli import main, resolve
from symact.export.latex import LatexPrinter, to_latex
from symact.export.latex_math import broken, text
from symact.export.pdf import PdfError, compile_pdf
from symact.prover import check, check_linearity
from symact.prover.laws import Law
from symact.prover.results import Refutation, Step, Undecided

X = symact.X
#: Every character LaTeX treats specially, plus Unicode pdflatex does not know by default.
HOSTILE = "we_ird & #1 $5 %x {b} \\par ^2 ~n <x> |y| x_1 % 2 ∘ é"


def pdflatex() -> str:
    """pdflatex's path; a skip with the reason when missing (a failure on CI)."""
    found = shutil.which("pdflatex")
    if found is None:
        reason = (
            "pdflatex is not on PATH (apt-get install texlive-latex-base "
            "texlive-latex-recommended); the LaTeX documents were not compiled"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def hostile_activation() -> symact.ActivationFunction:
    return symact.ActivationFunction(
        name=HOSTILE, expr=Piecewise((X, X > 0), (X / 3, True)), description=HOSTILE
    )


def test_relu_homogeneity_refutation_reads_like_the_classic_argument() -> None:
    result = check(symact.get("relu"), "homogeneity")
    fragment = result.to_latex()
    assert fragment.startswith("$$\n\\begin{aligned}") and fragment.endswith("\\end{aligned}\n$$")
    # the witness x = -1, a = -1 (hand-derived: f(1) = 1 while -f(-1) = 0) and every a < 0
    assert "x = -1,\\ a = -1" in fragment
    assert "f\\left(1\\right) &= 1" in fragment
    assert "- f\\left(-1\\right) &= 0" in fragment
    assert "1 &\\neq 0" in fragment
    assert "x = -1 \\text{ and } a < 0" in fragment
    assert "\\therefore\\ \\text{f is not homogeneous" in fragment
    document = result.to_latex(standalone=True)
    assert document.startswith("\\documentclass{article}")
    for package in ("amsmath", "amssymb", "amsthm"):
        assert f"\\usepackage{{{package}}}" in document
    assert "\\begin{cases} x & \\text{for}\\: x > 0 \\\\0 & \\text{for}\\: x \\leq 0" in document
    assert "\\operatorname{ReLU}(x) = " in document and "$f = \\operatorname{ReLU}$" in document
    theorem = re.search(r"\\begin\{theorem\}.*?\\end\{theorem\}", document, re.S)
    assert theorem is not None
    assert "not homogeneous" in theorem[0] and "x = -1 \\text{ and } a < 0" in theorem[0]
    assert "\\begin{proof}" in document and "\\begin{align*}" in document
    assert "\\intertext{Case $a = -1 \\text{ and } x = -1$:}" in document


def test_linearity_document_states_the_theorem_and_both_laws() -> None:
    document = check_linearity(symact.get("relu")).to_latex(standalone=True)
    assert "relu is not linear." in document
    assert "\\subsection*{Additivity}" in document and "\\subsection*{Homogeneity}" in document
    assert "a = 1,\\ b = -1" in document  # the additivity witness: f(0) = 0 != 1 = f(1) + f(-1)


def test_proof_of_an_identity_shows_the_closing_step() -> None:
    f = resolve("relu(x) - relu(-x)")
    document = check_linearity(f).to_latex(standalone=True, activation=f)
    assert "f is linear" in document
    assert "f\\left(t\\right) &= t" in document  # the normal form that closes the proof


def test_transcendental_certificate_is_written_as_a_bound() -> None:
    result = check(symact.get("gelu"), "homogeneity")
    fragment = result.to_latex()
    # erf(sqrt(2)/2) = 0.6826894921370858971704650912640758...(mpmath, 50 digits)
    found = re.search(r"d \\in \\left\[0\.(\d+) \\pm (\d\.\d+) \\cdot 10\^\{(-\d+)\}", fragment)
    assert found is not None
    assert "0.6826894921370858971704650912640758".startswith("0." + found[1][:15])
    assert float(found[2]) * 10 ** int(found[3]) < 1e-15
    assert "d > 0" in fragment


@pytest.mark.parametrize("char", list("&%$#_{}~^\\<>|"))
def test_every_special_character_is_escaped_in_text(char: str) -> None:
    escaped = text(f"a{char}b")
    assert escaped != f"a{char}b"
    assert escaped.startswith("a") and escaped.endswith("b")


def test_hostile_names_and_justifications_are_escaped() -> None:
    weird = Symbol("p&q", real=True)
    step = Step(weird + 1, "=", Integer(2), HOSTILE, fact=None)
    rows = LatexPrinter().doprint(step)
    assert "\\text{p\\&q}" in rows[0]
    assert "\\par " not in rows[0] and "\\textbackslash{}par" in rows[0]
    f = hostile_activation()
    document = to_latex(f, standalone=True)
    assert HOSTILE not in document
    assert "we\\_ird \\& \\#1 \\$5 \\%x \\{b\\}" in document


def test_long_sums_are_broken_across_lines() -> None:
    long_sum = sum(Rational(1, k) * Symbol(f"y_{k}") ** k for k in range(1, 30))
    pieces = broken(long_sum)
    assert len(pieces) > 3
    assert all(p.startswith(("+ ", "- ")) for p in pieces[1:])
    step = Step(sympy.Function("f")(X), "=", long_sum, "expand")
    rows = LatexPrinter().doprint(step)
    assert len(rows) == len(pieces) and rows[1].startswith("&\\quad + ")


def _documents() -> dict[str, str]:
    docs = {}
    for name in ("relu", "sigmoid", "gelu", "selu"):
        docs[name] = check_linearity(symact.get(name)).to_latex(standalone=True)
    leaky = symact.get("leaky_relu").symbolic("negative_slope")
    docs["leaky_relu_symbolic"] = check_linearity(leaky).to_latex(True, leaky)
    odd = resolve("relu(x) - relu(-x)")
    docs["relu_minus_relu"] = check_linearity(odd).to_latex(True, odd)
    hostile = hostile_activation()
    docs["hostile"] = check_linearity(hostile).to_latex(True, hostile)
    refused = Refutation(Law.ADDITIVITY, HOSTILE, steps=(Step.therefore(HOSTILE),), reason=HOSTILE)
    docs["hostile_record"] = refused.to_latex(standalone=True)
    docs["undecided"] = Undecided(Law.HOMOGENEITY, "relu", reason=HOSTILE).to_latex(True)
    docs["definition"] = hostile.to_latex(standalone=True)
    return docs


def test_standalone_documents_compile_with_pdflatex(tmp_path: Path) -> None:
    pdflatex()
    for name, document in _documents().items():
        target = tmp_path / f"{name}.pdf"
        compile_pdf(document, target)
        assert target.read_bytes().startswith(b"%PDF"), name
    pdftotext = shutil.which("pdftotext")
    if pdftotext is not None:  # the words, not just a valid file
        run = [pdftotext, str(tmp_path / "relu.pdf"), "-"]
        words = subprocess.run(run, capture_output=True, check=True, text=True).stdout
        assert "not linear" in words


def test_a_latex_error_names_the_first_error_line_and_leaves_no_file(tmp_path: Path) -> None:
    pdflatex()
    target = tmp_path / "broken.pdf"
    bad = "\\documentclass{article}\\begin{document}\\undefinedmacro\\end{document}\n"
    with pytest.raises(PdfError, match="Undefined control sequence"):
        compile_pdf(bad, target)
    assert list(tmp_path.iterdir()) == []


def test_missing_pdflatex_says_how_to_install_it(monkeypatch, tmp_path: Path, capsys) -> None:
    monkeypatch.setattr("symact.export.pdf.shutil.which", lambda name: None)
    with pytest.raises(PdfError, match="texlive-latex-base texlive-latex-recommended"):
        compile_pdf("\\documentclass{article}", tmp_path / "x.pdf")
    assert main(["prove", "relu", "-o", str(tmp_path / "relu.pdf")], out=io.StringIO()) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "MacTeX" in err and ".tex" in err
    assert list(tmp_path.iterdir()) == []


def test_definition_spells_out_named_functions() -> None:
    document = symact.get("silu").to_latex(standalone=True)
    # silu(x) = x sigma(x) with sigma(u) = 1/(1 + e^{-u}) (Elfwing et al. 2018)
    assert "\\operatorname{SiLU}(x) = x \\sigma\\left(x\\right)" in document
    assert "where $\\sigma\\left(u\\right) = \\frac{1}{1 + e^{- u}}$." in document
