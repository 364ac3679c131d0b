"""The output formats: one record per format (name, printer, file suffix, description).

``symact prove --format`` offers the names of :data:`FORMATS`, and ``-o FILE`` picks the
format from the file's suffix when ``--format`` is not given (:func:`for_path`).

>>> sorted(FORMATS)
['json', 'latex', 'markdown', 'smtlib', 'text']
>>> for_path("relu.tex").name, for_path("proof.smt2").name, for_path("notes.doc")
('latex', 'smtlib', None)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from symact.export.json import JsonPrinter
from symact.export.latex import LatexPrinter
from symact.export.markdown import MarkdownPrinter
from symact.export.printer import Printer
from symact.export.text import TextPrinter

__all__ = ["FORMATS", "Format", "for_path", "render"]

#: ``render(obj, activation, standalone)`` → the text to write (ending in a newline).
Render = Callable[[Any, Any, bool], str]


@dataclass(frozen=True, slots=True)
class Format:
    """One output format: its name, printer class (None: not a printer), suffix, meaning."""

    name: str
    printer: type[Printer] | None
    suffix: str
    description: str
    render: Render


def _text(obj: Any, activation: Any, standalone: bool) -> str:
    return str(TextPrinter(activation).doprint(obj)) + "\n"


def _json(obj: Any, activation: Any, standalone: bool) -> str:
    return json.dumps(JsonPrinter(activation).doprint(obj), indent=2) + "\n"


def _latex(obj: Any, activation: Any, standalone: bool) -> str:
    return str(LatexPrinter(activation, standalone=standalone).doprint(obj)).rstrip("\n") + "\n"


def _markdown(obj: Any, activation: Any, standalone: bool) -> str:
    return str(MarkdownPrinter(activation).doprint(obj)).rstrip("\n") + "\n"


def _smtlib(obj: Any, activation: Any, standalone: bool) -> str:
    return str(obj.to_smtlib(activation))


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("text", TextPrinter, ".txt", "plain text, as on the terminal", _text),
        Format("json", JsonPrinter, ".json", "JSON, schema symact.prover/1 (docs/json.md)", _json),
        Format(
            "latex",
            LatexPrinter,
            ".tex",
            "LaTeX: an aligned fragment, or with --standalone a document",
            _latex,
        ),
        Format("markdown", MarkdownPrinter, ".md", "GitHub Markdown with $…$ math", _markdown),
        Format("smtlib", None, ".smt2", "an SMT-LIB 2.6 certificate for z3/cvc5", _smtlib),
    )
}


def for_path(path: str | PurePath) -> Format | None:
    """The format whose suffix ``path`` has (None when no format has it)."""
    suffix = PurePath(path).suffix.lower()
    return next((f for f in FORMATS.values() if f.suffix == suffix), None)


def render(obj: Any, fmt: str, activation: Any = None, standalone: bool = False) -> str:
    """``obj`` in the format named ``fmt``."""
    return FORMATS[fmt].render(obj, activation, standalone)
