r"""Witness search and the independent re-certification of a witness.

:func:`search` walks the law's candidates in simplicity order
(:func:`~symact.prover.witness.law_candidates`) and returns the first one whose defect
``lhs - rhs`` is certified non-zero.  :func:`arrangement_witness` is the complete fallback for
piecewise-affine functions and the additive laws: the defect
:math:`f(a+b) - f(a) - f(b)\,[+ f(0)]` is affine on every face of the arrangement of the lines
:math:`a = c_i`, :math:`b = c_j`, :math:`a + b = c_k` (breakpoints :math:`c`), so evaluating it
exactly at affinely spanning sample points of every face decides the law.
:func:`recertify` recomputes a witness's defect from the activation's expression alone.

>>> from sympy import Piecewise, Rational
>>> from symact.prover.laws import T
>>> from symact.prover.piecewise import normalise
>>> relu = normalise(Piecewise((T, T > 0), (0, True)), T)
>>> found = search(Law.ADDITIVITY, relu.at, 5)
>>> found.witness, found.certificate.kind
({'a': 1, 'b': -1}, 'exact')
>>> shrink = normalise(Piecewise((T, abs(T) > Rational(1, 2)), (0, True)), T)
>>> arrangement_witness(Law.ADDITIVITY, shrink)
{'a': 1, 'b': -1/2}
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

import sympy
from sympy import Expr, Integer, Rational

from symact.activations.function import ActivationFunction
from symact.errors import UnsupportedExpressionError
from symact.prover.certify import Certificate, certify_nonzero, substitute
from symact.prover.exact import exact_rational
from symact.prover.laws import Law
from symact.prover.piecewise import Cells
from symact.prover.witness import law_candidates

__all__ = ["Found", "arrangement_witness", "recertify", "search"]

SEARCH_PREC = 256


@dataclass(frozen=True, slots=True)
class Found:
    """A witness and the certificate of its defect found by the search."""

    witness: dict[str, Expr]
    certificate: Certificate


def search(
    law: Law,
    f_at: Callable[[Expr], Expr],
    count: int,
    deadline: float | None = None,
    *,
    skip: int = 0,
) -> Found | None:
    """The first candidate whose defect is certified non-zero, ignoring the candidates of
    ``law_candidates(law, skip)`` (already tried by an earlier, shorter search)."""
    tried = {tuple(v.values()) for v in law_candidates(law, skip)} if skip else set()
    for values in law_candidates(law, count):
        if tuple(values.values()) in tried:
            continue
        if deadline is not None and time.monotonic() > deadline:
            return None
        lhs, rhs = law.sides(f_at, values)
        defect = lhs - rhs
        if defect == 0 or defect.has(sympy.nan, sympy.zoo, sympy.I):
            continue  # equal, or f undefined / not real here: not a witness
        try:
            cert = certify_nonzero(defect, max_prec=SEARCH_PREC, deadline=deadline)
        except UnsupportedExpressionError:
            continue
        if cert is not None:
            return Found(values, cert)
    return None


def _height(value: Rational) -> int:
    return max(abs(value.p), value.q)


def _samples(critical: Sequence[Expr]) -> list[Expr]:
    """Critical values, two points inside every gap between them, two beyond each end."""
    pts = sorted(set(critical))
    if not pts:
        return [Integer(0), Integer(1)]
    out = [*pts, pts[0] - 1, pts[0] - 2, pts[-1] + 1, pts[-1] + 2]
    for lo, hi in pairwise(pts):
        out += [lo + (hi - lo) / 3, lo + 2 * (hi - lo) / 3]
    return out


def arrangement_witness(law: Law, cells: Cells) -> dict[str, Expr] | None:
    """A witness for additivity/affinity of piecewise-affine ``cells`` (rational breakpoints),
    or None when the law holds; complete by the face argument in the module docstring."""
    breaks = list(cells.points)
    if not all(isinstance(c, Rational) for c in breaks):
        return None
    crit_b = {*breaks, *(ck - ci for ck in breaks for ci in breaks)}
    failing: list[tuple[int, int, Expr, Expr]] = []
    for b in _samples(sorted(crit_b)):
        for a in _samples(sorted({*breaks, *(ck - b for ck in breaks)})):
            lhs, rhs = law.sides(cells.at, {"a": a, "b": b})
            if lhs != rhs:
                failing.append((max(_height(a), _height(b)), _height(a), a, b))
    if not failing:
        return None
    best = min(failing, key=lambda r: (r[0], r[1], abs(r[2]), -r[2], abs(r[3]), -r[3]))
    return {"a": best[2], "b": best[3]}


def exact_sides(f: ActivationFunction, law: Law, witness: Mapping[str, Expr]) -> tuple[Expr, Expr]:
    """Both sides of the law at ``witness``, evaluated from ``f.expr`` afresh: by exact
    rational arithmetic on the unevaluated substitution when every value is rational (fast
    for large case splits), else by SymPy."""

    seen: dict[Expr, Expr] = {}

    def value(u: Expr) -> Expr:
        if u not in seen:
            exact = exact_rational(substitute(f.expr, {f.x: u}))
            seen[u] = exact if exact is not None else f.expr.subs(f.x, u)
        return seen[u]

    return law.sides(value, witness)


def recertify(
    f: ActivationFunction, law: Law, witness: Mapping[str, Expr], deadline: float | None = None
) -> Certificate | None:
    """Certify the defect at ``witness`` from ``f.expr``, the law and the witness alone.

    The sides are rebuilt by substituting into ``f.expr`` without evaluation, so the
    certificate does not depend on the normaliser or the search that found the witness.
    """
    values = {k: sympy.sympify(v) for k, v in witness.items()}
    with sympy.evaluate(False):
        lhs, rhs = law.sides(lambda u: substitute(f.expr, {f.x: u}), values)
        defect = sympy.Add(lhs, sympy.Mul(-1, rhs))
    return certify_nonzero(defect, deadline=deadline)
