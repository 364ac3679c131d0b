"""The parser's limits (its budget), and the accounting that keeps every input cheap.

SymPy evaluates eagerly: ``9**9**9`` is computed the moment it is built, a Max compares all of
its terms pairwise, a huge constant inside ``sin`` is evaluated with as many bits as it has.
So each limit is checked *before* SymPy is asked to build the node that would exceed it, from
statistics of the operands (:class:`Stats`, memoised per distinct subtree by :class:`Meter`):
tree size with repeats counted, the cost of numeric radicals, a bound on the magnitude of
constants, free symbols, and flags for values that are not real numbers.

>>> from sympy import Integer, sqrt
>>> meter = Meter(frozenset())
>>> meter.measure(sqrt(2) + 3).size, meter.measure(sqrt(2) + 3).cost
(5, 6)
>>> meter.power(Integer(10) ** 999, Integer(2))
Traceback (most recent call last):
    ...
symact.errors.ParseError: the power would exceed MAX_NUMBER_BITS = 3322 bits
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import sympy
from sympy import Basic, Expr, Piecewise, S, Symbol

from symact.errors import ParseError

__all__ = [
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
    "Meter",
    "Stats",
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


@dataclass(frozen=True, slots=True)
class Stats:
    """What the limits need to know about a SymPy expression (repeated subtrees counted)."""

    size: int  # nodes, capped just above MAX_TREE_SIZE
    cost: int  # radical cost: bits of each numeric radicand times its root index
    flags: int  # _IMAGINARY | _UNDEFINED | _HUGE | _NONREAL
    free: frozenset[Basic]  # free symbols
    pieces: int  # pieces folding its Piecewise subterms would give, capped likewise
    magnitude: float  # constants: a rough bound on |log2 |value||; 0 for non-constants

    @classmethod
    def of(cls, node: Basic, children: list[Stats]) -> Stats:
        cost, flags = _atom_stats(node)
        size, pieces = 1, len(node.args) if isinstance(node, Piecewise) else 1
        free = frozenset({node}) if isinstance(node, Symbol) else frozenset()
        for child in children:
            size, cost, flags = size + child.size, cost + child.cost, flags | child.flags
            free, pieces = free | child.free, min(pieces * child.pieces, CAP)
        try:
            magnitude = 0.0 if free else _magnitude(node, [c.magnitude for c in children])
        except (ArithmeticError, TypeError, ValueError):
            magnitude = math.inf
        if magnitude > MAX_NUMBER_BITS:
            flags |= _HUGE
        return cls(min(size, CAP), cost, flags, free, pieces, magnitude)


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


CAP = MAX_TREE_SIZE + 1


def eager_bits(expr: Basic) -> float:
    """Bits of the numbers SymPy multiplies out when raising ``expr`` to a power, per unit."""
    if expr.is_Rational:
        return max(math.log2(abs(int(expr.p)) or 1), math.log2(int(expr.q)))
    if expr.is_Mul:
        return sum(eager_bits(arg) for arg in expr.args)
    if expr.is_Pow and expr.exp.is_Rational:
        return eager_bits(expr.base) * abs(float(expr.exp))
    return 0.0


class Meter:
    """Statistics of SymPy expressions, memoised per distinct node, and the limit checks.

    Each check raises :class:`~symact.errors.ParseError` without a position; the builder
    adds the token and column of the syntax node being built.  ``allowed`` holds the symbols
    a formula may contain (x and the declared parameters).
    """

    def __init__(self, allowed: frozenset[Basic]) -> None:
        self.allowed = allowed
        self.memo: dict[Basic, Stats] = {}

    def measure(self, root: Basic) -> Stats:
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
            memo[node] = Stats.of(node, [memo[arg] for arg in node.args])
        return memo[root]

    def check(self, result: Basic) -> None:
        """Refuse a built node over a limit, not a real number, or with unknown symbols."""
        stats = self.measure(result)
        if stats.size > MAX_TREE_SIZE:
            msg = f"the expression grows too large: limit MAX_TREE_SIZE = {MAX_TREE_SIZE} nodes"
            raise ParseError(msg)
        if stats.cost > MAX_RADICAL_BITS:
            msg = f"numeric roots too large: limit MAX_RADICAL_BITS = {MAX_RADICAL_BITS}"
            raise ParseError(msg)
        for flag, message in _FLAG_MESSAGES.items():
            if stats.flags & flag:
                raise ParseError(message)
        if not stats.free <= self.allowed:
            names = ", ".join(sorted(str(s) for s in stats.free - self.allowed))
            msg = f"the formula depends on {names}, which is neither x nor a declared parameter"
            raise ParseError(f"{msg}; declare it with params=...")

    def radicals(self, *args: Expr) -> None:
        """Refuse combining operands whose numeric roots SymPy could merge into huge ones."""
        if sum(self.measure(arg).cost for arg in args) > MAX_RADICAL_BITS:
            msg = f"numeric roots too large: limit MAX_RADICAL_BITS = {MAX_RADICAL_BITS}"
            raise ParseError(msg)

    def power(self, base: Expr, exponent: Expr) -> None:
        """Refuse ``base**exponent`` before SymPy would compute a huge number or root."""
        if not exponent.is_Rational:
            return
        p, q = int(exponent.p), int(exponent.q)
        if abs(p) > MAX_EXPONENT or q > MAX_EXPONENT:
            shown = exponent if len(str(q)) + len(str(abs(p))) < 30 else "of this size"
            msg = f"exponent {shown} too large: limit MAX_EXPONENT = {MAX_EXPONENT}"
            raise ParseError(msg)
        eager = eager_bits(base)
        if eager * abs(p) / q > MAX_NUMBER_BITS:
            msg = f"the power would exceed MAX_NUMBER_BITS = {MAX_NUMBER_BITS} bits"
            raise ParseError(msg)
        if q > 1 and (eager + self.measure(base).cost) * q > MAX_RADICAL_BITS:
            msg = f"numeric root too large: limit MAX_RADICAL_BITS = {MAX_RADICAL_BITS}"
            raise ParseError(msg)
