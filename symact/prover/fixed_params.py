"""The decision for one activation with numeric parameters and one law.

1. *Quick search*: the first candidates in simplicity order, each defect certified.
2. *Piecewise check* of the one-dimensional characterisation (:mod:`~symact.prover.onedim`):
   a proof when it holds on every piece; otherwise an exact failing point, turned into a
   witness (homogeneity: ``x = t0, a = 1``; additivity of a piecewise-affine function: the
   complete arrangement search of :func:`~symact.prover.search.arrangement_witness`).
3. *Extended search* with the time left; otherwise *undecided* with the reason.

For piecewise-affine functions with rational breakpoints steps 1–2 always decide.
"""

from __future__ import annotations

import time
from functools import lru_cache

from sympy import Expr, Symbol

from symact.activations.function import ActivationFunction
from symact.prover.affine_laws import decide_affine
from symact.prover.build_results import proof, refutation
from symact.prover.certify import certify_nonzero
from symact.prover.identity import is_identically_zero
from symact.prover.laws import Law, T
from symact.prover.onedim import compare, model
from symact.prover.piecewise import Cells, NotNormalisable, normalise
from symact.prover.results import Method, Refutation, Result, Step, Undecided
from symact.prover.search import arrangement_witness, search
from symact.prover.witness import candidates

__all__ = ["cells_of", "decide"]

QUICK = 7
EXTENDED = 15


_CAUCHY = (
    Step.holds(
        "f is piecewise affine, hence locally bounded, and not linear: by Cauchy it is not "
        "additive, so a witness exists",
        "cauchy",
    ),
    Step.holds("exact search over the faces of the arrangement", "arrangement"),
)


def cells_of(f: ActivationFunction, *, merge: bool = True) -> Cells | None:
    """The exclusive cells of ``f`` in ``T``, or None when its breakpoints are not exact."""
    cells = _pieces(f.expr, f.x)
    if cells is None:
        return None
    return cells.merged() if merge else cells


@lru_cache(maxsize=128)
def _pieces(expr: Expr, var: Symbol) -> Cells | None:
    """Unmerged cells of ``expr`` renamed to ``T`` (a pure function, so cached: both laws of
    one activation share the normalisation)."""
    try:
        cells = normalise(expr, var, merge=False)
    except NotNormalisable:
        return None
    return Cells(T, cells.points, tuple(e.xreplace({var: T}) for e in cells.exprs))


def _consistent(
    f: ActivationFunction, law: Law, cells: Cells, deadline: float | None
) -> bool | None:
    """Spot-check a proof against SymPy's own evaluation of ``f.expr`` at exact points.

    A defence in depth against a normaliser bug: the model identity must hold at the
    breakpoints, inside every cell and at the first candidates.  False when a point is
    *certified* to violate it; None when the deadline passes before every point is checked
    (the proof is then not given).
    """
    target = model(law, Cells(T, (), (f.expr.xreplace({f.x: T}),)), at=lambda v: f(v))
    points = {*cells.points, *(cells.sample(k, 1) for k in range(len(cells.exprs)))}
    for point in sorted(points | set(candidates(9)), key=lambda p: (abs(p), p)):
        if deadline is not None and time.monotonic() > deadline:
            return None
        gap = f(point) - target.at(point)
        if not is_identically_zero(gap) and certify_nonzero(gap, max_prec=256) is not None:
            return False
    return True


def _why_not_normalised(f: ActivationFunction) -> str:
    """Why the cases of ``f`` could not be split exactly (for the *undecided* reason)."""
    try:
        normalise(f.expr, f.x, merge=False)
    except NotNormalisable as exc:
        return f"its cases cannot be split exactly: {exc}"
    return "its cases could not be split exactly"


def _is_piecewise_affine(cells: Cells | None) -> bool:
    return (
        cells is not None
        and cells.is_affine
        and all(p.is_Rational for p in cells.points)
        and not any(e.free_symbols - {T} for e in cells.exprs)
    )


def _from_failing(law: Law, t0: Expr, cells: Cells | None) -> dict[str, Expr] | None:
    """A law witness from a point where ``f`` differs from the law's model."""
    if law.spec.witness_at is not None:
        return law.spec.witness_at(t0)
    if law.spec.shape == "sum" and cells is not None and _is_piecewise_affine(cells):
        return arrangement_witness(law, cells)
    return None


def _timed_out(deadline: float | None) -> bool:
    return deadline is not None and time.monotonic() > deadline


def _searched(
    f: ActivationFunction,
    law: Law,
    cells: Cells | None,
    counts: tuple[int, int],
    deadline: float | None,
) -> Refutation | None:
    """A certified refutation from the candidate search (``counts``: how many, skip)."""
    f_at = cells.at if cells is not None else (lambda v: f.expr.subs(f.x, v))
    found = search(law, f_at, counts[0], deadline, skip=counts[1])
    if found is None:
        return None
    return refutation(f, law, found.witness, cells, deadline, method=Method.SEARCH)


def _by_pieces(
    f: ActivationFunction, law: Law, cells: Cells | None, deadline: float | None
) -> Result | str:
    """A proof or refutation from the piecewise check, else the reason it gave none."""
    pieces = cells_of(f, merge=False) or Cells(T, (), (f.expr.xreplace({f.x: T}),))
    one = compare(law, pieces, deadline)
    if one.holds:
        agrees = _consistent(f, law, pieces, deadline)
        if agrees:
            method = Method.PIECES if pieces.points else Method.IDENTITY
            return proof(f, law, one.steps, method=method)
        if agrees is None:
            return "the proof was found but its cross-check did not finish"
        return "internal check failed: the piecewise proof disagrees with SymPy's evaluation"
    if one.holds is None or one.failing is None:
        return one.reason or "the piecewise check did not finish"
    witness = _from_failing(law, one.failing, cells)
    if witness is not None:
        additive = _is_piecewise_affine(cells) and law.spec.shape == "sum"
        context = [*one.steps[-1:], *(_CAUCHY if additive else ())]
        if not all(v.is_Rational for v in witness.values()):
            why = (
                f"the failing point found is the irrational breakpoint t = {one.failing}: "
                "the witness is exact but not rational"
            )
            context.append(Step.holds(why))
        method = Method.ARRANGEMENT if additive else Method.PIECES
        result = refutation(f, law, witness, cells, deadline, method=method, context=context)
        if result is not None:
            return result
    return f"f differs from the law's model at t = {one.failing}, but no witness was found"


def decide(f: ActivationFunction, law: Law, deadline: float | None) -> Result:
    """Prove or refute ``law`` for ``f`` (numeric parameters), or say why not."""
    fast = decide_affine(f, law, deadline)
    if fast is not None:
        return fast
    cells = cells_of(f)
    result = _searched(f, law, cells, (QUICK, 0), deadline)
    if result is not None:
        return result
    outcome = _by_pieces(f, law, cells, deadline)
    if not isinstance(outcome, str):
        return outcome
    if not _timed_out(deadline):
        result = _searched(f, law, cells, (EXTENDED, QUICK), deadline)
        if result is not None:
            return result
    if cells is None:
        outcome = f"{outcome}; {_why_not_normalised(f)}"
    if _timed_out(deadline):
        outcome = f"{outcome}; the time budget ran out"
    return Undecided(law=law, activation=f.name, reason=outcome, method=Method.UNDECIDED)
