"""The ``console`` blocks of README.md and docs/cli.md print what the CLI prints (compared as
tools/console_docs.py compares docs/tutorial.md: floats within the accuracy contract)."""

from __future__ import annotations

import importlib.util
import shlex
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["README.md", "docs/cli.md"]

_spec = importlib.util.spec_from_file_location("console_docs", ROOT / "tools" / "console_docs.py")
assert _spec is not None and _spec.loader is not None
console_docs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(console_docs)


@pytest.mark.parametrize("page", PAGES)
def test_console_outputs_are_what_the_cli_prints(page):
    pairs = console_docs.transcripts((ROOT / page).read_text(encoding="utf-8"))
    assert pairs, f"{page} has no console block"
    for command, committed in pairs:
        dtype = np.float32 if "float32" in shlex.split(command) else np.float64
        fresh = console_docs.run_command(command)
        assert console_docs.agree(committed, fresh, dtype), (
            f"{page}: `{command}` drifted from the CLI:\n{fresh}\n"
            f"run `.venv/bin/python tools/console_docs.py {page}`"
        )


def test_the_readme_shows_a_latex_derivation_of_relu():
    pairs = dict(console_docs.transcripts((ROOT / "README.md").read_text(encoding="utf-8")))
    latex = pairs["symact prove relu --law homogeneity --format latex"]
    assert latex.startswith("$$\n\\begin{aligned}") and "x = -1" in latex and "a < 0" in latex
