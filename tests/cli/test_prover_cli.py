"""``symact prove``: text that reads like a proof, stable JSON, parameters, errors."""

from __future__ import annotations

import io
import json

import pytest
from cases import FORMULAS, FormulaCase, case

from symact.cli import main


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_prove_relu_prints_the_refutation_with_the_negative_a_family() -> None:
    code, text = run("prove", "relu")
    assert code == 0
    assert text.startswith("relu: nonlinear")
    assert "witness: a = 1, b = -1" in text
    assert "counterexample family: x = -1 and a < 0" in text
    assert "counterexample family: a > 0 and b < 0" in text


def test_prove_linear_prints_a_proof() -> None:
    code, text = run("prove", "linear")
    assert code == 0
    assert text.startswith("linear: linear")
    assert "Proof: linear -- additivity (proved)" in text


@pytest.mark.parametrize("row", FORMULAS, ids=lambda r: r.text)
def test_prove_formulas(row: FormulaCase) -> None:
    code, text = run("prove", row.text, "--format", "json", "--budget", "30")
    assert code == 0
    assert json.loads(text)["verdict"] == row.verdict


def test_single_law_json_matches_the_table() -> None:
    code, text = run("prove", "sigmoid", "--law", "additivity", "--format", "json")
    data = json.loads(text)
    assert code == 0
    assert data["law"] == "additivity" and data["verdict"] == "refuted"
    assert data["witness"] == case("sigmoid").additivity_witness


def test_positive_homogeneity_and_affinity_laws() -> None:
    assert "(proved)" in run("prove", "relu", "--law", "positive-homogeneity")[1]
    assert "(refuted)" in run("prove", "relu", "--law", "affinity")[1]


def test_symbolic_parameter_gives_the_condition() -> None:
    code, text = run("prove", "leaky_relu", "--param", "negative_slope=symbolic")
    assert code == 0
    assert "law holds exactly when: negative_slope = 1" in text


def test_numeric_parameter_is_bound_exactly() -> None:
    code, text = run("prove", "leaky_relu", "--param", "negative_slope=1", "--format", "json")
    assert code == 0 and json.loads(text)["verdict"] == "linear"


@pytest.mark.parametrize(
    "argv",
    [
        ("prove", "no_such_activation"),
        ("prove", "relu", "--param", "slope"),
        ("prove", "relu", "--budget", "0"),
    ],
)
def test_user_errors_exit_1_with_one_line(argv: tuple[str, ...], capsys) -> None:
    code, _ = run(*argv)
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("symact: error:") and err.count("\n") == 1


# -- output formats and files (docs/prover.md, "Rendering") ------------------------------------
def test_prove_latex_and_markdown_formats() -> None:
    code, latex = run("prove", "relu", "--law", "homogeneity", "--format", "latex")
    assert code == 0 and latex.startswith("$$\n\\begin{aligned}")
    assert "x = -1,\\ a = -1" in latex
    code, document = run("prove", "relu", "--format", "latex", "--standalone")
    assert code == 0 and document.startswith("\\documentclass{article}")
    assert document.rstrip().endswith("\\end{document}")
    code, markdown = run("prove", "relu", "--format", "markdown")
    assert code == 0 and markdown.startswith("## relu is not linear")


@pytest.mark.parametrize(
    ("suffix", "start"),
    [
        (".tex", "$$\n\\begin{aligned}"),
        (".md", "## relu is not linear"),
        (".json", "{\n"),
        (".txt", "relu: nonlinear"),
        (".smt2", "; SMT-LIB"),
    ],
)
def test_output_file_format_comes_from_its_suffix(tmp_path, suffix: str, start: str) -> None:
    target = tmp_path / f"relu{suffix}"
    code, printed = run("prove", "relu", "-o", str(target))
    assert code == 0 and printed == ""
    assert target.read_text(encoding="utf-8").startswith(start)
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


def test_output_file_is_replaced_whole(tmp_path) -> None:
    target = tmp_path / "proof.txt"
    target.write_text("old text that is much longer than nothing\n" * 100)
    assert run("prove", "linear", "--law", "additivity", "-o", str(target))[0] == 0
    assert target.read_text().startswith("Proof: linear -- additivity (proved)")
    assert "old text" not in target.read_text()


def test_format_option_wins_over_the_suffix(tmp_path) -> None:
    target = tmp_path / "relu.txt"
    assert run("prove", "relu", "--format", "json", "-o", str(target))[0] == 0
    assert json.loads(target.read_text())["kind"] == "linearity"


def test_pdf_output_is_a_real_pdf(tmp_path) -> None:
    import shutil

    if shutil.which("pdflatex") is None:
        import os

        reason = "pdflatex is not on PATH (apt-get install texlive-latex-base)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    target = tmp_path / "relu.pdf"
    assert run("prove", "relu", "--format", "latex", "--standalone", "-o", str(target))[0] == 0
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["relu.pdf"]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (("-o", "relu.doc"), "pass --format"),
        (("--format", "json", "-o", "relu.pdf"), "drop --format"),
        (("--format", "json", "--standalone"), "drop --standalone"),
        (("-o", "no/such/dir/relu.tex"), "does not exist"),
    ],
)
def test_output_errors_exit_1_with_one_line(tmp_path, monkeypatch, argv, words, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    code, _ = run("prove", "relu", *argv)
    err = capsys.readouterr().err
    assert code == 1 and words in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []
