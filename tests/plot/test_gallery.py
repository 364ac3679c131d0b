"""docs/gallery/ holds exactly the figures tools/generate_gallery.py writes, and the page
embeds each (names, not bytes: PNG bytes change with matplotlib's version and fonts)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    spec = importlib.util.spec_from_file_location(
        "generate_gallery", ROOT / "tools" / "generate_gallery.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up there
    spec.loader.exec_module(module)
    return module


gallery = _generator()


def test_the_gallery_folder_holds_exactly_the_scripts_figures():
    on_disk = sorted(p.name for p in (ROOT / "docs" / "gallery").iterdir())
    assert on_disk == gallery.files(), "run .venv/bin/python tools/generate_gallery.py"


def test_the_gallery_page_is_what_the_script_writes():
    page = (ROOT / "docs" / "gallery.md").read_text(encoding="utf-8")
    assert page == gallery.page(), "run .venv/bin/python tools/generate_gallery.py"
    for name in gallery.files():
        assert f"](gallery/{name})" in page


def test_the_gallery_is_small_and_every_file_is_a_png():
    files = sorted((ROOT / "docs" / "gallery").iterdir())
    assert sum(p.stat().st_size for p in files) < 1_000_000
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in files)


def test_the_gallery_commands_are_valid_cli_lines():
    from symact.cli import build_parser

    for entry in gallery.GALLERY:
        args = build_parser().parse_args(entry.command.split()[1:])
        assert args.activations == list(entry.activations)
        assert args.derivative == entry.options.get("derivative", False)
        assert args.counterexample == entry.options.get("counterexample", False)
