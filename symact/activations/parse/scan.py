"""The cheap pre-scan: text → a shape-checked Python syntax tree, before any SymPy work.

Length, characters and bracket depth are checked on the raw text (so ``"(" * 10**5`` never
reaches the Python parser), then :func:`ast.parse` builds the tree (it executes nothing) and
the tree's node count and nesting depth are checked without recursion.  Also here: token
positions (:class:`Source` names a syntax node's text and column in error messages, and
refuses nodes outside the whitelist) and the exact value of a number literal from its text.

>>> source = syntax_tree("  max(x, 0)")
>>> (type(source.tree.body).__name__, source.body, source.lead)
('Call', 'max(x, 0)', 2)
>>> source.error(source.tree.body.args[1], "not here")
ParseError("not here (at column 10: '0')")
>>> syntax_tree("x # comment")
Traceback (most recent call last):
    ...
symact.errors.ParseError: comments are not allowed in a formula (at column 3: '#')
"""

from __future__ import annotations

import ast
import re
import warnings
from dataclasses import dataclass

import sympy
from sympy import Expr

from symact.activations.parse.limits import (
    MAX_DEPTH,
    MAX_EXPONENT,
    MAX_LENGTH,
    MAX_LITERAL_DIGITS,
    MAX_NODES,
)
from symact.errors import ParseError

__all__ = [
    "OPERATOR_TEXT",
    "REFUSALS",
    "Refusal",
    "Source",
    "literal",
    "node_offset",
    "node_text",
    "short_message",
    "syntax_tree",
]

#: Characters refused before parsing, each with the reason.
_BAD_CHARS = {
    "\\": "backslashes are not allowed in a formula",
    "#": "comments are not allowed in a formula",
    ";": "only one expression is allowed; remove ';'",
}


