"""``symact list`` and ``symact show``: the catalog and one activation."""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from symact.activations.registry import get, names
from symact.cli.common import add_param, parse_params, resolve


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

    values, symbolic = parse_params(args.param)
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


def add_list(sub: Any) -> None:
    p = sub.add_parser("list", help="list every activation with its formula and parameters")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(handler=_cmd_list)


def add_show(sub: Any) -> None:
    p = sub.add_parser("show", help="show one activation (catalog name or formula in x)")
    p.add_argument("activation", metavar="NAME|EXPR", help="e.g. gelu or 'x*tanh(softplus(x))'")
    p.add_argument("--format", choices=("text", "latex", "json"), default="text")
    add_param(p, "bind a parameter to a number, or leave it 'symbolic' (repeatable)")
    p.set_defaults(handler=_cmd_show)
