"""Numbers in, numbers out: the library side of ``symact eval``.

>>> from symact import get
>>> evaluate(get("relu"), ["-1.5", "2"])
[('-1.5', '0.0'), ('2', '2.0')]
>>> evaluate(get("sigmoid"), ["0"], dtype="float32", derivative=True)
[('0', '0.25')]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from symact.errors import ParameterError

__all__ = ["DTYPES", "evaluate"]

DTYPES = ("float32", "float64")


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        msg = f"cannot read {text!r} as a number; pass values such as 0.5, -3, 1e-300 or inf"
        raise ParameterError(msg) from None


def evaluate(
    entry: Any, values: Sequence[str], dtype: str = "float64", derivative: bool = False
) -> list[tuple[str, str]]:
    """``(input, output)`` text pairs of ``entry`` (or its derivative) at ``values``.

    Element-wise activations are applied to each value; a vector activation to all of them as
    one vector.  Outputs are the shortest text that reads back as the same ``dtype`` number.
    Inputs are rounded to ``dtype`` by NumPy's rule, silently: beyond its range they become
    ±inf (``1e308`` in float32 is ``inf``), below it ±0; the function is then evaluated there.

    >>> from symact import get
    >>> evaluate(get("gelu"), ["1e308"], dtype="float32")
    [('1e308', 'inf')]
    """
    if dtype not in DTYPES:
        msg = f"unknown dtype {dtype!r}; choose one of {', '.join(DTYPES)}"
        raise ParameterError(msg)
    numbers = [_number(v) for v in values]
    with np.errstate(over="ignore"):  # out of float32 range: ±inf, as IEEE rounding says
        x = np.array(numbers, dtype=dtype)
    if getattr(entry, "kind", "elementwise") == "vector":
        if derivative:
            msg = f"{entry.name} is a vector activation; --derivative is for element-wise ones"
            raise ParameterError(msg)
        y = entry.to_numpy()(x)
        outputs = [str(v) for v in y.astype(dtype)]
        if len(outputs) != len(values):  # glu halves the vector
            return [(" ".join(values), " ".join(outputs))]
    else:
        f = entry.derivative() if derivative else entry
        outputs = [str(v) for v in f.to_numpy()(x)]
    return list(zip(values, outputs, strict=True))
