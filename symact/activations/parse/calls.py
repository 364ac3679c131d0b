"""The whitelist of names: constants, functions with their signatures, catalog activations.

:data:`FUNCTIONS` maps each whitelisted function to its :class:`Signature` (how many arguments
it takes and how it is built in SymPy); ``log`` and ``log1p`` are checked to be defined for
every real x before they are built (:func:`require_defined`).  Catalog activations (``relu``,
``leaky_relu(x, 0.1)``, ``elu(x, alpha=a)``) are looked up in the registry under any of their
spellings (:func:`catalog`) and their parameters read by :func:`parameters`, which receives the
builder as the :class:`Values` it needs.  The hints of unknown names are generated from these
tables.

>>> FUNCTIONS["log"].describe(), FUNCTIONS["max"].describe(), FUNCTIONS["exp"].accepts(2)
('1 to 2', 'at least 1', False)
>>> from symact.activations.parse import parse
>>> parse("log1p(x**2) + elu(2*x, alpha=1)").expr
Piecewise((2*x, x > 0), (exp(2*x) - 1, True)) + log(x**2 + 1)
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import sympy
from sympy import Expr, Symbol
from sympy.sets.sets import Set

from symact.activations.function import ActivationFunction, Param, X
from symact.activations.parse import domain
from symact.activations.parse.scan import REFUSALS, Source, short_message
from symact.errors import ParameterError, ParseError
from symact.primitives import parser_names

__all__ = [
    "CONSTANTS",
    "FUNCTIONS",
    "MINMAX",
    "SPECIAL",
    "Signature",
    "Values",
    "arity_error",
    "callee",
    "catalog",
    "catalog_names",
    "describe_arity",
    "parameters",
    "require_defined",
    "resolve_name",
    "unknown_function",
]


@dataclass(frozen=True, slots=True)
class Signature:
    """A whitelisted function: fewest and most arguments (None: any number), SymPy builder."""

    min_args: int
    max_args: int | None
    build: Callable[..., Expr]

    def accepts(self, count: int) -> bool:
        """Whether a call with ``count`` positional arguments fits."""
        return count >= self.min_args and (self.max_args is None or count <= self.max_args)

    def describe(self) -> str:
        """The number of arguments taken, as error messages say it."""
        return describe_arity(self.min_args, self.max_args)


def describe_arity(low: int, high: int | None) -> str:
    """``low`` to ``high`` arguments (None: no most), as error messages say it."""
    return f"{low}" if low == high else f"{low} to {high}" if high else f"at least {low}"


T = TypeVar("T")


class Values(Protocol):
    """What reading arguments needs from the builder: the source (for errors), the value of
    a syntax node, and guarded building (failures become ParseErrors at the node)."""

    source: Source

    def value(self, node: ast.AST) -> Expr: ...

    def guard(self, node: ast.AST, build: Callable[[], T]) -> T: ...


#: Names of constants.
CONSTANTS: dict[str, Expr] = {"pi": sympy.pi, "e": sympy.E, "E": sympy.E}

#: Whitelisted functions by name: a view of the primitives' table (names and aliases).
FUNCTIONS: dict[str, Signature] = {
    name: Signature(*p.arity, p.build) for name, p in parser_names().items() if p.build is not None
}
#: The functions whose terms are limited in number and may become cases.
MINMAX = frozenset({"min", "max", "Min", "Max"})
#: Calls the builder handles itself: their arguments are conditions, pieces or a radicand.
SPECIAL = ("sqrt", "where", "Piecewise")


def catalog(name: str) -> Any:
    """The catalog activation called ``name`` (any registry spelling), or None."""
    from symact.activations.registry import get
    from symact.errors import UnknownActivationError

    try:
        return get(name)
    except UnknownActivationError:
        return None


def catalog_names() -> list[str]:
    from symact.activations.registry import names

    return names()


def callee(source: Source, node: ast.Call) -> str:
    """The called name of ``node``; anything but a plain public name is refused."""
    func = node.func
    if not isinstance(func, ast.Name):
        if type(func) in REFUSALS or isinstance(func, ast.Attribute):
            raise source.refuse(func)
        raise source.error(func, "only named functions such as exp(x) or relu(x) can be called")
    if func.id.startswith("_"):
        raise source.error(func, "names starting with '_' are not allowed")
    return func.id


def arity_error(
    source: Source, node: ast.Call, fname: str, low: int, high: int | None
) -> ParseError:
    """The error for a call of ``fname`` with the wrong number of arguments."""
    msg = f"{fname}() takes {describe_arity(low, high)} argument(s), got {len(node.args)}"
    return source.error(node.func, msg, fname)


def _close(name: str, candidates: Sequence[str]) -> list[str]:
    return difflib.get_close_matches(name, dict.fromkeys(candidates), n=3)


def resolve_name(ident: str, symbols: dict[str, Symbol]) -> Expr:
    """The value of a bare name: x, a declared parameter or a constant; else a ParseError
    (without position) that suggests the closest names.

    >>> resolve_name("pi", {})
    pi
    >>> resolve_name("tanh", {})
    Traceback (most recent call last):
        ...
    symact.errors.ParseError: tanh is a function; call it, e.g. tanh(x)
    """
    if ident == X.name:
        return X
    if ident in symbols:
        return symbols[ident]
    if ident in CONSTANTS:
        return CONSTANTS[ident]
    if ident.startswith("_"):
        raise ParseError("names starting with '_' are not allowed")
    if ident in FUNCTIONS or ident in SPECIAL or catalog(ident) is not None:
        raise ParseError(f"{ident} is a function; call it, e.g. {ident}(x)")
    candidates = [X.name, *symbols, *CONSTANTS, *FUNCTIONS, *SPECIAL, *catalog_names()]
    close = _close(ident, candidates)
    declare = f"parse(..., params=[{ident!r}]), or --param {ident}=VALUE|symbolic"
    hint = f"did you mean {', '.join(close)}?" if close else f"use x or declare it: {declare}"
    raise ParseError(f"unknown name {ident!r}; {hint}")


def unknown_function(fname: str) -> str:
    """The message for a call of a name that is no function, with the closest names."""
    close = _close(fname, [*FUNCTIONS, *SPECIAL, *catalog_names()])
    hint = f"did you mean {', '.join(close)}?" if close else "see symact.activations.parse"
    return f"unknown function {fname!r}; {hint}"


def require_defined(fname: str, args: list[Expr], typed: list[str], region: Set) -> None:
    """Refuse ``log``/``log1p`` unless defined for every real x in ``region`` (see
    :mod:`.domain`); the other whitelisted functions are defined on ℝ."""
    if fname == "log":
        base = args[1] if len(args) > 1 else None
        domain.require_positive_log(args[0], typed[0], base, typed[-1], region)
    elif fname == "log1p":
        domain.require_positive_log1p(args[0], typed[0], region)


def parameters(values: Values, node: ast.Call, base: ActivationFunction) -> dict[str, Any]:
    """The parameters of catalog activation ``base`` given after its argument, by position or
    by name."""
    source, specs = values.source, base.specs
    if len(node.args) - 1 > len(specs):
        msg = f"{base.name}() takes at most {len(specs)} parameter(s) after its argument"
        raise source.error(node.args[len(specs) + 1], msg)
    given = {s.name: _parameter(values, a, s) for s, a in zip(specs, node.args[1:], strict=False)}
    for kw in node.keywords:
        if kw.arg is None:
            raise source.error(kw, "'**' arguments are not allowed", "**")
        try:
            spec = base.param(kw.arg)
        except ParameterError as exc:
            raise source.error(kw, short_message(exc), kw.arg) from None
        if spec.name in given:
            raise source.error(kw, f"parameter {spec.name} given twice", kw.arg)
        given[spec.name] = _parameter(values, kw.value, spec)
    return given


def _parameter(values: Values, node: ast.expr, spec: Param) -> Any:
    """A catalog parameter's value: a switch constant, or a number free of x."""
    if isinstance(node, ast.Constant) and (spec.is_switch or node.value is None):
        same = [c for c in spec.choices if type(c) is type(node.value) and c == node.value]
        if same or (node.value is None and spec.default is None):
            return node.value
        msg = f"parameter {spec.name} must be one of {list(spec.choices) or [None]}"
        raise values.source.error(node, msg)
    if spec.is_switch:
        msg = f"parameter {spec.name} must be one of {list(spec.choices)}"
        raise values.source.error(node, msg)
    value = values.value(node)
    if value.has(X):
        raise values.source.error(node, f"parameter {spec.name} cannot depend on x")
    return value
