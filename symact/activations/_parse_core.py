"""The syntax-tree walker's core: errors at a node's token and column, and guarded building.

Every SymPy object the parser builds comes from :meth:`Walker.guard`, which turns any failure
into a :class:`~symact.errors.ParseError` at the syntax node being built and then checks the
result against the budget (:mod:`._parse_budget`).  Checks that know nothing of positions
(budget, real domain) raise a position-less ParseError; :meth:`Walker.within` places it.
The walker itself is split by concept: :mod:`._parse_cases` (conditions, where, Piecewise,
min/max), :mod:`._parse_calls` (function calls) and :mod:`._parse_tree` (numbers, names,
arithmetic), each a subclass of the previous.
"""

from __future__ import annotations

import ast
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

from sympy import Basic, Expr, S, Symbol
from sympy.sets.sets import Set

from symact.activations._parse_budget import Meter, Stats
from symact.activations._parse_scan import node_offset, node_text, short_message
from symact.activations.function import X
from symact.errors import ParseError, SymactError

__all__ = ["REFUSALS", "Walker"]


class Walker(ABC):
    """State and error handling shared by every part of the syntax-tree walker.

    ``body`` is the parsed text (offsets in the tree index it), ``lead`` the number of
    characters stripped before it, ``symbols`` the declared parameters by name.
    """

    def __init__(self, body: str, lead: int, symbols: dict[str, Symbol]) -> None:
        self.body = body
        self.lead = lead
        self.symbols = symbols
        self.allowed = frozenset({X, *symbols.values()})
        self.meter = Meter(self.allowed)
        #: Where the node being built is evaluated: a where/Piecewise branch applies on part of ℝ.
        self.region: Set = S.Reals

    @abstractmethod
    def value(self, node: ast.AST) -> Expr:
        """The SymPy value of ``node``, which must denote a number."""

    @abstractmethod
    def callee(self, node: ast.Call) -> str:
        """The called name of ``node`` (only plain public names)."""

    @abstractmethod
    def power(self, node: ast.AST, base: Expr, exponent: Expr) -> Expr:
        """``base**exponent``, within the budget and defined for every real x."""

    # -- errors ----------------------------------------------------------------------------------
    def error(
        self, node: ast.AST, message: str, token: str | None = None, offset: int | None = None
    ) -> ParseError:
        """A ParseError naming ``token`` (default: the node's text) and its 1-based column."""
        token = node_text(self.body, node) if token is None else token
        offset = node_offset(node) if offset is None else offset
        return ParseError(message, token, self.lead + offset + 1)

    def op_error(self, node: ast.AST, symbol: str, message: str) -> Any:
        """Raise ``message`` at the operator ``symbol`` between a node's operands."""
        start = getattr(getattr(node, "left", None), "end_col_offset", None) or node_offset(node)
        end = getattr(getattr(node, "right", None), "col_offset", None) or len(self.body)
        found = self.body.find(symbol, start, end)
        raise self.error(node, message, symbol, found if found >= 0 else start)

    def arity(self, node: ast.Call, fname: str, low: int, high: int | None) -> ParseError:
        """The error for a call with the wrong number of arguments."""
        wanted = f"{low}" if low == high else f"{low} to {high}" if high else f"at least {low}"
        msg = f"{fname}() takes {wanted} argument(s), got {len(node.args)}"
        return self.error(node.func, msg, fname)

    def text(self, node: ast.AST) -> str:
        """The text of ``node`` as typed (shortened), for messages."""
        return node_text(self.body, node, limit=60)

    # -- guarded building ------------------------------------------------------------------------
    def guard(self, node: ast.AST, build: Callable[[], Any]) -> Any:
        """Run ``build``; any failure becomes a ParseError at ``node``; check the result."""
        try:
            result = build()
            if isinstance(result, Basic):
                self.within(node, None, lambda: self.meter.check(result))
        except ParseError:
            raise
        except SymactError as exc:
            raise self.error(node, short_message(exc)) from None
        except Exception as exc:
            msg = f"cannot build this expression ({type(exc).__name__}: {short_message(exc)})"
            raise self.error(node, msg) from None
        return result

    def within(self, node: ast.AST, symbol: str | None, check: Callable[[], None]) -> None:
        """Run a position-less check; its refusal names ``node`` (or the operator ``symbol``)."""
        try:
            check()
        except ParseError as exc:
            if symbol is not None:
                self.op_error(node, symbol, str(exc))
            raise self.error(node, str(exc)) from None

    def measure(self, expr: Basic) -> Stats:
        """The budget statistics of ``expr`` (memoised)."""
        return self.meter.measure(expr)

    def radicals(self, node: ast.AST, *args: Expr) -> None:
        """Refuse combining operands whose numeric roots SymPy could merge into huge ones."""
        self.within(node, None, lambda: self.meter.radicals(*args))

    # -- refusals --------------------------------------------------------------------------------
    def refuse(self, node: ast.AST) -> ParseError:
        """The error for a syntax-tree node outside the whitelist, naming its token."""
        if isinstance(node, ast.Attribute):
            offset = (node.end_col_offset or 0) - len(node.attr)
            return self.error(node, "attribute access is not allowed", node.attr, offset)
        if isinstance(node, ast.Compare | ast.BoolOp | ast.UnaryOp):
            msg = "a condition is not a number; use it inside where(cond, a, b) or Piecewise"
            return self.error(node, msg)
        reason = REFUSALS.get(type(node), f"{type(node).__name__} expressions are not allowed")
        token = _REFUSAL_TOKENS.get(type(node))
        found = self.body.find(token, node_offset(node)) if token else -1
        if token and found >= 0:
            return self.error(node, reason, token, found)
        return self.error(node, reason)


REFUSALS: dict[type[ast.AST], str] = {
    ast.Subscript: "subscripts are not allowed",
    ast.Lambda: "lambda expressions are not allowed",
    ast.ListComp: "comprehensions are not allowed",
    ast.SetComp: "comprehensions are not allowed",
    ast.DictComp: "comprehensions are not allowed",
    ast.GeneratorExp: "comprehensions are not allowed",
    ast.Starred: "starred arguments are not allowed",
    ast.JoinedStr: "strings are not allowed in a formula",
    ast.List: "lists are not allowed",
    ast.Tuple: "tuples are allowed only as Piecewise pieces (value, condition)",
    ast.Set: "sets are not allowed",
    ast.Dict: "dicts are not allowed",
    ast.IfExp: "conditional expressions are not allowed; use where(cond, a, b)",
    ast.NamedExpr: "assignment expressions (:=) are not allowed",
    ast.Slice: "slices are not allowed",
    ast.Await: "await is not allowed",
}
#: The token a refusal names, searched from the start of the refused node.
_REFUSAL_TOKENS: dict[type[ast.AST], str] = {
    ast.Subscript: "[",
    ast.Lambda: "lambda",
    ast.ListComp: "for",
    ast.SetComp: "for",
    ast.DictComp: "for",
    ast.GeneratorExp: "for",
    ast.Starred: "*",
    ast.IfExp: "if",
    ast.NamedExpr: ":=",
    ast.Await: "await",
}
