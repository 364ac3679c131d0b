"""The docs tell the truth: console transcripts re-run, generated files match their generators."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _console_docs():
    spec = importlib.util.spec_from_file_location(
        "console_docs", ROOT / "tools" / "console_docs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["docs/tutorial.md"])
def test_console_transcripts_match_what_the_commands_print(name):
    text = (ROOT / name).read_text(encoding="utf-8")
    docs = _console_docs()
    assert docs.BLOCK.search(text), f"{name} has no console block"
    assert docs.render(text) == text, (
        f"{name} drifted from the CLI: run `.venv/bin/python tools/console_docs.py {name}`"
    )
