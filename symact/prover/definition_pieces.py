r"""The cases of an activation's own definition, as intervals of ``t`` with one formula each.

A textbook derivation cites the *definition*: "f(−a) = −a, the case t > 0 of f".
:func:`definition_pieces` finds those cases: on every cell of the exclusive partition of the
normaliser (:func:`~symact.prover.piecewise.normalise`, unmerged, so every breakpoint of every
condition is a cell boundary) it selects, at one exact rational point of the cell, the branch
of every ``Piecewise``, ``Max``, ``Min``, ``Abs``, ``sign`` and ``Heaviside`` of the
definition (exact rational arithmetic; a ``Piecewise`` takes its first branch whose condition
holds); adjacent cells whose selections read the same (same written-out form, same formula)
form one :class:`Piece`.  The selections are
constant on a cell because its boundaries contain every zero of every condition side and every
crossing, and each piece's formula is cross-checked against the normaliser's formula on each of
its cells (exactly); any disagreement, irrational breakpoint or non-rational value gives None,
so the callers keep their other steps.  ``shown`` is the definition with each selection written
out (``0 - (-t)`` for :math:`\operatorname{relu}(t) - \operatorname{relu}(-t)` at
:math:`t < 0`) when it is a sum of terms, else the formula.

>>> from sympy import Piecewise
>>> from symact.prover.laws import T
>>> relu = definition_pieces(Piecewise((T, T > 0), (0, True)), T)
>>> [(p.interval, p.expr) for p in relu]
[(Interval(-oo, 0), 0), (Interval.open(0, oo), t)]
>>> odd = definition_pieces(Piecewise((T, T > 0), (0, True)) - Piecewise((-T, T < 0), (0, True)), T)
>>> [(p.condition, p.shown, p.expr) for p in odd]
[(t < 0, '0 - (-t)', t), (Eq(t, 0), '0 - 0', 0), (t > 0, 't - 0', t)]
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy
from sympy import Expr, Integer, Symbol

from symact.prover.certify import substitute
from symact.prover.conditions import ConditionNotSupported, relational_form, truth
from symact.prover.exact import exact_rational
from symact.prover.piecewise import Cells, NotNormalisable, normalise

__all__ = ["Piece", "definition_pieces", "interval_condition", "kink_count"]

_KINKS = (sympy.Piecewise, sympy.Max, sympy.Min, sympy.Abs, sympy.sign, sympy.Heaviside)
#: Definitions with more case nodes than this are not split here (callers summarise).
KINK_LIMIT = 24


@dataclass(frozen=True, slots=True)
class Piece:
    """One case of the definition: on ``interval`` (a SymPy interval of ``var``) f is
    ``expr``; ``shown`` writes the selected branches out in plain text."""

    var: Symbol
    interval: sympy.Interval
    expr: Expr
    shown: str

    @property
    def condition(self) -> sympy.Basic:
        """The interval as a condition on ``var`` (``t > 0``, ``Eq(t, 0)``, ``-1 < t < 1``)."""
        return interval_condition(self.interval, self.var)


def interval_condition(interval: sympy.Set, var: Expr) -> sympy.Basic:
    """``var ∈ interval`` as relations, a point as ``Eq``, the whole line as ``True``."""
    if isinstance(interval, sympy.FiniteSet) and len(interval.args) == 1:
        return sympy.Eq(var, interval.args[0])
    if interval == sympy.S.Reals:
        return sympy.true
    parts = []
    lo, hi = interval.start, interval.end
    if lo != -sympy.oo:
        parts.append(var >= lo if not interval.left_open else var > lo)
    if hi != sympy.oo:
        parts.append(var <= hi if not interval.right_open else var < hi)
    return sympy.And(*parts)


def kink_count(expr: sympy.Basic) -> int:
    """How many case nodes (Piecewise, Max, …) the definition has."""
    return sum(1 for node in sympy.preorder_traversal(expr) if isinstance(node, _KINKS))


class _Unselectable(Exception):
    """A branch could not be selected exactly at the sample point."""


def _value(expr: Expr, var: Symbol, at: Expr) -> sympy.Rational:
    value = exact_rational(substitute(expr, {var: at}))
    if value is None:
        raise _Unselectable
    return value


def _sign(expr: Expr, var: Symbol, at: Expr) -> int:
    return int(sympy.sign(_value(expr, var, at)))


def _select(expr: sympy.Basic, var: Symbol, at: Expr) -> Expr:
    """``expr`` with every case node replaced by its branch at ``var = at``."""
    if not isinstance(expr, Expr) or not expr.has(*_KINKS):
        return expr
    if isinstance(expr, sympy.Piecewise):
        for branch, cond in expr.args:
            try:
                holds = truth(relational_form(cond), lambda d: _sign(d, var, at))
            except ConditionNotSupported:
                raise _Unselectable from None
            if holds is None:
                raise _Unselectable
            if holds:
                return _select(branch, var, at)
        raise _Unselectable
    if isinstance(expr, sympy.Max | sympy.Min):
        values = [_value(a, var, at) for a in expr.args]
        best = max(values) if isinstance(expr, sympy.Max) else min(values)
        k = values.index(best)
        return _select(expr.args[k], var, at)
    if isinstance(expr, sympy.Abs | sympy.sign | sympy.Heaviside):
        return _select_sign(expr, var, at)
    args = [_select(a, var, at) for a in expr.args]
    return expr.func(*args)


def _select_sign(expr: Expr, var: Symbol, at: Expr) -> Expr:
    u = expr.args[0]
    s = _sign(u, var, at)
    if isinstance(expr, sympy.Abs):
        inner = _select(u, var, at)
        return inner if s >= 0 else -inner
    if isinstance(expr, sympy.sign):
        return Integer(s)
    at_zero = expr.args[1] if len(expr.args) > 1 else sympy.Rational(1, 2)
    return Integer(1) if s > 0 else at_zero if s == 0 else Integer(0)


def _shown(expr: Expr, var: Symbol, at: Expr, var_shown: Symbol) -> str:
    """The definition with its selections written out term by term (a sum of terms, those
    with a positive coefficient first), in plain text; the selected formula otherwise."""
    terms = expr.as_ordered_terms() if isinstance(expr, sympy.Add) else [expr]
    parts = [term.as_coeff_Mul() for term in terms]
    parts.sort(key=lambda part: bool(part[0] < 0))
    out = ""
    for coeff, rest in parts:
        value = sympy.sympify(_select(rest, var, at)).xreplace({var: var_shown})
        text = sympy.sstr(value)
        bare = out == "" and coeff > 0
        alone = len(parts) == 1 and coeff == 1
        if (isinstance(value, sympy.Add) and not alone) or (
            value.could_extract_minus_sign() and not bare
        ):
            text = f"({text})"
        if abs(coeff) != 1:
            text = f"{sympy.sstr(abs(coeff))}*{text}"
        sign = "-" if coeff < 0 else "+"
        out = f"{out} {sign} {text}" if out else (f"-{text}" if coeff < 0 else text)
    return out


def _cells(expr: Expr, var: Symbol) -> Cells | None:
    try:
        cells = normalise(expr, var, merge=False)
    except NotNormalisable:
        return None
    return cells if all(p.is_Rational for p in cells.points) else None


def definition_pieces(
    expr: Expr, var: Symbol, *, shown_var: Symbol | None = None
) -> tuple[Piece, ...] | None:
    """The cases of the definition ``expr`` of ``var`` (see the module docstring), or None."""
    if kink_count(expr) > KINK_LIMIT:
        return None
    cells = _cells(expr, var)
    if cells is None:
        return None
    name = shown_var if shown_var is not None else var
    runs: list[tuple[str, int, int, Expr]] = []  # shown, first cell, last cell, formula
    for k, cell_expr in enumerate(cells.exprs):
        at = cells.sample(k)
        try:
            formula = sympy.expand(_select(expr, var, at))
            shown = _shown(expr, var, at, name)
        except _Unselectable:
            return None
        if not _agrees(formula, cell_expr, cells, k):
            return None
        if runs and runs[-1][0] == shown and sympy.expand(runs[-1][3] - formula) == 0:
            runs[-1] = (shown, runs[-1][1], k, formula)
        else:
            runs.append((shown, k, k, formula))
    return tuple(_piece(var, name, cells, run) for run in runs)


def _agrees(formula: Expr, cell_expr: Expr, cells: Cells, k: int) -> bool:
    """The selected formula equals the normaliser's on cell ``k`` (exactly)."""
    if k % 2:
        p = cells.points[k // 2]
        return sympy.expand(formula.subs(cells.var, p) - cell_expr) == 0
    return sympy.expand(formula - cell_expr) == 0


def _piece(var: Symbol, name: Symbol, cells: Cells, run: tuple[str, int, int, Expr]) -> Piece:
    shown, first, last, formula = run
    lo, _ = cells.interval(first)
    _, hi = cells.interval(last)
    if first == last and first % 2:
        interval: sympy.Set = sympy.FiniteSet(lo)
        formula = formula.subs(var, lo)
    else:
        interval = sympy.Interval(
            -sympy.oo if lo is None else lo,
            sympy.oo if hi is None else hi,
            left_open=lo is None or first % 2 == 0,
            right_open=hi is None or last % 2 == 0,
        )
    return Piece(name, interval, formula.xreplace({var: name}), shown)
