"""Plain-text rendering of result records: reads the steps, never calls the prover.

>>> from sympy import Integer, Symbol
>>> from symact.prover.results import Step
>>> a = Symbol("a", real=True)
>>> step_line(Step(Integer(0), "!=", Integer(1), "exact rational arithmetic", a < 0))
'  [a < 0]  0 != 1    (exact rational arithmetic)'
"""

from __future__ import annotations

from typing import Any

import sympy

from symact.prover.results import FACTS, LinearityReport, Step, Verdict

__all__ = ["render", "show", "step_line"]

_HEAD = {
    Verdict.PROVED: "Proof",
    Verdict.REFUTED: "Refutation",
    Verdict.UNDECIDED: "Undecided",
}


def show(value: Any) -> str:
    """A SymPy object in plain text (``sstr``); conditions with ``and``/``or``."""
    if value is None:
        return ""
    if value is sympy.true:
        return "always"
    if value is sympy.false:
        return "never"
    if isinstance(value, (sympy.Eq, sympy.Ne)):
        rel = "=" if isinstance(value, sympy.Eq) else "!="
        return f"{show(value.lhs)} {rel} {show(value.rhs)}"
    if isinstance(value, (sympy.And, sympy.Or)):
        joiner = " and " if isinstance(value, sympy.And) else " or "
        return joiner.join(show(arg) for arg in value.args)
    return sympy.sstr(value)


def step_line(step: Step) -> str:
    """One step as a line: ``[case]  lhs relation rhs    (justification)``."""
    case = (
        ""
        if step.case is None
        else f"[{'all t' if step.case is sympy.true else show(step.case)}]  "
    )
    if step.relation == "therefore":
        body = f"Therefore {step.justification}."
        why = ""
    elif step.relation == "holds":
        body = show(step.lhs) if step.lhs is not None else step.justification
        why = step.justification if step.lhs is not None else ""
    else:
        body = f"{show(step.lhs)} {step.relation} {show(step.rhs)}"
        why = step.justification
    line = f"  {case}{body}"
    if why:
        line += f"    ({why})"
    if step.fact:
        line += f"\n      fact [{step.fact}]: {FACTS[step.fact]}"
    return line


def _header(result: Any) -> list[str]:
    params = ", ".join(f"{k}={show(v)}" for k, v in result.params)
    name = f"{result.activation}({params})" if params else result.activation
    lines = [f"{_HEAD[result.verdict]}: {name} -- {result.law.value} ({result.verdict.value})"]
    if result.witness:
        shown = ", ".join(f"{k} = {show(v)}" for k, v in result.witness.items())
        lines.append(f"  witness: {shown}")
    return lines


def _footer(result: Any) -> list[str]:
    lines = []
    if result.family is not None:
        lines.append(f"  counterexample family: {show(result.family)}")
    if result.region is not None:
        lines.append(f"  counterexample region: {show(result.region)}")
    if result.condition is not None:
        lines.append(f"  law holds exactly when: {show(result.condition)}")
    if result.nonzero_when is not None:
        lines.append(f"  the witness refutes the law when: {show(result.nonzero_when)}")
    for extra in result.extra_witnesses:
        shown = ", ".join(f"{k} = {show(v)}" for k, v in extra.items())
        lines.append(f"  further witness (for the remaining parameter values): {shown}")
    if result.reason:
        lines.append(f"  reason: {result.reason}")
    return lines


def render(result: Any) -> str:
    """A result record or a :class:`LinearityReport` as readable text."""
    if isinstance(result, LinearityReport):
        head = f"{result.activation}: {result.verdict}"
        if result.condition is sympy.false:
            head += " (for every value of the parameters)"
        elif result.condition is not None:
            head += f" (linear exactly when {show(result.condition)})"
        return "\n\n".join([head, render(result.additivity), render(result.homogeneity)])
    lines = _header(result)
    lines += [step_line(step) for step in result.steps]
    lines += _footer(result)
    return "\n".join(lines)
