"""The simplest rational in an open interval (continued fractions), exact.

Witnesses are exact rationals of small height; this picks them inside an interval.
"""

from __future__ import annotations

import math
from fractions import Fraction

__all__ = ["simplest_between"]


def simplest_between(lo: Fraction | None, hi: Fraction | None) -> Fraction:
    """The rational of smallest height in the open interval ``(lo, hi)`` (None: unbounded).

    >>> simplest_between(Fraction(1, 3), Fraction(1, 2)), simplest_between(None, Fraction(-7, 2))
    (Fraction(2, 5), Fraction(-4, 1))
    """
    if (lo is None or lo < 0) and (hi is None or hi > 0):
        return Fraction(0)
    if lo is None:
        assert hi is not None
        return Fraction(math.ceil(hi) - 1)
    if hi is None:
        return Fraction(math.floor(lo) + 1)
    if hi <= 0:
        return -simplest_between(-hi, -lo)
    whole = math.floor(lo)
    if whole + 1 < hi:
        return Fraction(whole + 1)
    lo_frac, hi_frac = lo - whole, hi - whole
    inv_lo = None if lo_frac == 0 else 1 / lo_frac
    return whole + 1 / simplest_between(1 / hi_frac, inv_lo)
