"""What ``symact properties`` and ``symact table`` do, once :mod:`symact.cli` has parsed the
arguments and resolved the activation: compute, render in the format asked for, write.

>>> import io, symact
>>> out = io.StringIO()
>>> write_report(symact.get("sigmoid"), "text", ["limit_pos_inf"], 3.0, out)
0
>>> out.getvalue().splitlines()[2]
'Proof: sigmoid -- limit_pos_inf (proved)'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

from symact.properties.comparison import table
from symact.properties.records import Property
from symact.properties.report import properties

__all__ = ["write_report", "write_table"]


def write_report(
    entry: Any, fmt: str, chosen: Sequence[str] | None, budget: float | None, out: TextIO
) -> int:
    """Compute the properties of ``entry`` (``chosen``: a subset) and write them as ``fmt``."""
    only = [Property.parse(name) for name in chosen] if chosen else None
    report = properties(entry, budget=budget, only=only)
    render = {
        "text": report.to_text,
        "json": report.to_json,
        "latex": report.to_latex,
        "markdown": report.to_markdown,
    }[fmt]
    text = render()
    out.write(text if text.endswith("\n") else text + "\n")
    return 0


def write_table(fmt: str, budget: float | None, out: TextIO) -> int:
    """Write the comparison table of the whole element-wise catalog as ``fmt``."""
    out.write(table(fmt, budget=budget))
    return 0
