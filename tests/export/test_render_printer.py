"""The printer interface: dispatch along the MRO, one method per step relation, reprs."""

from __future__ import annotations

import pytest
from sympy import Integer, Interval, Rational

import symact
from symact.export.formats import FORMATS
from symact.export.printer import Printer, PrinterError
from symact.prover import check, check_linearity
from symact.prover.laws import Law
from symact.prover.results import Refutation, Relation, Step


class _Record:
    """A record type no printer knows yet."""


class _Special(_Record):
    pass


class _WithRecord(Printer):
    def _print__Record(self, obj: _Record) -> str:
        return f"record {type(obj).__name__}"


def test_a_new_record_type_is_one_method_found_along_the_mro() -> None:
    assert _WithRecord().doprint(_Special()) == "record _Special"
    with pytest.raises(PrinterError, match="add a method _print__Special"):
        Printer().doprint(_Special())


@pytest.mark.parametrize("relation", list(Relation))
def test_every_printer_prints_every_relation(relation: Relation) -> None:
    if relation in (Relation.HOLDS, Relation.THEREFORE):
        step = Step(None, relation, None, "a statement")
    elif relation is Relation.IN:
        step = Step(Integer(2), relation, Interval(Rational(3, 2), 3), "enclosure")
    else:
        step = Step(Integer(1), relation, Integer(2), "because")
    for fmt in FORMATS.values():
        if fmt.printer is not None:
            assert fmt.printer().doprint(step)


def test_membership_prints_as_an_interval_in_every_format() -> None:
    step = Step(Integer(2), "in", Interval(Rational(3, 2), 3), "enclosure")
    result = Refutation(Law.ADDITIVITY, "g", steps=(step,))
    assert "2 in [3/2, 3]" in result.to_text()
    assert "2 &\\in \\left[\\frac{3}{2}, 3\\right]" in result.to_latex()
    assert "$2 \\in \\left[\\frac{3}{2}, 3\\right]$" in result.to_markdown()
    assert result.to_dict()["steps"][0]["relation"] == "in"


def test_reprs_are_short_and_equality_is_kept() -> None:
    result = check(symact.get("relu"), "homogeneity")
    assert repr(result) == "<Refutation: relu homogeneity>"
    assert repr(check_linearity(symact.get("linear"))) == "<LinearityReport: linear linear>"
    assert result == check(symact.get("relu"), "homogeneity")
    assert repr(symact.get("relu")) == "<ActivationFunction relu: Piecewise((x, x > 0), (0, True))>"


def test_jupyter_displays_math() -> None:
    relu = symact.get("relu")
    assert relu._repr_latex_() == f"$${relu.to_latex()}$$"
    assert relu._repr_markdown_().startswith("## relu")
    report = check_linearity(relu)
    assert report._repr_latex_().startswith("$$\n\\begin{aligned}")
    assert report._repr_markdown_() == report.to_markdown()
