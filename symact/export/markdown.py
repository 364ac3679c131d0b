r"""Markdown rendering for GitHub and Jupyter: headings, text, and ``$…$``/``$$…$$`` math.

The definition is a ``$$…$$`` block (``cases`` inside), each step an item of a numbered list
with its math inline, its case in italics and its justification after a dash; the witness,
family and region follow.  Math is the LaTeX of :mod:`symact.export.latex_math` (no LaTeX
environment GitHub cannot render, only ``cases`` and ``aligned`` inside ``$$``); text is
escaped for Markdown.

>>> from sympy import Integer
>>> from symact.prover.results import Step
>>> MarkdownPrinter().doprint(Step(Integer(0), "!=", Integer(1), "exact *rational* arithmetic"))
'$0 \\neq 1$ — exact \\*rational\\* arithmetic'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import sympy

from symact.export.latex_math import broken, condition, display_name, math, relation
from symact.export.printer import Printer, closing, resolve_activation, witness_items
from symact.prover.facts import FACTS

__all__ = ["MarkdownPrinter", "escape", "to_markdown"]

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|$~&])")
_VERDICT = {"proved": "proved", "refuted": "refuted", "undecided": "undecided"}
_REPORT = {"linear": "is linear", "nonlinear": "is not linear", "undecided": "may be linear"}


def escape(value: str) -> str:
    r"""Text with Markdown's special characters escaped (``_`` cannot start emphasis).

    >>> escape("leaky_relu & x*2")
    'leaky\\_relu \\& x\\*2'
    """
    return _SPECIAL.sub(r"\\\1", str(value))


def to_markdown(obj: Any, activation: Any = None) -> str:
    """``obj`` (a result, a report or an activation) as Markdown."""
    return str(MarkdownPrinter(activation).doprint(obj))


class MarkdownPrinter(Printer):
    """Results and activations as GitHub Markdown; steps print as list items."""

    name = "markdown"

    def m(self, value: Any) -> str:
        """Inline math, colliding law variables renamed, long numbers shortened."""
        return "$" + math(self.named(value), exact=False) + "$"

    def c(self, value: Any) -> str:
        """A condition as inline math."""
        return "$" + condition(self.named(value)) + "$"

    # -- steps ----------------------------------------------------------------------------------
    def _item(self, step: Any, body: str, why: str) -> str:
        parts = []
        if step.case is not None:
            shown = "$t$ real" if step.case is sympy.true else self.c(step.case)
            parts.append(f"*case* {shown}:")
        parts.append(body)
        line = " ".join(parts)
        if why:
            line += f" — {escape(why)}"
        if step.fact:
            line += f" (fact `{step.fact}`: {escape(FACTS[step.fact])})"
        return line

    def _print_step_relation(self, step: Any) -> str:
        rhs = " ".join(broken(self.named(step.rhs), width=10**6, exact=False))
        body = f"${math(self.named(step.lhs), exact=False)} {relation(step.relation.value)} {rhs}$"
        return self._item(step, body, step.justification)

    def _print_step_holds(self, step: Any) -> str:
        if step.lhs is None:
            return self._item(step, escape(step.justification), "")
        return self._item(step, self.c(step.lhs), step.justification)

    def _print_step_therefore(self, step: Any) -> str:
        return self._item(step, f"**Therefore** {escape(step.justification)}.", "")

    # -- results --------------------------------------------------------------------------------
    def _witness(self, values: Any) -> str:
        pairs = witness_items(self, values)
        return ", ".join(f"${math(sympy.Symbol(k))} = {math(v)}$" for k, v in pairs)

    def _subject(self, result: Any) -> str:
        params = ", ".join(f"{escape(k)} = ${math(v)}$" for k, v in result.params)
        return f"{escape(result.activation)}" + (f" ({params})" if params else "")

    def result(self, result: Any, level: int = 2) -> str:
        verdict = result.verdict.value
        lines = [f"{'#' * level} {self._subject(result)}: {result.law.value} {verdict}", ""]
        value = getattr(result, "value", None)  # a property's value
        if value is not None:
            shown = escape(value) if isinstance(value, str) else self.m(value)
            lines += [f"**Value:** {shown}", ""]
        if result.witness:
            lines += [f"**Witness:** {self._witness(result.witness)}", ""]
        lines += [f"{i}. {self.doprint(step)}" for i, step in enumerate(result.steps, 1)]
        lines += [""] if result.steps else []
        for label, value in closing(result):
            lines += [f"**{label}:** {self.c(value)}", ""]
        for extra in result.extra_witnesses:
            lines += [f"**Further witness:** {self._witness(extra)}", ""]
        cert = result.certificate
        if cert is not None and cert.kind == "ball" and cert.enclosure:
            ball = escape(cert.enclosure)
            lines += [f"**Certificate:** the defect {self.m(cert.value)} lies in {ball}", ""]
        if result.reason:
            lines += [f"**Reason:** {escape(result.reason)}", ""]
        return "\n".join(lines).rstrip("\n") + "\n"

    def report(self, heading: str, results: Sequence[Any], subject: Any = None) -> str:
        parts = [f"## {escape(heading)}\n"]
        f = resolve_activation(subject, self.activation) if subject is not None else None
        if f is not None:
            parts.append(f"$$\n{display_name(f.name)}(x) = {math(f.expr)}\n$$\n")
        for result in results:
            with self.distinct_names(result):
                parts.append(self.result(result, level=3))
        return "\n".join(parts)

    def _print_LinearityReport(self, report: Any) -> str:
        heading = f"{report.activation} {_REPORT[report.verdict]}"
        if report.condition is not None and report.condition is not sympy.false:
            heading += " exactly when " + sympy.sstr(report.condition)
        return self.report(heading, report.results, report)

    def _print_PropertyReport(self, report: Any) -> str:
        return self.report(f"Properties of {report.activation}", report.results, report)

    def _print_ActivationFunction(self, f: Any) -> str:
        lines = [f"## {escape(f.name)}", ""]
        if f.description:
            lines += [escape(f.description), ""]
        lines += ["$$", f"{display_name(f.name)}(x) = {math(f.expr)}", "$$", ""]
        params = [f"{escape(k)} = ${math(v)}$" for k, v in f.bindings if v is not None]
        if params:
            lines += ["Parameters: " + ", ".join(params), ""]
        return "\n".join(lines)
