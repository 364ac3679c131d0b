r"""SymPy expressions as SMT-LIB 2.6 terms over the reals, exactly or not at all.

:class:`TermPrinter` dispatches on the node type (``_print_<Class>``, as SymPy's printers do)
and writes only what real arithmetic expresses *exactly*: rational numbers, ``+``, ``*``,
powers with a positive integer exponent, ``ite`` for ``Piecewise`` (first true condition
wins, as in SymPy), and ``abs``/``max``/``min``/``sign``/``Heaviside`` written out as
``ite``.  Anything else (floats, irrational constants, division by a non-constant, which
SMT-LIB makes a total function with an unspecified value at 0, a ``Piecewise`` without a
final ``True`` branch, transcendental functions) raises :class:`Inexpressible`, so a term
that prints is the same function of its variables as the SymPy expression.

The printer records what the terms need, so the document can name its logic:
``nonlinear`` (a product of two non-constant factors) and ``uninterpreted`` (``f`` applied
to a term when ``f`` is declared, not defined).

>>> from sympy import Piecewise, Rational, Symbol
>>> x = Symbol("x", real=True)
>>> p = TermPrinter({x: "x"})
>>> p.term(Piecewise((x, x > 0), (Rational(-1, 5) * x, True)))
'(ite (> x 0) x (* (- (/ 1 5)) x))'
>>> p.nonlinear, p.term(x**2), p.nonlinear
(False, '(* x x)', True)
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy
from sympy import Expr, Rational, Symbol
from sympy.core.function import AppliedUndef

from symact.errors import SymactError

__all__ = ["Inexpressible", "TermPrinter", "number"]

_RELATIONS = {
    sympy.StrictGreaterThan: ">",
    sympy.GreaterThan: ">=",
    sympy.StrictLessThan: "<",
    sympy.LessThan: "<=",
    sympy.Equality: "=",
}


class Inexpressible(SymactError, ValueError):
    """An expression that SMT-LIB real arithmetic cannot state exactly (the reason says why)."""


def number(value: Expr) -> str:
    """An exact rational as an SMT-LIB real term.

    >>> number(Rational(-3, 4)), number(sympy.Integer(7))
    ('(- (/ 3 4))', '7')
    """
    if not isinstance(value, Rational):
        msg = f"{value} is not a rational number"
        raise Inexpressible(msg)
    p, q = abs(int(value.p)), int(value.q)
    text = str(p) if q == 1 else f"(/ {p} {q})"
    return f"(- {text})" if value < 0 else text


#: Longest term written more than once (abs, max and min repeat their arguments).
MAX_REPEATED = 100_000


def _bounded(text: str) -> str:
    if len(text) > MAX_REPEATED:
        msg = f"a nested abs/max/min term of {len(text)} characters is too large to write out"
        raise Inexpressible(msg)
    return text


def _sorted(args: tuple[sympy.Basic, ...]) -> list[sympy.Basic]:
    return sorted(args, key=sympy.default_sort_key)


class TermPrinter:
    """Prints terms and formulas; ``names`` maps each free symbol to its SMT-LIB name, and
    applications of ``function`` (a SymPy undefined function name) print as ``(f u)``."""

    def __init__(self, names: Mapping[Symbol, str], function: str = "f") -> None:
        self.names = dict(names)
        self.function = function
        self.nonlinear = False
        self.uninterpreted = False

    # -- entry points ------------------------------------------------------------------------
    def term(self, expr: sympy.Basic) -> str:
        """``expr`` as an SMT-LIB term or formula (raises :class:`Inexpressible`)."""
        method = getattr(self, f"_print_{type(expr).__name__}", None)
        if method is None:
            for cls, op in _RELATIONS.items():
                if isinstance(expr, cls):
                    return self._relation(op, expr)
            if isinstance(expr, AppliedUndef):
                return self._applied(expr)
            if isinstance(expr, Rational):
                return number(expr)
            msg = f"{type(expr).__name__} ({expr}) has no exact SMT-LIB real form"
            raise Inexpressible(msg)
        result: str = method(expr)
        return result

    def is_constant(self, expr: sympy.Basic) -> bool:
        """No free symbol and no function application: a number."""
        return not expr.free_symbols and not expr.atoms(AppliedUndef)

    # -- numbers and symbols -------------------------------------------------------------------
    def _print_Symbol(self, expr: Symbol) -> str:
        if expr not in self.names:
            msg = f"the symbol {expr} is neither the variable nor a declared parameter"
            raise Inexpressible(msg)
        return self.names[expr]

    def _applied(self, expr: AppliedUndef) -> str:
        if expr.func.__name__ != self.function or len(expr.args) != 1:
            msg = f"unknown function application {expr}"
            raise Inexpressible(msg)
        return f"({self.function} {self.term(expr.args[0])})"

    def _print_Float(self, expr: sympy.Float) -> str:
        msg = f"the float {expr} is not exact; use rationals"
        raise Inexpressible(msg)

    # -- arithmetic --------------------------------------------------------------------------
    def _print_Add(self, expr: sympy.Add) -> str:
        return "(+ " + " ".join(self.term(t) for t in expr.as_ordered_terms()) + ")"

    def _print_Mul(self, expr: sympy.Mul) -> str:
        coeff, factors = expr.as_coeff_mul()
        if not isinstance(coeff, Rational):
            msg = f"the coefficient {coeff} in {expr} is not an exact rational"
            raise Inexpressible(msg)
        variable = []
        for factor in factors:  # unevaluated products (a witness substituted) keep numbers
            if isinstance(factor, Rational):
                coeff = coeff * factor
            elif self.is_constant(factor):
                msg = f"the constant factor {factor} in {expr} is not rational"
                raise Inexpressible(msg)
            else:
                variable.append(factor)
        if len(variable) > 1:
            self.nonlinear = True
        parts = [self.term(f) for f in variable]
        if coeff != 1:
            parts.insert(0, number(coeff))
        if not parts:
            return number(coeff)
        return parts[0] if len(parts) == 1 else "(* " + " ".join(parts) + ")"

    def _print_Pow(self, expr: sympy.Pow) -> str:
        base, exp = expr.args
        if not (exp.is_Integer and exp > 0) or self.is_constant(base):
            msg = (
                f"{expr} is not a positive integer power of a variable term (SMT-LIB division "
                "by a term is unspecified at 0, and roots are not real arithmetic)"
            )
            raise Inexpressible(msg)
        if exp > 64:
            msg = f"the exponent of {expr} is too large to write out"
            raise Inexpressible(msg)
        self.nonlinear = self.nonlinear or exp > 1
        b = self.term(base)
        return b if exp == 1 else "(* " + " ".join([b] * int(exp)) + ")"

    # -- case splits ---------------------------------------------------------------------------
    def _print_Piecewise(self, expr: sympy.Piecewise) -> str:
        pieces: list[tuple[str, str]] = []
        for value, cond in expr.args:
            if cond is sympy.true:
                out = self.term(value)
                for v, c in reversed(pieces):
                    out = f"(ite {c} {v} {out})"
                return out
            pieces.append((self.term(value), self.term(cond)))
        msg = f"the Piecewise {expr} has no final True branch (undefined where no case holds)"
        raise Inexpressible(msg)

    def _print_Abs(self, expr: sympy.Abs) -> str:
        u = _bounded(self.term(expr.args[0]))
        return f"(ite (>= {u} 0) {u} (- {u}))"

    def _extremum(self, expr: sympy.Basic, op: str) -> str:
        args = [self.term(a) for a in _sorted(expr.args)]
        out = args[0]
        for v in args[1:]:
            out = _bounded(out)
            out = f"(ite ({op} {out} {v}) {out} {v})"
        return out

    def _print_Max(self, expr: sympy.Max) -> str:
        return self._extremum(expr, ">=")

    def _print_Min(self, expr: sympy.Min) -> str:
        return self._extremum(expr, "<=")

    def _print_sign(self, expr: sympy.sign) -> str:
        u = self.term(expr.args[0])
        return f"(ite (> {u} 0) 1 (ite (< {u} 0) (- 1) 0))"

    def _print_Heaviside(self, expr: sympy.Heaviside) -> str:
        at_zero = sympy.Heaviside(0, *expr.args[1:])
        u = self.term(expr.args[0])
        return f"(ite (> {u} 0) 1 (ite (< {u} 0) 0 {number(at_zero)}))"

    # -- logic -------------------------------------------------------------------------------
    def _relation(self, op: str, expr: sympy.Basic) -> str:
        return f"({op} {self.term(expr.lhs)} {self.term(expr.rhs)})"

    def _print_Unequality(self, expr: sympy.Ne) -> str:
        return f"(not {self._relation('=', expr)})"

    def _junction(self, op: str, expr: sympy.Basic) -> str:
        return f"({op} " + " ".join(self.term(a) for a in _sorted(expr.args)) + ")"

    def _print_And(self, expr: sympy.And) -> str:
        return self._junction("and", expr)

    def _print_Or(self, expr: sympy.Or) -> str:
        return self._junction("or", expr)

    def _print_Not(self, expr: sympy.Not) -> str:
        return f"(not {self.term(expr.args[0])})"

    def _print_BooleanTrue(self, expr: sympy.Basic) -> str:
        return "true"

    def _print_BooleanFalse(self, expr: sympy.Basic) -> str:
        return "false"
