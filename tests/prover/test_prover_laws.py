"""The law records (LawSpec/LAWS), the typed step and method records, and the prover's
import graph.  Expected values are derived by hand in the comments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sympy
from sympy import Function, Integer, Rational

from symact.activations.function import ActivationFunction, X
from symact.cli.prove import law_choices as _law_choices
from symact.prover import (
    check,
    check_additivity,
    check_affinity,
    check_homogeneity,
    check_positive_homogeneity,
)
from symact.prover.facts import FACTS
from symact.prover.laws import LAWS, SCALAR, A, B, Law, T, law_table
from symact.prover.results import Method, Relation, Step, Verdict

ROOT = Path(__file__).resolve().parents[2]


def test_every_law_has_one_record_named_like_the_law() -> None:
    assert list(LAWS) == list(Law)
    assert [spec.name for spec in LAWS.values()] == [law.value for law in Law]
    assert all(law.spec is LAWS[law] for law in Law)


def test_docs_law_table_is_generated_from_the_records() -> None:
    text = (ROOT / "docs" / "prover.md").read_text(encoding="utf-8")
    block = text.split("<!-- laws:start -->\n", 1)[1].split("<!-- laws:end -->", 1)[0]
    assert block == law_table()
    assert "| `affinity` | `f(a + b) = -f(0) + f(a) + f(b)` | all real a and b |" in block


def test_cli_law_choices_come_from_the_records() -> None:
    expected = ("additivity", "homogeneity", "linearity", "positive-homogeneity", "affinity")
    assert _law_choices() == expected


@pytest.mark.parametrize(
    ("law", "values", "expected"),
    [
        # f(t) = t**2: f(2 + 3) = 25, f(2) + f(3) = 13; f(2*3) = 36, 2*f(3) = 18;
        # affinity also subtracts f(0) = 0
        (Law.ADDITIVITY, {"a": 2, "b": 3}, (25, 13)),
        (Law.HOMOGENEITY, {"x": 2, "a": 3}, (36, 18)),
        (Law.POSITIVE_HOMOGENEITY, {"x": 2, "a": 3}, (36, 18)),
        (Law.AFFINITY, {"a": 2, "b": 3}, (25, 13)),
    ],
)
def test_sides_of_each_law_at_a_point(law: Law, values: dict, expected: tuple) -> None:
    lhs, rhs = law.sides(lambda v: sympy.sympify(v) ** 2, values)
    assert (lhs, rhs) == tuple(Integer(e) for e in expected)


def test_affinity_subtracts_f_at_zero() -> None:
    # f(t) = t + 5: f(1 + 1) = 7 and f(1) + f(1) - f(0) = 6 + 6 - 5 = 7
    assert Law.AFFINITY.sides(lambda v: v + 5, {"a": 1, "b": 1}) == (7, 7)
    assert Law.ADDITIVITY.sides(lambda v: v + 5, {"a": 1, "b": 1}) == (7, 12)


def test_statements_and_domains() -> None:
    f = Function("f")
    assert Law.ADDITIVITY.statement(f) == sympy.Eq(f(A + B), f(A) + f(B), evaluate=False)
    assert Law.HOMOGENEITY.statement(f) == sympy.Eq(f(SCALAR * A), SCALAR * f(A), evaluate=False)
    assert Law.POSITIVE_HOMOGENEITY.domain == (SCALAR >= 0)
    assert Law.HOMOGENEITY.domain is sympy.true
    assert Law.POSITIVE_HOMOGENEITY.quantifier == "for all real x >= 0 and a"


def test_models_by_hand() -> None:
    # f(t) = 3t + 1 on the points the models use: f(-1) = -2, f(0) = 1, f(1) = 4
    def value(v: sympy.Expr) -> sympy.Expr:
        return 3 * v + 1

    assert Law.ADDITIVITY.spec.model(value) == ((), (4 * T,))
    assert Law.HOMOGENEITY.spec.model(value) == ((), (4 * T,))
    # t < 0: -f(-1)*t = 2t; t = 0: 0; t > 0: f(1)*t = 4t
    assert Law.POSITIVE_HOMOGENEITY.spec.model(value) == ((0,), (2 * T, 0, 4 * T))
    # f(0) + (f(1) - f(0))*t = 1 + 3t
    assert Law.AFFINITY.spec.model(value) == ((), (1 + 3 * T,))
    assert Law.POSITIVE_HOMOGENEITY.spec.used_values == (-1, 1)


def test_failing_points_become_witnesses_that_violate_the_law() -> None:
    # f(t) = t**2 differs from the homogeneity model f(1)*t = t at t0 = 2: x = 2, a = 1 gives
    # f(2) = 4 != 2*f(1) = 2; from the positive model -f(-1)*t = -t at t0 = -3: x = 3,
    # a = -1 gives f(-3) = 9 != 3*f(-1) = 3.
    def square(v: sympy.Expr) -> sympy.Expr:
        return sympy.sympify(v) ** 2

    hom = Law.HOMOGENEITY.spec.witness_at
    pos = Law.POSITIVE_HOMOGENEITY.spec.witness_at
    assert hom is not None and pos is not None
    assert hom(Integer(2)) == {"x": 2, "a": 1}
    assert Law.HOMOGENEITY.sides(square, hom(Integer(2))) == (4, 2)
    assert pos(Integer(-3)) == {"x": 3, "a": -1}
    assert Law.POSITIVE_HOMOGENEITY.sides(square, pos(Integer(-3))) == (9, 3)
    assert pos(Rational(1, 2)) == {"x": Rational(1, 2), "a": 1}
    assert Law.ADDITIVITY.spec.witness_at is None  # the arrangement search decides


def test_facts_hold_every_law_characterisation() -> None:
    for spec in LAWS.values():
        assert FACTS[spec.fact] == spec.fact_text
    assert FACTS["homogeneity-1d"].startswith("For f: R -> R, f is homogeneous iff")


def test_check_functions_are_named_and_documented_from_the_records() -> None:
    functions = (check_additivity, check_homogeneity, check_positive_homogeneity, check_affinity)
    assert [fn.__name__ for fn in functions] == [
        "check_additivity",
        "check_homogeneity",
        "check_positive_homogeneity",
        "check_affinity",
    ]
    assert check_additivity.__doc__ == (
        "Additivity ``f(a + b) = f(a) + f(b)`` for all real a and b."
    )


def test_check_functions_decide_their_law() -> None:
    # f(t) = 2t + 1: affine, not additive (f(0 + 0) = 1 != f(0) + f(0) = 2), not homogeneous
    f = ActivationFunction(name="shifted", expr=2 * X + 1)
    assert check_affinity(f).verdict is Verdict.PROVED
    add = check_additivity(f)
    assert add.verdict is Verdict.REFUTED and add.witness == {"a": 0, "b": 0}
    assert add.law is Law.ADDITIVITY
    assert check_homogeneity(f).verdict is Verdict.REFUTED
    assert check_positive_homogeneity(f).law is Law.POSITIVE_HOMOGENEITY
    assert check(f, "affinity").method is Method.IDENTITY


def test_relations_are_typed_and_serialise_as_their_strings() -> None:
    step = Step(Integer(0), "!=", Integer(1), "exact rational arithmetic")
    assert step.relation is Relation.NE
    assert f"{step.relation}" == "!=" and str(Relation.THEREFORE) == "therefore"
    assert json.dumps([Relation.HOLDS, Method.PIECES]) == '["holds", "pieces"]'
    with pytest.raises(ValueError, match="'=='"):
        Step(Integer(0), "==", Integer(1), "no such relation")


def test_named_step_constructors() -> None:
    case = A > 0
    held = Step.holds("by Cauchy", "cauchy", statement=sympy.true, case=case)
    assert (held.lhs, held.relation, held.rhs) == (sympy.true, Relation.HOLDS, None)
    assert (held.justification, held.case, held.fact) == ("by Cauchy", case, "cauchy")
    done = Step.therefore("f is not additive")
    assert (done.lhs, done.relation, done.rhs, done.case, done.fact) == (
        None,
        Relation.THEREFORE,
        None,
        None,
        None,
    )
    assert done == Step(None, "therefore", None, "f is not additive")


def test_method_strings_in_json() -> None:
    f = ActivationFunction(name="shifted", expr=2 * X + 1)
    data = check(f, "affinity").to_dict()
    assert data["method"] == "identity" and data["schema"] == "symact.prover/1"
    assert {s["relation"] for s in data["steps"]} <= {r.value for r in Relation}
