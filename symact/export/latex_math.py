r"""LaTeX pieces shared by the LaTeX and Markdown printers: escaped text, safe math, long lines.

Every piece of user text goes through :func:`text` (inside ``\text{...}``) or :func:`name`
(an operator name); every SymPy object through :func:`math`, whose symbols with names
LaTeX could misread (``a&b``, ``x%``) print as escaped text.  Non-ASCII characters that
pdflatex's default input encoding does not know are written as math (``∘`` → ``\circ``) or
as their code point.

>>> text("x_1 % 2 & #$ {~^\\}")
'x\\_1 \\% 2 \\& \\#\\$ \\{\\textasciitilde{}\\textasciicircum{}\\textbackslash{}\\}'
>>> name("leaky_relu"), name("a&b")
('\\operatorname{leaky\\_relu}', '\\operatorname{\\text{a\\&b}}')
>>> from sympy import Symbol
>>> math(Symbol("a&b", real=True) + 1)
'\\text{a\\&b} + 1'
"""

from __future__ import annotations

import re
from typing import Any

import sympy
from sympy.core.function import AppliedUndef
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import precedence

#: Exact numbers printed in full up to this many characters when not ``exact``.
LONG = 24

__all__ = [
    "DISPLAY_NAMES",
    "align",
    "broken",
    "condition",
    "display_name",
    "math",
    "name",
    "relation",
    "text",
]


def align(rows: list[str]) -> str:
    """Rows of an alignment joined by ``\\\\``; a ``\\intertext`` row needs none after it."""
    out = []
    for i, row in enumerate(rows):
        last = i == len(rows) - 1
        out.append(row if last or row.startswith("\\intertext") else row + " \\\\")
    return "\n".join(out)


_TEXT = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
#: Non-ASCII characters the proof texts use, as math (pdflatex knows no Unicode symbols).
_UNICODE = {
    "∘": r"\circ",
    "·": r"\cdot",
    "×": r"\times",
    "−": "-",
    "≤": r"\le",
    "≥": r"\ge",
    "≠": r"\neq",
    "∞": r"\infty",
    "ℝ": r"\mathbb{R}",
    "±": r"\pm",
    "′": r"'",
    "α": r"\alpha",
    "β": r"\beta",
    "γ": r"\gamma",
    "λ": r"\lambda",
    "σ": r"\sigma",
}

#: Names printed as operator names as they are (letters, digits, underscores).
_PLAIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
#: Symbol names SymPy's LaTeX printer handles (``alpha``, ``x_1``, ``a'``).
_PLAIN_SYMBOL = re.compile(r"[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)?'*\Z")


def _char(c: str) -> str:
    if c in _TEXT:
        return _TEXT[c]
    if c.isascii():
        return c
    if c in _UNICODE:
        return f"${_UNICODE[c]}$"
    return f"[U+{ord(c):04X}]"


#: Relations the prover's prose writes in ASCII, typeset as math symbols in text.
_PROSE_RELATIONS = re.compile(r"\s?(<=|>=|!=|->|<|>)\s?")
_PROSE_SYMBOLS = {"<=": r"\le", ">=": r"\ge", "!=": r"\neq", "->": r"\to", "<": "<", ">": ">"}


def text(value: str) -> str:
    r"""``value`` escaped for LaTeX text mode: any string is safe inside ``\text{...}``;
    the relations of the prover's prose (``<=``, ``!=``, ``<``, …) print as math symbols.

    >>> print(text("the case t <= 0 of f, 50% & more"))
    the case t $\le$ 0 of f, 50\% \& more
    """
    parts = _PROSE_RELATIONS.split(str(value))
    out = []
    for i, part in enumerate(parts):
        if i % 2:  # a relation the split captured
            out.append(f" ${_PROSE_SYMBOLS[part]}$ ")
        else:
            out.append("".join(_char(c) for c in part))
    return "".join(out)


def name(value: str) -> str:
    """An activation's name as an upright operator name (escaped text when not plain)."""
    if len(value) == 1 and value.isascii() and value.isalpha():
        return value  # a formula's f, as in f(x) = ...
    if _PLAIN_NAME.match(value):
        return r"\operatorname{" + value.replace("_", r"\_") + "}"
    return r"\operatorname{\text{" + text(value) + "}}"


#: How the literature (and PyTorch's class names) capitalise the acronyms among the catalog's
#: names; documents print these, ``ActivationFunction.to_latex()`` keeps the catalog name.
DISPLAY_NAMES = {
    "relu": "ReLU",
    "relu6": "ReLU6",
    "leaky_relu": "LeakyReLU",
    "prelu": "PReLU",
    "rrelu": "RReLU",
    "elu": "ELU",
    "celu": "CELU",
    "selu": "SELU",
    "gelu": "GELU",
    "silu": "SiLU",
}


def display_name(value: str) -> str:
    r"""The operator name a document prints: ``\operatorname{ReLU}`` for ``relu``.

    >>> display_name("relu"), display_name("softplus")
    ('\\operatorname{ReLU}', '\\operatorname{softplus}')
    """
    return name(DISPLAY_NAMES.get(value, value))


