"""docs/cli.md tells the truth: its --help blocks are the parser's, every command has a section
with an example the parser accepts, and the examples' printed outputs are what the CLI prints."""

from __future__ import annotations

import importlib.util
import re
import shlex
from pathlib import Path

import pytest

from symact.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
CLI_MD = ROOT / "docs" / "cli.md"
REGENERATE = "run `.venv/bin/python tools/cli_docs.py docs/cli.md`"


def _tool(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


cli_docs = _tool("cli_docs")
console_docs = _tool("console_docs")
TEXT = CLI_MD.read_text(encoding="utf-8")


def _sections() -> dict[str, str]:
    """``## symact NAME`` heading → the section's text (``symact`` for the top level)."""
    parts = re.split(r"^## symact ?(\S*)$", TEXT, flags=re.MULTILINE)
    return {(name or "symact"): body for name, body in zip(parts[1::2], parts[2::2], strict=True)}


def _examples(section: str) -> list[str]:
    """Command lines of a section's ``sh`` and ``console`` blocks."""
    lines = []
    for kind, body in re.findall(r"```(sh|console)\n(.*?)```", section, re.DOTALL):
        for line in body.splitlines():
            if kind == "console" and not line.startswith("$ "):
                continue  # an output line
            lines.append(line.removeprefix("$ ").split(" && ")[0].split("  #")[0])
    return lines


def test_help_blocks_match_the_parser():
    assert cli_docs.render(TEXT) == TEXT, f"docs/cli.md's --help blocks drifted: {REGENERATE}"


def test_every_command_has_a_section_and_a_help_block():
    commands = list(cli_docs.helps())
    assert commands[0] == "symact" and "export" in commands
    assert list(_sections()) == commands, f"one section per command, in order: {REGENERATE}"
    for name in commands:
        assert f"<!-- cli:{name}:start -->" in _sections()[name], name


@pytest.mark.parametrize("name", list(cli_docs.helps()))
def test_every_command_has_an_example_that_the_parser_accepts(name):
    examples = _examples(_sections()[name])
    assert examples, f"docs/cli.md: write an example for `symact {name}` in its section"
    for line in examples:
        argv = shlex.split(line)
        assert argv[0] == "symact", line
        if name != "symact":
            assert argv[1] == name, f"the example {line!r} is in the section of {name}"
        if "--help" not in argv and "--version" not in argv:
            build_parser().parse_args(argv[1:])  # a usage error raises SystemExit


def test_the_generator_appends_a_missing_command_and_refuses_an_unknown_one():
    without_export = cli_docs.BLOCK.sub(
        lambda m: "" if m.group("name") == "export" else m.group(0), TEXT
    )
    assert "<!-- cli:export:start -->\n```text\nusage: symact export" in cli_docs.render(
        without_export.replace("## symact export", "## old")
    )
    with pytest.raises(SystemExit, match="'plott', which is no symact command"):
        cli_docs.render(TEXT + "\n<!-- cli:plott:start -->\n<!-- cli:plott:end -->\n")
