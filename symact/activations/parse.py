"""The safe parser: a formula in ``x`` → an exact :class:`ActivationFunction`.

The text is read by :func:`ast.parse` (which builds a syntax tree and executes nothing) and the
tree is walked against a whitelist that builds SymPy objects directly; ``eval``, ``sympify``
and ``parse_expr`` never see user text.  Accepted: integer and decimal literals (``0.1`` is
read as the exact ``1/10``), ``x``, declared parameter names, ``pi``, ``e``/``E``,
``+ - * / **``, calls of the functions in :data:`FUNCTIONS`, of ``where(cond, a, b)`` and
``Piecewise((value, cond), ..., (value, True))``, and of every element-wise catalog activation
(``x*tanh(softplus(x))``, ``leaky_relu(x, 0.1)``, ``elu(x, alpha=a)``); comparisons
(chained too) and ``and``/``or``/``not`` inside conditions.

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
"""

from __future__ import annotations

import ast
import difflib
import keyword
import math
import re
import warnings
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any, NamedTuple

import sympy
from sympy import Basic, Expr, Piecewise, S, Symbol

from symact.activations import _parse_domain as domain
from symact.activations.function import REQUIRED, ActivationFunction, Param, X, exact_value
from symact.activations.nodes import sigmoid, softplus
from symact.errors import ParameterError, ParseError, SymactError

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

MAX_LENGTH = 2000
MAX_DEPTH = 50
MAX_NODES = 500
MAX_LITERAL_DIGITS = 100
MAX_EXPONENT = 1000
MAX_NUMBER_BITS = 3322
MAX_RADICAL_BITS = 4096
MAX_TREE_SIZE = 10_000
MAX_MINMAX_ARGS = 8

#: Every limit by name, as the error messages quote them.
LIMITS: dict[str, int] = {
    "MAX_LENGTH": MAX_LENGTH,
    "MAX_DEPTH": MAX_DEPTH,
    "MAX_NODES": MAX_NODES,
    "MAX_LITERAL_DIGITS": MAX_LITERAL_DIGITS,
    "MAX_EXPONENT": MAX_EXPONENT,
    "MAX_NUMBER_BITS": MAX_NUMBER_BITS,
    "MAX_RADICAL_BITS": MAX_RADICAL_BITS,
    "MAX_TREE_SIZE": MAX_TREE_SIZE,
    "MAX_MINMAX_ARGS": MAX_MINMAX_ARGS,
}

#: Names of constants.
CONSTANTS: dict[str, Expr] = {"pi": sympy.pi, "e": sympy.E, "E": sympy.E}


def _log(u: Expr, base: Expr | None = None) -> Expr:
    return sympy.log(u) if base is None else sympy.log(u) / sympy.log(base)


#: Whitelisted functions: name → (fewest arguments, most arguments or None, builder).
FUNCTIONS: dict[str, tuple[int, int | None, Callable[..., Expr]]] = {
    "exp": (1, 1, sympy.exp),
    "log": (1, 2, _log),
    "log1p": (1, 1, lambda u: sympy.log(1 + u)),
    "expm1": (1, 1, lambda u: sympy.exp(u) - 1),
    "abs": (1, 1, sympy.Abs),
    "sign": (1, 1, sympy.sign),
    "min": (1, None, sympy.Min),
    "max": (1, None, sympy.Max),
    "tanh": (1, 1, sympy.tanh),
    "sinh": (1, 1, sympy.sinh),
    "cosh": (1, 1, sympy.cosh),
    "sin": (1, 1, sympy.sin),
    "cos": (1, 1, sympy.cos),
    "atan": (1, 1, sympy.atan),
    "erf": (1, 1, sympy.erf),
    "erfc": (1, 1, sympy.erfc),
    "sigmoid": (1, 1, sigmoid),
    "softplus": (1, 1, softplus),
    "Heaviside": (1, 2, sympy.Heaviside),
}
_SPECIAL = ("sqrt", "where", "Piecewise")
_RELATIONS: dict[type[ast.cmpop], Callable[[Expr, Expr], Basic]] = {
    ast.Lt: sympy.Lt,
    ast.LtE: sympy.Le,
    ast.Gt: sympy.Gt,
    ast.GtE: sympy.Ge,
    ast.Eq: sympy.Eq,
    ast.NotEq: sympy.Ne,
}
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
#: Characters refused before parsing, each with the reason.
_BAD_CHARS = {
    "\\": "backslashes are not allowed in a formula",
    "#": "comments are not allowed in a formula",
    ";": "only one expression is allowed; remove ';'",
}
_DECIMAL = re.compile(r"(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?")


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
    tree, body, lead = _syntax_tree(text)
    symbols = {spec.name: spec.symbol for spec in specs}
    template = _Builder(body, lead, symbols).build(tree)
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
                "'_' and other than x, pi, e, E or a Python keyword"
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


