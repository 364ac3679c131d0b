"""The builder: a scanned syntax tree → an exact SymPy expression, one whitelisted node at a time.

:class:`Builder` walks the tree of a :class:`~.scan.Source`: number literals (read exactly by
:func:`.scan.literal`, ``0.1`` is 1/10), x, declared parameters and constants
(:func:`.calls.resolve_name`), ``+ - * / **``, calls of :data:`.calls.FUNCTIONS` and of catalog
activations, ``sqrt``, ``where``/``Piecewise`` and their conditions (:mod:`.cases`).  Every SymPy
object is built through :meth:`Builder.guard`, which turns any failure into a ParseError at the
node being built and checks the result against the limits (:class:`.limits.Meter`); each
division, power, root and logarithm is first checked to be defined for every real x
(:mod:`.domain`).  Checks that know nothing of positions raise a position-less ParseError, and
:meth:`Builder.within` places it at the node's token and column.

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

from symact.activations.function import ActivationFunction, Param, X
from symact.activations.parse import calls, cases, domain
from symact.activations.parse.limits import MAX_LENGTH, MAX_TREE_SIZE, Meter
from symact.activations.parse.scan import REFUSALS, Source, literal, node_text, short_message
from symact.activations.parse.sign import region_of
from symact.errors import ParameterError, ParseError, SymactError

__all__ = ["Builder"]

T = TypeVar("T")
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
        wanted = calls.describe_arity(low, high)
        msg = f"{fname}() takes {wanted} argument(s), got {len(node.args)}"
        return self.source.error(node.func, msg, fname)

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
            symbol = _OPERATOR_TEXT.get(type(node.op), "?")
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
        fname = self.callee(node)
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

    def callee(self, node: ast.Call) -> str:
        """The called name; anything but a plain public name is refused."""
        func = node.func
        if not isinstance(func, ast.Name):
            if type(func) in REFUSALS or isinstance(func, ast.Attribute):
                raise self.source.refuse(func)
            msg = "only named functions such as exp(x) or relu(x) can be called"
            raise self.source.error(func, msg)
        if func.id.startswith("_"):
            raise self.source.error(func, "names starting with '_' are not allowed")
        return func.id

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
        values = self.parameters(node, base)
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

    def parameters(self, node: ast.Call, base: ActivationFunction) -> dict[str, Any]:
        """The catalog parameters given after the argument, by position or by name."""
        specs = base.specs
        if len(node.args) - 1 > len(specs):
            msg = f"{base.name}() takes at most {len(specs)} parameter(s) after its argument"
            raise self.source.error(node.args[len(specs) + 1], msg)
        values = {s.name: self.parameter(a, s) for s, a in zip(specs, node.args[1:], strict=False)}
        for kw in node.keywords:
            if kw.arg is None:
                raise self.source.error(kw, "'**' arguments are not allowed", "**")
            try:
                spec = base.param(kw.arg)
            except ParameterError as exc:
                raise self.source.error(kw, short_message(exc), kw.arg) from None
            if spec.name in values:
                raise self.source.error(kw, f"parameter {spec.name} given twice", kw.arg)
            values[spec.name] = self.parameter(kw.value, spec)
        return values

    def parameter(self, node: ast.expr, spec: Param) -> Any:
        """A catalog parameter's value: a switch constant, or a number free of x."""
        if isinstance(node, ast.Constant) and (spec.is_switch or node.value is None):
            same = [c for c in spec.choices if type(c) is type(node.value) and c == node.value]
            if same or (node.value is None and spec.default is None):
                return node.value
            msg = f"parameter {spec.name} must be one of {list(spec.choices) or [None]}"
            raise self.source.error(node, msg)
        if spec.is_switch:
            msg = f"parameter {spec.name} must be one of {list(spec.choices)}"
            raise self.source.error(node, msg)
        value = self.value(node)
        if value.has(X):
            raise self.source.error(node, f"parameter {spec.name} cannot depend on x")
        return value

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
        """The SymPy boolean of a condition: comparisons (also ``Eq(a, b)``, ``Ne(a, b)``)
        joined by and/or/not (also SymPy's ``&``, ``|``, ``~``), True, False."""
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            return sympy.true if node.value else sympy.false
        if isinstance(node, ast.Compare):
            return self.guard(node, lambda: self.compare(node))
        if isinstance(node, ast.BoolOp):
            parts = [self.condition(value) for value in node.values]
            join = sympy.And if isinstance(node.op, ast.And) else sympy.Or
            return self.guard(node, lambda: join(*parts))
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr | ast.BitAnd):
            # SymPy prints Or/And as (a) | (b), (a) & (b): accepted so its output reads back
            pair = [self.condition(node.left), self.condition(node.right)]
            join = sympy.Or if isinstance(node.op, ast.BitOr) else sympy.And
            return self.guard(node, lambda: join(*pair))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not | ast.Invert):
            inner = self.condition(node.operand)
            return self.guard(node, lambda: sympy.Not(inner))
        if isinstance(node, ast.Call) and self.callee(node) in cases.EQUATIONS:
            return self.guard(node, lambda: self.equation(node))
        raise self.source.error(
            node, "expected a condition such as x > 0 (comparisons, and, or, not)"
        )

    def equation(self, node: ast.Call) -> Basic:
        """``Eq(a, b)`` and ``Ne(a, b)``, as SymPy prints ``a == b`` and ``a != b``."""
        fname = self.callee(node)
        if len(node.args) != 2 or node.keywords:
            raise self.arity(node, fname, 2, 2)
        a, b = (self.value(arg) for arg in node.args)
        return cases.EQUATIONS[fname](a, b)

    def compare(self, node: ast.Compare) -> Basic:
        left_node: ast.expr = node.left
        left = self.value(left_node)
        relations = []
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = self.value(right_node)
            relation = cases.RELATIONS.get(type(op))
            if relation is None:
                start, end = left_node.end_col_offset or 0, right_node.col_offset
                token = self.source.body[start:end].strip() or type(op).__name__
                msg = f"comparison {token!r} is not allowed"
                raise self.source.error(node, msg, token, start + 1)
            relations.append(relation(left, right))
            left_node, left = right_node, right
        return sympy.And(*relations)


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
