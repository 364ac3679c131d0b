"""Plain-text rendering of result records: reads their fields, imports and calls no prover code.

Exact numbers of more than 24 characters are shortened (the JSON keeps them exact): a
terminating decimal of at most 20 significant digits is written exactly, in e-notation when
large or small (``10**-300`` → ``1e-300``, ``sin(2)/(5·10**299)`` → ``2e-300*sin(2)``); any
other long number as its first 16 significant digits and ``...`` (truncated, not rounded:
the exact value starts with the digits shown, as in SELU's ``1.050700987355480...``).

>>> from sympy import Integer, Rational, Symbol, sin
>>> from symact.prover.results import Step
>>> a = Symbol("a", real=True)
>>> step_line(Step(Integer(0), "!=", Integer(1), "exact rational arithmetic", a < 0))
'  [a < 0]  0 != 1    (exact rational arithmetic)'
>>> show(Rational(1, 10**300)), show(sin(2) / (5 * 10**299)), show(Rational(2, 3 * 10**40))
('1e-300', '2e-300*sin(2)', '6.666666666666666...e-41')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import sympy
from sympy.printing.precedence import precedence
from sympy.printing.str import StrPrinter

from symact.export.printer import Printer, closing, witness_items
from symact.prover.facts import FACTS

if TYPE_CHECKING:
    from symact.prover.results import Step

__all__ = ["TextPrinter", "render", "short_number", "show", "show_set", "step_line"]

_HEAD = {
    "proved": "Proof",
    "refuted": "Refutation",
    "undecided": "Undecided",
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
    return _COMPACT.doprint(value)


def show_set(value: Any) -> str:
    """A set as in a textbook: an interval ``[lo, hi]`` (open ends with parentheses), a finite
    set ``{1, 2}``; other sets as :func:`show`.

    >>> from sympy import Interval, Rational, FiniteSet, oo
    >>> show_set(Interval(Rational(1, 3), 2)), show_set(Interval.Lopen(0, oo))
    ('[1/3, 2]', '(0, oo)')
    >>> show_set(FiniteSet(1, 2))
    '{1, 2}'
    """
    if isinstance(value, sympy.Interval):
        left = "(" if value.left_open else "["
        right = ")" if value.right_open else "]"
        return f"{left}{show(value.start)}, {show(value.end)}{right}"
    if isinstance(value, sympy.FiniteSet):
        return "{" + ", ".join(show(v) for v in value.args) + "}"
    return show(value)


#: Exact numbers printed in full up to this many characters.
_LONG = 24
#: Significant digits shown of a long number that is no short terminating decimal.
_DIGITS = 16


class _CompactPrinter(StrPrinter):
    """SymPy's ``sstr`` with long integers and fractions shortened (see the module doc)."""

    def _print_Integer(self, expr: sympy.Integer) -> str:
        text = str(expr.p)
        return text if len(text) <= _LONG else short_number(int(expr.p), 1)

    def _print_Rational(self, expr: sympy.Rational) -> str:
        text = super()._print_Rational(expr)
        return text if len(text) <= _LONG else short_number(int(expr.p), int(expr.q))

    def _print_Limit(self, expr: sympy.Limit) -> str:
        """``lim(x -> -oo) sigmoid(x)`` rather than ``Limit(sigmoid(x), x, -oo, dir='+')``."""
        body, var, point, _ = expr.args
        return f"lim({self._print(var)} -> {self._print(point)}) {self._print(body)}"

    def _print_Mul(self, expr: sympy.Mul) -> str:
        """A long rational coefficient as one short number in front (``c·e^{-1}``), not as a
        shortened numerator over a shortened denominator."""
        c, rest = expr.as_coeff_Mul()
        plain = super()._print_Rational(sympy.Rational(abs(c))) if c.is_Rational else ""
        if len(plain) <= _LONG or rest is sympy.S.One:
            return str(super()._print_Mul(expr))
        sign = "-" if c < 0 else ""
        factor = self.parenthesize(rest, precedence(expr), strict=False)
        return f"{sign}{short_number(abs(int(c.p)), int(c.q))}*{factor}"


_COMPACT = _CompactPrinter()


def short_number(p: int, q: int) -> str:
    """``p/q`` (``q > 0``) as an exact short decimal when it terminates within 20 significant
    digits, else its first :data:`_DIGITS` digits followed by ``...``."""
    sign = "-" if p < 0 else ""
    p = abs(p)
    twos_fives = q
    for prime in (2, 5):
        while twos_fives % prime == 0:
            twos_fives //= prime
    if twos_fives == 1:
        k = len(str(q))  # q divides 10**k
        digits = p * 10**k // q
        text = str(digits).rstrip("0")
        exponent = len(str(digits)) - 1 - k
        if len(text) <= 20:
            return sign + _scientific(text, exponent, "")
    # p/q lies in (10**(e - 1), 10**(e + 1)) for e = len(p) - len(q): its exponent is e or e - 1
    exponent = len(str(p)) - len(str(q))
    lead = _leading(p, q, exponent)
    if lead < 10 ** (_DIGITS - 1):
        exponent -= 1
        lead = _leading(p, q, exponent)
    return sign + _scientific(str(lead), exponent, "...")


