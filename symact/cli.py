"""The ``symact`` command line: parse arguments, call the library, print. Nothing else.

Exit status: 0 on success, 1 on a user error (one line on stderr, no traceback), 2 on a usage
error (argparse).  Each subcommand is an ``_add_<name>`` function in ``SUBCOMMANDS``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from symact.activations.registry import Activation, get, names
from symact.errors import ParameterError, SymactError, UnknownActivationError

__all__ = ["main", "resolve"]

Handler = Callable[[argparse.Namespace, TextIO], int]

#: Tokens read as (negative) numbers rather than options: -1, -1e-300, -.5, -inf, -nan.
_NUMBER = re.compile(r"^-(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^-(inf|infinity|nan)$", re.IGNORECASE)


class _Parser(argparse.ArgumentParser):
    """argparse, but ``-1e-300`` and ``-inf`` are values, not unknown options."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._negative_number_matcher = _NUMBER


def resolve(
    text: str, params: dict[str, Any] | None = None, symbolic: Sequence[str] = ()
) -> Activation:
    """A catalog name, else a formula through the safe parser; ``params`` bound by name.

    For a formula, the names in ``params`` and ``symbolic`` are declared as its parameters
    (``where(x > 0, x, a*x)`` with ``--param a=0.1`` or ``--param a=symbolic``)."""
    params = params or {}
    try:
        return get(text, **params)
    except UnknownActivationError as exc:
        unknown = exc
    if not text.strip().isidentifier():
        return _formula(text, params, symbolic)
    try:  # a bare name outside the catalog may still be a formula: `x`
        return _formula(text, params, symbolic)
    except SymactError:
        raise unknown from None  # "unknown activation 'rleu'; did you mean relu?"


def _formula(text: str, params: dict[str, Any], symbolic: Sequence[str]) -> Activation:
    """``text`` through the safe parser, with ``params`` and ``symbolic`` as its parameters."""
    from symact.activations.parse import parse

    declared = [*params, *(n for n in symbolic if n not in params)]
    entry = parse(text, params=declared)
    unused = [n for n in declared if entry.param(n).symbol not in entry.expr.free_symbols]
    if unused:
        msg = f"the formula does not use the parameter {unused[0]!r}; remove --param {unused[0]}"
        raise ParameterError(msg)
    return entry.bind(**params) if params else entry


def _cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    from symact.export.catalog import describe, formula

    entries = [get(n) for n in names()]
    if args.format == "json":
        json.dump([describe(e) for e in entries], out, indent=2)
        out.write("\n")
        return 0
    for entry in entries:
        params = ", ".join(f"{k}={v}" for k, v in entry.params.items())
        aliases = f"  [{', '.join(entry.aliases)}]" if entry.aliases else ""
        shown = f"({params})" if params else ""
        out.write(f"{entry.name}{shown}: {formula(entry)}{aliases}\n")
    return 0


def _cmd_show(args: argparse.Namespace, out: TextIO) -> int:
    from symact.export.catalog import describe, describe_text

    values, symbolic = _params(args.param)
    entry: Any = resolve(args.activation, values, symbolic)
    if symbolic and entry.kind == "elementwise":
        entry = entry.symbolic(*symbolic)
    if args.format == "json":
        json.dump(describe(entry), out, indent=2)
        out.write("\n")
    elif args.format == "latex":
        out.write(entry.to_latex() + "\n")
    else:
        out.write(describe_text(entry) + "\n")
    return 0


def _add_list(sub: Any) -> None:
    p = sub.add_parser("list", help="list every activation with its formula and parameters")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(handler=_cmd_list)


def _add_show(sub: Any) -> None:
    p = sub.add_parser("show", help="show one activation (catalog name or formula in x)")
    p.add_argument("activation", metavar="NAME|EXPR", help="e.g. gelu or 'x*tanh(softplus(x))'")
    p.add_argument("--format", choices=("text", "latex", "json"), default="text")
    _add_param(p, "bind a parameter to a number, or leave it 'symbolic' (repeatable)")
    p.set_defaults(handler=_cmd_show)


