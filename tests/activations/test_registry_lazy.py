"""The built-in registry is built on first use, not at ``import symact``, and behaves the same."""

from __future__ import annotations

import subprocess
import sys

CATALOG = "symact.activations.catalog"


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return done.stdout.strip()


def test_import_symact_does_not_build_the_catalog():
    code = f"import sys, symact\nprint({CATALOG!r} in sys.modules)"
    assert _run(code) == "False"


def test_first_lookup_builds_it_once():
    code = (
        "import sys, symact\n"
        "symact.get('relu')\n"
        f"first = sys.modules[{CATALOG!r}]\n"
        "symact.names()\n"
        f"print({CATALOG!r} in sys.modules, sys.modules[{CATALOG!r}] is first)"
    )
    assert _run(code) == "True True"


def test_register_before_any_lookup_keeps_the_builtins_and_refuses_clashes():
    code = (
        "import symact\n"
        "f = symact.parse('x*x')\n"
        "from dataclasses import replace\n"
        "symact.register(replace(f, name='square'))\n"
        "print(symact.get('square').expr, symact.get('ReLU').name, 'square' in symact.names())\n"
        "try:\n"
        "    symact.register(replace(f, name='relu'))\n"
        "except symact.RegistryError as exc:\n"
        "    print('refused:', 'already exist' in str(exc))\n"
    )
    assert _run(code).splitlines() == ["x**2 relu True", "refused: True"]
