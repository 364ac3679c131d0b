r"""The comparison table: every element-wise catalog activation against every property, as
activation surveys tabulate them, but proved (✓), refuted (✗) or undecided (?).

:func:`table` renders it as Markdown, LaTeX or JSON; docs/properties.md embeds the Markdown
form between ``<!-- table:start -->`` and ``<!-- table:end -->`` (a test regenerates it).

>>> TABLE_FORMATS
('markdown', 'latex', 'json')
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from sympy import Integer, Rational

from symact.errors import ParameterError
from symact.properties.names import TABLE_FORMATS
from symact.properties.render import cell, short_value
from symact.properties.report import PropertyReport, properties
from symact.properties.spec import PROPERTIES
from symact.prover.budget import DEFAULT_BUDGET

__all__ = ["TABLE_FORMATS", "TABLE_PARAMS", "catalog_reports", "table"]

#: Parameters bound in the table for entries that have no defaults (Keras requires both of
#: ``threshold``'s arguments); the row's label shows them.
TABLE_PARAMS: dict[str, dict[str, Any]] = {
    "threshold": {"threshold": Rational(1, 2), "default_value": Integer(0)},
}


def catalog_reports(
    names: Iterable[str] | None = None, budget: float | None = DEFAULT_BUDGET
) -> list[PropertyReport]:
    """The reports of the element-wise catalog activations (default: all), sorted by name."""
    from symact.activations.function import ActivationFunction
    from symact.activations.registry import get
    from symact.activations.registry import names as all_names

    chosen = sorted(names) if names is not None else all_names()
    out = []
    for name in chosen:
        f = get(name)
        if isinstance(f, ActivationFunction):
            out.append(properties(f.bind(**TABLE_PARAMS.get(name, {})), budget=budget))
    return out


def _label(rep: PropertyReport) -> str:
    """The activation's name, with the parameters the table binds."""
    bound = TABLE_PARAMS.get(rep.activation)
    if not bound:
        return rep.activation
    return rep.activation + "(" + ", ".join(f"{k}={v}" for k, v in bound.items()) + ")"


def _markdown(reports: list[PropertyReport]) -> str:
    headers = [spec.header for spec in PROPERTIES.values()]
    lines = ["| activation | " + " | ".join(headers) + " |", "|---" * (len(headers) + 1) + "|"]
    for rep in reports:
        cells = [cell(r).replace("|", "\\|") for _, r in rep.items()]
        lines.append(f"| `{_label(rep)}` | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _latex_cell(text: str) -> str:
    marks = {"✓": r"\checkmark", "✗": r"$\times$", "?": "?", "∪": r"$\cup$"}
    for k, v in marks.items():
        text = text.replace(k, v)
    return text.replace("_", r"\_").replace("oo", r"$\infty$").replace("&", r"\&")


def _latex(reports: list[PropertyReport]) -> str:
    headers = [_latex_cell(spec.header) for spec in PROPERTIES.values()]
    rows = [
        r"\begin{tabular}{l" + "l" * len(headers) + "}",
        "activation & " + " & ".join(headers) + r" \\ \hline",
    ]
    for rep in reports:
        cells = [_latex_cell(cell(r)) for _, r in rep.items()]
        rows.append(rf"\texttt{{{_latex_cell(_label(rep))}}} & " + " & ".join(cells) + r" \\")
    rows.append(r"\end{tabular}")
    return "\n".join(rows) + "\n"


def _json(reports: list[PropertyReport]) -> str:
    data = {
        "schema": "symact.properties-table/1",
        "columns": [p.value for p in PROPERTIES],
        "rows": [
            {
                "activation": _label(rep),
                "cells": {
                    name: {"verdict": r.verdict.value, "value": short_value(r.value) or None}
                    for name, r in rep.items()
                },
            }
            for rep in reports
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


_RENDER: dict[str, Callable[[list[PropertyReport]], str]] = {
    "markdown": _markdown,
    "latex": _latex,
    "json": _json,
}


def table(
    fmt: str = "markdown",
    names: Iterable[str] | None = None,
    budget: float | None = DEFAULT_BUDGET,
    reports: list[PropertyReport] | None = None,
) -> str:
    """The comparison table in ``fmt`` (markdown, latex or json) over ``names`` (default:
    the whole element-wise catalog); pass ``reports`` to render ones already computed."""
    if fmt not in _RENDER:
        msg = f"unknown table format {fmt!r}; choose one of: {', '.join(TABLE_FORMATS)}"
        raise ParameterError(msg)
    if reports is None:
        reports = catalog_reports(names, budget)
    return _RENDER[fmt](reports)
