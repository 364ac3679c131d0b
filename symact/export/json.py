"""The stable JSON form of result records (schema ``symact.prover/1``, see docs/prover.md).

Exact numbers are strings (``"1/2"``); expressions and conditions are objects with their
``sympy.sstr`` text and LaTeX.

>>> from sympy import Rational
>>> number(Rational(-1, 2)), expression(None)
('-1/2', None)
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import sympy

from symact.export.printer import Printer
from symact.prover.laws import Law

if TYPE_CHECKING:
    from symact.prover.results import Step

__all__ = ["SCHEMA", "JsonPrinter", "expression", "number", "to_dict", "to_json"]

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


def to_dict(result: Any) -> dict[str, Any]:
    """A result record or a linearity report as JSON-ready data (reads fields only)."""
    data: dict[str, Any] = JsonPrinter().doprint(result)
    return data


def to_json(obj: Any, indent: int | None = 2) -> str:
    """``obj`` (a result, a report or an activation) as JSON text.

    >>> from symact import get
    >>> import json
    >>> json.loads(to_json(get("relu")))["name"]
    'relu'
    """
    return json.dumps(JsonPrinter().doprint(obj), indent=indent)


def _value(value: Any) -> dict[str, str] | None:
    """A property's value: an expression, or a word such as ``increasing``."""
    if isinstance(value, str):
        return {"text": value, "latex": f"\\text{{{value}}}"}
    return expression(value)


def _witness(values: Any) -> dict[str, str] | None:
    return None if values is None else {k: number(v) for k, v in values.items()}


class JsonPrinter(Printer):
    """JSON-ready data (dicts, lists, strings) in the layout ``symact.prover/1``.

    Names are printed as recorded: the law's variables are listed under ``variables`` and
    the parameters under ``params``, so no renaming is needed to tell them apart.
    """

    name = "json"

    def _with_names(self, result: Any) -> Any:
        return self.result(result)

    def _print_step_relation(self, step: Step) -> dict[str, Any]:
        return {
            "lhs": expression(step.lhs),
            "relation": step.relation.value,
            "rhs": expression(step.rhs),
            "justification": step.justification,
            "case": expression(step.case),
            "fact": step.fact,
        }

    _print_step_holds = _print_step_therefore = _print_step_relation

    def result(self, result: Any) -> dict[str, Any]:
        cert = result.certificate
        data: dict[str, Any] = {
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
            "steps": [self.doprint(s) for s in result.steps],
        }
        if not isinstance(result.law, Law):  # a property (symact.properties) has a value
            data["value"] = _value(getattr(result, "value", None))
        return data

    def report(self, heading: str, results: Sequence[Any], subject: Any = None) -> dict[str, Any]:
        """A generic report: ``kind``, ``activation``, ``heading`` and ``results``."""
        return {
            "schema": SCHEMA,
            "kind": getattr(subject, "kind", "report"),
            "activation": getattr(subject, "activation", None),
            "verdict": getattr(subject, "verdict", None),
            "heading": heading,
            "results": [self.doprint(r) for r in results],
        }

    def _print_LinearityReport(self, report: Any) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "kind": "linearity",
            "activation": report.activation,
            "verdict": report.verdict,
            "condition": expression(report.condition),
            "additivity": self.doprint(report.additivity),
            "homogeneity": self.doprint(report.homogeneity),
        }

    def _print_PropertyReport(self, report: Any) -> dict[str, Any]:
        """``symact properties --format json``: each property's result by name."""
        return {
            "schema": SCHEMA,
            "kind": "properties",
            "activation": report.activation,
            "properties": {name: self.doprint(r) for name, r in report.items()},
        }

    def _print_ActivationFunction(self, f: Any) -> dict[str, Any]:
        """The catalog description (``symact show --format json``)."""
        from symact.export.catalog import describe

        return describe(f)
