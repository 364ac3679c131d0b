"""The four printers agree: every step of every catalog result appears in each format, with
the witness of the expected-verdict table (tests/cases.py)."""

from __future__ import annotations

import json
import re
from functools import cache

import pytest
from cases import CATALOG, FORMULAS, Case

from symact.cli import resolve
from symact.export.formats import FORMATS, render
from symact.export.latex_math import text as latex_text
from symact.export.markdown import escape
from symact.prover import check_linearity


@cache
def report(name: str):
    row = next(r for r in CATALOG if r.name == name)
    return check_linearity(row.activation())


def _witness_forms(witness: dict[str, str]) -> dict[str, str]:
    pairs = list(witness.items())
    return {
        "text": "witness: " + ", ".join(f"{k} = {v}" for k, v in pairs),
        "markdown": ", ".join(f"${k} = {_latex_number(v)}$" for k, v in pairs),
        "latex": ",\\ ".join(f"{k} = {_latex_number(v)}" for k, v in pairs),
    }


def _latex_number(value: str) -> str:
    num, _, den = value.lstrip("-").partition("/")
    sign = "- " if value.startswith("-") else ""
    return f"{sign}\\frac{{{num}}}{{{den}}}" if den else value


@pytest.mark.parametrize("row", CATALOG, ids=lambda r: r.name)
def test_every_format_shows_every_step_and_the_witness(row: Case) -> None:
    rep = report(row.name)
    outputs = {fmt: render(rep, fmt) for fmt in ("text", "latex", "markdown", "json")}
    data = json.loads(outputs["json"])
    laws = (("additivity", row.additivity_witness), ("homogeneity", row.homogeneity_witness))
    for law, expected in laws:
        result = getattr(rep, law)
        assert len(data[law]["steps"]) == len(result.steps)
        if result.verdict.value == "refuted" and expected is not None:
            assert data[law]["witness"] == expected
            for fmt, form in _witness_forms(expected).items():
                assert form in outputs[fmt], (fmt, form)
        for step in result.steps:  # each justification, escaped for its format
            if step.justification:
                assert step.justification in outputs["text"]
                assert latex_text(step.justification) in outputs["latex"]
                assert escape(step.justification) in outputs["markdown"]
    items = re.findall(r"^\d+\. ", outputs["markdown"], flags=re.M)
    assert len(items) == sum(len(r.steps) for r in rep.results)
    therefores = sum(s.relation == "therefore" for r in rep.results for s in r.steps)
    assert outputs["latex"].count("\\therefore") == therefores
    assert outputs["text"].count("Therefore ") == therefores


def test_formats_table_lists_each_printer_with_a_suffix() -> None:
    assert {f.suffix for f in FORMATS.values()} == {".txt", ".json", ".tex", ".md", ".smt2"}
    for fmt in FORMATS.values():
        assert fmt.description and (fmt.printer is None or fmt.printer.name == fmt.name)


@pytest.mark.parametrize("row", FORMULAS[:3], ids=lambda r: r.text)
def test_formula_proofs_agree_on_the_verdict(row) -> None:
    f = resolve(row.text)
    rep = check_linearity(f)
    assert rep.verdict == row.verdict
    word = "is linear" if row.verdict == "linear" else "is not linear"
    assert f"f: {row.verdict}" in rep.to_text()
    assert word in rep.to_markdown() and word in rep.to_latex()
