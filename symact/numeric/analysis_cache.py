"""Error-region analyses (root patches) that are computed once, not at every first call.

An analysis (:func:`symact.numeric.roots.find_patches`) probes the float64 kernel against
mpmath and costs from 0.1 s to several seconds.  Its result depends only on the expression,
the result precision and the code, so it is looked up, in order, in

1. ``data/analyses.json``, shipped with symact: every catalog activation and derivative, both
   dtypes, written by ``tools/generate_numeric_data.py``;
2. a per-expression file in the user's cache folder (``$XDG_CACHE_HOME/symact/analyses``, by
   default ``~/.cache/symact/analyses``), written atomically after a run-time analysis of a
   custom formula; ``SYMACT_CACHE=0`` switches this disk cache off.

Entries are keyed by a SHA-256 of the expressions' ``srepr``, the precision, the symact
version and :data:`ANALYSIS_VERSION` (bumped whenever the analysis changes), so a changed
expression or rule never meets a stale entry.  A file that is unreadable, of another format or
key, or holds values of the wrong types is ignored (and a cache file then rewritten).

>>> from sympy import Symbol, tanh
>>> x = Symbol("x", real=True)
>>> len(analysis_key(x - tanh(x), x - tanh(x), x, 53))
64
>>> decode(encode(((1.5, 0.0, 0.25, 0.0, (0.0,), (), 0, 1),)))
((1.5, 0.0, 0.25, 0.0, (0.0,), (), 0, 1),)
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import sympy
from sympy import Expr, Symbol

__all__ = [
    "ANALYSIS_VERSION",
    "FORMAT",
    "analysis_key",
    "cache_dir",
    "decode",
    "encode",
    "load_cached",
    "lookup_shipped",
    "store_cached",
]

#: Bump when :mod:`symact.numeric.roots`, the kernels it probes or the rules change what an
#: analysis returns: every shipped and cached entry then misses and is recomputed.
ANALYSIS_VERSION = 1
FORMAT = "symact-numeric-analysis"
SHIPPED = Path(__file__).with_name("data") / "analyses.json"

#: A patch as plain data: (hi, lo, wide, narrow, coeffs, poly, order, step).
PatchData = tuple[float, float, float, float, tuple[float, ...], tuple[float, ...], int, int]


def analysis_key(stable: Expr, exact: Expr, x: Symbol, bits: int) -> str:
    """The hex SHA-256 naming one analysis."""
    from symact.version import __version__

    parts = [FORMAT, str(ANALYSIS_VERSION), __version__, str(bits)]
    text = "\n".join(parts + [sympy.srepr(e) for e in (stable, exact, x)])
    return hashlib.sha256(text.encode()).hexdigest()


def encode(patches: tuple[tuple[Any, ...], ...]) -> list[list[Any]]:
    """JSON-ready lists (floats are written with ``repr``: they read back exactly)."""
    return [[*p[:4], list(p[4]), list(p[5]), p[6], p[7]] for p in patches]


def _floats(value: Any, finite: bool = True) -> tuple[float, ...] | None:
    if not isinstance(value, list) or not all(type(v) is float for v in value):
        return None
    if finite and not all(math.isfinite(v) for v in value):
        return None
    return tuple(value)


def _patch(item: Any) -> PatchData | None:
    if not isinstance(item, list) or len(item) != 8:
        return None
    head = _floats(item[:4])
    coeffs, poly = _floats(item[4]), _floats(item[5])
    order, step = item[6], item[7]
    if head is None or coeffs is None or poly is None or not coeffs:
        return None
    if type(order) is not int or type(step) is not int or not 0 <= order <= 64:
        return None
    if step not in (1, 2) or head[2] < 0 or head[3] < 0:
        return None
    return (head[0], head[1], head[2], head[3], coeffs, poly, order, step)


def decode(data: Any) -> tuple[PatchData, ...] | None:
    """The patches in ``data`` (as :func:`encode` wrote them), or None if anything is off."""
    if not isinstance(data, list):
        return None
    patches = tuple(_patch(item) for item in data)
    if any(p is None for p in patches):
        return None
    return patches  # type: ignore[return-value]


@cache
def _shipped() -> dict[str, Any]:
    try:
        data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}
    if data.get("analysis") != ANALYSIS_VERSION or not isinstance(data.get("entries"), dict):
        return {}
    return data["entries"]


def lookup_shipped(key: str) -> tuple[PatchData, ...] | None:
    """The shipped analysis under ``key``, or None."""
    return decode(_shipped().get(key))


def cache_dir() -> Path | None:
    """The disk cache folder, or None when ``SYMACT_CACHE=0`` switches it off."""
    if os.environ.get("SYMACT_CACHE", "1").strip() == "0":
        return None
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "symact" / "analyses"


def load_cached(key: str) -> tuple[PatchData, ...] | None:
    """The disk-cached analysis under ``key``; None when absent, off, corrupt or foreign."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        data = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
        return None
    return decode(data.get("patches"))


def store_cached(key: str, patches: tuple[tuple[Any, ...], ...]) -> None:
    """Write the entry atomically (a temporary file renamed over it); failures are ignored:
    the cache only saves time."""
    folder = cache_dir()
    if folder is None:
        return
    text = json.dumps({"format": FORMAT, "key": key, "patches": encode(patches)})
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, folder / f"{key}.json")
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
