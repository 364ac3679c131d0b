"""docs/notebook.ipynb runs in a real Jupyter kernel (this venv's Python) and displays symact's
activations and results as math (``text/latex``), with no cell in error.

Environment of the kernel: ``JUPYTER_PLATFORM_DIRS=1`` opts in to the platformdirs locations
that jupyter_core 5 otherwise announces with a DeprecationWarning (an error under
``filterwarnings = error``); ``JUPYTER_DATA_DIR`` is an empty temporary folder, so a
``python3`` kernelspec in the user's own Jupyter folder cannot shadow the one that ipykernel
installs into this venv; ``IPYTHONDIR`` and ``JUPYTER_RUNTIME_DIR`` keep the kernel's profile
and connection files out of the home folder.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbclient  # nbclient, nbformat and ipykernel: the test extra (make venv installs them)
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "docs" / "notebook.ipynb"


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """The notebook after a run in a fresh kernel, plus a last cell printing the kernel's
    ``sys.executable``."""
    home = tmp_path_factory.mktemp("jupyter")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("JUPYTER_PLATFORM_DIRS", "1")
        for name in ("JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
            env.setenv(name, str(home / name.lower()))
        nb = nbformat.read(NOTEBOOK, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell("import sys\nprint(sys.executable)"))
        client = nbclient.NotebookClient(
            nb,
            kernel_name="python3",
            timeout=120,
            allow_errors=True,  # reported per cell by the test below, with its source
            resources={"metadata": {"path": str(home)}},
        )
        client.execute()
    return nb


def _outputs(cell) -> list:
    return list(cell.get("outputs", []))


def _latex(cell) -> str:
    return "".join(o.get("data", {}).get("text/latex", "") for o in _outputs(cell))


def _code_cell(nb, source_start: str):
    return next(c for c in nb.cells if c.cell_type == "code" and c.source.startswith(source_start))


def test_the_committed_notebook_has_no_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source


def test_the_kernel_is_this_environments_python(executed):
    text = "".join(o.get("text", "") for o in _outputs(executed.cells[-1]))
    assert Path(text.strip()).resolve() == Path(sys.executable).resolve()


def test_no_cell_errors_and_every_code_cell_shows_something(executed):
    for cell in executed.cells:
        if cell.cell_type != "code":
            continue
        kinds = [o.output_type for o in _outputs(cell)]
        assert "error" not in kinds, cell.source
        assert kinds, f"the cell {cell.source!r} shows nothing"


def test_relu_displays_as_its_latex_definition(executed):
    latex = _latex(_code_cell(executed, "import symact"))
    assert latex.startswith("$$") and latex.endswith("$$")
    assert r"\operatorname{relu}" in latex and r"\begin{cases}" in latex
    assert "x > 0" in latex


def test_the_linearity_report_of_relu_displays_as_latex(executed):
    latex = _latex(_code_cell(executed, "report = symact.check_linearity(relu)"))
    assert latex, "check_linearity(relu) has no text/latex display"
    assert "additiv" in latex and "homogene" in latex
    assert "a < 0" in latex  # the classic family: every a < 0 refutes homogeneity
