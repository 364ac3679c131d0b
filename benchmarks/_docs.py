"""The one way benchmarks write their tables into the docs: a section between two markers.

>>> replace_section("a\\n<!-- s:start -->\\nold\\n<!-- s:end -->\\nb\\n", "s", "new")
'a\\n<!-- s:start -->\\nnew\\n<!-- s:end -->\\nb\\n'
>>> replace_section("a\\n", "s", "new")
'a\\n\\n<!-- s:start -->\\nnew\\n<!-- s:end -->\\n'
"""

from __future__ import annotations

from pathlib import Path


def markers(name: str) -> tuple[str, str]:
    """The start and end markers of section ``name``."""
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def replace_section(doc: str, name: str, body: str) -> str:
    """``doc`` with section ``name`` holding ``body`` (appended at the end if it is new)."""
    start, end = markers(name)
    block = f"{start}\n{body.strip(chr(10))}\n{end}"
    if start in doc and end in doc:
        head, rest = doc.split(start, 1)
        return head + block + rest.split(end, 1)[1]
    return f"{doc.rstrip()}\n\n{block}\n" if doc.strip() else block + "\n"


def write_section(path: Path, name: str, body: str) -> None:
    """Rewrite section ``name`` of the Markdown file ``path`` (see :func:`replace_section`)."""
    doc = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(replace_section(doc, name, body), encoding="utf-8")
