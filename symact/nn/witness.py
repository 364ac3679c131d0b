"""Witness pairs for networks: found in floating point, certified exactly.

Candidates are small integer input vectors drawn from a fixed seed (so the search is
reproducible), paired as ``(v, −v)``, ``(v, v)``, ``(v, u)`` for the additive laws and as
``(x, v)`` with scalars −1, 2, 1/2, 0 for homogeneity.  A forward pass in the model's
dtype ranks them by the size of the defect; the best few are recomputed by the exact forward pass
(:mod:`symact.nn.forward`) and one output component's defect is certified non-zero by the
prover's :func:`~symact.prover.certify.certify_nonzero` (exact rationals, else Arb balls).
Floating point only chooses what to check; it never decides.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy
from sympy import Expr, Rational

from symact.nn.forward import ExactNetwork
from symact.prover.certify import Certificate, certify_nonzero
from symact.prover.laws import Law

__all__ = ["Candidate", "Found", "find_witness"]

#: Exact certifications attempted before giving up (each is a few exact forward passes).
TRIES = 6
SEED = 20240607


@dataclass(frozen=True, slots=True)
class Candidate:
    """Law variables: ``u``, ``v`` vectors, or ``scalar`` and ``v`` for homogeneity."""

    u: tuple[int, ...]
    v: tuple[int, ...]
    scalar: Rational | None = None


@dataclass(frozen=True, slots=True)
class Found:
    """A certified witness: the candidate, the output index, both sides and the certificate."""

    candidate: Candidate
    index: int
    lhs: Expr
    rhs: Expr
    certificate: Certificate


def _vectors(n: int) -> list[tuple[int, ...]]:
    rng = np.random.default_rng(SEED)
    rows = [rng.integers(-3, 4, size=n) for _ in range(12)]
    rows += [np.eye(n, dtype=int)[i] for i in range(min(n, 6))]
    rows.append(np.ones(n, dtype=int))
    return [tuple(row.tolist()) for row in rows if np.any(row)]


def candidates(law: Law, n: int) -> list[Candidate]:
    vs = _vectors(n)
    if law.spec.shape == "scaling":
        scalars = [Rational(2), Rational(1, 2), Rational(0)]
        if not law.spec.nonnegative_scalar:
            scalars.insert(0, Rational(-1))
        return [Candidate((), v, s) for v in vs for s in scalars]
    neg = [tuple(-x for x in v) for v in vs]
    pairs = list(zip(vs, neg, strict=True)) + [(v, v) for v in vs]
    pairs += list(itertools.pairwise(vs))
    return [Candidate(u, v) for u, v in pairs]


def _points(law: Law, c: Candidate) -> list[tuple[Rational, ...]]:
    """The inputs whose outputs the law compares (the first one is the left side)."""
    if c.scalar is not None:
        return [tuple(c.scalar * x for x in c.v), c.v]
    points = [tuple(a + b for a, b in zip(c.u, c.v, strict=True)), c.u, c.v]
    if law.spec.offset:
        points.append(tuple(Rational(0) for _ in c.v))
    return points


def _float_points(law: Law, c: Candidate) -> np.ndarray:
    """:func:`_points` in float64 (ranking only)."""
    v = np.array(c.v, dtype=np.float64)
    if c.scalar is not None:
        return np.stack([float(c.scalar) * v, v])
    u = np.array(c.u, dtype=np.float64)
    rows = [u + v, u, v] + ([np.zeros_like(v)] if law.spec.offset else [])
    return np.stack(rows)


def _combine(law: Law, c: Candidate, outs: list[Any]) -> tuple[Any, Any]:
    """Left and right side of the law (in float64) from the outputs at :func:`_points`."""
    if c.scalar is not None:
        return outs[0], float(c.scalar) * outs[1]
    rhs = outs[1] + outs[2]
    return outs[0], (rhs - outs[3] if law.spec.offset else rhs)


def _ranked(model: Any, law: Law, cands: list[Candidate]) -> list[tuple[float, int, Candidate]]:
    """Candidates with a visible defect in the model's dtype, largest relative defect first."""
    points = [_float_points(law, c) for c in cands]
    counts = [len(p) for p in points]
    flat = np.concatenate(points)
    with np.errstate(all="ignore"):
        outs = np.asarray(model(flat), dtype=np.float64)
    ranked, start = [], 0
    for c, count in zip(cands, counts, strict=True):
        part = list(outs[start : start + count])
        start += count
        with np.errstate(all="ignore"):
            lhs, rhs = _combine(law, c, part)
            score = np.abs(lhs - rhs) / (1.0 + np.abs(lhs) + np.abs(rhs))
        if not np.all(np.isfinite(score)):
            continue
        best = int(np.argmax(score))
        if score[best] > _noise(model):
            ranked.append((float(score[best]), best, c))
    ranked.sort(key=lambda t: -t[0])
    return ranked


def _noise(model: Any) -> float:
    """Relative defects below this are rounding noise of the model's dtype (ranking only)."""
    return 1e-5 if model.dtype == np.float32 else 1e-12


def find_witness(
    model: Any, law: Law, deadline: float | None, exact: ExactNetwork | None = None
) -> Found | None:
    """A certified witness for ``law`` failing on ``model``, or None."""
    ranked = _ranked(model, law, candidates(law, int(model.input_dim)))
    if not ranked:
        return None
    exact = exact or ExactNetwork(model)
    for _, index, cand in ranked[:TRIES]:
        if deadline is not None and time.monotonic() > deadline:
            return None
        outs = [exact.outputs(list(p)) for p in _points(law, cand)]
        lhs, rhs = _side(law, cand, outs, index)
        with sympy.evaluate(False):
            defect = sympy.Add(lhs, sympy.Mul(-1, rhs))
        cert = certify_nonzero(defect, deadline=deadline)
        if cert is not None:
            return Found(cand, index, lhs, rhs, cert)
    return None


def _side(law: Law, c: Candidate, outs: list[list[Expr]], i: int) -> tuple[Expr, Expr]:
    with sympy.evaluate(False):
        if c.scalar is not None:
            return outs[0][i], _times(c.scalar, outs[1][i])
        rhs = sympy.Add(outs[1][i], outs[2][i])
        if law.spec.offset:
            rhs = sympy.Add(rhs, sympy.Mul(-1, outs[3][i]))
        return outs[0][i], rhs


def _times(k: Rational, value: Expr) -> Expr:
    if isinstance(value, Rational):
        return k * value
    return sympy.Mul(k, value)
