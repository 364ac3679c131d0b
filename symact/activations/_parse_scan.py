"""The cheap pre-scan: text → a shape-checked Python syntax tree, before any SymPy work.

Length, characters and bracket depth are checked on the raw text (so ``"(" * 10**5`` never
reaches the Python parser), then :func:`ast.parse` builds the tree (it executes nothing) and
the tree's node count and nesting depth are checked without recursion.  Also here: the helpers
that name a syntax node's text and column in error messages.

>>> tree, body, lead = syntax_tree("  max(x, 0)")
>>> (type(tree.body).__name__, body, lead)
('Call', 'max(x, 0)', 2)
>>> syntax_tree("x # comment")
Traceback (most recent call last):
    ...
symact.errors.ParseError: comments are not allowed in a formula (at column 3: '#')
"""

from __future__ import annotations

import ast
import re
import warnings

from symact.activations._parse_budget import MAX_DEPTH, MAX_LENGTH, MAX_NODES
from symact.errors import ParseError

__all__ = ["node_offset", "node_text", "short_message", "syntax_tree"]

#: Characters refused before parsing, each with the reason.
_BAD_CHARS = {
    "\\": "backslashes are not allowed in a formula",
    "#": "comments are not allowed in a formula",
    ";": "only one expression is allowed; remove ';'",
}


def syntax_tree(text: str) -> tuple[ast.Expression, str, int]:
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