#: The text of operators outside the whitelist, to name them in errors.
OPERATOR_TEXT: dict[type[ast.AST], str] = {
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


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a kind of syntax node is refused, and the token the error names (searched from the
    start of the node; None: the node's own text)."""

    reason: str
    token: str | None = None


#: Syntax nodes outside the whitelist, each with its reason and token.
REFUSALS: dict[type[ast.AST], Refusal] = {
    ast.Subscript: Refusal("subscripts are not allowed", "["),
    ast.Lambda: Refusal("lambda expressions are not allowed", "lambda"),
    ast.ListComp: Refusal("comprehensions are not allowed", "for"),
    ast.SetComp: Refusal("comprehensions are not allowed", "for"),
    ast.DictComp: Refusal("comprehensions are not allowed", "for"),
    ast.GeneratorExp: Refusal("comprehensions are not allowed", "for"),
    ast.Starred: Refusal("starred arguments are not allowed", "*"),
    ast.JoinedStr: Refusal("strings are not allowed in a formula"),
    ast.List: Refusal("lists are not allowed"),
    ast.Tuple: Refusal("tuples are allowed only as Piecewise pieces (value, condition)"),
    ast.Set: Refusal("sets are not allowed"),
    ast.Dict: Refusal("dicts are not allowed"),
    ast.IfExp: Refusal("conditional expressions are not allowed; use where(cond, a, b)", "if"),
    ast.NamedExpr: Refusal("assignment expressions (:=) are not allowed", ":="),
    ast.Slice: Refusal("slices are not allowed"),
    ast.Await: Refusal("await is not allowed", "await"),
}


@dataclass(frozen=True, slots=True)
class Source:
    """A scanned formula: its syntax tree, the text the tree's offsets index (whitespace made
    spaces, leading spaces removed) and the number of leading characters removed."""

    tree: ast.Expression
    body: str
    lead: int

    def error(
        self, node: ast.AST, message: str, token: str | None = None, offset: int | None = None
    ) -> ParseError:
        """A ParseError naming ``token`` (default: the node's text) and its 1-based column."""
        token = node_text(self.body, node) if token is None else token
        offset = node_offset(node) if offset is None else offset
        return ParseError(message, token, self.lead + offset + 1)

    def operator_error(self, node: ast.AST, symbol: str, message: str) -> ParseError:
        """The error ``message`` at the operator ``symbol`` between a node's operands."""
        start = getattr(getattr(node, "left", None), "end_col_offset", None) or node_offset(node)
        end = getattr(getattr(node, "right", None), "col_offset", None) or len(self.body)
        found = self.body.find(symbol, start, end)
        return self.error(node, message, symbol, found if found >= 0 else start)

    def text(self, node: ast.AST) -> str:
        """The text of ``node`` as typed (shortened), for messages."""
        return node_text(self.body, node, limit=60)

    def refuse(self, node: ast.AST) -> ParseError:
        """The error for a syntax-tree node outside the whitelist, naming its token."""
        if isinstance(node, ast.Attribute):
            offset = (node.end_col_offset or 0) - len(node.attr)
            return self.error(node, "attribute access is not allowed", node.attr, offset)
        if isinstance(node, ast.Compare | ast.BoolOp | ast.UnaryOp):
            msg = "a condition is not a number; use it inside where(cond, a, b) or Piecewise"
            return self.error(node, msg)
        default = Refusal(f"{type(node).__name__} expressions are not allowed")
        refusal = REFUSALS.get(type(node), default)
        token = refusal.token
        found = self.body.find(token, node_offset(node)) if token else -1
        if token and found >= 0:
            return self.error(node, refusal.reason, token, found)
        return self.error(node, refusal.reason)


def syntax_tree(text: str) -> Source:
    """Scan ``text`` cheaply, then parse it into a :class:`Source`."""
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
    return Source(tree, body, lead)


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
            raise ParseError(msg, node_text(body, node), lead + node_offset(node) + 1)
        if depth > MAX_DEPTH:
            msg = f"formula nested too deeply: limit MAX_DEPTH = {MAX_DEPTH}"
            raise ParseError(msg, node_text(body, node), lead + node_offset(node) + 1)
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


def node_offset(node: ast.AST) -> int:
    return int(getattr(node, "col_offset", 0) or 0)


def node_text(body: str, node: ast.AST, limit: int = 40) -> str:
    """The text of ``node`` (shortened), as the token an error names."""
    start = node_offset(node)
    end = getattr(node, "end_col_offset", None) or start + 1
    text = body[start:end] or type(node).__name__
    return text if len(text) <= limit else text[: limit - 3] + "..."


def short_message(exc: BaseException) -> str:
    """An exception's message, safely shortened (huge numbers cannot even be printed)."""
    try:
        text = str(exc)
    except Exception:  # e.g. int → str conversion limit
        text = ""
    return text if len(text) <= 120 else text[:117] + "..."


_DECIMAL = re.compile(r"(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?")
_TOO_LONG = f"number literal too long: limit MAX_LITERAL_DIGITS = {MAX_LITERAL_DIGITS}"


def literal(value: object, text: str) -> Expr:
    """The exact number of a literal ``value`` typed as ``text``: ``0.1`` → 1/10.

    >>> literal(0.1, "0.1"), literal(7, "7")
    (1/10, 7)
    """
    if isinstance(value, bool):
        raise ParseError("a boolean is not a number here; use 1 or 0, or a condition")
    if isinstance(value, int):
        if len(str(abs(value))) > MAX_LITERAL_DIGITS:
            raise ParseError(_TOO_LONG)
        return sympy.Integer(value)
    if isinstance(value, float):
        return _decimal(text.replace("_", ""))
    if isinstance(value, complex):
        raise ParseError("complex numbers are not allowed; the formula must be real")
    if isinstance(value, str | bytes):
        raise ParseError("strings are not allowed in a formula")
    raise ParseError(f"{value!r} is not a number")


def _decimal(text: str) -> Expr:
    """The exact value of a decimal literal's text, within the digit and exponent limits."""
    match = _DECIMAL.fullmatch(text)
    if match is None:
        raise ParseError("unsupported number literal; write it like 0.25 or 1e-3")
    whole, fraction, power = match.group(1), match.group(2) or "", match.group(3) or "0"
    if len((whole + fraction).lstrip("0")) > MAX_LITERAL_DIGITS:
        raise ParseError(_TOO_LONG)
    if len(power.lstrip("+-").lstrip("0")) > 6 or abs(int(power)) > MAX_EXPONENT:
        msg = f"decimal exponent too large: limit MAX_EXPONENT = {MAX_EXPONENT}"
        raise ParseError(msg)
    scale = int(power) - len(fraction)
    mantissa = int(whole + fraction or "0")
    return sympy.Rational(mantissa * 10 ** max(scale, 0), 10 ** max(-scale, 0))