def _params(pairs: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    """``NAME=VALUE`` options: numbers to bind, and names to leave ``symbolic``."""
    values: dict[str, str] = {}
    symbolic: list[str] = []
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip() or not value.strip():
            msg = f"--param expects NAME=VALUE (a number or 'symbolic'), got {pair!r}"
            raise ParameterError(msg)
        if name.strip() in values or name.strip() in symbolic:
            msg = f"--param {name.strip()} given twice; give each parameter once"
            raise ParameterError(msg)
        if value.strip().lower() == "symbolic":
            symbolic.append(name.strip())
        else:
            values[name.strip()] = value.strip()
    return values, symbolic


def _cmd_prove(args: argparse.Namespace, out: TextIO) -> int:
    from symact.export.output import choose_format, write_output
    from symact.prover import check, check_linearity

    values, symbolic = _params(args.param)
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
        _write_result(result, fmt, out, entry, args.standalone)
    else:
        write_output(result, fmt, args.output, entry, args.standalone)
    return 0


def _law_choices() -> tuple[str, ...]:
    """The ``--law`` choices, from the prover's law records: the two laws of linearity,
    ``linearity`` (both), then the other laws."""
    from symact.prover.laws import LAWS

    pair = tuple(spec.name for spec in LAWS.values() if spec.linearity)
    rest = tuple(spec.name for spec in LAWS.values() if not spec.linearity)
    return (*pair, "linearity", *rest)


def _write_result(
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


def _add_prove(sub: Any) -> None:
    laws = _law_choices()
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
    _add_param(p, "bind a parameter to a number, or leave it 'symbolic' (repeatable)")
    p.set_defaults(handler=_cmd_prove)


def _add_param(p: argparse.ArgumentParser, help_text: str) -> None:
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE", help=help_text)


def _cmd_eval(args: argparse.Namespace, out: TextIO) -> int:
    from symact.numeric.evaluate import evaluate

    values, symbolic = _params(args.param)
    if symbolic:
        msg = f"eval needs numbers for its parameters, got {', '.join(symbolic)}=symbolic"
        raise ParameterError(msg)
    entry: Any = resolve(args.activation, values)
    free: list[str] = []
    if entry.kind == "elementwise":
        free = sorted(str(s) for s in entry.expr.free_symbols - {entry.x})
    if free:
        hint = " ".join(f"--param {name}=VALUE" for name in free)
        msg = f"{args.activation} has parameters without values: {', '.join(free)}; pass {hint}"
        raise ParameterError(msg)
    pairs = evaluate(entry, args.values, args.dtype, args.derivative)
    for x, y in pairs:
        out.write(f"{x}\t{y}\n")
    return 0


def _add_eval(sub: Any) -> None:
    p = sub.add_parser(
        "eval",
        help="evaluate the stable NumPy version at numbers",
        description=(
            "Evaluate the stable NumPy version at numbers.  Results are printed in full "
            "(shortest text that reads back as the same float); their last bits may differ "
            "between CPUs within the 4-ulp accuracy contract (docs/numerics.md)."
        ),
    )
    p.add_argument("activation", metavar="NAME|EXPR", help="e.g. gelu or 'log(1 + exp(x))'")
    p.add_argument("values", nargs="+", metavar="VALUE", help="numbers, e.g. -1e3 0.5 inf")
    p.add_argument(
        "--dtype",
        choices=("float32", "float64"),
        default="float64",
        help="values are rounded to it first: beyond its range they become ±inf",
    )
    p.add_argument("--derivative", action="store_true", help="evaluate f' instead of f")
    _add_param(p, "bind a parameter to a number (repeatable), e.g. --param threshold=0.5")
    p.set_defaults(handler=_cmd_eval)


def _cmd_net(args: argparse.Namespace, out: TextIO) -> int:
    from symact.nn.cli import build_network, check

    model = build_network(args.layers, args.activation, args.output_activation, args.seed)
    if args.weights:
        from symact.nn.cli import load_weights

        model.set_weights(load_weights(args.weights))
    result = check(model, args.law, args.budget)
    _write_result(result, args.format, out)
    return 0


def _add_net(sub: Any) -> None:
    laws = _law_choices()
    p = sub.add_parser("net", help="prove or refute linearity of a whole Dense network")
    p.add_argument("layers", metavar="SIZES", help="layer sizes from input to output, e.g. 3-5-2")
    p.add_argument("--activation", default="relu", help="hidden layers' activation (relu)")
    p.add_argument("--output-activation", default="linear", help="output activation (linear)")
    p.add_argument("--seed", type=int, default=0, help="seed of the glorot_uniform weights")
    p.add_argument("--weights", metavar="FILE", help=".npz or .json weights in Keras order")
    p.add_argument("--law", choices=laws, default="linearity")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--budget", type=float, default=10.0, metavar="SECONDS")
    p.set_defaults(handler=_cmd_net)


def _cmd_plot(args: argparse.Namespace, out: TextIO) -> int:
    from symact.plot.command import write_plot

    values, symbolic = _params(args.param)
    if symbolic:
        msg = f"plot needs numbers for its parameters, got {', '.join(symbolic)}=symbolic"
        raise ParameterError(msg)
    entries = [resolve(text, values) for text in args.activations]
    options = {"derivative": args.derivative, "counterexample": args.counterexample}
    path = write_plot(entries, args.output, bounds=args.range, **options)
    out.write(f"wrote {path}\n")
    return 0


def _add_plot(sub: Any) -> None:
    p = sub.add_parser(
        "plot",
        help="plot activations: derivative, kinks, asymptotes, counterexamples",
        description=(
            "Plot activations on one figure with their exact kinks and horizontal asymptotes; "
            "the format follows the output's suffix (.png, .svg, .pdf)."
        ),
    )
    p.add_argument("activations", nargs="+", metavar="NAME|EXPR", help="e.g. relu sigmoid")
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="FILE.png, .svg or .pdf (default: the names joined by _, e.g. relu_sigmoid.png; "
        "plot.png when a formula is given)",
    )
    p.add_argument("--derivative", action="store_true", help="add a panel of the derivatives")
    p.add_argument(
        "--counterexample",
        action="store_true",
        help="add panels of both sides of each refuted law along its counterexample family",
    )
    p.add_argument(
        "--range",
        nargs=2,
        type=float,
        default=(-5.0, 5.0),
        metavar=("A", "B"),
        help="the x interval, A < B (default: -5 5)",
    )
    _add_param(p, "bind a parameter of every activation to a number (repeatable)")
    p.set_defaults(handler=_cmd_plot)


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from symact.export.bundle import run

    return run(args.directory, args.force, out)


def _add_export(sub: Any) -> None:
    p = sub.add_parser(
        "export",
        help="write a proof document per catalog activation, certificates and an index",
        description=(
            "Write NAME.tex, NAME.md and NAME.smt2 for every element-wise catalog activation "
            "and an index README.md into DIR (created if missing); byte-for-byte "
            "deterministic.  Each file starts with a 'generated by symact export' comment: "
            "files with it are replaced, or removed when stale; other files are never "
            "removed, and never overwritten without --force."
        ),
    )
    p.add_argument("directory", metavar="DIR", help="e.g. proofs")
    p.add_argument(
        "--force", action="store_true", help="overwrite same-named files without the comment"
    )
    p.set_defaults(handler=_cmd_export)
def _cmd_properties(args: argparse.Namespace, out: TextIO) -> int:
    from symact.properties.cli import write_report

    values, symbolic = _params(args.param)
    entry: Any = resolve(args.activation, values, symbolic)
    if symbolic and entry.kind == "elementwise":
        entry = entry.symbolic(*symbolic)
    return write_report(entry, args.format, args.property, args.budget, out)


def _add_properties(sub: Any) -> None:
    from symact.properties.names import PROPERTY_NAMES as PROPERTY_CHOICES
    from symact.properties.names import REPORT_FORMATS

    p = sub.add_parser("properties", help="prove limits, range, monotonicity, smoothness, ...")
    p.add_argument("activation", metavar="NAME|EXPR", help="e.g. sigmoid or 'x**2'")
    p.add_argument("--format", choices=REPORT_FORMATS, default="text")
    p.add_argument(
        "--property",
        action="append",
        choices=PROPERTY_CHOICES,
        metavar="NAME",
        help=f"only these (repeatable): {', '.join(PROPERTY_CHOICES)}",
    )
    _add_param(p, "bind a parameter (NAME=VALUE) or keep it symbolic (NAME=symbolic)")
    p.add_argument(
        "--budget",
        type=float,
        default=3.0,
        metavar="SECONDS",
        help="time budget of each property (default 3)",
    )
    p.set_defaults(handler=_cmd_properties)


def _cmd_table(args: argparse.Namespace, out: TextIO) -> int:
    from symact.properties.cli import write_table

    return write_table(args.format, args.budget, out)


def _add_table(sub: Any) -> None:
    from symact.properties.names import TABLE_FORMATS

    p = sub.add_parser("table", help="every catalog activation against every property")
    p.add_argument("--format", choices=TABLE_FORMATS, default="markdown")
    p.add_argument(
        "--budget",
        type=float,
        default=3.0,
        metavar="SECONDS",
        help="time budget of each property (default 3)",
    )
    p.set_defaults(handler=_cmd_table)


SUBCOMMANDS: tuple[Callable[[Any], None], ...] = (
    _add_list,
    _add_show,
    _add_prove,
    _add_eval,
    _add_net,
    _add_export,
    _add_plot,
    _add_properties,
    _add_table,
)


def _add_version(parser: argparse.ArgumentParser) -> None:
    from symact.version import __version__

    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
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
