r"""Continuity, differentiability and the class :math:`C^k`: the cells are analytic where
their expressions are defined, so everything happens at the breakpoints.

At a breakpoint ``p`` with cells ``g_L`` left and ``g_R`` right and value ``v``: ``f`` is
continuous iff :math:`g_L(p) = v = g_R(p)`, and :math:`C^k` near ``p`` iff moreover
:math:`g_L^{(j)}(p) = g_R^{(j)}(p)` for :math:`j \le k`.  Equalities are exact (or a
condition on symbolic parameters); inequalities are certified with Arb balls.

>>> import symact
>>> from symact.properties.analysis import Study
>>> check_smoothness(Study(symact.get("elu"))).value
1
>>> check_differentiable(Study(symact.get("relu"))).witness
{'x': 0}
"""

from __future__ import annotations

import sympy
from sympy import Expr, oo

from symact.primitives.nodes import X
from symact.properties.analysis import Open, Study, Undecidable
from symact.properties.intervals import NoEnclosure, image
from symact.properties.records import Property, outcome
from symact.prover.certify import certify_nonzero
from symact.prover.results import Proof, Refutation, Result, Step

__all__ = ["check_continuous", "check_differentiable", "check_smoothness"]

#: Highest derivative order compared at a breakpoint.
MAX_ORDER = 6
#: Entire building blocks: a cell made of these (and +, ·, natural powers) is analytic on ℝ.
_ENTIRE = (
    sympy.exp,
    sympy.erf,
    sympy.erfc,
    sympy.tanh,
    sympy.sin,
    sympy.cos,
    sympy.atan,
    sympy.sinh,
    sympy.cosh,
)


def _analytic(cell: Open) -> None:
    """Raise unless the cell's expression is analytic on the closure of the cell."""
    from symact.primitives.nodes import sigmoid, softplus

    for node in sympy.preorder_traversal(cell.expr):
        if not node.has(X) or node.is_Symbol or node.is_Add or node.is_Mul:
            continue
        if isinstance(node, (*_ENTIRE, sigmoid, softplus)):
            continue
        if node.is_Pow and node.exp.is_Integer and node.exp >= 0:
            continue
        base = node.base if node.is_Pow else (node.args[0] if isinstance(node, sympy.log) else None)
        if base is None:
            raise Undecidable(f"no analyticity rule for {node}")
        try:
            enclosure = image(base, cell.lo, cell.hi)
        except NoEnclosure as exc:
            raise Undecidable(f"cannot show {base} > 0 on the cell: {exc}") from None
        if not enclosure.positive():
            raise Undecidable(f"cannot show {base} > 0 on ({cell.lo}, {cell.hi})")


def _equal(u: Expr, v: Expr) -> sympy.Basic:
    """``true``/``false`` when decided, else a condition on the parameters."""
    d = sympy.simplify(u - v)
    if d == 0:
        return sympy.true
    if d.free_symbols:
        return sympy.Eq(u, v).simplify()
    if certify_nonzero(d) is not None:
        return sympy.false
    raise Undecidable(f"cannot decide whether {d} is 0")


def _orders(study: Study, upto: int) -> list[tuple[Expr, int, sympy.Basic]]:
    """For each breakpoint and order j <= upto: the condition that the jump of f^(j) is 0
    (j = 0 also compares the value at the point)."""
    for cell in study.open_cells():
        _analytic(cell)
    cells, opens = study.cells, study.open_cells()
    out = []
    for i, p in enumerate(cells.points):
        left, right = opens[i].expr, opens[i + 1].expr
        for j in range(upto + 1):
            gl, gr = (sympy.diff(g, X, j).subs(X, p) for g in (left, right))
            cond = _equal(gl, gr)
            if j == 0:
                cond = sympy.And(cond, _equal(cells.exprs[2 * i + 1], gr))
            out.append((p, j, cond))
    return out


def _first_failure(rows: list, order: int) -> tuple[Expr, sympy.Basic] | None:
    for p, j, cond in rows:
        if j <= order and cond is not sympy.true:
            return p, cond
    return None


def _verdict(study: Study, prop: Property, order: int, what: str) -> Result:
    rows = _orders(study, order)
    steps = [_row_step(p, j, c) for p, j, c in rows if j <= order]
    condition = sympy.And(*[c for _, j, c in rows if j <= order]).simplify()
    if condition is sympy.true:
        steps.append(Step.therefore(f"f is {what} (analytic cells that agree at every breakpoint)"))
        return outcome(Proof, prop, study, steps)
    if condition is sympy.false:
        p, _ = _first_failure(rows, order) or (None, None)
        steps.append(Step.therefore(f"f is not {what} at x = {p}"))
        return outcome(Refutation, prop, study, steps, witness={"x": p})
    steps.append(Step.therefore(f"f is {what} exactly when {condition}"))
    return outcome(Proof, prop, study, steps, condition=condition)


def _row_step(p: Expr, j: int, cond: sympy.Basic) -> Step:
    what = "f" if j == 0 else f"f^({j})"
    text = {sympy.true: "equal", sympy.false: "differ (certified)"}.get(cond, f"equal iff {cond}")
    return Step.holds(f"one-sided values of {what} at x = {p}: {text}")


def check_continuous(study: Study) -> Result:
    """Continuous on ℝ."""
    return _verdict(study, Property.CONTINUOUS, 0, "continuous")


def check_differentiable(study: Study) -> Result:
    """Differentiable on ℝ."""
    return _verdict(study, Property.DIFFERENTIABLE, 1, "differentiable")


def check_smoothness(study: Study) -> Result:
    """The largest ``k`` with ``f`` in :math:`C^k(ℝ)` (``oo``: smooth)."""
    rows = _orders(study, MAX_ORDER)
    conds = [sympy.And(*[c for _, j, c in rows if j <= k]).simplify() for k in range(MAX_ORDER + 1)]
    steps = [_row_step(p, j, c) for p, j, c in rows if c is not sympy.true or j == 0]
    if conds[0] is sympy.false:
        p, _ = _first_failure(rows, 0) or (None, None)
        steps.append(Step.therefore(f"f is not continuous at x = {p}: in no class C^k"))
        return outcome(Refutation, Property.SMOOTHNESS, study, steps, witness={"x": p})
    if conds[-1] is sympy.true:
        if study.cells.points:
            raise Undecidable(f"the cells agree to order {MAX_ORDER} at every breakpoint")
        steps.append(Step.therefore("f is analytic on R: C^oo"))
        return outcome(Proof, Property.SMOOTHNESS, study, steps, value=oo)
    pairs = [(k, conds[k]) for k in range(MAX_ORDER, -1, -1) if conds[k] is not sympy.false]
    value = (
        pairs[0][0]
        if pairs[0][1] is sympy.true
        else sympy.Piecewise(*[(k, c) for k, c in pairs], (-1, True))
    )
    steps.append(Step.therefore(f"the largest k with f in C^k is {value}"))
    return outcome(Proof, Property.SMOOTHNESS, study, steps, value=sympy.sympify(value))
