r"""Run z3 and cvc5 on exported documents, each in a child process with a time limit.

The solvers come from the optional ``smt`` extra (``pip install 'symact[smt]'``: the
``z3-solver`` and ``cvc5`` wheels).  They are imported only in the child, which executes the
whole script (``push``/``pop`` and every ``check-sat``) through the solver's own SMT-LIB
front end, with a per-check time limit set through the API (never in the file); the parent
kills the child when a wall-clock limit passes.  A check whose answer is not known — the
solver said ``unknown``, ran out of time, or failed — is reported as such, never as agreement.

>>> expectations("; expect: sat\n(check-sat)\n; expect: unsat\n(check-sat)\n")
('sat', 'unsat')
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from symact.errors import SymactError

__all__ = ["SOLVERS", "SolverRun", "expectations", "quantified", "run_solver"]

#: The solvers the tests and the benchmark run (Python module names in the child).
SOLVERS = ("z3", "cvc5")

_EXPECT = re.compile(r"^; expect: (sat|unsat)$", re.MULTILINE)

# The child: reads a JSON list of documents, prints one JSON list of answers per document.
_CHILD = r"""
import json, sys
solver, ms = sys.argv[1], int(sys.argv[2])
__import__(solver)  # a missing package fails here, on stderr
docs = json.loads(sys.stdin.read())

def run_z3(text):
    import z3
    ctx = z3.Context()
    z3.Z3_eval_smtlib2_string(ctx.ref(), f"(set-option :timeout {ms})")
    try:
        out = z3.Z3_eval_smtlib2_string(ctx.ref(), text)
    except z3.Z3Exception as exc:  # the output so far, then the error
        value = exc.value
        out = value.decode() if isinstance(value, bytes) else str(value)
    return [line.strip() for line in out.splitlines() if line.strip()]

def run_cvc5(text):
    import cvc5
    tm = cvc5.TermManager()
    s = cvc5.Solver(tm)
    s.setOption("tlimit-per", str(ms))
    sm = cvc5.SymbolManager(tm)
    parser = cvc5.InputParser(s, sm)
    parser.setStringInput(cvc5.InputLanguage.SMT_LIB_2_6, text, "certificate")
    answers = []
    try:
        while True:
            cmd = parser.nextCommand()
            if cmd.isNull():
                return answers
            out = cmd.invoke(s, sm).strip()
            if out:
                answers.append(out)
    except Exception as exc:  # the answers so far, then the error
        return answers + ["error: " + " ".join(str(exc).split())]

for text in docs:
    try:
        answers = (run_z3 if solver == "z3" else run_cvc5)(text)
    except Exception as exc:
        answers = ["error: " + " ".join(str(exc).split())]
    print(json.dumps(answers), flush=True)
"""


class SolverUnavailableError(SymactError, RuntimeError):
    """The solver's Python package is not installed (``pip install 'symact[smt]'``)."""


@dataclass(frozen=True, slots=True)
class SolverRun:
    """What one solver answered on one document, next to what the document expects.

    ``answers`` holds ``sat``/``unsat``/``unknown`` or ``timeout`` per check; ``errors`` the
    solver's error messages (a parse error, an unknown symbol: the file is broken).
    """

    solver: str
    expected: tuple[str, ...]
    answers: tuple[str, ...]
    errors: tuple[str, ...] = ()

    @property
    def disagreements(self) -> tuple[int, ...]:
        """Checks (0-based) whose definite answer contradicts the expected one."""
        return tuple(
            i
            for i, (want, got) in enumerate(zip(self.expected, self.answers, strict=False))
            if got in ("sat", "unsat") and got != want
        )

    @property
    def unknown(self) -> tuple[int, ...]:
        """Checks without a definite answer (unknown, timeout, error, missing)."""
        padded = [*self.answers, *["missing"] * (len(self.expected) - len(self.answers))]
        return tuple(i for i, got in enumerate(padded) if got not in ("sat", "unsat"))

    @property
    def confirmed(self) -> bool:
        """Every check answered as expected, and no error."""
        return not self.errors and self.answers == self.expected


def expectations(text: str) -> tuple[str, ...]:
    """The ``; expect:`` answers of a document, in order."""
    return tuple(_EXPECT.findall(text))


def quantified(text: str) -> tuple[bool, ...]:
    r"""For each check of a document, whether its scope holds a quantifier (``forall``):
    such checks are beyond the solvers' complete procedures and may be ``unknown``.

    >>> quantified("(push 1)\n(assert (forall ((a Real)) (> a a)))\n(check-sat)\n(pop 1)")
    (True,)
    """
    blocks = re.split(r"^\(check-sat\)$", text, flags=re.MULTILINE)[:-1]
    return tuple("(forall " in block.rsplit("(push 1)", 1)[-1] for block in blocks)


def run_solver(solver: str, documents: Sequence[str], *, timeout: float = 10.0) -> list[SolverRun]:
    """Run ``solver`` (``"z3"`` or ``"cvc5"``) on every document in one child process;
    ``timeout`` seconds per check (the child is killed after the sum, plus start-up)."""
    if solver not in SOLVERS:
        msg = f"unknown solver {solver!r}; choose one of: {', '.join(SOLVERS)}"
        raise SymactError(msg)
    expected = [expectations(d) for d in documents]
    checks = sum(max(len(e), 1) for e in expected)
    limit = 10.0 + timeout * checks
    cmd = [sys.executable, "-c", _CHILD, solver, str(int(timeout * 1000))]
    payload = json.dumps(list(documents))
    try:
        done = subprocess.run(cmd, input=payload, capture_output=True, text=True, timeout=limit)
        out, err = done.stdout, done.stderr
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        err = ""
    if "No module named" in err:
        msg = f"the solver {solver} is not installed: pip install 'symact[smt]'"
        raise SolverUnavailableError(msg)
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    runs = []
    for i, want in enumerate(expected):
        got = [_normal(a) for a in (rows[i] if i < len(rows) else ["timeout"] * len(want))]
        answers = tuple(a for a in got if not a.startswith("error"))
        errors = tuple(a for a in got if a.startswith("error"))
        runs.append(SolverRun(solver, want, answers, errors))
    return runs


def _normal(answer: str) -> str:
    text = answer.strip()
    if text in ("sat", "unsat", "unknown") or text.startswith("error"):
        return text
    if text.startswith("unknown"):  # cvc5: "unknown (TIMEOUT)"
        return "unknown"
    if text.startswith("(error"):
        return "error: " + text
    return f"error: unexpected output {text!r}"
