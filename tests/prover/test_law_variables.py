"""A parameter named like a law variable (a, b) or the prover's t is a different symbol.

f = x·[x > s] is additive and homogeneous for no s (derived by hand): for -1 <= s < 1,
f(1) + f(-1) = 1 != 0 = f(0); for s >= 1, a = s + 1, b = -a gives f(a) + f(b) = a != 0; for
s < -1, a = b = s/2 gives f(s) = 0 != s.  Homogeneity: x = -1 at a = |s| + 1 gives
f(-a) = 0 != -a.  Before the law variables had an assumption of their own, naming the
parameter t made the prover report a condition such as "t > 1 or t < -1".
"""

from __future__ import annotations

import pytest
from sympy import Symbol, false

import symact
from symact.prover.laws import SCALAR, A, B, T


@pytest.mark.parametrize("name", ["t", "a", "b", "s"])
@pytest.mark.parametrize("check", [symact.check_additivity, symact.check_homogeneity])
def test_a_parameter_named_like_a_law_variable_keeps_the_right_condition(name, check):
    f = symact.parse(f"where(x > {name}, x, 0)", params=[name])
    result = check(f)
    assert result.verdict == symact.Verdict.REFUTED
    assert result.condition == false


def test_law_variables_are_not_the_parser_s_parameters():
    for var in (A, B, T):
        assert var != Symbol(var.name, real=True)
        assert str(var) == var.name
    assert Symbol("x", real=True) == SCALAR  # the scalar shares the input's name: never a parameter
