r"""The standalone LaTeX document: a definition, a theorem per law and its proof.

A refutation reads: *Theorem.* :math:`f` is not homogeneous: :math:`f(a x) \neq x f(a)` at
the witness, and for every point of the counterexample family.  *Proof.* the steps (cases as
text between the lines), the certificate as a bound, the facts cited.  A report (linearity)
states its conclusion as a theorem of its own (``f is not linear``) proved by its laws.

>>> from symact import get
>>> print(definition(get("relu")))  # doctest: +NORMALIZE_WHITESPACE
\begin{definition}[{relu}]
For real $x$, with $\text{negative\_slope} = 0$, $\text{threshold} = 0$,
\[ \operatorname{ReLU}(x) = \begin{cases} x & \text{for}\: x > 0 \\0 & \text{for}\: x \leq 0
\end{cases} \]
\end{definition}
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import sympy

from symact.export.latex_math import align, broken, display_name, math, text
from symact.prover.facts import FACTS

if TYPE_CHECKING:
    from symact.export.latex import LatexPrinter

__all__ = ["PREAMBLE", "definition", "document", "report_document", "result_document"]

PREAMBLE = r"""\documentclass{article}
\usepackage{amsmath}
\usepackage{amssymb}
\usepackage{amsthm}
\newtheorem{theorem}{Theorem}
\theoremstyle{definition}
\newtheorem{definition}{Definition}
\newtheorem*{remark}{Remark}
\allowdisplaybreaks
"""


def document(body: str) -> str:
    """A complete LaTeX document around ``body``."""
    return PREAMBLE + "\\begin{document}\n" + body.rstrip("\n") + "\n\\end{document}\n"


def fact_text(key: str) -> str:
    """The escaped statement of the fact ``key``."""
    return text(FACTS[key])


def definition(f: Any) -> str:
    """The activation's definition: its parameters, then its formula in ``cases``."""
    lines = [f"\\begin{{definition}}[{{{text(f.name)}}}]"]
    params = [f"$\\text{{{text(k)}}} = {math(v)}$" for k, v in f.bindings if v is not None]
    lines.append("For real $x$" + (", with " + ", ".join(params) if params else "") + ",")
    pieces = broken(f.expr)
    if len(pieces) == 1:
        lines.append(f"\\[ {display_name(f.name)}(x) = {pieces[0]} \\]")
    else:
        body = " \\\\\n&\\quad ".join(pieces)
        lines.append(f"\\begin{{align*}}\n{display_name(f.name)}(x) &= {body}\n\\end{{align*}}")
    nodes = named_nodes(f.expr)
    if nodes:
        lines.append("where " + ", ".join(f"${math(a)} = {math(b)}$" for a, b in nodes) + ".")
    lines.append("\\end{definition}")
    return "\n".join(lines)


def named_nodes(expr: Any) -> list[tuple[Any, Any]]:
    """Each named function of ``expr`` (sigmoid, softplus, ...) at a variable ``u`` with its
    elementary form, so that a document defines what ``\\sigma`` means.

    >>> from symact import get
    >>> named_nodes(get("silu").expr)
    [(sigmoid(u), 1/(1 + exp(-u)))]
    """
    from symact.primitives.nodes import NODES

    u = sympy.Symbol("u", real=True)
    found: dict[str, tuple[Any, Any]] = {}
    for node in expr.atoms(sympy.Function):
        if type(node) not in NODES or type(node).__name__ in found:
            continue
        generic = node.func(u, *node.args[1:])
        for target in (sympy.exp, sympy.sqrt):
            elementary = generic.rewrite(target)
            if elementary != generic:
                found[type(node).__name__] = (generic, elementary)
                break
    return [found[key] for key in sorted(found)]


def _sides(printer: LatexPrinter, result: Any) -> tuple[str, str]:
    spec = result.law.spec
    lhs, rhs = spec.sides(sympy.Function("f"), *spec.symbols)
    return printer.m(lhs), printer.m(rhs)


def _property_theorem(printer: LatexPrinter, result: Any) -> str:
    """A property's statement (``symact.properties``): proved, refuted or undecided."""
    verdict = result.verdict.value
    head = {"proved": "holds", "refuted": "fails", "undecided": "is undecided"}[verdict]
    claim = f"{text(result.law.statement)} {head}"
    value = result.value
    if value is not None:
        shown = f"\\text{{{text(value)}}}" if isinstance(value, str) else printer.m(value)
        claim += f"; value ${shown}$"
    if result.condition is not None:
        claim += f", exactly when ${printer.c(result.condition)}$"
    if result.witness:
        claim += f"; witness ${printer._witness(_items(printer, result.witness))}$"
    if verdict == "undecided" and result.reason:
        claim += f". {text(result.reason)}"
    return f"\\begin{{theorem}}[{text(result.law.value)}]\n{claim}.\n\\end{{theorem}}"


