"""The safe parser: a formula in ``x`` → an exact :class:`ActivationFunction`.

The text is read by :func:`ast.parse` (which builds a syntax tree and executes nothing) and the
tree is walked against a whitelist that builds SymPy objects directly; ``eval``, ``sympify``
and ``parse_expr`` never see user text.  Accepted: integer and decimal literals (``0.1`` is
read as the exact ``1/10``), ``x``, declared parameter names, ``pi``, ``e``/``E``,
``+ - * / **``, calls of the functions in :data:`FUNCTIONS`, of ``where(cond, a, b)`` and
``Piecewise((value, cond), ..., (value, True))``, and of every element-wise catalog activation
(``x*tanh(softplus(x))``, ``leaky_relu(x, 0.1)``, ``elu(x, alpha=a)``); comparisons
(chained too) and ``and``/``or``/``not`` inside conditions.  SymPy's printed spellings are
accepted too, so that everything symact prints reads back: ``Abs``, ``Max``, ``Min``, and in
conditions ``(a) | (b)``, ``(a) & (b)``, ``~(a)``, ``Eq(a, b)``, ``Ne(a, b)``.

Every partial operation is checked, on the node the user typed and before SymPy simplifies
anything, to be defined and real for every real x (x and declared parameters are real symbols
of unknown sign): ``log`` and ``log1p`` arguments > 0, ``sqrt`` arguments ≥ 0, non-integer
powers of bases ≥ 0 (> 0 if the exponent can be ≤ 0), divisions and negative powers by
expressions never 0.  Otherwise SymPy would silently change the function (``sqrt(x)**2`` → ``x``,
``x/x`` → ``1``).  Catalog activations (``softplus(x)``, ``log_sigmoid(x)``) are defined on ℝ.

Everything else is refused with :class:`~symact.errors.ParseError` naming the offending token
and its 1-based column.  Limits make every input cheap (``9**9**9`` is refused before SymPy
would compute it); each is a module constant and is quoted in its error message:

=====================  =====  ==========================================================
``MAX_LENGTH``          2000  characters of text
``MAX_DEPTH``             50  nesting depth (brackets, calls, operators; ``a+b+c`` is flat)
``MAX_NODES``            500  syntax-tree nodes
``MAX_LITERAL_DIGITS``   100  significant digits of a number literal
``MAX_EXPONENT``        1000  ``|p|`` and ``q`` of a numeric exponent ``p/q``; ``|k|`` in ``1ek``
``MAX_NUMBER_BITS``     3322  bits of every exact number built (about 1000 decimal digits)
``MAX_RADICAL_BITS``    4096  bits × root index of numeric radicals (``sqrt(2)``: 2 × 2)
``MAX_TREE_SIZE``      10000  nodes of the resulting SymPy expression, repeats counted
``MAX_MINMAX_ARGS``        8  arguments of one min/max (SymPy compares them pairwise)
=====================  =====  ==========================================================

>>> f = parse("x*tanh(softplus(x))", name="mish_custom")
>>> f.expr
x*tanh(softplus(x))
>>> g = parse("where(x > 0, x, a*x)", params={"a": 0.01})
>>> g.params, g.bind(a=1).expr
({'a': 1/100}, x)
>>> parse("__import__('os')")
Traceback (most recent call last):
    ...
symact.errors.ParseError: names starting with '_' are not allowed (at column 1: '__import__')
>>> parse("sqrt(x)**2")  # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
symact.errors.ParseError: sqrt(u) needs u >= 0 for every real x, but u = x cannot be shown ...

Layout of this package: :mod:`.scan` (text → syntax tree, token positions, number literals),
:mod:`.limits` (the limits above and the accounting that enforces them), :mod:`.calls` (the
whitelist of names: constants, functions with their :class:`~.calls.Signature`, catalog
activations), :mod:`.domain` (real-domain checks) with :mod:`.sign` (sign decisions),
:mod:`.cases` (Piecewise kept cheap for SymPy), and :mod:`.build`, whose one
:class:`~.build.Builder` walks the tree and builds SymPy objects.
"""

from __future__ import annotations

import keyword
from collections.abc import Mapping, Sequence
from typing import Any

from sympy import Expr, Symbol