# -- text → syntax tree --------------------------------------------------------------------------
def _syntax_tree(text: str) -> tuple[ast.Expression, str, int]:
    """Scan ``text`` cheaply, then parse it.

    Returns the tree, the text it was parsed from (whitespace made spaces, leading spaces
    removed: the tree's offsets index it) and the number of leading characters removed.
    """
    if len(text) > MAX_LENGTH:
        msg = f"formula too long: {len(text)} characters, limit MAX_LENGTH = {MAX_LENGTH}"
        raise ParseError(msg, text[MAX_LENGTH : MAX_LENGTH + 10], MAX_LENGTH + 1)
    flat = _scan_characters(text)
    body = flat.lstrip()
    lead = len(flat) - len(body)
    if not body.strip():
        raise ParseError("empty formula; write an expression in x such as max(x, 0)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            tree = ast.parse(body, mode="eval")
    except SyntaxError as exc:
        raise _syntax_error(exc, body, lead) from None
    except (RecursionError, MemoryError, ValueError, Warning) as exc:
        msg = f"the formula cannot be read ({type(exc).__name__}); simplify it"
        raise ParseError(msg, body[:10], lead + 1) from None
    _check_shape(tree, body, lead)
    return tree, body, lead


def _scan_characters(text: str) -> str:
    """Refuse characters no formula needs and over-deep brackets; whitespace → spaces."""
    depth = 0
    for index, char in enumerate(text):
        column = index + 1
        if not char.isascii() or (not char.isprintable() and char not in "\t\n\r\f\v"):
            msg = f"character {char!r} is not allowed; use ASCII operators such as - and *"
            raise ParseError(msg, char, column)
        if char in _BAD_CHARS:
            raise ParseError(_BAD_CHARS[char], char, column)
        if char in "([{":
            depth += 1
            if depth > MAX_DEPTH:
                msg = f"brackets nested too deeply: limit MAX_DEPTH = {MAX_DEPTH}"
                raise ParseError(msg, char, column)
        elif char in ")]}":
            depth = max(depth - 1, 0)
    return "".join(" " if c in "\t\n\r\f\v" else c for c in text)


def _syntax_error(exc: SyntaxError, body: str, lead: int) -> ParseError:
    # CPython reports offset 0 when the text ends too early
    offset = exc.offset if exc.offset and exc.lineno == 1 else len(body) + 1
    offset = min(max(offset, 1), len(body) + 1)
    found = re.match(r"\w+|\S", body[offset - 1 :])
    token = found.group() if found else "end of text"
    reason = (exc.msg or "invalid syntax").split(" (")[0]
    return ParseError(reason, token, lead + offset)


def _check_shape(tree: ast.Expression, body: str, lead: int) -> None:
    """Count nodes and measure nesting without recursion (``a+b+c`` chains count once)."""
    count = 0
    stack: list[tuple[ast.AST, int]] = [(tree.body, 1)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            msg = f"formula too large: more than MAX_NODES = {MAX_NODES} syntax nodes"
            raise ParseError(msg, _source(body, node), lead + _offset(node) + 1)
        if depth > MAX_DEPTH:
            msg = f"formula nested too deeply: limit MAX_DEPTH = {MAX_DEPTH}"
            raise ParseError(msg, _source(body, node), lead + _offset(node) + 1)
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr_context | ast.operator | ast.cmpop | ast.boolop):
                continue
            flat = _same_chain(node, child)
            stack.append((child, depth if flat else depth + 1))


def _same_chain(parent: ast.AST, child: ast.AST) -> bool:
    if not (isinstance(parent, ast.BinOp) and isinstance(child, ast.BinOp)):
        return False
    for group in ((ast.Add, ast.Sub), (ast.Mult, ast.Div)):
        if isinstance(parent.op, group) and isinstance(child.op, group):
            return child is parent.left
    return False


def _offset(node: ast.AST) -> int:
    return int(getattr(node, "col_offset", 0) or 0)


def _source(body: str, node: ast.AST, limit: int = 40) -> str:
    """The text of ``node`` (shortened), as the token an error names."""
    start = _offset(node)
    end = getattr(node, "end_col_offset", None) or start + 1
    text = body[start:end] or type(node).__name__
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _short(exc: BaseException) -> str:
    """An exception's message, safely shortened (huge numbers cannot even be printed)."""
    try:
        text = str(exc)
    except Exception:  # e.g. int → str conversion limit
        text = ""
    return text if len(text) <= 120 else text[:117] + "..."


# -- measuring SymPy results ---------------------------------------------------------------------
_IMAGINARY, _UNDEFINED, _HUGE, _NONREAL = 1, 2, 4, 8
_FLAG_MESSAGES = {
    _IMAGINARY: "the formula is not real: it involves the imaginary unit (e.g. sqrt(-1), log(-2))",
    _UNDEFINED: "the formula is undefined: division by zero, log(0) or an infinite value",
    _HUGE: f"a number in the formula is too large: limit MAX_NUMBER_BITS = {MAX_NUMBER_BITS} bits",
    _NONREAL: "the formula is not real: a negative number to a non-integer power, e.g. (-8)**(1/3)",
}


def _atom_stats(node: Basic) -> tuple[int, int]:
    """Radical cost and flags of one node, ignoring its arguments."""
    if node.is_Rational:
        bits = max(int(node.p).bit_length(), int(node.q).bit_length())
        return 0, _HUGE if bits > MAX_NUMBER_BITS else 0
    if node is S.ImaginaryUnit:
        return 0, _IMAGINARY
    if node in (S.ComplexInfinity, S.NaN, S.Infinity, S.NegativeInfinity):
        return 0, _UNDEFINED
    if not node.is_Pow:
        return 0, 0
    base, exp = node.base, node.exp
    # a negative constant to a non-integer power is complex: (-8)**(1/3), (-2)**x
    nonreal = base.is_number and base.is_extended_negative and exp.is_integer is not True
    flags = _NONREAL if nonreal else 0
    if base.is_Rational and exp.is_Rational and exp.q != 1:
        cost = (int(base.p).bit_length() + int(base.q).bit_length()) * int(exp.q)
        return cost, flags
    return 0, flags


class _Stats(NamedTuple):
    """What the limits need to know about a SymPy expression (repeated subtrees counted)."""

    size: int  # nodes, capped just above MAX_TREE_SIZE
    cost: int  # radical cost: bits of each numeric radicand times its root index
    flags: int  # _IMAGINARY | _UNDEFINED | _HUGE | _NONREAL
    free: frozenset[Basic]  # free symbols
    pieces: int  # pieces folding its Piecewise subterms would give, capped likewise
    magnitude: float  # constants: a rough bound on |log2 |value||; 0 for non-constants

    @classmethod
    def of(cls, node: Basic, children: list[_Stats]) -> _Stats:
        cost, flags = _atom_stats(node)
        size, pieces = 1, len(node.args) if isinstance(node, Piecewise) else 1
        free = frozenset({node}) if isinstance(node, Symbol) else frozenset()
        for child in children:
            size, cost, flags = size + child.size, cost + child.cost, flags | child.flags
            free, pieces = free | child.free, min(pieces * child.pieces, _CAP)
        try:
            magnitude = 0.0 if free else _magnitude(node, [c.magnitude for c in children])
        except (ArithmeticError, TypeError, ValueError):
            magnitude = math.inf
        if magnitude > MAX_NUMBER_BITS:
            flags |= _HUGE
        return cls(min(size, _CAP), cost, flags, free, pieces, magnitude)


def _magnitude(node: Basic, inner: list[float]) -> float:
    """A rough bound on |log2 |c|| for a constant ``c``, from its arguments' bounds.

    Evaluating sin(exp(exp(exp(5)))) or comparing exp(10**999) with a number makes SymPy
    compute with as many bits as the constant has, which never ends; such constants are
    refused like numbers over MAX_NUMBER_BITS.  Cancellation (1 - cos(10**-300)) is not
    tracked: SymPy's own precision cap handles it.
    """
    if node.is_Rational:
        return max(math.log2(abs(int(node.p)) or 1), math.log2(int(node.q)))
    if isinstance(node, sympy.exp | sympy.sinh | sympy.cosh):
        return 1.5 * _power_of_two(inner[0])
    if node.is_Pow:
        exponent = abs(float(node.exp)) if node.exp.is_Rational else _power_of_two(inner[1])
        return (inner[0] + 1) * exponent
    if node.is_Mul:
        return sum(inner)
    if isinstance(node, sympy.log):
        return math.log2(inner[0] + 2) + 1
    if isinstance(node, sympy.sin | sympy.cos | sympy.tanh | sympy.erf | sympy.erfc):
        return 1.0
    return max(inner, default=2.0) + 1


def _power_of_two(bits: float) -> float:
    return math.inf if bits > 64 else 2.0**bits


_CAP = MAX_TREE_SIZE + 1


def _eager_bits(expr: Basic) -> float:
    """Bits of the numbers SymPy multiplies out when raising ``expr`` to a power, per unit."""
    if expr.is_Rational:
        return max(math.log2(abs(int(expr.p)) or 1), math.log2(int(expr.q)))
    if expr.is_Mul:
        return sum(_eager_bits(arg) for arg in expr.args)
    if expr.is_Pow and expr.exp.is_Rational:
        return _eager_bits(expr.base) * abs(float(expr.exp))
    return 0.0


class _Builder:
    """Walk a shape-checked syntax tree, building SymPy objects from whitelisted nodes only."""

    def __init__(self, body: str, lead: int, symbols: dict[str, Symbol]) -> None:
        self.body = body
        self.lead = lead
        self.symbols = symbols
        self.allowed = frozenset({X, *symbols.values()})
        self.memo: dict[Basic, _Stats] = {}

    def build(self, tree: ast.Expression) -> Expr:
        expr = self.value(tree.body)
        real = self.guard(tree.body, lambda: expr.is_extended_real)
        if real is False:
            raise self.error(tree.body, "the formula is not real-valued")
        return expr

    # -- errors ----------------------------------------------------------------------------------
    def error(
        self, node: ast.AST, message: str, token: str | None = None, offset: int | None = None
    ) -> ParseError:
        token = _source(self.body, node) if token is None else token
        offset = _offset(node) if offset is None else offset
        return ParseError(message, token, self.lead + offset + 1)

    def guard(self, node: ast.AST, build: Callable[[], Any]) -> Any:
        """Run ``build``; any failure becomes a ParseError at ``node``; check the result."""
        try:
            result = build()
            if isinstance(result, Basic):
                self.check(node, result)
        except ParseError:
            raise
        except SymactError as exc:
            raise self.error(node, _short(exc)) from None
        except Exception as exc:
            msg = f"cannot build this expression ({type(exc).__name__}: {_short(exc)})"
            raise self.error(node, msg) from None
        return result

    def check(self, node: ast.AST, result: Basic) -> None:
        stats = self.measure(result)
        if stats.size > MAX_TREE_SIZE:
            msg = f"the expression grows too large: limit MAX_TREE_SIZE = {MAX_TREE_SIZE} nodes"
            raise self.error(node, msg)
        if stats.cost > MAX_RADICAL_BITS:
            msg = f"numeric roots too large: limit MAX_RADICAL_BITS = {MAX_RADICAL_BITS}"
            raise self.error(node, msg)
        for flag, message in _FLAG_MESSAGES.items():
            if stats.flags & flag:
                raise self.error(node, message)
        if not stats.free <= self.allowed:
            names = ", ".join(sorted(str(s) for s in stats.free - self.allowed))
            msg = f"the formula depends on {names}, which is neither x nor a declared parameter"
            raise self.error(node, f"{msg}; declare it with params=...")

    def measure(self, root: Basic) -> _Stats:
        """Statistics of ``root``, computed once per distinct node, without recursion."""
        memo = self.memo
        stack = [root]
        while stack:
            node = stack[-1]
            if node in memo:
                stack.pop()
                continue
            pending = [arg for arg in node.args if arg not in memo]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            memo[node] = _Stats.of(node, [memo[arg] for arg in node.args])
        return memo[root]

    # -- numbers and names -----------------------------------------------------------------------
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
        text = _source(self.body, node, limit=MAX_LENGTH).replace("_", "")
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
        if ident in FUNCTIONS or ident in _SPECIAL or _catalog(ident) is not None:
            raise self.error(node, f"{ident} is a function; call it, e.g. {ident}(x)")
        candidates = [X.name, *self.symbols, *CONSTANTS, *FUNCTIONS, *_SPECIAL, *_catalog_names()]
        close = difflib.get_close_matches(ident, dict.fromkeys(candidates), n=3)
        hint = f"did you mean {', '.join(close)}?" if close else "use x or declare it in params"
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
            return self.op_error(node, symbol, f"operator {symbol!r} is not allowed")
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
        self.within(node, "/", partial(domain.require_nonzero_divisor, b, self.text(node.right)))
        return a / b

    def power(self, node: ast.AST, base: Expr, exponent: Expr) -> Expr:
        """``base**exponent``, refusing before SymPy would compute a huge number or root."""
        if exponent.is_Rational:
            p, q = int(exponent.p), int(exponent.q)
            if abs(p) > MAX_EXPONENT or q > MAX_EXPONENT:
                shown = exponent if len(str(q)) + len(str(abs(p))) < 30 else "of this size"
                msg = f"exponent {shown} too large: limit MAX_EXPONENT = {MAX_EXPONENT}"
                raise self.error(node, msg)
            eager = _eager_bits(base)
            if eager * abs(p) / q > MAX_NUMBER_BITS:
                msg = f"the power would exceed MAX_NUMBER_BITS = {MAX_NUMBER_BITS} bits"
                raise self.error(node, msg)
            if q > 1 and (eager + self.measure(base)[1]) * q > MAX_RADICAL_BITS:
                msg = f"numeric root too large: limit MAX_RADICAL_BITS = {MAX_RADICAL_BITS}"
                raise self.error(node, msg)
        typed = self.text(node.left) if isinstance(node, ast.BinOp) else self.text(node)
        self.within(node, None, partial(domain.require_real_power, base, exponent, typed))
        return sympy.Pow(base, exponent)

    def radicals(self, node: ast.AST, *args: Expr) -> None:
        """Refuse combining operands whose numeric roots SymPy could merge into huge ones."""
        if sum(self.measure(arg)[1] for arg in args) > MAX_RADICAL_BITS:
            msg = f"numeric roots too large: limit MAX_RADICAL_BITS = {MAX_RADICAL_BITS}"
            raise self.error(node, msg)

    def text(self, node: ast.AST) -> str:
        """The text of ``node`` as typed (shortened), for messages."""
        return _source(self.body, node, limit=60)

    def within(self, node: ast.AST, symbol: str | None, check: Callable[[], None]) -> None:
        """Run a domain check; its refusal names ``node`` (or the operator ``symbol`` in it)."""
        try:
            check()
        except ParseError as exc:
            if symbol is not None:
                self.op_error(node, symbol, str(exc))
            raise self.error(node, str(exc)) from None

    def op_error(self, node: ast.AST, symbol: str, message: str) -> Any:
        start = getattr(getattr(node, "left", None), "end_col_offset", None) or _offset(node)
        end = getattr(getattr(node, "right", None), "col_offset", None) or len(self.body)
        found = self.body.find(symbol, start, end)
        raise self.error(node, message, symbol, found if found >= 0 else start)

    # -- calls -----------------------------------------------------------------------------------
    def call(self, node: ast.Call) -> Expr:
        func = node.func
        if not isinstance(func, ast.Name):
            if type(func) in _REFUSALS or isinstance(func, ast.Attribute):
                raise self.refuse(func)
            raise self.error(func, "only named functions such as exp(x) or relu(x) can be called")
        fname = func.id
        if fname.startswith("_"):
            raise self.error(func, "names starting with '_' are not allowed")
        if fname in ("where", "Piecewise", "sqrt"):
            self.no_keywords(node)
            return {"where": self.where, "Piecewise": self.piecewise, "sqrt": self.sqrt}[fname](
                node
            )
        entry = FUNCTIONS.get(fname)
        if entry is not None and not node.keywords and _fits(entry, len(node.args)):
            args = [self.value(arg) for arg in node.args]
            self.radicals(node, *args)
            self.defined(node, fname, args)
            if fname in ("min", "max"):
                return self.minmax(node, entry[2], args)
            return entry[2](*args)
        activation = _catalog(fname)
        if isinstance(activation, ActivationFunction):
            return self.apply(node, activation)
        if activation is not None:
            msg = f"{fname} is a vector activation; only element-wise activations apply to x"
            raise self.error(func, msg)
        if entry is not None:
            self.no_keywords(node)
            raise self.arity(node, fname, entry[0], entry[1])
        candidates = [*FUNCTIONS, *_SPECIAL, *_catalog_names()]
        close = difflib.get_close_matches(fname, dict.fromkeys(candidates), n=3)
        hint = f"did you mean {', '.join(close)}?" if close else "see symact.activations.parse"
        raise self.error(func, f"unknown function {fname!r}; {hint}")

    def minmax(self, node: ast.Call, func: Callable[..., Expr], args: list[Expr]) -> Expr:
        """SymPy's Min/Max, or cases when a term has cases of its own.

        SymPy compares every pair of terms, at a cost that grows quickly with their complexity,
        and a Max of Piecewise terms turns every later ``rewrite(Piecewise)`` (derivatives,
        the prover) into set solving; so the terms are limited in number and a min/max over
        Piecewise terms is written as cases: ``max(a₁..aₙ)`` is aᵢ where aᵢ ≥ aᵢ₊₁..aₙ, first
        match (earlier terms that failed are below a later one, so the maximum is further on).
        """
        count = sum(len(arg.args) if arg.func == func else 1 for arg in args)
        fname = "max" if func is sympy.Max else "min"
        if count > MAX_MINMAX_ARGS:
            msg = f"{fname}() of {count} terms: limit MAX_MINMAX_ARGS = {MAX_MINMAX_ARGS}"
            raise self.error(node.func, msg, fname)
        if len(args) < 2 or not any(arg.has(Piecewise) for arg in args):
            return func(*args)
        beats = sympy.Ge if func is sympy.Max else sympy.Le
        pieces = [
            (arg, sympy.And(*(beats(arg, later) for later in args[i + 1 :])))
            for i, arg in enumerate(args[:-1])
        ]
        return self.cases(node, [*pieces, (args[-1], sympy.true)])

    def no_keywords(self, node: ast.Call) -> None:
        for kw in node.keywords:
            token = kw.arg or "**"
            raise self.error(kw, f"keyword arguments are not allowed here ({token}=...)", token)

    def arity(self, node: ast.Call, fname: str, low: int, high: int | None) -> ParseError:
        wanted = f"{low}" if low == high else f"{low} to {high}" if high else f"at least {low}"
        msg = f"{fname}() takes {wanted} argument(s), got {len(node.args)}"
        return self.error(node.func, msg, fname)

    def defined(self, node: ast.Call, fname: str, args: list[Expr]) -> None:
        """Refuse ``log``/``log1p`` unless defined for every real x (see _parse_domain)."""
        typed = [self.text(arg) for arg in node.args]
        if fname == "log":
            base = args[1] if len(args) > 1 else None
            check = partial(domain.require_positive_log, args[0], typed[0], base, typed[-1])
            self.within(node, None, check)
        elif fname == "log1p":
            self.within(node, None, partial(domain.require_positive_log1p, args[0], typed[0]))

    def sqrt(self, node: ast.Call) -> Expr:
        if len(node.args) != 1:
            raise self.arity(node, "sqrt", 1, 1)
        arg = self.value(node.args[0])
        typed = self.text(node.args[0])
        self.within(node, None, partial(domain.require_nonnegative_sqrt, arg, typed))
        return self.power(node, arg, S.Half)

    def where(self, node: ast.Call) -> Expr:
        if len(node.args) != 3:
            raise self.arity(node, "where", 3, 3)
        cond = self.condition(node.args[0])
        a, b = self.value(node.args[1]), self.value(node.args[2])
        self.radicals(node, a, b)
        return self.cases(node.args[0], [(a, cond), (b, sympy.true)])

    def piecewise(self, node: ast.Call) -> Expr:
        if not node.args:
            raise self.arity(node, "Piecewise", 1, None)
        pieces = []
        for arg in node.args:
            if not (isinstance(arg, ast.Tuple) and len(arg.elts) == 2):
                raise self.error(arg, "each Piecewise argument must be a pair (value, condition)")
            pieces.append((self.value(arg.elts[0]), self.condition(arg.elts[1])))
        if pieces[-1][1] is not sympy.true:
            msg = "Piecewise must end with a piece (value, True) so that every x has a value"
            raise self.error(node.args[-1], msg)
        self.radicals(node, *(value for value, _ in pieces))
        return self.cases(node, pieces)

    def apply(self, node: ast.Call, base: ActivationFunction) -> Expr:
        """A catalog activation applied to its argument; parameters by position or name."""
        name = base.name
        if not node.args:
            raise self.error(node.func, f"{name}() needs its argument, e.g. {name}(x)")
        if len(node.args) - 1 > len(base.specs):
            msg = f"{name}() takes at most {len(base.specs)} parameter(s) after its argument"
            raise self.error(node.args[len(base.specs) + 1], msg)
        values = {
            spec.name: self.parameter(arg, spec)
            for spec, arg in zip(base.specs, node.args[1:], strict=False)
        }
        for kw in node.keywords:
            if kw.arg is None:
                raise self.error(kw, "'**' arguments are not allowed", "**")
            try:
                spec = base.param(kw.arg)
            except ParameterError as exc:
                raise self.error(kw, _short(exc), kw.arg) from None
            if spec.name in values:
                raise self.error(kw, f"parameter {spec.name} given twice", kw.arg)
            values[spec.name] = self.parameter(kw.value, spec)
        bound = self.guard(node.func, lambda: base.bind(**values))
        missing = [p.name for p in base.specs if bound.params[p.name] == p.symbol]
        if any(p.symbol not in self.allowed for p in base.specs if p.name in missing):
            wanted = ", ".join(f"{m}=..." for m in missing)
            raise self.error(node.func, f"{name}() needs values: {name}(x, {wanted})", name)
        arg = self.value(node.args[0])
        self.radicals(node, arg, bound.expr)
        stats = self.measure(arg)
        if bound.expr.count(bound.x) * stats.size * stats.pieces > MAX_TREE_SIZE:
            msg = f"{name}(...) of this argument grows beyond MAX_TREE_SIZE = {MAX_TREE_SIZE}"
            raise self.error(node.func, msg, name)
        return self.substitute(node, bound.expr, arg)

    def substitute(self, node: ast.AST, expr: Basic, arg: Expr) -> Any:
        """``expr`` with x replaced by ``arg``, keeping every Piecewise condition Piecewise-free.

        SymPy rewrites a condition that contains a Piecewise through ``ITE`` and solves it as
        a set, which takes seconds for ``selu(selu(selu(x)))``.  So a function with cases is
        applied piece by piece of its argument instead: f(Piecewise((a, c), (b, True))) =
        Piecewise((f(a), c), (f(b), True)); an argument with cases inside is folded first.
        """
        if arg == X:
            return expr
        if not (expr.has(Piecewise) and arg.has(Piecewise)):
            return expr.xreplace({X: arg})
        folded = arg if isinstance(arg, Piecewise) else sympy.piecewise_fold(arg)
        if not isinstance(folded, Piecewise):
            return self.substitute(node, expr, folded) if folded != arg else expr.xreplace({X: arg})
        pieces = [(self.substitute(node, expr, value), cond) for value, cond in folded.args]
        return Piecewise(*pieces)

    def cases(self, node: ast.AST, pieces: list[tuple[Expr, Basic]]) -> Expr:
        """``Piecewise(*pieces)`` (last condition True), branching on conditions with cases.

        SymPy would rewrite a condition that contains a Piecewise through ``ITE`` and solve it
        as a set (seconds, and again in every later rebuild).  Instead the condition C of a
        piece (v, C) is folded into cases "tⱼ where cⱼ" and the piece becomes a branch: where
        cⱼ, v if tⱼ else the remaining pieces.  Every condition built stays Piecewise-free.
        """
        for index, (value, cond) in enumerate(pieces):
            if not cond.has(Piecewise):
                continue
            rest = self.cases(node, pieces[index + 1 :])
            stats = self.measure(cond)
            grown = stats.size + self.measure(value).size + self.measure(rest).size
            if grown * stats.pieces > MAX_TREE_SIZE:
                msg = f"this condition grows beyond MAX_TREE_SIZE = {MAX_TREE_SIZE} in cases"
                raise self.error(node, msg)
            folded = sympy.piecewise_fold(cond)
            branches = folded.args if isinstance(folded, Piecewise) else ((folded, sympy.true),)
            if any(truth.has(Piecewise) or case.has(Piecewise) for truth, case in branches):
                raise self.error(node, "this condition is too complex; simplify it")
            inner = [(Piecewise((value, truth), (rest, True)), case) for truth, case in branches]
            return Piecewise(*pieces[:index], (Piecewise(*inner), True))
        return Piecewise(*pieces)

    def parameter(self, node: ast.expr, spec: Param) -> Any:
        """A catalog parameter's value: a switch constant, or a number free of x."""
        if isinstance(node, ast.Constant) and (spec.is_switch or node.value is None):
            same = [c for c in spec.choices if type(c) is type(node.value) and c == node.value]
            if same or (node.value is None and spec.default is None):
                return node.value
            msg = f"parameter {spec.name} must be one of {list(spec.choices) or [None]}"
            raise self.error(node, msg)
        if spec.is_switch:
            raise self.error(node, f"parameter {spec.name} must be one of {list(spec.choices)}")
        value = self.value(node)
        if value.has(X):
            raise self.error(node, f"parameter {spec.name} cannot depend on x")
        return value

    # -- conditions ------------------------------------------------------------------------------
    def condition(self, node: ast.AST) -> Basic:
        """The SymPy boolean of a condition: comparisons joined by and/or/not, True, False."""
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            return sympy.true if node.value else sympy.false
        if isinstance(node, ast.Compare):
            return self.guard(node, lambda: self.compare(node))
        if isinstance(node, ast.BoolOp):
            parts = [self.condition(value) for value in node.values]
            join = sympy.And if isinstance(node.op, ast.And) else sympy.Or
            return self.guard(node, lambda: join(*parts))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            inner = self.condition(node.operand)
            return self.guard(node, lambda: sympy.Not(inner))
        raise self.error(node, "expected a condition such as x > 0 (comparisons, and, or, not)")

    def compare(self, node: ast.Compare) -> Basic:
        left_node: ast.expr = node.left
        left = self.value(left_node)
        relations = []
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = self.value(right_node)
            relation = _RELATIONS.get(type(op))
            if relation is None:
                start, end = left_node.end_col_offset or 0, right_node.col_offset
                token = self.body[start:end].strip() or type(op).__name__
                raise self.error(node, f"comparison {token!r} is not allowed", token, start + 1)
            relations.append(relation(left, right))
            left_node, left = right_node, right
        return sympy.And(*relations)

    # -- refusals --------------------------------------------------------------------------------
    def refuse(self, node: ast.AST) -> ParseError:
        """The error for a syntax-tree node outside the whitelist, naming its token."""
        if isinstance(node, ast.Attribute):
            offset = (node.end_col_offset or 0) - len(node.attr)
            return self.error(node, "attribute access is not allowed", node.attr, offset)
        if isinstance(node, ast.Compare | ast.BoolOp | ast.UnaryOp):
            msg = "a condition is not a number; use it inside where(cond, a, b) or Piecewise"
            return self.error(node, msg)
        reason = _REFUSALS.get(type(node), f"{type(node).__name__} expressions are not allowed")
        token = _REFUSAL_TOKENS.get(type(node))
        found = self.body.find(token, _offset(node)) if token else -1
        if token and found >= 0:
            return self.error(node, reason, token, found)
        return self.error(node, reason)


def _fits(entry: tuple[int, int | None, Callable[..., Expr]], count: int) -> bool:
    low, high = entry[0], entry[1]
    return count >= low and (high is None or count <= high)


def _catalog(name: str) -> Any:
    """The catalog activation called ``name`` (any registry spelling), or None."""
    from symact.activations.registry import get
    from symact.errors import UnknownActivationError

    try:
        return get(name)
    except UnknownActivationError:
        return None


def _catalog_names() -> list[str]:
    from symact.activations.registry import names

    return names()


_VALUE_HANDLERS: dict[type[ast.AST], Callable[[_Builder, Any], Expr]] = {
    ast.Constant: _Builder.constant,
    ast.Name: _Builder.name,
    ast.UnaryOp: _Builder.unary,
    ast.BinOp: _Builder.binop,
    ast.Call: _Builder.call,
}
_REFUSALS: dict[type[ast.AST], str] = {
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
