"""Candidate witnesses in simplicity order: 0, 1, -1, 2, -2, 1/2, -1/2, 3, -3, 1/3, ...

The order is by *height* ``n = max(|p|, q)`` of the rational ``p/q``; within a height, ``n``,
``-n``, ``1/n``, ``-1/n`` come first, then ``n/k``, ``-n/k``, ``k/n``, ``-k/n`` for
``k = 2, …, n-1`` coprime to ``n``.  Witness search walks these sequences, so the first failing
tuple reported is minimal in this order and the same on every run.

>>> [str(c) for c in candidates(9)]
['0', '1', '-1', '2', '-2', '1/2', '-1/2', '3', '-3']
>>> [str(c) for c in mirrored(5)]
['0', '-1', '1', '-2', '2']
>>> [str(c) for c in nonnegative(6)]
['0', '1', '2', '1/2', '3', '1/3']
>>> [tuple(map(str, p)) for p in pairs(3)][:6]
[('0', '0'), ('0', '1'), ('1', '0'), ('1', '1'), ('0', '-1'), ('1', '-1')]
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from math import gcd

from sympy import Integer, Rational

from symact.prover.laws import Law

__all__ = ["candidates", "law_candidates", "mirrored", "nonnegative", "pairs"]


def _all_candidates() -> Iterator[Rational]:
    yield Integer(0)
    n = 1
    while True:
        yield Integer(n)
        yield Integer(-n)
        if n > 1:
            yield Rational(1, n)
            yield Rational(-1, n)
        for k in range(2, n):
            if gcd(k, n) == 1:
                yield from (Rational(n, k), Rational(-n, k), Rational(k, n), Rational(-k, n))
        n += 1


def candidates(count: int) -> list[Rational]:
    """The first ``count`` rationals in simplicity order."""
    return list(islice(_all_candidates(), count))


def mirrored(count: int) -> list[Rational]:
    """Simplicity order with each ``±`` pair swapped: 0, -1, 1, -2, 2, -1/2, 1/2, ..."""
    out = candidates(count + 1)
    for i in range(1, len(out) - 1, 2):
        out[i], out[i + 1] = out[i + 1], out[i]
    return out[:count]


def nonnegative(count: int) -> list[Rational]:
    """The non-negative candidates, in simplicity order: 0, 1, 2, 1/2, 3, 1/3, ..."""
    return list(islice((c for c in _all_candidates() if c >= 0), count))


def pairs(count: int) -> Iterator[tuple[Rational, Rational]]:
    """Pairs of the first ``count`` candidates ordered by (max index, first index, second)."""
    seq = candidates(count)
    for m in range(count):
        for i in range(m):
            yield seq[i], seq[m]
        for j in range(m + 1):
            yield seq[m], seq[j]


def law_candidates(law: Law, count: int) -> Iterator[dict[str, Rational]]:
    """Witness candidates for ``law`` keyed by its variable names, simplest first.

    Additivity and affinity walk :func:`pairs`; for (positive) homogeneity the scalar ``x``
    runs outer (in simplicity order, non-negative only for positive homogeneity) and the point
    ``a`` inner in :func:`mirrored` order, so that a negative ``a`` is tried before its positive
    mirror, following the reference text's argument ("take a < 0").
    """
    first, second = law.variables
    if law.spec.pairwise:
        for u, v in pairs(count):
            yield {first: u, second: v}
        return
    scalars = nonnegative(count) if law.spec.nonnegative_scalar else candidates(count)
    points = mirrored(count)
    for u in scalars:
        for v in points:
            yield {first: u, second: v}
