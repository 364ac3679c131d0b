r"""Short renderings of a :class:`~.report.PropertyReport` and of the comparison table's
cells: ✓ (proved), ✗ (refuted), ? (undecided), with the value where it is short.

>>> from sympy import Interval
>>> short_value(Interval.open(0, 1)), short_value(None)
('(0, 1)', '')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sympy

if TYPE_CHECKING:
    from symact.properties.report import PropertyReport

__all__ = ["MARKS", "cell", "report_latex", "report_markdown", "short_value"]

#: Verdict → mark in tables.
MARKS = {"proved": "✓", "refuted": "✗", "undecided": "?"}
#: Values longer than this are left out of table cells.
_SHORT = 18


def _number(v: Any) -> str:
    if isinstance(v, sympy.Float) or (isinstance(v, sympy.Rational) and len(str(v)) > 12):
        return f"{float(v):.6g}"
    if isinstance(v, sympy.Expr) and not v.is_Rational and v.is_number and not v.is_infinite:
        return f"{float(v):.6g}"
    return str(v)


def short_value(value: Any) -> str:
    """A value as a few characters (intervals with their open/closed ends)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, sympy.Interval):
        left, right = "(" if value.left_open else "[", ")" if value.right_open else "]"
        return f"{left}{_number(value.start)}, {_number(value.end)}{right}"
    if isinstance(value, sympy.Union):
        return " ∪ ".join(short_value(a) for a in value.args)
    if isinstance(value, sympy.FiniteSet):
        return "{" + ", ".join(_number(a) for a in value.args) + "}"
    return _number(value)


def cell(result: Any, with_value: bool = True) -> str:
    """``✓``/``✗``/``?`` with the value when it is short; ``(if ...)`` for a condition."""
    mark = MARKS[result.verdict.value]
    text = short_value(result.value) if with_value else ""
    conditional = result.condition is not None and result.condition is not sympy.false
    if conditional:
        text = (text + " " if text else "") + f"iff {sympy.sstr(result.condition)}"
    if text and len(text) <= _SHORT:
        return f"{mark} {text}"
    return f"{mark} (cond.)" if conditional else mark


def report_markdown(report: PropertyReport) -> str:
    """A Markdown table (property, verdict, value), then each derivation as text."""
    lines = [
        f"### Properties of `{report.activation}`",
        "",
        "| property | verdict | value |",
        "|---|---|---|",
    ]
    for name, result in report.items():
        value = short_value(result.value) if result.value is not None else ""
        if result.condition is not None:
            value += f" (iff `{sympy.sstr(result.condition)}`)"
        lines.append(
            f"| `{name}` | {MARKS[result.verdict.value]} {result.verdict.value} | {value} |"
        )
    lines += ["", "```", report.to_text(), "```", ""]
    return "\n".join(lines)


def report_latex(report: PropertyReport) -> str:
    """A LaTeX ``tabular``: property, verdict, value (as SymPy's LaTeX)."""
    name = report.activation.replace("_", r"\_")
    rows = [
        rf"% properties of {name}",
        r"\begin{tabular}{lll}",
        r"property & verdict & value \\ \hline",
    ]
    for prop, result in report.items():
        value = "" if result.value is None else _latex(result.value)
        rows.append(
            rf"\texttt{{{prop.replace('_', chr(92) + '_')}}} & {result.verdict.value} & {value} \\"
        )
    rows.append(r"\end{tabular}")
    return "\n".join(rows) + "\n"


def _latex(value: Any) -> str:
    if isinstance(value, str):
        return r"\text{" + value + "}"
    if isinstance(value, sympy.Float):
        return "$" + sympy.latex(sympy.Float(value, 16)) + "$"
    return "$" + sympy.latex(value) + "$"
