"""Regenerate the generated sections of docs/properties.md (the property list and the
comparison table); tests/properties/test_docs_table.py fails until they match.

Usage: ``.venv/bin/python tools/properties_docs.py``
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from _docs import write_section  # noqa: E402

from symact.properties import table  # noqa: E402
from symact.properties.spec import property_table  # noqa: E402

DOC = ROOT / "docs" / "properties.md"


def main() -> None:
    write_section(DOC, "properties", property_table())
    write_section(DOC, "table", table("markdown", budget=None))  # no budget: reproducible


if __name__ == "__main__":
    main()
