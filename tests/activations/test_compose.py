"""Composition f∘g is f applied to g's value, exactly, at every point."""

from __future__ import annotations

from sympy import Rational

import symact

CHAIN = ["hard_tanh", "leaky_relu", "relu6", "relu", "hard_tanh", "leaky_relu", "hard_sigmoid"]
POINTS = [Rational(k, 4) for k in range(-40, 41, 3)] + [Rational(0), Rational(6), Rational(-1)]


def test_a_long_mixed_chain_equals_its_stages_applied_in_turn():
    stages = [symact.get(name) for name in CHAIN]
    composed = stages[0]
    for inner in stages[1:]:
        composed = composed.compose(inner)
    for point in POINTS:
        value = point
        for stage in reversed(stages):  # the innermost stage acts first
            value = stage(value)
        assert composed(point) == value, point


def test_composition_keeps_its_parts_and_name():
    relu, tanh = symact.get("relu"), symact.get("hard_tanh")
    composed = tanh.compose(relu)
    assert composed.name == "hard_tanh∘relu"
    assert composed(Rational(-3)) == 0
    assert composed(Rational(1, 2)) == Rational(1, 2)
    assert composed(Rational(5)) == 1
