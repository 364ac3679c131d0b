"""``symact plot`` writes real, valid, non-blank images atomically and fails in one line."""

from __future__ import annotations

import io
import re
import shlex
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from symact.cli import main

ROOT = Path(__file__).resolve().parents[2]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def assert_real_png(path: Path) -> None:
    from matplotlib.image import imread

    assert path.read_bytes()[:8] == PNG_SIGNATURE
    pixels = imread(path)
    assert pixels.ndim == 3 and pixels.shape[0] > 300 and pixels.shape[1] > 500
    assert pixels[..., :3].var() > 0.01  # curves, text and axes, not a blank page


def test_plot_relu_sigmoid_tanh_with_derivatives_writes_a_real_png(tmp_path):
    target = tmp_path / "cmp.png"
    code, text = run("plot", "relu", "sigmoid", "tanh", "--derivative", "-o", str(target))
    assert code == 0 and text == f"wrote {target}\n"
    assert_real_png(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cmp.png"]  # no temporary left


def test_svg_is_well_formed_xml_with_the_curves(tmp_path):
    target = tmp_path / "relu.svg"
    assert run("plot", "relu", "--counterexample", "-o", str(target))[0] == 0
    root = ET.parse(target).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert len(root.findall(".//{http://www.w3.org/2000/svg}path")) > 20


def test_pdf_is_a_pdf(tmp_path):
    target = tmp_path / "gelu.PDF"
    assert run("plot", "gelu", "--range", "-3", "3", "-o", str(target))[0] == 0
    data = target.read_bytes()
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-64:]


def test_the_default_output_is_named_after_the_activations(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("plot", "relu", "tanh") == (0, "wrote relu_tanh.png\n")
    assert_real_png(tmp_path / "relu_tanh.png")
    assert run("plot", "x*tanh(softplus(x))") == (0, "wrote plot.png\n")


def test_params_are_bound_before_plotting(tmp_path):
    target = tmp_path / "leaky.png"
    assert run("plot", "leaky_relu", "--param", "negative_slope=0.5", "-o", str(target))[0] == 0
    assert_real_png(target)


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["relu", "-o", "out.jpg"], "cannot tell the image format of 'out.jpg'"),
        (["relu", "--range", "3", "3"], "needs A < B, got A = 3.0, B = 3.0"),
        (["relu", "--range", "-inf", "1"], "must be finite"),
        (["relu", "--range", "nan", "1"], "must be finite"),
        (["rleu"], "unknown activation 'rleu'"),
        (["softmax"], "vector activation"),
        (["threshold"], "--param default_value=VALUE"),
        (["leaky_relu", "--param", "negative_slope=symbolic"], "needs numbers"),
        (["relu", "-o", "no/such/folder/relu.png"], "does not exist"),
    ],
)
def test_errors_are_one_line_on_stderr_and_exit_1(tmp_path, monkeypatch, capsys, argv, words):
    monkeypatch.chdir(tmp_path)
    assert run("plot", *argv) == (1, "")
    err = capsys.readouterr().err
    assert err.startswith("symact: error: ") and err.count("\n") == 1 and words in err
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch, capsys):
    from matplotlib.figure import Figure

    target = tmp_path / "relu.png"
    target.write_bytes(b"old")

    def broken(self, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(Figure, "savefig", broken)
    assert run("plot", "relu", "-o", str(target)) == (1, "")
    assert "could not write" in capsys.readouterr().err
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["relu.png"]


def test_the_tutorials_plot_command_runs(tmp_path):
    text = (ROOT / "docs" / "tutorial.md").read_text(encoding="utf-8")
    section = text.split("<!-- plot:start -->")[1].split("<!-- plot:end -->")[0]
    (line,) = re.findall(r"^symact plot .*$", section, re.MULTILINE)
    argv = shlex.split(line)[1:]
    output = Path(argv[argv.index("-o") + 1])
    argv[argv.index("-o") + 1] = str(tmp_path / output.name)
    assert run(*argv)[0] == 0
    assert_real_png(tmp_path / output.name)
    assert f"](gallery/{output.name})" in section  # the gallery's copy of that figure
