"""Keep the ``console`` blocks of a Markdown file true: run each ``$ symact ...`` line.

``python tools/console_docs.py docs/tutorial.md`` rewrites the outputs in place;
``tests/test_docs.py`` fails when a committed output differs from what the command prints.

Floating-point results are compared by value, not by text: NumPy's ``exp``/``tanh``/``log``
take different SIMD paths on different CPUs, so a printed float may differ from the committed
one in its last bits while both are within symact's accuracy contract.  A number agrees when
it is at most :data:`ULPS` units in the last place away (counted in float32 for commands run
with ``--dtype float32``); integers, words and everything else must match exactly.

>>> agree("x\\t0.2689414213699951\\n", "x\\t0.26894142136999516\\n")
True
>>> agree("x\\t0.2689414213699951\\n", "x\\t0.2689414213\\n")
False
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import sys
from pathlib import Path

import numpy as np

BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)
#: A float as symact prints it (a decimal point or an exponent), or an integer.
NUMBER = re.compile(r"([-+]?(?:\d+\.\d*(?:[eE][-+]?\d+)?|\d+[eE][-+]?\d+|\d+))")
#: The accuracy contract of the numeric bridge (docs/numerics.md).
ULPS = 4


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


def transcripts(text: str) -> list[tuple[str, str]]:
    """``(command, committed output)`` of every ``$ ...`` line in the console blocks."""
    pairs: list[tuple[str, str]] = []
    for block in BLOCK.finditer(text):
        for line in block.group(1).splitlines(keepends=True):
            if line.startswith("$ "):
                pairs.append((line[2:].rstrip("\n"), ""))
            elif pairs:
                pairs[-1] = (pairs[-1][0], pairs[-1][1] + line)
    return pairs


def _ordinal(value: float, dtype: type[np.floating]) -> int:
    """Position of ``value`` among the floats of ``dtype`` (adjacent floats differ by 1)."""
    bits = int(np.array(value, dtype=dtype).view(np.uint32 if dtype is np.float32 else np.uint64))
    sign = 1 << (31 if dtype is np.float32 else 63)
    return -(bits - sign) if bits & sign else bits  # −0.0 and 0.0 are both 0


def _numbers_agree(want: str, got: str, dtype: type[np.floating]) -> bool:
    if want == got:
        return True
    if not any(c in want + got for c in ".eE"):  # integers are exact
        return False
    a, b = float(want), float(got)
    return abs(_ordinal(a, dtype) - _ordinal(b, dtype)) <= ULPS


def agree(want: str, got: str, dtype: type[np.floating] = np.float64) -> bool:
    """Whether ``got`` is the output ``want`` up to float rounding within the contract."""
    wants, gots = NUMBER.split(want), NUMBER.split(got)
    if len(wants) != len(gots):
        return False
    # re.split with a group alternates text (even indices) and numbers (odd indices)
    return all(
        (w == g) if i % 2 == 0 else _numbers_agree(w, g, dtype)
        for i, (w, g) in enumerate(zip(wants, gots, strict=True))
    )


def drift(text: str) -> list[str]:
    """The commands whose output no longer agrees with the committed one (with both)."""
    problems = []
    for command, committed in transcripts(text):
        dtype = np.float32 if "float32" in shlex.split(command) else np.float64
        fresh = run_command(command)
        if not agree(committed, fresh, dtype):
            problems.append(f"$ {command}\ncommitted:\n{committed}printed:\n{fresh}")
    return problems


if __name__ == "__main__":
    for name in sys.argv[1:]:
        path = Path(name)
        path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")
