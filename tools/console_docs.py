"""Keep the ``console`` blocks of a Markdown file true: run each ``$ symact ...`` line.

``python tools/console_docs.py docs/tutorial.md`` rewrites the outputs in place;
``tests/test_docs.py`` fails when a committed output differs from what the command prints.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import sys
from pathlib import Path

BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)


def run_command(line: str) -> str:
    """Output (stdout, then stderr) of one ``$ symact ...`` line, run in-process."""
    from symact.cli import main

    argv = shlex.split(line)[1:]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        main(argv, out=out)
    return out.getvalue() + err.getvalue()


def render_block(body: str) -> str:
    """The block with every command's output recomputed."""
    commands = [ln[2:] for ln in body.splitlines() if ln.startswith("$ ")]
    return "".join(f"$ {cmd}\n{run_command(cmd)}" for cmd in commands)


def render(text: str) -> str:
    return BLOCK.sub(lambda m: f"```console\n{render_block(m.group(1))}```", text)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        path = Path(name)
        path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")
