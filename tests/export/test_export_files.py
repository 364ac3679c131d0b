"""symact export's file rules: marker-owned files, atomic writes, refusals that change nothing.

These use small hand-written file sets (no prover), so they state the rules exactly.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from symact.errors import SymactError
from symact.export.bundle import files as bundle_files
from symact.export.bundle.files import MARKER, ExportError, is_generated, stamp, write_all


def _export(texts: dict[str, str]) -> dict[str, str]:
    """A file set as the export passes it: name → stamped text."""
    return {name: stamp(name, text) for name, text in texts.items()}


def _tree(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_stamp_puts_the_marker_first_in_each_suffix_comment_syntax():
    assert stamp("a.tex", "x") == f"% {MARKER}\nx\n"
    assert stamp("a.md", "x\n\n") == f"<!-- {MARKER} -->\nx\n"
    assert stamp("a.smt2", "(check-sat)\n") == f"; {MARKER}\n(check-sat)\n"


def test_first_write_creates_the_directory_and_files_with_newline_line_ends(tmp_path):
    target = tmp_path / "deep" / "proofs"
    done = write_all(target, {"relu.md": stamp("relu.md", "# relu\r\nline")})
    assert done.written == ("relu.md",) and done.unchanged == () and done.removed == ()
    data = (target / "relu.md").read_bytes()
    assert data == f"<!-- {MARKER} -->\n# relu\r\nline\n".encode()  # text kept byte for byte


def test_rewriting_the_same_text_leaves_the_file_alone(tmp_path):
    files = _export({"relu.md": "# relu", "relu.tex": "doc"})
    write_all(tmp_path, files)
    os.utime(tmp_path / "relu.md", (1_000_000, 1_000_000))
    done = write_all(tmp_path, files)
    assert done.written == () and done.unchanged == ("relu.md", "relu.tex")
    assert (tmp_path / "relu.md").stat().st_mtime == 1_000_000


def test_changed_text_replaces_a_marked_file(tmp_path):
    write_all(tmp_path, _export({"relu.md": "old"}))
    done = write_all(tmp_path, _export({"relu.md": "new"}))
    assert done.written == ("relu.md",)
    assert (tmp_path / "relu.md").read_text().endswith("new\n")


def test_a_user_file_of_the_same_name_is_refused_and_nothing_is_written(tmp_path):
    (tmp_path / "relu.md").write_text("my own notes on relu\n")
    with pytest.raises(ExportError, match=r"relu\.md.*not written by symact export.*--force"):
        write_all(tmp_path, _export({"elu.md": "elu", "relu.md": "relu"}))
    assert _tree(tmp_path) == {"relu.md": b"my own notes on relu\n"}  # elu.md not written either


def test_refusal_counts_the_other_foreign_files(tmp_path):
    for name in ("a.md", "b.md", "c.md"):
        (tmp_path / name).write_text("mine\n")
    with pytest.raises(ExportError, match=r"a\.md'? \(and 2 more\)"):
        write_all(tmp_path, _export({"a.md": "", "b.md": "", "c.md": ""}))


def test_a_marker_later_than_the_first_line_does_not_make_a_file_ours(tmp_path):
    (tmp_path / "relu.md").write_text(f"mine\n<!-- {MARKER} -->\n")
    assert not is_generated(tmp_path / "relu.md")
    with pytest.raises(ExportError):
        write_all(tmp_path, _export({"relu.md": "x"}))


def test_force_overwrites_a_same_named_user_file_but_never_touches_others(tmp_path):
    (tmp_path / "relu.md").write_text("mine\n")
    (tmp_path / "notes.md").write_text("my notes\n")
    done = write_all(tmp_path, _export({"relu.md": "proof"}), force=True)
    assert done.written == ("relu.md",) and done.removed == ()
    assert is_generated(tmp_path / "relu.md")
    assert (tmp_path / "notes.md").read_text() == "my notes\n"


def test_stale_marked_files_are_removed_and_unmarked_ones_kept(tmp_path):
    write_all(tmp_path, _export({"old.md": "gone", "old.tex": "gone", "relu.md": "relu"}))
    (tmp_path / "notes.md").write_text("my notes\n")
    (tmp_path / "old.pdf").write_bytes(b"%PDF-1.5 built by the user\n")
    (tmp_path / "data.smt2").write_text("(check-sat)\n")
    done = write_all(tmp_path, _export({"relu.md": "relu"}))
    assert done.removed == ("old.md", "old.tex")
    assert sorted(_tree(tmp_path)) == ["data.smt2", "notes.md", "old.pdf", "relu.md"]
    assert (tmp_path / "notes.md").read_text() == "my notes\n"


def test_marked_files_of_other_suffixes_and_subdirectories_are_never_removed(tmp_path):
    (tmp_path / "keep.txt").write_text(f"% {MARKER}\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "old.md").write_text(f"<!-- {MARKER} -->\n")
    write_all(tmp_path, _export({"relu.md": "relu"}))
    assert (tmp_path / "keep.txt").exists() and (tmp_path / "sub" / "old.md").exists()


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    write_all(tmp_path, _export({"relu.md": "old"}))
    before = _tree(tmp_path)

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(bundle_files.os, "replace", broken_replace)
    with pytest.raises(ExportError, match=r"cannot write .*relu\.md.*No space left on device"):
        write_all(tmp_path, _export({"relu.md": "new"}))
    assert _tree(tmp_path) == before  # the old file whole, no .tmp left behind


def test_an_interrupted_write_removes_its_temporary_file(tmp_path, monkeypatch):
    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(bundle_files.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_all(tmp_path, _export({"relu.md": "new"}))
    assert list(tmp_path.iterdir()) == []


def test_written_files_get_the_umask_permissions_not_private_ones(tmp_path):
    old = os.umask(0o022)
    try:
        write_all(tmp_path, _export({"relu.md": "x"}))
    finally:
        os.umask(old)
    assert (tmp_path / "relu.md").stat().st_mode & 0o777 == 0o644


def test_a_file_given_as_directory_is_a_clear_error(tmp_path):
    target = tmp_path / "proofs"
    target.write_text("not a directory\n")
    with pytest.raises(ExportError, match=r"is a file, not a directory") as info:
        write_all(target, _export({"relu.md": "x"}))
    assert isinstance(info.value, SymactError) and isinstance(info.value, OSError)
    assert target.read_text() == "not a directory\n"


def test_a_directory_that_cannot_be_created_is_a_clear_error(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError, match=r"cannot create the directory .*file/proofs"):
        write_all(tmp_path / "file" / "proofs", _export({"relu.md": "x"}))


def test_a_directory_in_place_of_a_file_is_refused_even_with_force(tmp_path):
    (tmp_path / "relu.md").mkdir()
    with pytest.raises(ExportError, match=r"relu\.md"):
        write_all(tmp_path, _export({"relu.md": "x"}))
    with pytest.raises(ExportError, match=r"cannot write .*relu\.md"):
        write_all(tmp_path, _export({"relu.md": "x"}), force=True)
    assert (tmp_path / "relu.md").is_dir()


def test_an_empty_directory_name_is_refused_rather_than_read_as_the_current_folder(tmp_path):
    with pytest.raises(ExportError, match="empty text; give a path"):
        write_all("", _export({"relu.md": "x"}))
