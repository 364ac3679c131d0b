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