def theorem(printer: LatexPrinter, result: Any) -> str:
    """The statement the proof below establishes (or a remark when undecided)."""
    if not hasattr(getattr(result.law, "spec", None), "sides"):
        return _property_theorem(printer, result)
    spec = result.law.spec
    lhs, rhs = _sides(printer, result)
    verdict = result.verdict.value
    if verdict == "undecided":
        why = f" {text(result.reason)}" if result.reason else ""
        return (
            f"\\begin{{remark}}\nWhether $f$ is {text(spec.adjective)} is undecided.{why}\n"
            "\\end{remark}"
        )
    if verdict == "proved":
        claim = f"$f$ is {text(spec.adjective)}: ${lhs} = {rhs}$ {text(spec.quantifier)}"
        if result.condition is not None:
            claim += f", exactly when ${printer.c(result.condition)}$"
    else:
        claim = f"$f$ is not {text(spec.adjective)}: ${lhs} \\neq {rhs}$"
        if result.witness:
            claim += f" for ${printer._witness(_items(printer, result.witness))}$"
        if result.family is not None:
            claim += f", and whenever ${printer.c(result.family)}$"
        if result.nonzero_when is not None:
            claim += f", for the parameters with ${printer.c(result.nonzero_when)}$"
    return f"\\begin{{theorem}}[{text(result.law.value)}]\n{claim}.\n\\end{{theorem}}"


def _items(printer: LatexPrinter, values: Any) -> list[tuple[str, Any]]:
    from symact.export.printer import witness_items

    return witness_items(printer, values)


def proof(printer: LatexPrinter, result: Any) -> str:
    """The proof environment: the steps in ``align*``, the data, the facts cited."""
    rows = printer._rows(result)
    extra = printer._facts_rows(result)
    parts = ["\\begin{proof}"]
    if rows:
        parts.append("\\begin{align*}\n" + align(rows) + "\n\\end{align*}")
    if extra:
        parts.append("\\begin{align*}\n" + align(extra) + "\n\\end{align*}")
    facts = list(dict.fromkeys(s.fact for s in result.steps if s.fact))
    if facts:
        items = "\n".join(f"\\item[{text(key)}] {fact_text(key)}" for key in facts)
        parts.append(f"Facts cited:\n\\begin{{description}}\n{items}\n\\end{{description}}")
    if len(parts) == 1:
        parts.append("No derivation was recorded.")
    parts.append("\\end{proof}")
    return "\n".join(parts)


def _intro(printer: LatexPrinter, result: Any, activation: Any) -> list[str]:
    parts = [f"\\section*{{{text(result.activation)}}}"]
    if activation is not None:
        parts.append(definition(activation))
    params = ", ".join(f"$\\text{{{text(k)}}} = {math(v)}$" for k, v in result.params)
    subject = display_name(result.activation)
    with_params = f" with {params}" if params else ""
    if subject != "f":
        parts.append(f"Throughout, $f = {subject}${with_params}.")
    return parts


def _law_section(printer: LatexPrinter, result: Any) -> list[str]:
    with printer.distinct_names(result):
        return [theorem(printer, result), proof(printer, result)]


def result_document(printer: LatexPrinter, results: Sequence[Any], activation: Any) -> str:
    """A document proving (or refuting) each law of ``results``."""
    parts = _intro(printer, results[0], activation)
    for result in results:
        parts += _law_section(printer, result)
    return document("\n\n".join(parts))


def report_document(
    printer: LatexPrinter, heading: str, results: Sequence[Any], activation: Any
) -> str:
    """A document for a report: its conclusion as a theorem, proved by its laws."""
    parts = _intro(printer, results[0], activation)
    parts.append(f"\\begin{{theorem}}\n{text(heading)}.\n\\end{{theorem}}")
    for result in results:
        parts.append(f"\\subsection*{{{text(result.law.value.capitalize())}}}")
        parts += _law_section(printer, result)
    parts.append(f"\\paragraph{{Conclusion.}} {text(heading)}.")
    return document("\n\n".join(parts))
