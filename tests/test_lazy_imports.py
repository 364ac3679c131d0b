"""``import symact`` is light: the prover, the numeric bridge, SciPy and matplotlib load on
first use (PEP 562), and the public names stay the same."""

from __future__ import annotations

import json
import subprocess
import sys

import symact

HEAVY = ("scipy", "matplotlib", "symact.numeric", "symact.prover", "symact.export")


def _loaded_after(code: str) -> list[str]:
    """Heavy modules loaded by a fresh interpreter that runs ``code``."""
    probe = f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)
    modules = json.loads(done.stdout.splitlines()[-1])
    return [m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY)]


def test_import_symact_loads_no_scipy_numeric_bridge_prover_or_matplotlib():
    assert _loaded_after("import symact") == []


def test_list_and_show_do_not_import_scipy():
    code = "import io\nfrom symact.cli import main\nmain(['list'], out=io.StringIO())\n"
    code += "main(['show', 'relu'], out=io.StringIO())"
    loaded = _loaded_after(code)
    assert not [m for m in loaded if m.startswith(("scipy", "matplotlib", "symact.numeric"))]


def test_first_use_of_a_lazy_name_loads_its_module():
    loaded = _loaded_after("import symact\nsymact.lambdify(symact.X)")
    assert "symact.numeric.function" in loaded
    assert "symact.prover" not in loaded and "scipy" not in loaded  # erf alone needs SciPy
    assert "symact.prover.linearity" in _loaded_after("import symact\nsymact.Verdict")


def test_the_plot_name_loads_matplotlib_only_when_a_figure_is_drawn():
    assert not [m for m in _loaded_after("import symact\nsymact.plot") if "matplotlib" in m]
    assert "matplotlib" in _loaded_after("import symact\nsymact.plot('linear')")


def test_public_names_are_unchanged_and_all_resolve():
    assert symact.__all__ == sorted(symact.__all__)
    assert set(symact.__all__) == {
        *("ActivationFunction", "LinearityReport", "Param", "ParameterError", "ParseError"),
        *("Proof", "Refutation", "RegistryError", "SymactError", "Undecided"),
        *("UnknownActivationError", "VectorActivation", "Verdict", "X", "__version__"),
        *("check_additivity", "check_affinity", "check_homogeneity", "check_linearity"),
        *("check_positive_homogeneity", "get", "lambdify", "names", "parse", "plot"),
        *("properties", "register"),
    }
    for name in symact.__all__:
        assert getattr(symact, name) is not None
        assert name in dir(symact)
    assert symact.Verdict.PROVED == "proved"


def test_an_unknown_attribute_is_an_attribute_error():
    import pytest

    with pytest.raises(AttributeError, match="no_such_name"):
        symact.no_such_name  # noqa: B018