class _SafeLatex(LatexPrinter):
    """SymPy's LaTeX printer; symbols with unusual names print as escaped text."""

    def _print_Symbol(self, expr: sympy.Symbol, style: str = "plain") -> str:
        if _PLAIN_SYMBOL.match(expr.name):
            return str(super()._print_Symbol(expr, style))
        return r"\text{" + text(expr.name) + "}"

    def _print_Function(self, expr: Any, exp: str | None = None) -> str:
        fname = expr.func.__name__
        undefined = isinstance(expr, AppliedUndef)
        if _PLAIN_NAME.match(fname) and not undefined:
            return str(super()._print_Function(expr, exp))
        args = ", ".join(self._print(a) for a in expr.args)
        head = fname if undefined and _PLAIN_SYMBOL.match(fname) else name(fname)
        power = f"^{{{exp}}}" if exp else ""
        return rf"{head}{power}\left({args}\right)"


class _CompactLatex(_SafeLatex):
    """Long exact numbers shortened as in plain text (``1.050700987355480\\ldots``)."""

    def _print_Integer(self, expr: sympy.Integer) -> str:
        text = str(expr.p)
        return text if len(text) <= LONG else _short(int(expr.p), 1)

    def _print_Rational(self, expr: sympy.Rational) -> str:
        if len(f"{expr.p}/{expr.q}") <= LONG:
            return str(super()._print_Rational(expr))
        return _short(int(expr.p), int(expr.q))

    def _print_Mul(self, expr: sympy.Mul) -> str:
        c, rest = expr.as_coeff_Mul()
        if not c.is_Rational or len(f"{c.p}/{c.q}") <= LONG or rest is sympy.S.One:
            return str(super()._print_Mul(expr))
        factor = self.parenthesize(rest, precedence(expr), strict=False)
        sign = "-" if c < 0 else ""
        return f"{sign}{_short(abs(int(c.p)), int(c.q))} \\cdot {factor}"


def _short(p: int, q: int) -> str:
    """``p/q`` shortened as :func:`symact.export.text.short_number` does, in LaTeX."""
    from symact.export.text import short_number

    shown = short_number(p, q).replace("...", r"\ldots{}")
    mantissa, _, exponent = shown.partition("e")
    return f"{mantissa} \\cdot 10^{{{int(exponent)}}}" if exponent else mantissa


_PRINTER = _SafeLatex()
_COMPACT = _CompactLatex()


def math(value: Any, exact: bool = True) -> str:
    r"""A SymPy object (or a plain value) as LaTeX math; ``None`` prints as nothing.
    ``exact=False`` shortens numbers of more than 24 characters (proof steps do).

    >>> from sympy import Rational
    >>> math(Rational(1, 3)), math(Rational(10**30 + 1, 10**30), exact=False)
    ('\\frac{1}{3}', '1.000000000000000\\ldots{}')
    """
    if value is None:
        return ""
    if isinstance(value, (bool, str)) or not isinstance(value, sympy.Basic):
        return r"\text{" + text(str(value)) + "}"
    if isinstance(value, sympy.Expr) and value.has(sympy.Piecewise):
        value = sympy.piecewise_exclusive(value, skip_nan=True)
    return str((_PRINTER if exact else _COMPACT).doprint(value))


def condition(value: Any) -> str:
    """A condition as a textbook writes it: ``a < 0 \\text{ and } x < 0``, ``always``."""
    if value is sympy.true:
        return r"\text{always}"
    if value is sympy.false:
        return r"\text{never}"
    if isinstance(value, (sympy.And, sympy.Or)):
        joiner = r" \text{ and } " if isinstance(value, sympy.And) else r" \text{ or } "
        return joiner.join(_part(arg) for arg in value.args)
    return math(value)


def _part(value: Any) -> str:
    inner = condition(value)
    return f"\\left({inner}\\right)" if isinstance(value, (sympy.And, sympy.Or)) else inner


#: The LaTeX of each step relation (its value in ``Relation``).
RELATIONS = {
    "=": "=",
    "!=": r"\neq",
    "<": "<",
    ">": ">",
    "<=": r"\le",
    ">=": r"\ge",
    "in": r"\in",
    "iff": r"\iff",
    "implies": r"\implies",
}


def relation(value: str) -> str:
    """The LaTeX symbol of a relation (unknown ones as escaped text)."""
    return RELATIONS.get(value, r"\mathrel{\text{" + text(value) + "}}")


#: A line of math wider than this many characters is broken at its top-level sums.
WIDTH = 56


_MARKUP = re.compile(r"\\(left|right|operatorname|frac|mathrm|text|sqrt|cdot|quad)|[{}\s]")


def visible(latex: str) -> int:
    r"""About how many characters wide ``latex`` prints (markup removed).

    >>> visible(r"\operatorname{erf}{\left(\frac{\sqrt{2}}{2} \right)}")
    7
    """
    return len(_MARKUP.sub("", latex))


def broken(value: Any, width: int = WIDTH, exact: bool = True) -> list[str]:
    """``value`` as one or more pieces of LaTeX, breaking a long sum between its terms;
    each piece after the first starts with its sign (``+ c``, ``- c``).

    >>> from sympy import Symbol
    >>> x = Symbol("x")
    >>> broken(x + 1)
    ['x + 1']
    >>> len(broken(sum(Symbol(f"y_{i}") ** i for i in range(40)), width=40)) > 1
    True
    """
    whole = math(value, exact)
    if visible(whole) <= width or not isinstance(value, sympy.Add):
        return [whole]
    pieces: list[str] = []
    for term in _PRINTER._as_ordered_terms(value):
        piece = math(term, exact)
        if pieces:
            piece = f"- {piece[1:].lstrip()}" if piece.startswith("-") else f"+ {piece}"
        if pieces and visible(pieces[-1]) + visible(piece) < width:
            pieces[-1] += " " + piece
        else:
            pieces.append(piece)
    return pieces
