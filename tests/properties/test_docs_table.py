"""docs/properties.md holds what the code generates: the property list and the comparison
table over the whole catalog, regenerated here through the CLI (`symact table`)."""

from __future__ import annotations

import io
from pathlib import Path

from symact.cli import main
from symact.properties.spec import property_table

DOC = Path(__file__).resolve().parents[2] / "docs" / "properties.md"


def _block(name: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    return text.split(f"<!-- {name}:start -->\n", 1)[1].split(f"<!-- {name}:end -->", 1)[0]


def test_property_list_is_generated_from_the_records():
    assert _block("properties") == property_table()


def test_committed_comparison_table_matches_symact_table():
    out = io.StringIO()
    assert main(["table", "--format", "markdown"], out=out) == 0
    assert _block("table") == out.getvalue(), "run: .venv/bin/python tools/properties_docs.py"
