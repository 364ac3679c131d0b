"""``symact eval`` and ``symact net``: numbers through the numeric bridge, and whole networks."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from symact.cli.common import add_param, parse_params, resolve
from symact.cli.prove import law_choices, write_result
from symact.errors import ParameterError


def _cmd_eval(args: argparse.Namespace, out: TextIO) -> int:
    from symact.numeric.evaluate import evaluate

    values, symbolic = parse_params(args.param)
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


def add_eval(sub: Any) -> None:
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
    add_param(p, "bind a parameter to a number (repeatable), e.g. --param threshold=0.5")
    p.set_defaults(handler=_cmd_eval)


def _cmd_net(args: argparse.Namespace, out: TextIO) -> int:
    from symact.nn.cli import build_network, check

    model = build_network(args.layers, args.activation, args.output_activation, args.seed)
    if args.weights:
        from symact.nn.cli import load_weights

        model.set_weights(load_weights(args.weights))
    result = check(model, args.law, args.budget)
    write_result(result, args.format, out)
    return 0


def add_net(sub: Any) -> None:
    laws = law_choices()
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
