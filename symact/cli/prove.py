"""``symact prove``: laws proved or refuted, in every output format."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from symact.cli.common import add_param, parse_params, resolve
from symact.errors import ParameterError


def _cmd_prove(args: argparse.Namespace, out: TextIO) -> int:
    from symact.export.output import choose_format, write_output
    from symact.prover import check, check_linearity

    values, symbolic = parse_params(args.param)
    entry: Any = resolve(args.activation, values, symbolic)
    if symbolic and entry.kind == "elementwise":  # vector activations: the prover explains
        entry = entry.symbolic(*symbolic)
    fmt = choose_format(args.format, args.output)
    if args.standalone and fmt not in ("latex", "pdf"):
        msg = f"--standalone applies to LaTeX output, not --format {fmt}; drop --standalone"
        raise ParameterError(msg)
    if args.law == "linearity":
        result: Any = check_linearity(entry, budget=args.budget)
    else:
        result = check(entry, args.law, budget=args.budget)
    if args.output is None:
        write_result(result, fmt, out, entry, args.standalone)
    else:
        write_output(result, fmt, args.output, entry, args.standalone)
    return 0


def law_choices() -> tuple[str, ...]:
    """The ``--law`` choices, from the prover's law records: the two laws of linearity,
    ``linearity`` (both), then the other laws."""
    from symact.prover.laws import LAWS

    pair = tuple(spec.name for spec in LAWS.values() if spec.linearity)
    rest = tuple(spec.name for spec in LAWS.values() if not spec.linearity)
    return (*pair, "linearity", *rest)


def write_result(
    result: Any, fmt: str, out: TextIO, entry: Any = None, standalone: bool = False
) -> None:
    """Write a prover result in the ``--format`` asked for (a name in ``FORMATS``)."""
    from symact.export.formats import render

    out.write(render(result, fmt, entry, standalone))


def _format_choices() -> tuple[str, ...]:
    """The ``--format`` choices of ``prove``: the printers' table."""
    from symact.export.formats import FORMATS

    return tuple(FORMATS)


def _format_help() -> str:
    from symact.export.formats import FORMATS

    return "; ".join(f"{f.name}: {f.description}" for f in FORMATS.values())


def add_prove(sub: Any) -> None:
    laws = law_choices()
    p = sub.add_parser("prove", help="prove or refute linearity laws, with certified witnesses")
    p.add_argument("activation", metavar="NAME|EXPR", help="e.g. relu or 'relu(x) - relu(-x)'")
    p.add_argument("--law", choices=laws, default="linearity")
    p.add_argument(
        "--format",
        choices=_format_choices(),
        default=None,
        help=f"default text, or from the suffix of -o; {_format_help()}",
    )
    p.add_argument(
        "--standalone",
        action="store_true",
        help="latex: a whole document (definition, theorem, proof)",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE atomically (.txt .json .tex .md .smt2; .pdf compiles with pdflatex)",
    )
    p.add_argument("--budget", type=float, default=3.0, metavar="SECONDS")
    add_param(p, "bind a parameter to a number, or leave it 'symbolic' (repeatable)")
    p.set_defaults(handler=_cmd_prove)
