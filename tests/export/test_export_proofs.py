"""``symact export``: the committed proofs/ folder is exactly its output, the index states the
expected verdicts (tests/cases.py), and the command's rules hold end to end."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from contextlib import redirect_stderr
from pathlib import Path

import pytest
import sympy
from cases import CATALOG

import symact
from symact.cli import main
from symact.export import bundle
from symact.export.bundle import MARKER

ROOT = Path(__file__).resolve().parents[2]
PROOFS = ROOT / "proofs"
REGENERATE = "regenerate it with `.venv/bin/symact export proofs` and commit proofs/"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    """A fresh export through the command line."""
    target = tmp_path_factory.mktemp("export") / "proofs"
    assert main(["export", str(target)], out=io.StringIO()) == 0
    return target


def _tree(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def test_committed_proofs_are_exactly_a_fresh_export(fresh):
    committed, new = _tree(PROOFS), _tree(fresh)
    assert sorted(committed) == sorted(new), (
        f"proofs/ has other files than the export: {REGENERATE}"
    )
    drifted = [name for name in new if committed[name] != new[name]]
    assert not drifted, f"proofs/ drifted from `symact export proofs` in {drifted}: {REGENERATE}"


def test_export_is_the_same_bytes_in_another_process_with_another_hash_seed(fresh, tmp_path):
    env = {**os.environ, "PYTHONHASHSEED": "4242"}
    cmd = [sys.executable, "-m", "symact", "export", str(tmp_path / "again")]
    subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=300)
    assert _tree(tmp_path / "again") == _tree(fresh)


def test_files_carry_the_marker_first_and_no_machine_or_version_detail(fresh):
    machine = [str(fresh), str(ROOT), os.path.expanduser("~"), sympy.__version__, sys.version]
    for name, data in _tree(fresh).items():
        text = data.decode("utf-8")
        assert MARKER in text.splitlines()[0], name
        assert "\r" not in text and text.endswith("\n") and not text.endswith("\n\n"), name
        leaked = [detail for detail in machine if detail in text]
        assert not leaked, f"{name} contains {leaked}"


def test_every_element_wise_activation_has_its_documents_and_vectors_are_listed(fresh):
    files = set(_tree(fresh))
    index = (fresh / "README.md").read_text(encoding="utf-8")
    for name in symact.names():
        if symact.get(name).kind == "elementwise":
            assert {f"{name}.tex", f"{name}.md", f"{name}.smt2"} <= files, name
            assert f"[tex]({name}.tex) · [md]({name}.md) · [smt2]({name}.smt2)" in index
        else:
            assert not any(f.startswith(f"{name}.") for f in files), name
            assert f"- `{name}`: a vector activation" in index


def _row(index: str, name: str) -> list[str]:
    line = next(ln for ln in index.splitlines() if ln.startswith(f"| `{name}` |"))
    return [cell.strip() for cell in line.strip("|").split(" | ")]


def _witness(values: dict[str, str]) -> str:
    pairs = (f"{k} = {sympy.latex(sympy.Rational(v))}" for k, v in values.items())
    return "$" + r",\ ".join(pairs) + "$"


@pytest.mark.parametrize("case", CATALOG, ids=lambda c: c.name)
def test_index_row_states_the_expected_verdicts_and_witnesses(fresh, case):
    row = _row((fresh / "README.md").read_text(encoding="utf-8"), case.name)
    assert row[0] == f"`{case.name}`" and row[1].startswith(r"$\operatorname{")
    words = {"proved": "yes", "refuted": "no", "linear": "yes", "nonlinear": "no"}
    assert row[2].split(";")[0] == words[case.additivity]
    assert row[3].split(";")[0] == words[case.homogeneity]
    assert row[4] == words[case.linearity]
    if case.params:  # exported with the parameters symbolic, not the table's values
        return
    if case.additivity_witness is None:
        assert row[5] == row[6] == "—"
        return
    assert row[5] == (
        f"additivity: {_witness(case.additivity_witness)}; "
        f"homogeneity: {_witness(case.homogeneity_witness)}"
    )


def test_relu_row_reads_like_the_classic_argument(fresh):
    row = _row((fresh / "README.md").read_text(encoding="utf-8"), "relu")
    # f(-1·a) = -a > 0 but -1·f(a) = 0 for every a < 0; f(a + b) fails for a > 0 > b
    assert row[6] == (
        r"additivity: $a > 0 \text{ and } b < 0$; homogeneity: $x = -1 \text{ and } a < 0$"
    )


def test_rerun_keeps_user_files_removes_stale_marked_ones_and_refuses_user_namesakes(
    fresh, tmp_path, monkeypatch
):
    fresh = Path(shutil.copytree(fresh, tmp_path / "proofs"))
    rendered = {name: data.decode("utf-8") for name, data in _tree(fresh).items()}
    monkeypatch.setattr(bundle, "render", lambda: rendered)  # the prover ran once, above
    (fresh / "notes.md").write_text("my notes\n")
    (fresh / "retired.tex").write_text(f"% {MARKER}\nold\n")  # an activation no longer there
    out = io.StringIO()
    assert main(["export", str(fresh)], out=out) == 0
    assert out.getvalue() == f"{fresh}: wrote 0 files, {len(rendered)} unchanged, removed 1 stale\n"
    assert (fresh / "notes.md").read_text() == "my notes\n"
    assert not (fresh / "retired.tex").exists()
    (fresh / "relu.md").write_text("my relu notes\n")
    err = io.StringIO()
    with redirect_stderr(err):
        assert main(["export", str(fresh)], out=io.StringIO()) == 1
    assert err.getvalue().count("\n") == 1 and "--force" in err.getvalue()
    assert (fresh / "relu.md").read_text() == "my relu notes\n"
    with redirect_stderr(err):
        assert main(["export", "--force", str(fresh)], out=io.StringIO()) == 0
    assert (fresh / "relu.md").read_text() == rendered["relu.md"]
    assert (fresh / "notes.md").read_text() == "my notes\n"


def test_a_file_as_directory_is_one_line_on_stderr_and_exit_1(tmp_path):
    (tmp_path / "proofs").write_text("x")
    err = io.StringIO()
    with redirect_stderr(err):
        assert main(["export", str(tmp_path / "proofs")], out=io.StringIO()) == 1
    assert err.getvalue() == (
        f"symact: error: '{tmp_path / 'proofs'}' is a file, not a directory; "
        "give a directory to export into\n"
    )
