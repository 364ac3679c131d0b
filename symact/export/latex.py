r"""LaTeX rendering of results and activations: a fragment for notebooks, a document for print.

The fragment is ``$$\begin{aligned} ... \end{aligned}$$`` (MathJax and KaTeX render it); the
standalone document (``standalone=True``) is an ``article`` with amsmath, amssymb and amsthm
holding the activation's definition (``cases`` with exclusive pieces, exact rationals), a
theorem and its proof: the law, the steps in ``align*`` with their cases as text between the
lines, the witness, the counterexample family and region, the conditions on parameters, the
certificate (a ball written as a bound) and the facts cited.  All user text is escaped
(:mod:`symact.export.latex_math`), so any name or formula compiles.

>>> from sympy import Integer
>>> from symact.prover.results import Step
>>> LatexPrinter().doprint(Step(Integer(0), "!=", Integer(1), "exact rational arithmetic"))
['0 &\\neq 1 &&\\text{exact rational arithmetic}']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import sympy

from symact.export.latex_document import (
    PREAMBLE,
    definition,
    document,
    report_document,
    result_document,
)
from symact.export.latex_math import (
    align,
    broken,
    condition,
    display_name,
    math,
    name,
    relation,
    text,
)
from symact.export.printer import Printer, closing, resolve_activation, witness_items

__all__ = ["PREAMBLE", "LatexPrinter", "document", "to_latex"]

_VERDICT = {"proved": "holds", "refuted": "fails", "undecided": "is undecided"}
_NOT = {"linear": "is linear", "nonlinear": "is not linear", "undecided": "may be linear"}
#: Justifications longer than this go on a line of text of their own in a document.
_SHORT = 38


def to_latex(obj: Any, standalone: bool = False, activation: Any = None) -> str:
    """``obj`` (a result, a report or an activation) as a fragment or a whole document."""
    return str(LatexPrinter(activation, standalone=standalone).doprint(obj))


class LatexPrinter(Printer):
    """Results and activations as LaTeX; steps print as rows of an alignment."""

    name = "latex"

    def __init__(self, activation: Any = None, standalone: bool = False) -> None:
        super().__init__(activation)
        self.standalone = standalone
        self.last_case: Any = None

    def m(self, value: Any) -> str:
        """Math, with colliding law variables renamed and long numbers shortened."""
        return math(self.named(value), exact=False)

    def c(self, value: Any) -> str:
        """A condition, with colliding law variables renamed."""
        return condition(self.named(value))

    # -- steps: each a list of alignment rows --------------------------------------------------
    def _case(self, step: Any) -> list[str]:
        """A heading row when the step's case differs from the previous step's."""
        if step.case is None or step.case == self.last_case:
            self.last_case = step.case
            return []
        self.last_case = step.case
        shown = r"\text{all } t" if step.case is sympy.true else self.c(step.case)
        if self.standalone:
            return [f"\\intertext{{Case ${shown}$:}}"]
        return [f"&\\text{{Case }} {shown}\\text{{:}}"]

    def _annotate(self, step: Any, rows: list[str], why: str) -> list[str]:
        """``rows`` with the justification (and the fact's key) after the first row, or in
        a document on a line of text before the rows when it is long."""
        why += f" [{step.fact}]" if step.fact else ""
        if not why:
            return [*self._case(step), *rows]
        if self.standalone and len(why) > _SHORT:
            reason = text(why[:1].upper() + why[1:]) + ("" if ":" in why else ":")
            return [*self._case(step), f"\\intertext{{\\small {reason}}}", *rows]
        first = f"{rows[0]} &&\\text{{{text(why)}}}"
        return [*self._case(step), first, *rows[1:]]

    def _print_step_relation(self, step: Any) -> list[str]:
        rhs = broken(self.named(step.rhs), exact=False)
        rows = [f"{self.m(step.lhs)} &{relation(step.relation.value)} {rhs[0]}"]
        rows += [f"&\\quad {piece}" for piece in rhs[1:]]
        return self._annotate(step, rows, step.justification)

    def _print_step_holds(self, step: Any) -> list[str]:
        if step.lhs is not None:
            return self._annotate(step, [f"&{self.c(step.lhs)}"], step.justification)
        if self.standalone:
            return self._annotate(step, [f"\\intertext{{{text(step.justification)}}}"], "")
        return self._annotate(step, [f"&\\text{{{text(step.justification)}}}"], "")

    def _print_step_therefore(self, step: Any) -> list[str]:
        row = f"&\\therefore\\ \\text{{{text(step.justification)}.}}"
        return self._annotate(step, [row], "")

    # -- one result -------------------------------------------------------------------------
    def _subject(self, result: Any) -> str:
        params = ", ".join(f"\\text{{{text(k)}}} = {math(v)}" for k, v in result.params)
        return display_name(result.activation) + (f"\\ ({params})" if params else "")

    def _witness(self, values: Any) -> str:
        return r",\ ".join(f"{math(sympy.Symbol(k))} = {math(v)}" for k, v in values)

    def _facts_rows(self, result: Any) -> list[str]:
        rows = []
        if result.witness:
            shown = self._witness(witness_items(self, result.witness))
            rows.append(f"&\\text{{Witness: }} {shown}")
        for label, value in closing(result):
            rows.append(f"&\\text{{{label}: }} {self.c(value)}")
        for extra in result.extra_witnesses:
            shown = self._witness(witness_items(self, extra))
            rows.append(f"&\\text{{Further witness: }} {shown}")
        rows += self._certificate(result)
        if result.reason:
            rows.append(f"&\\text{{Reason: {text(result.reason)}}}")
        return rows

    def _certificate(self, result: Any) -> list[str]:
        cert = result.certificate
        if cert is None or cert.kind != "ball" or not cert.enclosure:
            return []
        found = re.fullmatch(r"\[(\S+) \+/- (\S+)\]", cert.enclosure)
        ball = (
            f"{found[1]} \\pm {_decimal(found[2])}"
            if found
            else r"\text{" + text(cert.enclosure) + "}"
        )
        sign = ">" if cert.sign > 0 else "<"
        value = broken(self.named(cert.value), exact=False)
        return [
            f"&\\text{{Certificate: the defect }} d = {value[0]}",
            *(f"&\\qquad {piece}" for piece in value[1:]),
            f"&\\qquad d \\in \\left[{ball}\\right]"
            f"\\text{{ (Arb ball, {cert.precision} bits), so }} d {sign} 0",
        ]

    def _rows(self, result: Any) -> list[str]:
        """The alignment rows of the result's steps."""
        self.last_case = None
        rows: list[str] = []
        for step in result.steps:
            rows += self.doprint(step)
        return rows

    def result(self, result: Any) -> str:
        if self.standalone:
            return result_document(self, [result], self._definition(result))
        return self.fragment(self.fragment_rows(result))

    def fragment_rows(self, result: Any) -> list[str]:
        """The rows of one result in a fragment: a heading, the steps, the data."""
        head = (
            f"&\\textbf{{{result.verdict.value.capitalize()}}}\\ {self._subject(result)}"
            f"\\text{{: {text(result.law.value)} {_VERDICT[result.verdict.value]}}}"
        )
        value = getattr(result, "value", None)  # a property's value
        rows = [head]
        if value is not None:
            shown = f"\\text{{{text(value)}}}" if isinstance(value, str) else self.m(value)
            rows.append(f"&\\text{{Value: }} {shown}")
        return [*rows, *self._rows(result), *self._facts_rows(result)]

    def fragment(self, rows: list[str]) -> str:
        """Rows as ``$$\\begin{aligned} ... \\end{aligned}$$``."""
        return f"$$\n\\begin{{aligned}}\n{align(rows)}\n\\end{{aligned}}\n$$"

    def _definition(self, subject: Any) -> Any:
        if subject is None or not hasattr(subject, "activation"):
            return self.activation
        return resolve_activation(subject, self.activation)

    # -- reports ----------------------------------------------------------------------------
    def report(self, heading: str, results: Sequence[Any], subject: Any = None) -> str:
        if self.standalone:
            return report_document(self, heading, results, self._definition(subject))
        rows = [f"&\\textbf{{{text(heading)}}}"]
        for result in results:
            with self.distinct_names(result):
                rows += ["&", *self.fragment_rows(result)]
        return self.fragment(rows)

    def _print_LinearityReport(self, report: Any) -> str:
        heading = f"{report.activation} {_NOT[report.verdict]}"
        if report.condition is not None and report.condition is not sympy.false:
            heading += " exactly when the condition below holds"
        return self.report(heading, report.results, report)

    def _print_PropertyReport(self, report: Any) -> str:
        return self.report(f"Properties of {report.activation}", report.results, report)

    # -- activations --------------------------------------------------------------------------
    def _print_ActivationFunction(self, f: Any) -> str:
        if self.standalone:
            return document(definition(f))
        return f"{name(f.name)}(x) = {math(f.expr)}"


def _decimal(value: str) -> str:
    """``2.90e-19`` as ``2.90 \\cdot 10^{-19}``."""
    mantissa, _, exponent = value.partition("e")
    return f"{mantissa} \\cdot 10^{{{int(exponent)}}}" if exponent else mantissa
