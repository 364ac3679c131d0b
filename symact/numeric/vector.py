"""NumPy kernels of the vector activations (placeholder, filled below)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["vector_kernel"]


def vector_kernel(name: str, params: dict[str, Any]) -> Callable[..., Any]:
    raise NotImplementedError(name)