def _leading(p: int, q: int, exponent: int) -> int:
    """``floor(p/q · 10**(_DIGITS - 1 - exponent))``, exactly."""
    shift = _DIGITS - 1 - exponent
    return p * 10**shift // q if shift >= 0 else p // (q * 10**-shift)


def _scientific(digits: str, exponent: int, more: str) -> str:
    """``d.ddd`` times 10**exponent: plain for exponents in [-4, 15] (``0.7073...``)."""
    if -4 <= exponent < 0:
        return "0." + "0" * (-exponent - 1) + digits + more
    if 0 <= exponent < 16 and (len(digits) > exponent + 1 or not more):
        whole, fraction = digits[: exponent + 1].ljust(exponent + 1, "0"), digits[exponent + 1 :]
        return whole + ("." + fraction if fraction else "") + more
    mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "") + more
    return f"{mantissa}e{exponent}"


def step_line(step: Step) -> str:
    """One step as a line: ``[case]  lhs relation rhs    (justification)``."""
    return str(TextPrinter().doprint(step))


def render(result: Any) -> str:
    """A result record or a linearity report as readable text (reads fields only)."""
    return str(TextPrinter().doprint(result))


class TextPrinter(Printer):
    """Plain text, as the terminal shows it: one line per step, the case in brackets."""

    name = "text"

    def show(self, value: Any) -> str:
        """:func:`show` with colliding law variables renamed."""
        return show(self.named(value))

    def _line(self, step: Step, body: str, why: str) -> str:
        case = step.case
        shown = "" if case is None else "all t" if case is sympy.true else self.show(case)
        line = f"  [{shown}]  {body}" if case is not None else f"  {body}"
        if why:
            line += f"    ({why})"
        if step.fact:
            line += f"\n      fact [{step.fact}]: {FACTS[step.fact]}"
        return line

    def _print_step_relation(self, step: Step) -> str:
        rhs = show_set(self.named(step.rhs)) if step.relation == "in" else self.show(step.rhs)
        return self._line(step, f"{self.show(step.lhs)} {step.relation} {rhs}", step.justification)

    def _print_step_holds(self, step: Step) -> str:
        if step.lhs is None:
            return self._line(step, step.justification, "")
        return self._line(step, self.show(step.lhs), step.justification)

    def _print_step_therefore(self, step: Step) -> str:
        return self._line(step, f"Therefore {step.justification}.", "")

    def _witness(self, values: Any) -> str:
        return ", ".join(f"{k} = {show(v)}" for k, v in witness_items(self, values))

    def result(self, result: Any) -> str:
        params = ", ".join(f"{k}={show(v)}" for k, v in result.params)
        name = f"{result.activation}({params})" if params else result.activation
        verdict = result.verdict.value
        lines = [f"{_HEAD[verdict]}: {name} -- {result.law.value} ({verdict})"]
        if getattr(result, "value", None) is not None:  # a property's value
            lines.append(f"  value: {show_set(self.named(result.value))}")
        if result.witness:
            lines.append(f"  witness: {self._witness(result.witness)}")
        lines += [self.doprint(step) for step in result.steps]
        lines += self._footer(result)
        return "\n".join(lines)

    def _footer(self, result: Any) -> list[str]:
        lines = []
        for label, value in closing(result, plain=True):
            lines.append(f"  {label}: {self.show(value)}")
        for extra in result.extra_witnesses:
            shown = self._witness(extra)
            lines.append(f"  further witness (for the remaining parameter values): {shown}")
        if result.reason:
            lines.append(f"  reason: {result.reason}")
        return lines

    def report(self, heading: str, results: Sequence[Any], subject: Any = None) -> str:
        return "\n\n".join([heading, *(self.doprint(r) for r in results)])

    def _print_LinearityReport(self, report: Any) -> str:
        head = f"{report.activation}: {report.verdict}"
        if report.condition is sympy.false:
            head += " (for every value of the parameters)"
        elif report.condition is not None:
            head += f" (linear exactly when {show(report.condition)})"
        return self.report(head, report.results)

    def _print_PropertyReport(self, report: Any) -> str:
        return self.report(f"Properties of {report.activation}", report.results)

    def _print_ActivationFunction(self, f: Any) -> str:
        from symact.export.catalog import describe_text

        return describe_text(f)
