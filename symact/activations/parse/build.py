"""The builder: a scanned syntax tree → an exact SymPy expression, one whitelisted node at a time.

:class:`Builder` walks the tree of a :class:`~.scan.Source`: number literals (read exactly by
:func:`.scan.literal`, ``0.1`` is 1/10), x, declared parameters and constants
(:func:`.calls.resolve_name`), ``+ - * / **``, calls of :data:`.calls.FUNCTIONS` and of catalog
activations, ``sqrt``, ``where``/``Piecewise`` (:mod:`.cases`) and their conditions
(:mod:`.conditions`).  Every SymPy object is built through :meth:`Builder.guard`, which turns
any failure into a ParseError at the node being built and checks the result against the limits
(:class:`.limits.Meter`); each division, power, root and logarithm is first checked to be
defined for every real x (:mod:`.domain`).  Checks that know nothing of positions raise a
position-less ParseError, and :meth:`Builder.within` places it at the node's token and column.

>>> from symact.activations.parse.scan import syntax_tree
>>> Builder(syntax_tree("x/2 + 0.1"), {}).build()
x/2 + 1/10
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

import sympy
from sympy import Basic, Expr, S, Symbol
from sympy.sets.sets import Set

from symact.activations.function import ActivationFunction, X
from symact.activations.parse import calls, cases, conditions, domain
from symact.activations.parse.limits import MAX_LENGTH, MAX_TREE_SIZE, Meter
from symact.activations.parse.scan import OPERATOR_TEXT, Source, literal, node_text, short_message
from symact.activations.parse.sign import region_of
from symact.errors import ParseError, SymactError

__all__ = ["Builder"]

T = TypeVar("T")
_ARITH = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)


class Builder:
    """Build the SymPy value of ``source``'s tree from whitelisted nodes only.

    ``symbols`` holds the declared parameters by name; ``region`` is where the node being built
    is evaluated (a where/Piecewise branch applies on part of ℝ).
    """

    def __init__(self, source: Source, symbols: dict[str, Symbol]) -> None:
        self.source = source
        self.symbols = symbols
        self.allowed = frozenset({X, *symbols.values()})
        self.meter = Meter(self.allowed)
        self.region: Set = S.Reals

    def build(self) -> Expr:
        """The value of the whole formula, which must be real."""
        body = self.source.tree.body
        expr = self.value(body)
        real = self.guard(body, lambda: expr.is_extended_real)
        if real is False:
            raise self.source.error(body, "the formula is not real-valued")
        return expr

    # -- guarded building ------------------------------------------------------------------------
    def guard(self, node: ast.AST, build: Callable[[], T]) -> T:
        """Run ``build``; any failure becomes a ParseError at ``node``; check the result."""
        try:
            result = build()
            if isinstance(result, Basic):
                self.within(node, None, partial(self.meter.check, result))
        except ParseError:
            raise
        except SymactError as exc:
            raise self.source.error(node, short_message(exc)) from None
        except Exception as exc:
            msg = f"cannot build this expression ({type(exc).__name__}: {short_message(exc)})"
            raise self.source.error(node, msg) from None
        return result

    def within(self, node: ast.AST, symbol: str | None, check: Callable[[], T]) -> T:
        """Run a position-less check; its refusal names ``node`` (or the operator ``symbol``)."""
        try:
            return check()
        except ParseError as exc:
            if symbol is not None:
                raise self.source.operator_error(node, symbol, str(exc)) from None
            raise self.source.error(node, str(exc)) from None

    def radicals(self, node: ast.AST, *args: Expr) -> None:
        """Refuse combining operands whose numeric roots SymPy could merge into huge ones."""
        self.within(node, None, partial(self.meter.radicals, *args))

    def arity(self, node: ast.Call, fname: str, low: int, high: int | None) -> ParseError:
        """The error for a call with the wrong number of arguments."""
        return calls.arity_error(self.source, node, fname, low, high)

    # -- numbers, names, arithmetic --------------------------------------------------------------
    def value(self, node: ast.AST) -> Expr:
        """The SymPy value of ``node``, which must denote a number."""
        handler = _VALUE_HANDLERS.get(type(node))
        if handler is None:
            raise self.source.refuse(node)
        return self.guard(node, lambda: handler(self, node))

    def constant(self, node: ast.Constant) -> Expr:
        text = node_text(self.source.body, node, limit=MAX_LENGTH)
        return self.within(node, None, partial(literal, node.value, text))

    def name(self, node: ast.Name) -> Expr:
        return self.within(node, None, partial(calls.resolve_name, node.id, self.symbols))

    def unary(self, node: ast.UnaryOp) -> Expr:
        if isinstance(node.op, ast.Not):
            raise self.source.refuse(node)
        if isinstance(node.op, ast.Invert):
            raise self.source.error(node, "operator '~' is not allowed", "~")
        operand = self.value(node.operand)
        return -operand if isinstance(node.op, ast.USub) else operand

    def binop(self, node: ast.BinOp) -> Expr:
        """``a + b - c`` and ``a * b / c`` chains left to right, without recursion per term."""
        if not isinstance(node.op, _ARITH):
            symbol = OPERATOR_TEXT.get(type(node.op), "?")
            msg = f"operator {symbol!r} is not allowed"
            if isinstance(node.op, ast.BitOr | ast.BitAnd):
                msg += " in a value; it joins conditions: where((x > 0) | (x < -1), 1, 0)"
            raise self.source.operator_error(node, symbol, msg)
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
        typed = self.source.text(node.right)
        self.within(node, "/", partial(domain.require_nonzero_divisor, b, typed, self.region))
        return a / b

    def power(self, node: ast.AST, base: Expr, exponent: Expr) -> Expr:
        """``base**exponent``: refused over the budget or where undefined for some real x."""
        self.within(node, None, partial(self.meter.power, base, exponent))
        typed = self.source.text(node.left if isinstance(node, ast.BinOp) else node)
        check = partial(domain.require_real_power, base, exponent, typed, self.region)
        self.within(node, None, check)
        return sympy.Pow(base, exponent)

    # -- calls -----------------------------------------------------------------------------------
    def call(self, node: ast.Call) -> Expr:
        """A call: where/Piecewise/sqrt, a whitelisted function, or a catalog activation."""
        fname = calls.callee(self.source, node)
        if fname in calls.SPECIAL:
            self.no_keywords(node)
            return _SPECIAL_HANDLERS[fname](self, node)
        signature = calls.FUNCTIONS.get(fname)
        if signature is not None and not node.keywords and signature.accepts(len(node.args)):
            return self.function(node, fname, signature)
        activation = calls.catalog(fname)
        if isinstance(activation, ActivationFunction):
            return self.apply(node, activation)
        if activation is not None:
            msg = f"{fname} is a vector activation; only element-wise activations apply to x"
            raise self.source.error(node.func, msg)
        if signature is not None:
            self.no_keywords(node)
            raise self.arity(node, fname, signature.min_args, signature.max_args)
        raise self.source.error(node.func, calls.unknown_function(fname))

    def no_keywords(self, node: ast.Call) -> None:
        for kw in node.keywords:
            token = kw.arg or "**"
            msg = f"keyword arguments are not allowed here ({token}=...)"
            raise self.source.error(kw, msg, token)

    def function(self, node: ast.Call, fname: str, signature: calls.Signature) -> Expr:
        """A whitelisted function of its arguments, defined for every real x."""
        args = [self.value(arg) for arg in node.args]
        self.radicals(node, *args)
        typed = [self.source.text(arg) for arg in node.args]
        self.within(node, None, partial(calls.require_defined, fname, args, typed, self.region))
        if fname in calls.MINMAX:
            self.within(node.func, None, partial(cases.limit_terms, signature.build, args, fname))
            build = partial(cases.minmax, signature.build, args, self.meter.measure)
            return self.within(node, None, build)
        return signature.build(*args)

    def sqrt(self, node: ast.Call) -> Expr:
        if len(node.args) != 1:
            raise self.arity(node, "sqrt", 1, 1)
        arg = self.value(node.args[0])
        typed = self.source.text(node.args[0])
        self.within(node, None, partial(domain.require_nonnegative_sqrt, arg, typed, self.region))
        return self.power(node, arg, S.Half)

    def apply(self, node: ast.Call, base: ActivationFunction) -> Expr:
        """A catalog activation applied to its argument; parameters by position or name."""
        name = base.name
        if not node.args:
            raise self.source.error(node.func, f"{name}() needs its argument, e.g. {name}(x)")
        values = calls.parameters(self, node, base)
        bound = self.guard(node.func, lambda: base.bind(**values))
        missing = [p.name for p in base.specs if bound.params[p.name] == p.symbol]
        if any(p.symbol not in self.allowed for p in base.specs if p.name in missing):
            wanted = ", ".join(f"{m}=..." for m in missing)
            msg = f"{name}() needs values: {name}(x, {wanted})"
            raise self.source.error(node.func, msg, name)
        arg = self.value(node.args[0])
        self.radicals(node, arg, bound.expr)
        stats = self.meter.measure(arg)
        if bound.expr.count(bound.x) * stats.size * stats.pieces > MAX_TREE_SIZE:
            msg = f"{name}(...) of this argument grows beyond MAX_TREE_SIZE = {MAX_TREE_SIZE}"
            raise self.source.error(node.func, msg, name)
        return cases.substitute(bound.expr, arg)

    # -- cases and conditions --------------------------------------------------------------------
    def where(self, node: ast.Call) -> Expr:
        if len(node.args) != 3:
            raise self.arity(node, "where", 3, 3)
        cond = self.condition(node.args[0])
        applies = region_of(cond)
        a = self.branch(node.args[1], applies)
        b = self.branch(node.args[2], None if applies is None else S.Reals - applies)
        self.radicals(node, a, b)
        pieces = [(a, cond), (b, sympy.true)]
        return self.within(node.args[0], None, partial(cases.cases, pieces, self.meter.measure))

    def piecewise(self, node: ast.Call) -> Expr:
        if not node.args:
            raise self.arity(node, "Piecewise", 1, None)
        pieces, remaining = [], S.Reals
        for arg in node.args:
            if not (isinstance(arg, ast.Tuple) and len(arg.elts) == 2):
                msg = "each Piecewise argument must be a pair (value, condition)"
                raise self.source.error(arg, msg)
            cond = self.condition(arg.elts[1])
            applies = region_of(cond)
            here = None if applies is None else sympy.Intersection(applies, remaining)
            pieces.append((self.branch(arg.elts[0], here), cond))
            remaining = remaining if applies is None else remaining - applies
        if pieces[-1][1] is not sympy.true:
            msg = "Piecewise must end with a piece (value, True) so that every x has a value"
            raise self.source.error(node.args[-1], msg)
        self.radicals(node, *(value for value, _ in pieces))
        return self.within(node, None, partial(cases.cases, pieces, self.meter.measure))

    def branch(self, node: ast.AST, applies: Set | None) -> Expr:
        """The value of a branch, its domain checked only where it applies (None: unknown).

        ``where(x > 0, log(x), 0)`` is defined on ℝ: log(x) is only used where x > 0.  Sound
        because the branch keeps its condition in the Piecewise built from it.
        """
        if applies is None:
            return self.value(node)
        outer, self.region = self.region, sympy.Intersection(self.region, applies)
        try:
            return self.value(node)
        finally:
            self.region = outer

    def condition(self, node: ast.AST) -> Basic:
        """The SymPy boolean of a condition (see :mod:`.conditions`)."""
        return conditions.condition(self, node)


_VALUE_HANDLERS: dict[type[ast.AST], Callable[[Builder, Any], Expr]] = {
    ast.Constant: Builder.constant,
    ast.Name: Builder.name,
    ast.UnaryOp: Builder.unary,
    ast.BinOp: Builder.binop,
    ast.Call: Builder.call,
}
_SPECIAL_HANDLERS: dict[str, Callable[[Builder, ast.Call], Expr]] = {
    "where": Builder.where,
    "Piecewise": Builder.piecewise,
    "sqrt": Builder.sqrt,
}
