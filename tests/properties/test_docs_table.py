"""docs/properties.md holds what the code generates: the property list and the comparison
table over the whole catalog, regenerated here; and ``symact table`` in its three formats."""

from __future__ import annotations

import io
import json
from pathlib import Path

import symact
from symact.cli import main
from symact.properties import comparison, table
from symact.properties.spec import property_table

DOC = Path(__file__).resolve().parents[2] / "docs" / "properties.md"


def _block(name: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    return text.split(f"<!-- {name}:start -->\n", 1)[1].split(f"<!-- {name}:end -->", 1)[0]


def test_property_list_is_generated_from_the_records():
    assert _block("properties") == property_table()


def test_committed_comparison_table_matches_the_generated_one():
    # without a time budget, so that the machine's load cannot turn a cell into "?"
    fresh = table("markdown", budget=None)
    assert _block("table") == fresh, "run: .venv/bin/python tools/properties_docs.py"


def test_symact_table_writes_the_table_in_each_format(monkeypatch):
    reports = [symact.properties(name) for name in ("relu", "tanh")]
    monkeypatch.setattr(comparison, "catalog_reports", lambda names, budget: reports)
    for fmt, start in (("markdown", "| activation |"), ("latex", "\\begin{tabular}")):
        out = io.StringIO()
        assert main(["table", "--format", fmt], out=out) == 0
        assert out.getvalue().startswith(start) and "tanh" in out.getvalue()
    out = io.StringIO()
    assert main(["table", "--format", "json"], out=out) == 0
    rows = json.loads(out.getvalue())["rows"]
    assert [r["activation"] for r in rows] == ["relu", "tanh"]
    assert rows[1]["cells"]["odd"] == {"verdict": "proved", "value": None}
