"""The command line: output, exit codes, and one-line errors without tracebacks."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

import symact
from symact.cli import main


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def test_list_shows_every_name_with_formula_and_aliases():
    code, text = run("list")
    assert code == 0
    lines = text.splitlines()
    assert len(lines) == len(symact.names())
    assert any(line.startswith("leaky_relu(negative_slope=1/5): Piecewise") for line in lines)
    assert "[hardtanh, Hardtanh]" in text


def test_list_json_is_machine_readable():
    code, text = run("list", "--format", "json")
    data = json.loads(text)
    assert code == 0
    assert [d["name"] for d in data] == symact.names()
    relu = next(d for d in data if d["name"] == "relu")
    assert relu["parameters"]["max_value"]["condition"] == "max_value >= 0"
    leaky = next(d for d in data if d["name"] == "leaky_relu")
    assert leaky["framework_defaults"]["torch"] == {"negative_slope": "1/100"}


def test_show_gelu_latex_prints_exact_definition():
    code, text = run("show", "gelu", "--format", "latex")
    assert code == 0
    assert text.strip() == (
        r"\operatorname{gelu}(x) = \frac{x \left(\operatorname{erf}{\left("
        r"\frac{\sqrt{2} x}{2} \right)} + 1\right)}{2}"
    )


def test_show_text_has_formula_derivative_and_params():
    code, text = run("show", "LeakyReLU")
    assert code == 0
    assert "f = Piecewise((x, x > 0), (3*x/10, True))" in text
    assert "f' = Piecewise((1, x > 0), (3/10, True))" in text


def test_unknown_name_is_a_one_line_error(capsys):
    code, _ = run("show", "relux")
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "did you mean relu" in err


def test_usage_error_exits_2():
    with pytest.raises(SystemExit) as info:
        main(["show", "relu", "--format", "pdf"])
    assert info.value.code == 2


def test_console_entry_point_runs_as_module():
    proc = subprocess.run(
        [sys.executable, "-m", "symact", "show", "relu", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["formula"] == "Piecewise((x, x > 0), (0, True))"


@pytest.mark.parametrize("budget", ["inf", "1e308"])
def test_unbounded_budgets_are_accepted(budget):
    code, text = run("prove", "relu", "--law", "additivity", "--budget", budget)
    assert code == 0 and "witness: a = 1, b = -1" in text


def test_closed_pipe_is_not_an_error():
    proc = subprocess.run(
        f"'{sys.executable}' -m symact list | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.stdout.startswith("celu")
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr


def test_unexpected_failure_is_one_line_not_a_traceback(monkeypatch, capsys):
    import symact.cli.catalog as catalog

    def broken(args, out):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(catalog, "_cmd_list", broken)
    monkeypatch.delenv("SYMACT_DEBUG", raising=False)
    assert main(["list"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error ZeroDivisionError: boom" in err


def test_eval_reads_negative_numbers_infinities_and_nan_as_values():
    code, text = run("eval", "relu6", "-inf", "-1e-300", "-.5", "7", "nan")
    assert code == 0
    assert text.splitlines() == ["-inf\t0.0", "-1e-300\t0.0", "-.5\t0.0", "7\t6.0", "nan\tnan"]


# -- --param declares the unknown names of a typed formula ---------------------------------------
def test_param_symbolic_declares_a_formula_parameter():
    code, text = run(
        "prove", "where(x > 0, x, a*x)", "--param", "a=symbolic", "--law", "additivity"
    )
    assert "f(a=a) -- additivity (refuted)" in text
    data = json.loads(
        run(
            "prove",
            "where(x > 0, x, a*x)",
            "--param",
            "a=symbolic",
            "--law",
            "additivity",
            "--format",
            "json",
        )[1]
    )
    assert code == 0
    # additive exactly when the two slopes agree: a = 1 (by hand: f(1) + f(-1) = 1 - a)
    assert data["verdict"] == "refuted" and data["condition"]["text"] == "Eq(a, 1)"


@pytest.mark.parametrize(("value", "verdict"), [("1", "linear"), ("0.1", "nonlinear")])
def test_param_value_declares_and_binds_a_formula_parameter(value, verdict):
    code, text = run("prove", "where(x > 0, x, a*x)", "--param", f"a={value}", "--format", "json")
    assert code == 0 and json.loads(text)["verdict"] == verdict


def test_param_value_for_eval_and_show_of_a_formula():
    code, text = run("eval", "where(x > 0, x, a*x)", "-2", "--param", "a=0.25")
    assert code == 0 and text == "-2\t-0.5\n"  # -2 * 1/4, exact in binary
    code, text = run("show", "where(x > 0, x, a*x)", "--param", "a=symbolic")
    assert code == 0 and "f = Piecewise((x, x > 0), (a*x, True))" in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("prove", "2*x", "--param", "a=1"), "does not use the parameter 'a'"),
        (("prove", "where(x > 0, x, a*x)", "--param", "a=foo"), "must be a number"),
        (("prove", "where(x > 0, x, pi*x)", "--param", "pi=1"), "invalid parameter name 'pi'"),
        (("prove", "x*a", "--param", "a=1", "--param", "a=symbolic"), "--param a given twice"),
        (("eval", "where(x > 0, x, a*x)", "1", "--param", "a=symbolic"), "needs numbers"),
        (("eval", "where(x > 0, x, a*x)", "1"), "unknown name 'a'"),
    ],
)
def test_bad_formula_params_are_one_line_errors(argv, message, capsys):
    code, _ = run(*argv)
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and message in err


# -- --version -------------------------------------------------------------------------------------
def test_version_prints_the_package_version(capsys):
    import re
    from pathlib import Path

    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text()
    version = re.search(r'^version = "([^"]+)"', pyproject, re.MULTILINE).group(1)
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"symact {version}\n"


def test_a_file_error_is_one_line_not_an_internal_error(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    import symact.cli as cli
    import symact.cli.catalog as catalog

    def refuse(args, out):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "Permission denied", "/root/out.tex")

    monkeypatch.setattr(catalog, "_cmd_list", refuse)
    assert cli.main(["list"]) == 1
    err = capsys.readouterr().err
    assert err == "symact: error: Permission denied (/root/out.tex)\n"
