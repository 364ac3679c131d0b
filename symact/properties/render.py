r"""Short renderings of the comparison table's cells: ✓ (proved), ✗ (refuted),
? (undecided), with the value where it is short.

>>> from sympy import Interval
>>> short_value(Interval.open(0, 1)), short_value(None)
('(0, 1)', '')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sympy

if TYPE_CHECKING:
    pass

__all__ = ["MARKS", "cell", "short_value"]

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
