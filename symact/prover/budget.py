"""Time budgets: cooperative deadlines plus a forked worker killed on timeout.

Every check runs ``task(deadline)`` where ``deadline`` is a :func:`time.monotonic` timestamp
that the prover's loops poll.  SymPy itself cannot be interrupted, so with a finite budget the
task runs in a child process (``fork`` start method: nothing is re-imported, results come back
pickled); if it has not answered when the budget is spent the child is killed and joined, so
nothing keeps running afterwards, and the caller gets ``on_timeout(reason)`` instead.

>>> run(lambda deadline: deadline is None, None, str)
True
>>> run(lambda deadline: deadline is not None, 5.0, str)
True
"""

from __future__ import annotations

import gc
import math
import multiprocessing
import time
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

from symact.errors import ParameterError

__all__ = ["DEFAULT_BUDGET", "run"]

#: Seconds a check may take unless the caller says otherwise.
DEFAULT_BUDGET = 3.0
#: Fraction of the budget the cooperative deadline leaves for returning the result.
_COOPERATIVE = 0.85

#: The longest single wait the OS selector accepts comfortably (about 11 days).
_LONGEST_WAIT = 1e6

R = TypeVar("R")


def _worker(task: Callable[[float | None], Any], deadline: float, conn: Any) -> None:
    # The child lives for at most one budget: without the cyclic collector it never walks
    # (and so never copies) the parent's heap, which halves the cost of a forked check.
    gc.disable()
    try:
        payload: tuple[str, Any] = ("ok", task(deadline))
    except BaseException as exc:
        payload = ("error", exc)
    try:
        conn.send(payload)
    except Exception as exc:
        conn.send(("error", RuntimeError(f"prover worker failed to return its result: {exc!r}")))
    conn.close()


def run(
    task: Callable[[float | None], R],
    budget: float | None,
    on_timeout: Callable[[str], R],
) -> R:
    """``task(deadline)`` within ``budget`` seconds (None or inf: no limit, in this process)."""
    if budget is None or budget == math.inf:
        return task(None)
    if not budget > 0:
        msg = f"budget must be a positive number of seconds or None, got {budget!r}"
        raise ParameterError(msg)
    start = time.monotonic()
    deadline = start + _COOPERATIVE * budget
    if "fork" not in multiprocessing.get_all_start_methods():
        return task(deadline)
    payload = _in_child(task, deadline, budget)
    if payload is None:
        spent = time.monotonic() - start
        return on_timeout(f"the time budget of {budget:g} s ran out after {spent:.2f} s")
    kind, value = payload
    if kind == "error":
        raise value
    result: R = value
    return result


def _in_child(
    task: Callable[[float | None], Any], deadline: float, budget: float
) -> tuple[str, Any] | None:
    """Run ``task`` in a forked child; its ``(kind, value)`` report, or None on timeout.
    The child is killed and joined in every case."""
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_worker, args=(task, deadline, sender), daemon=True)
    gc.freeze()  # the parent's objects go to a permanent generation the child leaves alone
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads (3.12+)
            proc.start()
    finally:
        gc.unfreeze()
    sender.close()
    try:
        ready = receiver.poll(min(budget, _LONGEST_WAIT))
        payload: tuple[str, Any] | None = receiver.recv() if ready else None
    except EOFError:
        payload = ("error", RuntimeError("the prover worker exited without a result"))
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join()
        receiver.close()
    return payload
