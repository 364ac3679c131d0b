"""The syntax-tree walker: numbers, names and arithmetic, on top of calls and cases.

:class:`Builder` turns a shape-checked tree into an exact SymPy expression, one whitelisted
node at a time: integer and decimal literals (``0.1`` is read as the exact ``1/10``), ``x``,
declared parameters, ``pi``/``e``, ``+ - * / **`` and the calls of :mod:`._parse_calls`.
Each division and power is checked, before SymPy builds it, to stay within the budget
(:mod:`._parse_budget`) and to be defined for every real x (:mod:`._parse_domain`).

>>> import ast
>>> Builder("x/2 + 0.1", 0, {}).build(ast.parse("x/2 + 0.1", mode="eval"))
x/2 + 1/10
"""

from __future__ import annotations

import ast
import difflib
import re
from collections.abc import Callable
from functools import partial
from typing import Any

import sympy
from sympy import Expr

from symact.activations import _parse_domain as domain
from symact.activations._parse_budget import MAX_EXPONENT, MAX_LENGTH, MAX_LITERAL_DIGITS
from symact.activations._parse_calls import FUNCTIONS, SPECIAL, Calls, catalog, catalog_names
from symact.activations._parse_scan import node_text
from symact.activations.function import X

__all__ = ["CONSTANTS", "Builder"]

#: Names of constants.
CONSTANTS: dict[str, Expr] = {"pi": sympy.pi, "e": sympy.E, "E": sympy.E}
_ARITH = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)
_OPERATOR_TEXT = {
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.MatMult: "@",
    ast.BitOr: "|",
    ast.BitAnd: "&",
    ast.BitXor: "^",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.Invert: "~",
}
_DECIMAL = re.compile(r"(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?")


