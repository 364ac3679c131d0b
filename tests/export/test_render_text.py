"""Proof text prints long exact constants compactly; the JSON keeps them exact."""

from __future__ import annotations

import io
import json

import pytest
from sympy import Integer, Rational, Symbol, exp, sin

from symact.cli import main
from symact.export.text import show

x = Symbol("x", real=True)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Rational(1, 10**300), "1e-300"),
        (Integer(10) ** 300, "1e300"),
        (-(Integer(10) ** 40), "-1e40"),
        (Rational(3, 2 * 10**30), "1.5e-30"),
        (sin(2) / 10**300 + 2, "1e-300*sin(2) + 2"),
        (Rational(2, 3 * 10**40), "6.666666666666666...e-41"),  # truncated, not rounded up
        (Rational(10**30 + 1, 10**30), "1.000000000000000..."),  # 31 digits: not short
        # SELU's lambda, the 32-digit literal of SPEC: its first 16 digits, then "..."
        (Rational("1.0507009873554804934193349852946"), "1.050700987355480..."),
        (Rational(-(10**25 + 1), 3) * exp(x), "-3.333333333333333...e24*exp(x)"),
        (Rational(1, 7 * 10**30), "1.428571428571428...e-31"),
        (Rational(123456789, 1000), "123456789/1000"),  # short numbers stay exact fractions
        (Integer(2) ** 70, "1180591620717411303424"),
    ],
)
def test_long_exact_numbers_print_compactly(value, text) -> None:
    assert show(value) == text


def test_prove_prints_tiny_constants_compactly_and_json_keeps_them() -> None:
    out = io.StringIO()
    assert main(["prove", "x + 10**-300*sin(x)", "--law", "additivity"], out=out) == 0
    text = out.getvalue()
    assert "f(2) = 1e-300*sin(2) + 2" in text
    assert max(len(line) for line in text.splitlines()) < 200
    out = io.StringIO()
    args = ["prove", "x + 10**-300*sin(x)", "--law", "additivity", "--format", "json"]
    assert main(args, out=out) == 0
    data = json.loads(out.getvalue())
    assert "1" + "0" * 300 in json.dumps(data["steps"])  # the exact 10**300, in full


def test_order_and_membership_relations_render_as_text() -> None:
    from sympy import Interval, oo

    from symact.export.text import step_line
    from symact.prover.results import Relation, Step

    assert Relation("<=") is Relation.LE and Relation(">=") is Relation.GE
    assert step_line(Step(x, "<=", Integer(1), "bound")) == "  x <= 1    (bound)"
    assert step_line(Step(x, ">=", Integer(0), "bound")) == "  x >= 0    (bound)"
    enclosure = Step(sin(2), "in", Interval(Rational(9, 10), Rational(91, 100)), "ball arithmetic")
    assert step_line(enclosure) == "  sin(2) in [9/10, 91/100]    (ball arithmetic)"
    ray = Step(x, Relation.IN, Interval.open(0, oo), "positive")
    assert step_line(ray) == "  x in (0, oo)    (positive)"
