"""The stable JSON form of result records (schema ``symact.prover/1``, see docs/prover.md).

Exact numbers are strings (``"1/2"``); expressions and conditions are objects with their
``sympy.sstr`` text and LaTeX.

>>> from sympy import Rational
>>> number(Rational(-1, 2)), expression(None)
('-1/2', None)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sympy

if TYPE_CHECKING:
    from symact.prover.results import Step

__all__ = ["SCHEMA", "expression", "number", "to_dict"]

#: Identifies the JSON layout; bumped only on incompatible changes.
SCHEMA = "symact.prover/1"


def number(value: Any) -> str:
    """An exact number (or any value) as a string."""
    return sympy.sstr(value) if isinstance(value, sympy.Basic) else str(value)


def expression(value: Any) -> dict[str, str] | None:
    """A SymPy expression or condition as ``{"text": ..., "latex": ...}`` (None stays None)."""
    if value is None:
        return None
    if isinstance(value, bool):
        value = sympy.true if value else sympy.false
    return {"text": sympy.sstr(value), "latex": sympy.latex(value)}


def _step(step: Step) -> dict[str, Any]:
    return {
        "lhs": expression(step.lhs),
        "relation": step.relation.value,
        "rhs": expression(step.rhs),
        "justification": step.justification,
        "case": expression(step.case),
        "fact": step.fact,
    }


def _witness(values: Any) -> dict[str, str] | None:
    return None if values is None else {k: number(v) for k, v in values.items()}


def to_dict(result: Any) -> dict[str, Any]:
    """A result record or a linearity report as JSON-ready data (reads fields only)."""
    if result.kind == "linearity":
        return {
            "schema": SCHEMA,
            "kind": "linearity",
            "activation": result.activation,
            "verdict": result.verdict,
            "condition": expression(result.condition),
            "additivity": to_dict(result.additivity),
            "homogeneity": to_dict(result.homogeneity),
        }
    cert = result.certificate
    return {
        "schema": SCHEMA,
        "kind": "law",
        "activation": result.activation,
        "params": {k: number(v) for k, v in result.params},
        "law": result.law.value,
        "variables": list(result.law.variables),
        "verdict": result.verdict.value,
        "method": result.method.value,
        "witness": _witness(result.witness),
        "defect": expression(result.defect),
        "certificate": None if cert is None else cert.to_dict(),
        "family": expression(result.family),
        "region": expression(result.region),
        "condition": expression(result.condition),
        "nonzero_when": expression(result.nonzero_when),
        "extra_witnesses": [_witness(w) for w in result.extra_witnesses],
        "reason": result.reason,
        "value": expression(getattr(result, "value", None)),
        "steps": [_step(s) for s in result.steps],
    }
