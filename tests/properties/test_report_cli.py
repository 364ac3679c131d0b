"""The report API, its errors and renderings, and the two CLI subcommands."""

from __future__ import annotations

import io
import json

import pytest
import sympy

import symact
from symact.cli import main
from symact.properties import PROPERTIES, Property, PropertyReport, UnknownPropertyError


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def test_report_maps_every_property_in_the_table_order():
    report = symact.properties(symact.get("relu"))
    assert isinstance(report, PropertyReport)
    assert list(report) == [p.value for p in PROPERTIES]
    assert report["range"] is report[Property.RANGE]
    assert {r.verdict.value for r in report.values()} <= {"proved", "refuted", "undecided"}


def test_facade_name_is_callable_even_after_a_submodule_import():
    import symact.properties.spec

    assert symact.properties("sigmoid", only=["limit_pos_inf"])["limit_pos_inf"].value == 1


def test_subset_and_unknown_names():
    report = symact.properties("tanh", only=["odd", "range"])
    assert list(report) == ["range", "odd"]  # table order, not the order asked
    with pytest.raises(KeyError, match="only="):
        report["even"]
    with pytest.raises(UnknownPropertyError, match="limit_neg_inf"):
        symact.properties("tanh", only=["convex"])
    assert issubclass(UnknownPropertyError, symact.SymactError)
    assert issubclass(UnknownPropertyError, ValueError)


@pytest.mark.parametrize(
    ("arg", "budget", "match"),
    [
        ("softmax", 3.0, "vector activation"),
        (42, 3.0, "ActivationFunction"),
        ("relu", -1, "budget"),
        ("no_such", 3.0, "no_such"),
    ],
)
def test_bad_input_is_a_clear_symact_error(arg, budget, match):
    with pytest.raises(symact.SymactError, match=match):
        symact.properties(arg, budget=budget)


def test_what_cannot_be_decided_is_undecided_with_a_reason():
    result = symact.properties(symact.parse("x*sin(x)"), only=["range"])["range"]
    assert result.verdict.value == "undecided" and result.reason


def test_renderings_carry_the_values():
    report = symact.properties("sigmoid", only=["range", "lipschitz"])
    text = report.to_text()
    assert "value: (0, 1)" in text and "value: 1/4" in text
    data = json.loads(report.to_json())
    assert data["kind"] == "properties"
    assert data["properties"]["range"]["value"]["text"] == "Interval.open(0, 1)"
    assert data["properties"]["lipschitz"]["law"] == "lipschitz"
    markdown = report.to_markdown()
    assert markdown.startswith("## Properties of sigmoid")
    assert "### sigmoid: range proved\n\n**Value:** $\\left(0, 1\\right)$" in markdown
    latex = report.to_latex()
    assert latex.startswith("$$\n\\begin{aligned}") and r"&\text{Value: } \frac{1}{4}" in latex
    assert report._repr_latex_() == latex


def test_cli_properties_sigmoid_proves_limits_and_range():
    code, out = run("properties", "sigmoid")
    assert code == 0
    assert "Proof: sigmoid -- limit_neg_inf (proved)\n  value: 0" in out
    assert "Proof: sigmoid -- limit_pos_inf (proved)\n  value: 1" in out
    assert "Proof: sigmoid -- range (proved)\n  value: (0, 1)" in out


def test_cli_x_squared_polynomial_hence_not_universal_as_json():
    code, out = run(
        "properties", "x**2", "--format", "json",
        "--property", "polynomial", "--property", "universal_approximator", "--property", "affine",
    )  # fmt: skip
    data = json.loads(out)["properties"]
    assert code == 0
    assert data["polynomial"]["verdict"] == "proved"
    assert data["polynomial"]["value"]["text"] == "x**2"
    assert data["universal_approximator"]["verdict"] == "refuted"
    assert data["affine"]["verdict"] == "refuted"  # non-linear


def test_cli_symbolic_parameter_gives_a_condition():
    code, out = run(
        "properties", "elu", "--param", "alpha=symbolic", "--property", "differentiable"
    )
    assert code == 0 and "law holds exactly when: alpha = 1" in out


@pytest.mark.parametrize(
    "argv",
    [
        ("properties", "no_such_activation"),
        ("properties", "softmax"),
        ("properties", "x +* 2"),
        ("properties", "relu", "--budget", "-1"),
    ],
)
def test_cli_user_errors_exit_1_with_one_line(argv, capsys):
    assert main(list(argv), out=io.StringIO()) == 1
    err = capsys.readouterr().err
    assert err.startswith("symact: error:") and err.count("\n") == 1


def test_cli_unknown_property_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["properties", "relu", "--property", "convex"])
    assert exc.value.code == 2
    assert "convex" in capsys.readouterr().err


def test_table_formats_render_the_same_reports():
    reports = [symact.properties(n) for n in ("relu", "sigmoid")]
    md = symact.properties.table("markdown", reports=reports)
    assert md.splitlines()[2].startswith("| `relu` | ✓ 0 | ✓ oo | ✓ [0, oo) |")
    latex = symact.properties.table("latex", reports=reports)
    assert latex.startswith(r"\begin{tabular}") and r"\checkmark" in latex
    data = json.loads(symact.properties.table("json", reports=reports))
    assert data["rows"][1]["cells"]["range"] == {"verdict": "proved", "value": "(0, 1)"}
    with pytest.raises(symact.SymactError, match="markdown"):
        symact.properties.table("html", reports=reports)


def test_report_values_are_exact_sympy_objects():
    report = symact.properties("hard_sigmoid", only=["range", "lipschitz"])
    assert report["range"].value == sympy.Interval(0, 1)
    assert report["lipschitz"].value == sympy.Rational(1, 6)


def test_property_reports_compile_as_standalone_latex_documents(tmp_path):
    from symact.export.pdf import compile_pdf
    from tests.export.test_latex import pdflatex

    pdflatex()
    for f in (symact.get("gelu"), symact.get("elu").symbolic(), symact.parse("x**2")):
        document = symact.properties(f).to_latex(standalone=True)
        assert "\\begin{theorem}[range]" in document
        target = tmp_path / f"{f.name}.pdf"
        compile_pdf(document, target)
        assert target.read_bytes().startswith(b"%PDF")


def test_cli_vocabulary_matches_the_records():
    from symact.properties import comparison, names

    assert tuple(p.value for p in PROPERTIES) == names.PROPERTY_NAMES
    assert tuple(p.value for p in Property) == names.PROPERTY_NAMES
    assert tuple(comparison._RENDER) == names.TABLE_FORMATS


def test_building_the_cli_parser_does_not_load_the_properties_engine():
    import subprocess
    import sys

    code = (
        "import sys\nfrom symact.cli import build_parser\nbuild_parser()\n"
        "print(sorted(m for m in sys.modules if m.startswith('symact.properties')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['symact.properties', 'symact.properties.names']"
