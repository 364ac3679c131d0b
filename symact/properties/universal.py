r"""Polynomial or not, hence universal approximation (Leshno, Lin, Pinkus and Schocken 1993).

Theorem (Leshno et al. 1993): let σ be locally bounded with its set of discontinuities of
Lebesgue measure zero.  One-hidden-layer networks :math:`\sum_i c_i σ(w_i x + b_i)` are dense
in :math:`C(K)` for every compact K (uniform norm) **iff σ is not a polynomial almost
everywhere**.  The checks state the hypotheses and verify them on the cells: finitely many
breakpoints (a null set), each cell analytic up to its ends (so locally bounded), and decide
"polynomial a.e." per cell: one polynomial on every open cell, or a certificate that some
cell is no polynomial (a derivative with a finite limit at ±∞ that is not constant: a
polynomial's derivatives with finite limits are constant).

>>> import symact
>>> from symact.properties.analysis import Study
>>> check_polynomial(Study(symact.parse("x**2"))).value
x**2
>>> check_universal(Study(symact.get("relu"))).verdict.value
'proved'
"""

from __future__ import annotations

import itertools

import sympy
from sympy import Expr, oo

from symact.primitives.nodes import X
from symact.properties.analysis import Open, Study, Undecidable
from symact.properties.records import Property, outcome, region
from symact.properties.regularity import _analytic
from symact.properties.signs import sign_on
from symact.prover.results import Proof, Refutation, Result, Step

__all__ = ["check_polynomial", "check_universal"]

THEOREM = (
    "Leshno, Lin, Pinkus & Schocken (1993): for a locally bounded activation whose "
    "discontinuities form a null set, one-hidden-layer networks are dense in C(K) for every "
    "compact K iff the activation is not a polynomial almost everywhere"
)


def _not_polynomial(study: Study, cell: Open) -> Step | None:
    """A step proving the cell expression is no polynomial, or None."""
    g = cell.expr
    if g.is_polynomial(X):
        return None
    for side in (s for s in (cell.lo, cell.hi) if s in (-oo, oo)):
        for order in range(3):
            try:
                limit = study.limit(side, order)
            except Undecidable:
                continue
            if limit is None or not limit.is_finite:
                continue
            at = study.cells.sample(cell.index)
            s = sign_on(sympy.diff(g, X, order + 1), at, at)
            if s is not None and abs(s) == 1:
                text = (
                    f"f^({order}) -> {limit} as x -> {side} but f^({order + 1})({at}) != 0 "
                    "(certified): a polynomial with a finite limit is constant"
                )
                return Step.holds(text, case=region(sympy.And(cell.lo < X, cell.hi > X)))
    return None


def _pieces_polynomial(study: Study) -> tuple[Expr | None, list[Step]]:
    """The one polynomial of every open cell, or None with the step that refutes it."""
    opens = study.open_cells()
    exprs = [sympy.expand(c.expr) for c in opens]
    if all(e.is_polynomial(X) for e in exprs):
        if all(sympy.simplify(e - exprs[0]) == 0 for e in exprs):
            return exprs[0], [
                Step.holds(
                    "every open cell is the same polynomial",
                    statement=sympy.Eq(sympy.Function("f")(X), exprs[0]),
                )
            ]
        for a, b in itertools.pairwise(opens):
            if sympy.simplify(sympy.expand(a.expr - b.expr)) != 0:
                text = (
                    f"two cells carry different polynomials ({a.expr} and {b.expr}): "
                    "no single polynomial on a set of positive measure"
                )
                return None, [Step.holds(text)]
    for cell in opens:
        step = _not_polynomial(study, cell)
        if step is not None:
            return None, [step]
    raise Undecidable("no cell is a polynomial, but no certificate that one is not was found")


def check_polynomial(study: Study) -> Result:
    """``f`` is a polynomial (value: the polynomial)."""
    poly, steps = _pieces_polynomial(study)
    if poly is None:
        steps.append(Step.therefore("f is not a polynomial"))
        return outcome(Refutation, Property.POLYNOMIAL, study, steps)
    cells = study.cells
    for i, p in enumerate(cells.points):
        if sympy.simplify(cells.exprs[2 * i + 1] - poly.subs(X, p)) != 0:
            steps.append(
                Step.therefore(
                    f"f differs from {poly} at x = {p}: not a polynomial (only almost everywhere)"
                )
            )
            return outcome(Refutation, Property.POLYNOMIAL, study, steps, witness={"x": p})
    steps.append(Step.therefore(f"f is the polynomial {poly}"))
    return outcome(Proof, Property.POLYNOMIAL, study, steps, value=poly)


def check_universal(study: Study) -> Result:
    """The Leshno et al. criterion: hypotheses checked, then "not a polynomial a.e."."""
    for cell in study.open_cells():
        _analytic(cell)
    n = len(study.cells.points)
    steps = [
        Step.holds(THEOREM),
        Step.holds(
            f"f is analytic on each of its {n + 1} open cells up to their ends: locally bounded"
        ),
        Step.holds(f"f can be discontinuous only at its {n} breakpoints: a null set"),
    ]
    poly, more = _pieces_polynomial(study)
    steps += more
    if poly is None:
        steps.append(
            Step.therefore(
                "f is not a polynomial a.e.: networks with it are universal approximators"
            )
        )
        return outcome(Proof, Property.UNIVERSAL_APPROXIMATOR, study, steps)
    degree = sympy.Poly(poly, X).degree() if poly.has(X) else 0
    target = X ** (degree + 1)
    steps.append(
        Step.therefore(
            f"f equals the polynomial {poly} a.e.: every network with it is a polynomial of degree "
            f"<= {degree} in x, which cannot approximate {target} on [0, 1]"
        )
    )
    return outcome(
        Refutation,
        Property.UNIVERSAL_APPROXIMATOR,
        study,
        steps,
        value=poly,
        witness={"target": target},
    )