from symact.activations.function import REQUIRED, ActivationFunction, Param, X, exact_value
from symact.activations.parse.build import Builder
from symact.activations.parse.calls import CONSTANTS, FUNCTIONS
from symact.activations.parse.limits import (
    LIMITS,
    MAX_DEPTH,
    MAX_EXPONENT,
    MAX_LENGTH,
    MAX_LITERAL_DIGITS,
    MAX_MINMAX_ARGS,
    MAX_NODES,
    MAX_NUMBER_BITS,
    MAX_RADICAL_BITS,
    MAX_TREE_SIZE,
)
from symact.activations.parse.scan import syntax_tree
from symact.errors import ParameterError

__all__ = [
    "CONSTANTS",
    "FUNCTIONS",
    "LIMITS",
    "MAX_DEPTH",
    "MAX_EXPONENT",
    "MAX_LENGTH",
    "MAX_LITERAL_DIGITS",
    "MAX_MINMAX_ARGS",
    "MAX_NODES",
    "MAX_NUMBER_BITS",
    "MAX_RADICAL_BITS",
    "MAX_TREE_SIZE",
    "parse",
]


def parse(
    text: str,
    name: str | None = None,
    params: Mapping[str, Any] | Sequence[str] | None = None,
) -> ActivationFunction:
    """Read ``text``, a formula in ``x``, as an exact activation (never executes the text).

    ``params`` declares parameter names: a mapping to default values (read exactly, ``0.1`` →
    ``1/10``) or a sequence of names left symbolic.  The result's ``bind()`` sets them.
    ``name`` defaults to ``"f"``.

    >>> parse("max(x, 0)").expr
    Max(0, x)
    >>> parse("leaky_relu(x, negative_slope=0.1)").expr
    Piecewise((x, x > 0), (x/10, True))
    >>> parse("x**", name="bad")
    Traceback (most recent call last):
        ...
    symact.errors.ParseError: invalid syntax (at column 4: 'end of text')
    """
    if not isinstance(text, str):
        msg = f"parse() needs the formula as a str, got {type(text).__name__}: {text!r:.60}"
        raise TypeError(msg)
    if name is not None and not isinstance(name, str):
        msg = f"parse() needs name as a str or None, got {type(name).__name__}"
        raise TypeError(msg)
    specs = _declare(params)
    symbols = {spec.name: spec.symbol for spec in specs}
    template = Builder(syntax_tree(text), symbols).build()
    return _activation(name or "f", template, specs, text)


# -- parameters and result ---------------------------------------------------------------------
def _declare(params: Mapping[str, Any] | Sequence[str] | None) -> tuple[Param, ...]:
    """Param records for the declared names (validated: identifiers, no clash, exact defaults)."""
    if params is None:
        return ()
    if isinstance(params, str | bytes):
        msg = f"params must be a mapping or a sequence of names, got the string {params!r}"
        raise TypeError(msg)
    items = params.items() if isinstance(params, Mapping) else ((p, REQUIRED) for p in params)
    specs = []
    for pname, default in items:
        if not isinstance(pname, str):
            msg = f"parameter names must be str, got {pname!r}; use names like 'alpha'"
            raise TypeError(msg)
        taken = pname in CONSTANTS or pname == X.name or keyword.iskeyword(pname)
        if not (pname.isascii() and pname.isidentifier()) or pname.startswith("_") or taken:
            msg = (
                f"invalid parameter name {pname!r}: use an ASCII identifier not starting with "
                f"'_' and other than {', '.join([X.name, *CONSTANTS])} or a Python keyword"
            )
            raise ParameterError(msg)
        value = default if default is REQUIRED else exact_value(pname, default)
        number = isinstance(value, Expr) and value.is_number and value.is_extended_real
        if value is not REQUIRED and not number:
            msg = f"parameter {pname!r} needs a real number as default, got {default!r}"
            raise ParameterError(msg)
        specs.append(Param(pname, value, doc="declared in the parsed formula"))
    return tuple(specs)


def _activation(
    name: str, template: Expr, specs: tuple[Param, ...], text: str
) -> ActivationFunction:
    symbols = {spec.name: spec.symbol for spec in specs}

    def builder(x: Symbol, **values: Any) -> Expr:
        # identity entries would make xreplace rebuild (and re-evaluate) every node
        pairs = [(X, x), *((symbols[k], v) for k, v in values.items())]
        mapping = {old: new for old, new in pairs if old != new}
        return template.xreplace(mapping) if mapping else template

    return ActivationFunction.define(
        name, builder, specs, source="symact.parse", description=text.strip()
    )
