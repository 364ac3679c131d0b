"""The docs tell the truth: console transcripts re-run, generated files match their generators.

Transcripts are compared number-aware (tools/console_docs.py): a float may differ from the
committed one within the 4-ulp accuracy contract (NumPy's SIMD paths differ between CPUs), any
other change fails.  The two tests after the first simulate another CPU: every committed float
moved by one ulp must still pass, a digit changed beyond the contract must fail.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ["docs/tutorial.md"]


def _console_docs():
    spec = importlib.util.spec_from_file_location(
        "console_docs", ROOT / "tools" / "console_docs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


docs = _console_docs()


@pytest.fixture(scope="module", params=DOCS)
def transcript(request):
    """``(command, dtype, committed output, fresh output)`` of every command of one file."""
    text = (ROOT / request.param).read_text(encoding="utf-8")
    assert docs.BLOCK.search(text), f"{request.param} has no console block"
    rows = []
    for command, committed in docs.transcripts(text):
        dtype = np.float32 if "float32" in shlex.split(command) else np.float64
        rows.append((command, dtype, committed, docs.run_command(command)))
    return request.param, rows


def _is_float(token: str) -> bool:
    return re.fullmatch(r"[-+]?(\d+\.\d*([eE][-+]?\d+)?|\d+[eE][-+]?\d+)", token) is not None


def _moved(output: str, dtype, move) -> tuple[str, int]:
    """``output`` with every float replaced by ``move(value)`` (printed as ``dtype``)."""
    count = 0

    def sub(m: re.Match) -> str:
        nonlocal count
        if not _is_float(m.group(0)):
            return m.group(0)
        count += 1
        return str(dtype(move(dtype(float(m.group(0))))))

    return docs.NUMBER.sub(sub, output), count


def test_console_transcripts_match_what_the_commands_print(transcript):
    name, rows = transcript
    for command, dtype, committed, fresh in rows:
        assert docs.agree(committed, fresh, dtype), (
            f"{name}: `{command}` drifted from the CLI:\n{fresh}\n"
            f"run `.venv/bin/python tools/console_docs.py {name}`"
        )


def test_transcripts_pass_when_every_float_moves_by_one_ulp(transcript):
    _, rows = transcript
    moved = 0
    for _command, dtype, committed, fresh in rows:
        for direction in (np.inf, -np.inf):
            other_cpu, count = _moved(committed, dtype, lambda v, d=direction: np.nextafter(v, d))
            moved += count
            assert docs.agree(other_cpu, fresh, dtype), other_cpu
    assert moved > 0, "no float in the transcripts: this test would test nothing"


def test_transcripts_fail_when_a_digit_changes_beyond_the_contract(transcript):
    _, rows = transcript
    checked = 0
    for _command, dtype, committed, fresh in rows:
        for i, match in enumerate(docs.NUMBER.finditer(committed)):
            if not _is_float(match.group(0)) or float(match.group(0)) == 0:
                continue
            # one float changed in its 7th significant digit: thousands of ulp in float32
            wrong = committed[: match.start()] + str(dtype(float(match.group(0)) * (1 + 3e-6)))
            wrong += committed[match.end() :]
            assert not docs.agree(wrong, fresh, dtype), (i, wrong)
            checked += 1
    assert checked > 0


@pytest.mark.parametrize(
    ("want", "got", "agrees"),
    [
        ("-40\t4.24835425529159e-18\n", "-40\t4.248354255291589e-18\n", True),  # 1 ulp
        ("0.5\n", "0.5000000000000004\n", True),  # 4 ulp (2^-53 each above 0.5)
        ("0.5\n", "0.5000000000000006\n", False),  # 5 ulp
        ("relu6 3\n", "relu6 4\n", False),  # integers are exact
        ("0.0\n", "-0.0\n", True),
        ("proved\n", "refuted\n", False),
        ("1.0 2.0\n", "1.0\n", False),
    ],
)
def test_number_aware_comparison_counts_ulps(want, got, agrees):
    assert docs.agree(want, got) is agrees


def test_benchmark_tables_replace_only_their_own_section():
    spec = importlib.util.spec_from_file_location("_docs", ROOT / "benchmarks" / "_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    doc = "intro\n<!-- a:start -->\nold a\n<!-- a:end -->\n"
    doc += "<!-- b:start -->\nold b\n<!-- b:end -->\n"
    assert module.replace_section(doc, "a", "new a\n") == doc.replace("old a", "new a")
    assert module.replace_section(doc, "c", "c") == doc + "\n<!-- c:start -->\nc\n<!-- c:end -->\n"
    performance = (ROOT / "docs" / "performance.md").read_text(encoding="utf-8")
    for name in ("prover", "numeric", "nn", "smt", "latency"):
        start, end = module.markers(name)
        body = performance.split(start, 1)[1].split(end, 1)[0]
        assert module.replace_section(performance, name, body) == performance
