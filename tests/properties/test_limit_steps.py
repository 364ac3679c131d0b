"""The limit derivations: the definitions written out and the limits of the exponential-like
terms, each step checked with SymPy's own ``limit`` (an independent oracle)."""

from __future__ import annotations

import pytest
import sympy

import symact
from symact.primitives.nodes import X


def _limit_steps(name: str, prop: str) -> list:  # type: ignore[type-arg]
    result = symact.properties(symact.get(name), only=[prop], budget=None)[prop]
    assert result.verdict.value == "proved"
    return list(result.steps)


@pytest.mark.parametrize("name", ["sigmoid", "softplus", "mish", "gelu", "elu", "silu", "tanh"])
@pytest.mark.parametrize("prop", ["limit_neg_inf", "limit_pos_inf"])
def test_every_limit_step_is_true(name: str, prop: str) -> None:
    side = -sympy.oo if prop == "limit_neg_inf" else sympy.oo
    for step in _limit_steps(name, prop):
        if isinstance(step.lhs, sympy.Limit):
            body = step.lhs.args[0].rewrite(sympy.exp)
            assert sympy.limit(body, X, side) == step.rhs, (name, prop, step)
        elif step.lhs == sympy.Function("f")(X) and "definitions" in step.justification:
            written = symact.get(name).expr.rewrite(sympy.exp)
            assert sympy.simplify(step.rhs.rewrite(sympy.exp) - written) == 0


def test_sigmoid_limits_read_as_a_short_derivation() -> None:
    steps = _limit_steps("sigmoid", "limit_neg_inf")
    assert steps[0].rhs == 1 / (1 + sympy.exp(-X))
    assert (steps[1].lhs, steps[1].rhs) == (sympy.Limit(sympy.exp(-X), X, -sympy.oo), sympy.oo)
    assert steps[-1].rhs == 0
    up = _limit_steps("sigmoid", "limit_pos_inf")
    assert (up[1].lhs.args[0], up[1].rhs, up[-1].rhs) == (sympy.exp(-X), 0, 1)
