"""``symact plot``: draw activations and write the figure atomically, format by file suffix.

The CLI (``symact/cli/files.py``) resolves names and formulas and hands the activations here.

>>> output_format("cmp.svg"), default_output(["relu", "sigmoid"])
('svg', 'relu_sigmoid.png')
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from symact.errors import ParameterError, SymactError
from symact.plot.figure import label, plot

__all__ = ["FORMATS", "default_output", "output_format", "save", "write_plot"]

#: Output formats by file suffix (matplotlib's Agg, SVG and PDF backends).
FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
#: Resolution of PNG files: readable on screen, small on disk.
DPI = 100


def output_format(path: str | os.PathLike[str]) -> str:
    """The format for ``path`` from its suffix, or a clear error."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(FORMATS)
        msg = f"cannot tell the image format of {os.fspath(path)!r}; name the file {known}"
        raise ParameterError(msg)
    return FORMATS[suffix]


def default_output(names: Sequence[str]) -> str:
    """``relu_sigmoid.png`` for catalog names; ``plot.png`` when a formula is among them."""
    if all(name.isidentifier() for name in names):
        return "_".join(names) + ".png"
    return "plot.png"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def save(fig: Any, path: str | os.PathLike[str], dpi: int = DPI) -> None:
    """Write ``fig`` to ``path`` through a temporary file in the same folder and a rename, so
    a failure never leaves a half-written image."""
    fmt = output_format(path)
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        msg = f"the folder {str(folder)!r} of the output {str(target)!r} does not exist; create it"
        raise SymactError(msg)
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            fig.savefig(handle, format=fmt, dpi=dpi)
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes it private; a saved image is not
        os.replace(temp, target)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            msg = f"could not write {str(target)!r}: {exc}; check the disk and its permissions"
            raise SymactError(msg) from exc
        raise


def write_plot(
    entries: Sequence[Any],
    output: str | None,
    *,
    derivative: bool = False,
    counterexample: bool = False,
    bounds: Sequence[float] = (-5, 5),
) -> str:
    """Draw ``entries`` and save the figure to ``output`` (default: :func:`default_output`);
    returns the path written."""
    path = output or default_output([label(e) for e in entries])
    output_format(path)  # a wrong suffix fails before any drawing
    fig = plot(*entries, derivative=derivative, counterexample=counterexample, range=bounds)
    save(fig, path)
    return path
