"""The callable returned by :func:`symact.numeric.lambdify`: dtype, shape and special values.

It keeps the input's dtype (float32 → float32, float64 → float64, Python scalar → scalar),
accepts any shape (the kernel runs on the flattened array), writes into ``out=`` when given,
maps NaN to NaN and ±inf to the exact limits of the expression.  Kernels are compiled lazily,
once per compute dtype.  float32 input is computed in float32 when the expression is algebraic
and in float64 otherwise (then rounded once), which keeps float32 within a few float32 ulp.

>>> import numpy as np
>>> from sympy import Symbol, Piecewise
>>> x = Symbol("x", real=True)
>>> relu = NumericFunction(Piecewise((x, x > 0), (0, True)), x)
>>> relu(np.array([-1.5, 2.0], dtype=np.float32))
array([0., 2.], dtype=float32)
>>> relu(3.0), relu(float("nan"))
(np.float64(3.0), np.float64(nan))
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy
from sympy import Expr, Symbol

from symact.errors import UnsupportedExpressionError
from symact.numeric.infinity import oscillates, sampled_limit
from symact.numeric.lower import (
    SENSITIVE_NODES,
    WIDE,
    Context,
    Kernel,
    is_exact_argument,
    lower,
)
from symact.numeric.patches import apply_patches
from symact.numeric.plan import Plan
from symact.numeric.roots import find_patches
from symact.numeric.rules import stabilise
from symact.primitives import erfc_accurate

__all__ = ["NumericFunction"]

#: Block size of the chunked evaluation (1 MiB of float64: temporaries stay in cache).
CHUNK = 1 << 17
#: Largest array a light kernel evaluates whole (elements; 32 MiB of float64).
WHOLE_LIMIT = 1 << 22


class NumericFunction:
    """A vectorised, numerically stable NumPy version of an expression in one variable."""

    __slots__ = (
        "_float32_suffices",
        "_kernels",
        "_limits",
        "expr",
        "plan",
        "stable",
        "x",
    )

    def __init__(self, expr: Expr, x: Symbol) -> None:
        extra = sympy.sympify(expr).free_symbols - {x}
        if extra:
            names = ", ".join(sorted(str(s) for s in extra))
            msg = (
                f"cannot lower {expr} to NumPy: it has free parameters {names}; "
                "bind them to numbers first (f.bind(...))"
            )
            raise UnsupportedExpressionError(msg)
        self.expr = sympy.sympify(expr)
        self.x = x
        self.stable = stabilise(self.expr)
        self.plan = Plan.of(self.stable, x)
        self._kernels: dict[tuple[np.dtype, int], tuple[Kernel, bool, bool]] = {}
        self._limits: tuple[Any, Any] | None = None
        self._float32_suffices: bool | None = None

    def __repr__(self) -> str:
        return f"NumericFunction({self.expr})"

    def __call__(self, values: Any, out: np.ndarray | None = None) -> Any:
        arr = np.asarray(values)
        if arr.dtype.kind not in "biuf":
            msg = f"expected real numbers, got an array of dtype {arr.dtype}; pass floats"
            raise TypeError(msg)
        out_dtype = arr.dtype if arr.dtype.kind == "f" else np.dtype(np.float64)
        if out is not None and out.shape != arr.shape:
            msg = f"out has shape {out.shape}, expected {arr.shape}; pass a matching array"
            raise ValueError(msg)
        src = np.ascontiguousarray(arr).reshape(-1)
        work = self._compute_dtype(out_dtype)
        bits = 53 if out_dtype.itemsize >= 8 else 24
        if out is None and work == out_dtype and self._whole(work, bits, src.size):
            # No chunking, no extra copy of the result.
            result = self._evaluate(src.astype(work, copy=False), work, bits)
            with np.errstate(over="ignore"):
                result = result.astype(out_dtype, copy=False)
            if np.may_share_memory(result, arr):  # linear: never hand back the caller's array
                result = result.copy()
            return result.reshape(arr.shape)[()] if arr.ndim == 0 else result.reshape(arr.shape)
        return self._chunked(arr, src, out, out_dtype, work, bits)

    def _whole(self, work: np.dtype, bits: int, size: int) -> bool:
        """Evaluate the whole array at once rather than in chunks.

        Chunks keep temporaries in cache but cost a copy of the result and their Python
        overhead; for a light kernel (few full-size temporaries, each reused in place) the
        whole array is faster.  Kernels with masked fix-ups — root patches, refined
        arguments, erfc tables, ``where`` branches — stay chunked (measured: 2–3× slower
        whole in float64)."""
        if self.plan.evaluate_whole_array:
            return True
        if size > WHOLE_LIMIT:
            return False
        if work == np.float32:
            return self.plan.whole_array_float32
        if not self.plan.whole_array_float64:
            return False
        if work == np.float64 and bits == 53:
            return not self.plan.refines_arguments and not find_patches(
                self.stable, self.expr, self.x, 53
            )
        return True

    def _chunked(
        self,
        arr: np.ndarray,
        src: np.ndarray,
        out: np.ndarray | None,
        out_dtype: np.dtype,
        work: np.dtype,
        bits: int,
    ) -> Any:
        """Evaluate in blocks of :data:`CHUNK` elements: temporaries stay small (and in
        cache), and with ``out=`` the result is written in place."""
        direct = out is not None and out.flags.c_contiguous and out.dtype == out_dtype
        result = out.reshape(-1) if direct else np.empty(src.shape, dtype=out_dtype)  # type: ignore[union-attr]
        for start in range(0, src.size, CHUNK):
            part = src[start : start + CHUNK].astype(work, copy=False)
            value = self._evaluate(part, work, bits)
            with np.errstate(over="ignore"):  # float32 overflow rounds to inf, as it should
                result[start : start + CHUNK] = value
        if out is not None:
            if not direct:
                np.copyto(out, result.reshape(arr.shape), casting="same_kind")
            return out
        shaped = result.reshape(arr.shape)
        return shaped[()] if arr.ndim == 0 else shaped

    def _compute_dtype(self, dtype: np.dtype) -> np.dtype:
        """float64 for float64 (and wider); float32 for float32 unless the expression needs
        float64 to stay within a few float32 ulp: a rounded argument of an exponential-like
        node, erf/erfc, or a cancelling root (then float64, rounded once at the end)."""
        if dtype == np.float64 or dtype.itemsize > 8:
            return np.dtype(np.float64)
        if self._float32_suffices is None:
            self._float32_suffices = self.plan.selections_only or not self._needs_float64()
        return np.dtype(np.float32) if self._float32_suffices else np.dtype(np.float64)

    def _needs_float64(self) -> bool:
        if self.stable.has(erfc_accurate, sympy.erf, sympy.erfc):
            return True
        ctx = Context(np.dtype(np.float32), self.x)
        for node in sympy.preorder_traversal(self.stable):
            args: tuple[Expr, ...] = getattr(node, "args", ())
            if isinstance(node, SENSITIVE_NODES) and not is_exact_argument(args[0], ctx):
                return True
        return bool(find_patches(self.stable, self.expr, self.x, 24))

    def _evaluate(self, flat: np.ndarray, work: np.dtype, bits: int) -> np.ndarray:
        """The kernel for ``work`` serving a result of ``bits`` bits, with the fix-ups that
        precision needs: tiny results in a wider type, and root patches."""
        kernel, special, visible = self._kernel(work, bits)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            if special and not visible and flat.size and not _all_finite(flat):
                result = self._with_specials(kernel, flat, work)
            else:
                result = _full(kernel(flat), flat, work)
        fixable = work != np.longdouble and not self.plan.overflow_is_genuine
        # NaN/±inf inputs the kernel turns into NaN/±inf show up in the result check below.
        check = fixable or (special and visible)
        if check and flat.size and not _all_finite(result):
            if special and visible:
                self._set_limits(flat, result, work)
            if fixable:
                self._fix_overflow(flat, result, work)
        if self.plan.selections_only:
            return result
        if work == np.float32:
            if self.plan.may_lose_tiny_results:
                self._fix_tiny(flat, result, 2.0**-100, self._via_float64)
            return result
        if bits == 53 and WIDE and self.plan.may_lose_tiny_results:
            self._fix_tiny(flat, result, 2.0**-1000, self._via_long_double)
        patches = find_patches(self.stable, self.expr, self.x, bits) if WIDE else ()
        if patches:
            apply_patches(patches, flat, result, self._wide())
        return result

    def _set_limits(self, flat: np.ndarray, result: np.ndarray, work: np.dtype) -> None:
        """The limits at ±inf (and NaN for NaN) where the input is not finite."""
        special = ~np.isfinite(flat)
        if special.any():
            lo, hi = self.limits(work)
            where = np.flatnonzero(special)
            sub = flat[where]
            result[where] = np.where(sub > 0, hi, np.where(sub < 0, lo, sub))

    def _fix_overflow(self, flat: np.ndarray, result: np.ndarray, work: np.dtype) -> None:
        """Recompute non-finite results of finite inputs in a wider type, where an
        intermediate that overflowed does not (``x³ − x²`` at 1e300 is +inf, not
        ``inf − inf``); the wider value rounds to the correct IEEE result."""
        bad = ~np.isfinite(result) & np.isfinite(flat)
        if not bad.any():
            return
        wider = self._via_float64 if work == np.float32 else self._via_long_double
        if work == np.float64 and not WIDE:
            return
        where = np.flatnonzero(bad)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            result[where] = wider(flat[where])

    def _fix_tiny(self, flat: np.ndarray, result: np.ndarray, tiny: float, wider: Kernel) -> None:
        """Recompute results below ``tiny`` in a wider type, where no intermediate is
        subnormal (``gelu(−37.6) = −18.8·erfc(26.6)`` has a subnormal ``erfc`` in float64)."""
        if not _has_tiny(result, tiny):
            return
        mask = np.abs(result) < tiny
        mask &= (result != 0) & np.isfinite(flat)
        if mask.any():
            where = np.flatnonzero(mask)
            result[where] = wider(flat[where])

    def _via_long_double(self, sub: np.ndarray) -> np.ndarray:
        wide = sub.astype(np.longdouble)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            got = _full(self._wide()(wide), wide, np.dtype(np.longdouble))
            return got.astype(np.float64)

    def _via_float64(self, sub: np.ndarray) -> np.ndarray:
        wide = sub.astype(np.float64)
        with np.errstate(over="ignore"):
            return self._evaluate(wide, np.dtype(np.float64), 24).astype(np.float32)

    def _wide(self) -> Kernel:
        return self._kernel(np.dtype(np.longdouble), 64)[0]

    def _kernel(self, work: np.dtype, bits: int) -> tuple[Kernel, bool, bool]:
        """The compiled kernel, whether NaN/±inf inputs need the wrapper's help, and whether
        the kernel at least maps them to NaN/±inf (then one check of the result finds them)."""
        key = (work, bits)
        if key not in self._kernels:
            refine = work == np.float64 and bits == 53
            careful = refine and _error_prone(self.stable, self.expr, self.x)
            kernel = lower(self.stable, Context(work, self.x, refine=refine, careful=careful))
            special, visible = False, False
            if work != np.longdouble:
                special, visible = self._special_values(kernel, work)
            self._kernels[key] = (kernel, special, visible)
        return self._kernels[key]

    def _special_values(self, kernel: Kernel, work: np.dtype) -> tuple[bool, bool]:
        """``(needs help, shows up)``: whether the plain kernel fails to map NaN/±inf to the
        right values without FP warnings, and whether it then maps all three to non-finite
        values (which the result check catches)."""
        probe = np.array([np.inf, -np.inf, np.nan], dtype=work)
        lo, hi = self.limits(work)
        want = np.array([hi, lo, np.nan], dtype=work)
        try:
            with np.errstate(all="raise"):
                got = _full(kernel(probe.copy()), probe, work)
            if np.array_equal(got, want, equal_nan=True):
                return False, False
        except FloatingPointError:
            pass
        try:  # some kernels index tables by their argument: NaN must not reach them
            with np.errstate(all="ignore"):
                got = _full(kernel(probe.copy()), probe, work)
        except (IndexError, ValueError, FloatingPointError):
            return True, False
        return True, bool(not np.isfinite(got).any())

    def _with_specials(self, kernel: Kernel, flat: np.ndarray, work: np.dtype) -> np.ndarray:
        finite = np.isfinite(flat)
        result = _full(kernel(np.where(finite, flat, 0)), flat, work)
        lo, hi = self.limits(work)
        result = np.where(finite, result, np.where(flat > 0, hi, np.where(flat < 0, lo, flat)))
        return result.astype(work, copy=False)

    def limits(self, work: np.dtype) -> tuple[Any, Any]:
        """The values at −∞ and +∞, rounded to ``work``.

        Read off the float64 kernel at the largest finite floats: the value there is the
        limit to working precision when it has stopped changing (``f(M) = f(M/2)``), and the
        limit is ±inf when it is still growing.
        """
        if self._limits is None:
            kernel = lower(self.stable, Context(np.dtype(np.float64), self.x))
            big = np.finfo(np.float64).max
            probe = np.array([-big, -big / 2, big / 2, big])
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                f = _full(kernel(probe), probe, np.dtype(np.float64))
            bad = ~np.isfinite(f)
            if WIDE and bad.any():  # an intermediate overflowed: x³ − x² is +inf, not NaN
                f[bad] = self._via_long_double(probe[bad])
            self._limits = (_settle(f[0], f[1]), _settle(f[3], f[2]))
            if oscillates(self.stable, self.x):  # sin, cos: a limit only if the samples show one
                self._limits = (sampled_limit(kernel, -1), sampled_limit(kernel, 1))
        return tuple(work.type(v) for v in self._limits)


def _error_prone(stable: Expr, exact: Expr, x: Symbol) -> bool:
    """The probe found stretches where the float64 kernel errs (not only near roots)."""
    patches = find_patches(stable, exact, x, 53)
    return any(not p.poly and not p.narrow and p.lo == 0 for p in patches)


def _all_finite(flat: np.ndarray) -> bool:
    """No NaN or ±inf, by one BLAS dot product instead of a boolean temporary (NaN and ±inf
    make ``x·x`` non-finite; a finite one implies finite terms).  An overflowing sum of
    squares (|x| > 1e154 in float64) only sends the call down the careful path."""
    if flat.dtype == np.longdouble:
        with np.errstate(over="ignore", invalid="ignore"):
            return bool(np.isfinite(np.add.reduce(flat)))
    with np.errstate(over="ignore", invalid="ignore"):
        return bool(np.isfinite(np.dot(flat, flat)))


def _has_tiny(result: np.ndarray, tiny: float) -> bool:
    """Whether some ``|r| < tiny`` (zeros included), in blocks through one small scratch
    buffer: no full-size temporary (each costs its page faults) and no boolean mask."""
    block = 1 << 14
    scratch = np.empty(min(block, result.size), dtype=result.dtype)
    for start in range(0, result.size, block):
        part = result[start : start + block]
        view = scratch[: part.size]
        np.abs(part, out=view)
        if np.fmin.reduce(view) < tiny:
            return True
    return False


def _full(value: Any, like: np.ndarray, work: np.dtype) -> np.ndarray:
    if np.ndim(value) == 0 or value.shape != like.shape:
        return np.full(like.shape, value, dtype=work)
    return value


def _settle(outer: float, inner: float) -> float:
    """The limit given ``f(±M)`` and ``f(±M/2)``: settled, decaying to 0 or growing without
    bound."""
    if outer == inner or np.isinf(outer) or np.isnan(outer):
        return float(outer)
    if abs(outer) < abs(inner):
        return 0.0
    return float(np.copysign(np.inf, outer))
