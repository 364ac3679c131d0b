"""Where ``symact prove`` writes: standard output, a file in a format, or a compiled PDF.

>>> choose_format(None, "relu.tex"), choose_format(None, None), choose_format("json", "x.txt")
('latex', 'text', 'json')
>>> choose_format(None, "relu.pdf")
'pdf'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from symact.errors import SymactError
from symact.export.files import write_atomic
from symact.export.formats import FORMATS, for_path, render

__all__ = ["OutputError", "choose_format", "write_output"]


class OutputError(SymactError, ValueError):
    """An output file or format that cannot be written."""


def choose_format(fmt: str | None, path: str | None) -> str:
    """The format to write: ``fmt`` when given, else the one of ``path``'s suffix (``pdf``
    for ``.pdf``), else ``text``."""
    pdf = path is not None and Path(path).suffix.lower() == ".pdf"
    if pdf:
        if fmt not in (None, "latex"):
            msg = f"-o {path} writes a PDF from LaTeX, not --format {fmt}; drop --format"
            raise OutputError(msg)
        return "pdf"
    if fmt is not None:
        return fmt
    if path is None:
        return "text"
    found = for_path(path)
    if found is None:
        known = ", ".join(f.suffix for f in FORMATS.values())
        msg = f"cannot tell the format of {path!r} from its suffix ({known}, .pdf); pass --format"
        raise OutputError(msg)
    return found.name


def write_output(obj: Any, fmt: str, path: str, activation: Any, standalone: bool) -> None:
    """Write ``obj`` to ``path`` atomically in ``fmt`` (``pdf``: a compiled document)."""
    target = Path(path)
    if not target.parent.is_dir():
        msg = f"cannot write {path}: the directory {str(target.parent)!r} does not exist"
        raise OutputError(msg)
    try:
        if fmt == "pdf":
            from symact.export.pdf import compile_pdf

            compile_pdf(render(obj, "latex", activation, standalone=True), target)
        else:
            write_atomic(target, render(obj, fmt, activation, standalone))
    except OSError as exc:
        msg = f"cannot write {path}: {exc.strerror or exc}; choose a writable file"
        raise OutputError(msg) from None
