"""Every relative link of the Markdown docs points at a file that exists, and docs/index.md
lists every page of docs/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md"), *(ROOT / "proofs").glob("*.md")])
#: ``[text](target)`` outside code; the target up to a ``#anchor`` or a title.
LINK = re.compile(r"\[[^\]]*\]\(([^)\s#]*)(?:#[^)\s]*)?(?:\s+\"[^\"]*\")?\)")
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)


def links(text: str) -> list[str]:
    """Relative link targets of a Markdown text (web links, anchors-only and code skipped).

    >>> links("[a](b.md#x) [w](https://e.org) `[c](d.md)` [t](#top) [i](img.png \\"t\\")")
    ['b.md', 'img.png']
    """
    targets = LINK.findall(CODE.sub("", text))
    return [t for t in targets if t and not re.match(r"^[a-z][a-z0-9+.-]*:", t)]


def test_the_pages_include_the_readme_the_docs_and_the_proofs_index():
    names = {p.relative_to(ROOT).as_posix() for p in PAGES}
    assert {"README.md", "docs/index.md", "docs/cli.md", "proofs/README.md"} <= names


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_resolves_to_a_file(page):
    broken = [t for t in links(page.read_text(encoding="utf-8")) if not (page.parent / t).exists()]
    assert not broken, f"{page.relative_to(ROOT)} links to missing files: {broken}"


def test_the_docs_index_lists_every_page_of_docs():
    listed = set(links((ROOT / "docs" / "index.md").read_text(encoding="utf-8")))
    pages = {p.name for p in (ROOT / "docs").iterdir() if p.suffix in {".md", ".ipynb"}}
    missing = sorted(pages - listed - {"index.md"})
    assert not missing, f"docs/index.md does not link {missing}: add a line for each"
