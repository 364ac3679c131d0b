"""``symact eval``'s library side: inputs outside the dtype's range follow IEEE/NumPy rounding
(±inf, ±0) silently (issue 14 item 1)."""

from __future__ import annotations

import math

import pytest

from symact import get
from symact.numeric.evaluate import evaluate


def test_a_value_beyond_float32_becomes_inf_without_a_warning():
    # filterwarnings=error: a RuntimeWarning("overflow encountered in cast") would fail here
    pairs = evaluate(get("gelu"), ["1e308", "-1e308", "3.5e38"], dtype="float32")
    outputs = [float(v) for _, v in pairs]
    assert outputs[0] == math.inf  # gelu(x) ~ x as x → +inf
    assert outputs[1] == 0  # gelu(x) → 0 as x → −inf
    assert outputs[2] == math.inf  # 3.5e38 > float32 max 3.4028235e38


def test_a_value_below_float32_underflows_to_zero():
    assert evaluate(get("sigmoid"), ["1e-50"], dtype="float32") == [("1e-50", "0.5")]


def test_the_largest_float32_stays_finite():
    # relu is the identity for x > 0: the float32 rounding of 3.4e38 comes back
    assert evaluate(get("relu"), ["3.4e38"], dtype="float32") == [("3.4e38", "3.4e+38")]


def test_the_cli_prints_inf_and_nothing_on_stderr(capsys):
    from symact.cli import main

    assert main(["eval", "gelu", "1e308", "--dtype", "float32"]) == 0
    out, err = capsys.readouterr()
    assert out.split() == ["1e308", "inf"]
    assert err == ""


@pytest.mark.parametrize("text", ["1e400", "-1e400"])
def test_a_value_beyond_float64_reads_as_inf(text):
    assert float(evaluate(get("relu"), [text])[0][1]) == (math.inf if text[0] != "-" else 0)