class Builder(Calls):
    """Walk a shape-checked syntax tree, building SymPy objects from whitelisted nodes only."""

    def build(self, tree: ast.Expression) -> Expr:
        expr = self.value(tree.body)
        real = self.guard(tree.body, lambda: expr.is_extended_real)
        if real is False:
            raise self.error(tree.body, "the formula is not real-valued")
        return expr

    def value(self, node: ast.AST) -> Expr:
        """The SymPy value of ``node``, which must denote a number."""
        handler = _VALUE_HANDLERS.get(type(node))
        if handler is None:
            raise self.refuse(node)
        return self.guard(node, lambda: handler(self, node))

    def constant(self, node: ast.Constant) -> Expr:
        value = node.value
        if isinstance(value, bool):
            raise self.error(node, "a boolean is not a number here; use 1 or 0, or a condition")
        if isinstance(value, int):
            if len(str(abs(value))) > MAX_LITERAL_DIGITS:
                msg = f"number literal too long: limit MAX_LITERAL_DIGITS = {MAX_LITERAL_DIGITS}"
                raise self.error(node, msg)
            return sympy.Integer(value)
        if isinstance(value, float):
            return self.decimal(node)
        if isinstance(value, complex):
            raise self.error(node, "complex numbers are not allowed; the formula must be real")
        if isinstance(value, str | bytes):
            raise self.error(node, "strings are not allowed in a formula")
        raise self.error(node, f"{value!r} is not a number")

    def decimal(self, node: ast.Constant) -> Expr:
        """The exact value of a decimal literal, from its text: ``0.1`` → 1/10."""
        text = node_text(self.body, node, limit=MAX_LENGTH).replace("_", "")
        match = _DECIMAL.fullmatch(text)
        if match is None:
            raise self.error(node, "unsupported number literal; write it like 0.25 or 1e-3")
        whole, fraction, power = match.group(1), match.group(2) or "", match.group(3) or "0"
        if len((whole + fraction).lstrip("0")) > MAX_LITERAL_DIGITS:
            msg = f"number literal too long: limit MAX_LITERAL_DIGITS = {MAX_LITERAL_DIGITS}"
            raise self.error(node, msg)
        if len(power.lstrip("+-").lstrip("0")) > 6 or abs(int(power)) > MAX_EXPONENT:
            msg = f"decimal exponent too large: limit MAX_EXPONENT = {MAX_EXPONENT}"
            raise self.error(node, msg)
        scale = int(power) - len(fraction)
        mantissa = int(whole + fraction or "0")
        return sympy.Rational(mantissa * 10 ** max(scale, 0), 10 ** max(-scale, 0))

    def name(self, node: ast.Name) -> Expr:
        ident = node.id
        if ident == X.name:
            return X
        if ident in self.symbols:
            return self.symbols[ident]
        if ident in CONSTANTS:
            return CONSTANTS[ident]
        if ident.startswith("_"):
            raise self.error(node, "names starting with '_' are not allowed")
        if ident in FUNCTIONS or ident in SPECIAL or catalog(ident) is not None:
            raise self.error(node, f"{ident} is a function; call it, e.g. {ident}(x)")
        candidates = [X.name, *self.symbols, *CONSTANTS, *FUNCTIONS, *SPECIAL, *catalog_names()]
        close = difflib.get_close_matches(ident, dict.fromkeys(candidates), n=3)
        declare = f"parse(..., params=[{ident!r}]), or --param {ident}=VALUE|symbolic"
        hint = f"did you mean {', '.join(close)}?" if close else f"use x or declare it: {declare}"
        raise self.error(node, f"unknown name {ident!r}; {hint}")

    # -- arithmetic ------------------------------------------------------------------------------
    def unary(self, node: ast.UnaryOp) -> Expr:
        if isinstance(node.op, ast.Not):
            raise self.refuse(node)
        if isinstance(node.op, ast.Invert):
            raise self.error(node, "operator '~' is not allowed", "~")
        operand = self.value(node.operand)
        return -operand if isinstance(node.op, ast.USub) else operand

    def binop(self, node: ast.BinOp) -> Expr:
        """``a + b - c`` and ``a * b / c`` chains left to right, without recursion per term."""
        if not isinstance(node.op, _ARITH):
            symbol = _OPERATOR_TEXT.get(type(node.op), "?")
            msg = f"operator {symbol!r} is not allowed"
            if isinstance(node.op, ast.BitOr | ast.BitAnd):
                msg += " in a value; it joins conditions: where((x > 0) | (x < -1), 1, 0)"
            return self.op_error(node, symbol, msg)
        if isinstance(node.op, ast.Pow):
            return self.power(node, self.value(node.left), self.value(node.right))
        group = (
            (ast.Add, ast.Sub) if isinstance(node.op, ast.Add | ast.Sub) else (ast.Mult, ast.Div)
        )
        chain: list[ast.BinOp] = []
        left: ast.expr = node
        while isinstance(left, ast.BinOp) and isinstance(left.op, group):
            chain.append(left)
            left = left.left
        result = self.value(left)
        for step in reversed(chain):
            right = self.value(step.right)
            result = self.guard(step, partial(self.arith, step, result, right))
        return result

    def arith(self, node: ast.BinOp, a: Expr, b: Expr) -> Expr:
        self.radicals(node, a, b)
        if isinstance(node.op, ast.Add):
            return a + b
        if isinstance(node.op, ast.Sub):
            return a - b
        if isinstance(node.op, ast.Mult):
            return a * b
        self.within(
            node,
            "/",
            partial(domain.require_nonzero_divisor, b, self.text(node.right), self.region),
        )
        return a / b

    def power(self, node: ast.AST, base: Expr, exponent: Expr) -> Expr:
        """``base**exponent``: refused over the budget or where undefined for some real x."""
        self.within(node, None, partial(self.meter.power, base, exponent))
        typed = self.text(node.left) if isinstance(node, ast.BinOp) else self.text(node)
        self.within(
            node, None, partial(domain.require_real_power, base, exponent, typed, self.region)
        )
        return sympy.Pow(base, exponent)


_VALUE_HANDLERS: dict[type[ast.AST], Callable[[Builder, Any], Expr]] = {
    ast.Constant: Builder.constant,
    ast.Name: Builder.name,
    ast.UnaryOp: Builder.unary,
    ast.BinOp: Builder.binop,
    ast.Call: Builder.call,
}
