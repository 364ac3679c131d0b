"""Piecewise conditions become sets of reals without SymPy's inequality solver (which imports
sympy.physics, 0.4 s): the fast path must agree with ``as_set`` on every form it takes."""

from __future__ import annotations

import pytest
import sympy
from sympy import Abs, Rational, pi

from symact.activations.function import X
from symact.numeric.segments import as_set as _as_set

HALF = Rational(1, 2)


@pytest.mark.parametrize(
    "cond",
    [
        X > 0,
        X >= -3,
        X < HALF,
        sympy.Le(X, pi),
        sympy.Lt(HALF, X),  # constant on the left
        sympy.Ge(3, X),
        Abs(X) > HALF,
        Abs(X) >= 3,
        Abs(X) < 2,
        Abs(X) <= 2,
        sympy.Lt(HALF, Abs(X)),
        Abs(X) < -1,
        (X > 1) & (X < 3),
        (X < -1) | (X >= 2),
        (Abs(X) > 1) & (X < 5),
        sympy.Eq(X, 2),
        X**2 < 4,
    ],
)
def test_condition_sets_agree_with_sympy(cond):
    want = cond.as_set() if cond not in (sympy.true, sympy.false) else None
    got = _as_set(cond, X)
    if want is None:
        assert got == (sympy.Reals if cond is sympy.true else sympy.EmptySet)
    else:
        assert got == want
