"""Keep docs/cli.md's ``--help`` blocks equal to the parser's: ``symact.cli.build_parser()``.

``python tools/cli_docs.py docs/cli.md`` rewrites, in place, the block between
``<!-- cli:NAME:start -->`` and ``<!-- cli:NAME:end -->`` with ``symact NAME --help`` (``symact``
alone for the top level), and appends a section for a subcommand that has no block yet (write
an example for it by hand).  ``--check`` rewrites nothing and exits 1 on drift;
tests/docs/test_cli_docs.py runs the same check.

Help is formatted 100 columns wide without colour whatever the terminal, Python 3.10's
"optional arguments:" heading is written as later versions' "options:", and options with a
value as ``-o, --output FILE`` (3.13's form), so the file does not depend on who regenerates
it or with which Python.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

#: A generated block: its command name and body.
BLOCK = re.compile(
    r"<!-- cli:(?P<name>[\w-]+):start -->\n(?P<body>.*?)<!-- cli:(?P=name):end -->", re.DOTALL
)
WIDTH = 100
TOP = "symact"


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter at :data:`WIDTH` columns; an option with a value is written
    ``-o, --output FILE`` on every Python (3.13's form; earlier ones repeat the metavar)."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=WIDTH)

    def _format_action_invocation(self, action: argparse.Action) -> str:
        if not action.option_strings or action.nargs == 0:
            return super()._format_action_invocation(action)
        value = self._format_args(action, self._get_default_metavar_for_optional(action))
        return f"{', '.join(action.option_strings)} {value}"


def _plain(parser: argparse.ArgumentParser) -> str:
    """``parser``'s help at :data:`WIDTH` columns, no colour, 3.10's heading renamed."""
    parser.formatter_class = _Formatter
    if hasattr(parser, "color"):  # Python >= 3.14 colours help on a terminal
        parser.color = False
    text = parser.format_help().replace("\noptional arguments:\n", "\noptions:\n")
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def helps() -> dict[str, str]:
    """Command name → its ``--help`` text: ``symact`` first, then every subcommand in order."""
    from symact.cli import build_parser

    parser = build_parser()
    out = {TOP: _plain(parser)}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            out.update({name: _plain(sub) for name, sub in action.choices.items()})
    return out


def block(name: str, text: str) -> str:
    return f"<!-- cli:{name}:start -->\n```text\n{text}```\n<!-- cli:{name}:end -->"


def render(document: str) -> str:
    """``document`` with every block regenerated and a section appended per missing command."""
    current = helps()
    found = [m.group("name") for m in BLOCK.finditer(document)]
    unknown = [n for n in found if n not in current]
    if unknown:
        msg = f"docs/cli.md documents {unknown[0]!r}, which is no symact command; remove it"
        raise SystemExit(msg)
    text = BLOCK.sub(lambda m: block(m.group("name"), current[m.group("name")]), document)
    for name in current:
        if name not in found:
            text = text.rstrip("\n") + f"\n\n## symact {name}\n\n{block(name, current[name])}\n"
    return text


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = [Path(a) for a in argv if a != "--check"] or [Path("docs/cli.md")]
    drift = 0
    for path in paths:
        old = path.read_text(encoding="utf-8")
        new = render(old)
        if new != old:
            drift += 1
            if not check:
                path.write_text(new, encoding="utf-8")
            sys.stdout.write(f"{path}: {'drifted' if check else 'regenerated'}\n")
    return 1 if check and drift else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
