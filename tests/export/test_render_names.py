"""A parameter named like a law variable: the verdict is right and every printer tells the two
apart (the law variable prints as a', the parameter as a)."""

from __future__ import annotations

import json

from symact.cli import resolve
from symact.prover import check


def _where_a() -> object:
    return resolve("where(x > 0, x, a*x)", {}, ["a"]).symbolic("a")


def test_law_variable_a_prints_as_a_prime_next_to_the_parameter_a() -> None:
    result = check(_where_a(), "additivity")
    assert result.verdict.value == "refuted"
    text = result.to_text()
    # f(a' + b) - f(a') - f(b) at a' = 1, b = -1 is f(0) - f(1) - f(-1) = 0 - 1 + a = a - 1
    assert "witness: a' = 1, b = -1" in text
    assert "f(a' + b) = f(a') + f(b)" in text
    assert "law holds exactly when: a = 1" in text  # the parameter keeps its name
    assert "a - 1 != 0" in text
    latex = result.to_latex()
    assert "a' = 1,\\ b = -1" in latex and "f\\left(a' + b\\right)" in latex
    assert "\\text{The law holds exactly when: } a = 1" in latex
    markdown = result.to_markdown()
    assert "$a' = 1$, $b = -1$" in markdown and "$a = 1$" in markdown


def test_homogeneity_renames_a_but_not_the_scalar_x() -> None:
    text = check(_where_a(), "homogeneity").to_text()
    assert "witness: x = -1, a' = -1" in text and "f(a'*x) = x*f(a')" in text


def test_json_keeps_the_recorded_names_apart_by_structure() -> None:
    data = json.loads(check(_where_a(), "additivity").to_json())
    assert data["variables"] == ["a", "b"] and data["params"] == {"a": "a"}
    assert data["witness"] == {"a": "1", "b": "-1"}


def test_without_a_collision_nothing_is_renamed() -> None:
    text = check(resolve("where(x > 0, x, k*x)", {}, ["k"]).symbolic("k"), "additivity").to_text()
    assert "witness: a = 1, b = -1" in text and "'" not in text
