"""The ``symact`` command line: parse arguments, call the library, print. Nothing else.

Exit status: 0 on success, 1 on a user error (one line on stderr, no traceback), 2 on a usage
error (argparse).  Each subcommand is an ``add_<name>`` function (in the module of this
package named for what it does) listed in ``SUBCOMMANDS``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from symact.cli import catalog, evaluate, files, properties, prove
from symact.cli.common import Handler, Parser, resolve
from symact.errors import SymactError

__all__ = ["SUBCOMMANDS", "build_parser", "main", "resolve"]

SUBCOMMANDS: tuple[Callable[[Any], None], ...] = (
    catalog.add_list,
    catalog.add_show,
    prove.add_prove,
    evaluate.add_eval,
    evaluate.add_net,
    files.add_export,
    files.add_plot,
    properties.add_properties,
    properties.add_table,
)


def _add_version(parser: argparse.ArgumentParser) -> None:
    from symact.version import __version__

    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="symact",
        description="Symbolic math and proofs for neural-network activation functions.",
    )
    _add_version(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for add in SUBCOMMANDS:
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the CLI; returns the exit status."""
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args, out or sys.stdout)
    except SymactError as exc:
        print(f"symact: error: {exc}", file=sys.stderr)
        return 1
    except RecursionError:
        print("symact: error: the input is nested too deeply to process", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (e.g. `symact list | head`): stop quietly, as Unix tools do.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silences the flush at exit
        return 0
    except OSError as exc:  # a file that cannot be read or written: the user's to fix
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"symact: error: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1
    except Exception as exc:
        if os.environ.get("SYMACT_DEBUG"):
            raise
        msg = f"internal error {type(exc).__name__}: {exc}"
        print(
            f"symact: error: {msg} (a bug: please report it; SYMACT_DEBUG=1 shows the traceback)",
            file=sys.stderr,
        )
        return 1
