"""JSON output: schema symact.prover/1 unchanged (docs/json.md), exact values as strings."""

from __future__ import annotations

import json

import pytest
from cases import CATALOG, Case
from sympy import Rational, sympify

import symact
from symact.export.json import SCHEMA
from symact.prover import check, check_linearity

#: The keys of a law result, as docs/json.md and docs/prover.md list them.
LAW_KEYS = {
    "schema", "kind", "activation", "params", "law", "variables", "verdict", "method",
    "witness", "defect", "certificate", "family", "region", "condition", "nonzero_when",
    "extra_witnesses", "reason", "steps",
}  # fmt: skip
STEP_KEYS = {"lhs", "relation", "rhs", "justification", "case", "fact"}


def test_relu_homogeneity_json_round_trips_with_exact_strings() -> None:
    data = json.loads(check(symact.get("relu"), "homogeneity").to_json())
    assert set(data) == LAW_KEYS and data["schema"] == SCHEMA == "symact.prover/1"
    assert data["witness"] == {"x": "-1", "a": "-1"}  # tests/cases.py, the reference argument
    assert data["verdict"] == "refuted" and data["variables"] == ["x", "a"]
    assert data["family"]["text"] == "Eq(x, -1) & (a < 0)"
    for step in data["steps"]:
        assert set(step) == STEP_KEYS


def test_linearity_json_layout_and_to_dict_agree() -> None:
    report = check_linearity(symact.get("gelu"))
    data = json.loads(report.to_json())
    assert data == report.to_dict()
    assert set(data) == {
        "schema", "kind", "activation", "verdict", "condition", "additivity", "homogeneity",
    }  # fmt: skip
    assert data["kind"] == "linearity" and data["verdict"] == "nonlinear"
    cert = data["homogeneity"]["certificate"]
    assert cert["kind"] == "ball" and cert["excludes_zero"] is True
    # the ball is exact dyadic text m*2**e; its midpoint is erf(sqrt(2)/2) = 0.68268949213708...
    midpoint = sympify(cert["midpoint"], rational=True)
    assert abs(midpoint - Rational("0.68268949213708589717")) < Rational(1, 10**17)


def test_exact_values_are_strings_never_floats() -> None:
    data = check(symact.get("selu"), "additivity").to_dict()

    def leaves(value):
        if isinstance(value, dict):
            for v in value.values():
                yield from leaves(v)
        elif isinstance(value, list):
            for v in value:
                yield from leaves(v)
        else:
            yield value

    assert not any(isinstance(v, float) for v in leaves(data))


@pytest.mark.parametrize("row", CATALOG[:6], ids=lambda r: r.name)
def test_witnesses_in_json_match_the_table(row: Case) -> None:
    data = check(row.activation(), "additivity").to_dict()
    if row.additivity == "refuted":
        assert data["witness"] == row.additivity_witness


def test_activation_json_is_the_catalog_description() -> None:
    data = json.loads(symact.get("elu").to_json())
    assert data["name"] == "elu" and data["parameters"]["alpha"]["value"] == "1"


def test_docs_json_example_is_what_the_command_prints() -> None:
    import re
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "json.md").read_text(encoding="utf-8")
    block = re.search(r"```json\n(.*?)\n```", doc, re.S)
    assert block is not None
    shown = json.loads(block[1])
    actual = check(symact.get("relu"), "homogeneity").to_dict()
    actual["steps"] = actual["steps"][: len(shown["steps"])]
    assert shown == actual, "docs/json.md: regenerate the example (see the text above it)"
