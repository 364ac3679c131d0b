"""Compile a standalone LaTeX document to PDF with ``pdflatex``, all or nothing.

``pdflatex -interaction=nonstopmode -halt-on-error`` runs in a temporary directory (twice
when the log asks for a rerun), with a timeout; the PDF is moved into place only when the
run succeeded, so a failure never leaves a half-written file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from symact.errors import SymactError
from symact.export.files import write_atomic

__all__ = ["INSTALL_HINT", "PdfError", "compile_pdf"]

INSTALL_HINT = (
    "pdflatex is not on PATH; install it (Debian/Ubuntu: apt-get install "
    "texlive-latex-base texlive-latex-recommended; macOS: MacTeX) or write a .tex file instead"
)
#: Seconds one pdflatex run may take.
TIMEOUT = 120.0


class PdfError(SymactError, RuntimeError):
    """pdflatex is missing, failed, or timed out."""


def compile_pdf(tex: str, path: str | os.PathLike[str], timeout: float = TIMEOUT) -> None:
    """Compile the LaTeX document ``tex`` and write the PDF to ``path`` atomically."""
    pdflatex = shutil.which("pdflatex")
    if pdflatex is None:
        raise PdfError(INSTALL_HINT)
    target = Path(path)
    with tempfile.TemporaryDirectory(prefix="symact-pdf-") as work:
        source = Path(work, "document.tex")
        source.write_text(tex, encoding="utf-8")
        for _ in range(2):
            log = _run(pdflatex, work, timeout)
            if "Rerun to get" not in log:
                break
        built = Path(work, "document.pdf")
        if not built.is_file():
            msg = f"pdflatex wrote no PDF for {target.name}"
            raise PdfError(msg)
        write_atomic(target, built.read_bytes())


def _run(pdflatex: str, work: str, timeout: float) -> str:
    """One pdflatex run in ``work``; the log text, or a PdfError naming its first error."""
    command = [pdflatex, "-interaction=nonstopmode", "-halt-on-error", "document.tex"]
    try:
        done = subprocess.run(command, cwd=work, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        msg = f"pdflatex took more than {timeout:g} s; the document was not written"
        raise PdfError(msg) from None
    log_path = Path(work, "document.log")
    log = log_path.read_text(encoding="latin-1") if log_path.is_file() else ""
    if done.returncode != 0:
        first = next((line for line in log.splitlines() if line.startswith("!")), "")
        if not first:
            tail = done.stdout.decode("latin-1").strip().splitlines()
            first = tail[-1] if tail else f"exit status {done.returncode}"
        msg = f"pdflatex failed: {first} (run pdflatex on the .tex to see the whole log)"
        raise PdfError(msg)
    return log
