"""Bare names on the command line: a formula when not a catalog name, and reserved names."""

from __future__ import annotations

import io
import json

import pytest

from symact.cli import main


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_bare_x_is_the_identity_formula_and_is_linear():
    code, text = run("prove", "x", "--format", "json")
    # the identity f(x) = x is linear (by hand: f(a + b) = a + b, f(a·x) = a·x)
    assert code == 0 and json.loads(text)["verdict"] == "linear"


def test_bare_x_evaluates_to_its_argument():
    assert run("eval", "x", "2.5", "-0.75") == (0, "2.5\t2.5\n-0.75\t-0.75\n")


def test_bare_x_shows_its_formula_and_derivative():
    code, text = run("show", "x")
    assert code == 0 and "f = x" in text and "f' = 1" in text


def test_a_misspelt_catalog_name_still_suggests_the_name(capsys):
    code, _ = run("prove", "rleu")
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1
    assert "unknown activation 'rleu'" in err and "did you mean relu" in err


@pytest.mark.parametrize("name", ["t0", "t", "a"])
@pytest.mark.parametrize("law", ["additivity", "homogeneity"])
def test_the_threshold_relu_is_never_additive_nor_homogeneous(law, name):
    # By hand: with threshold p and u > |p| + 1, f(u) = u and f(-u) = 0, so
    # f(u) + f(-u) = u != 0 = f(0) (additivity), and f(-1·u) = 0 != -u = -f(u) (homogeneity).
    code, text = run(
        "prove", f"where(x > {name}, x, 0)", "--param", f"{name}=symbolic", "--law", law,
        "--format", "json",
    )  # fmt: skip
    data = json.loads(text)
    assert code == 0 and data["verdict"] == "refuted"
    assert data["condition"]["text"] == "False"
