"""``symact properties`` and ``symact table``."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from symact.cli.common import add_param, parse_params, resolve


def _cmd_properties(args: argparse.Namespace, out: TextIO) -> int:
    from symact.properties.cli import write_report

    values, symbolic = parse_params(args.param)
    entry: Any = resolve(args.activation, values, symbolic)
    if symbolic and entry.kind == "elementwise":
        entry = entry.symbolic(*symbolic)
    return write_report(entry, args.format, args.property, args.budget, out)


def add_properties(sub: Any) -> None:
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
    add_param(p, "bind a parameter (NAME=VALUE) or keep it symbolic (NAME=symbolic)")
    _add_budget(p)
    p.set_defaults(handler=_cmd_properties)


def _cmd_table(args: argparse.Namespace, out: TextIO) -> int:
    from symact.properties.cli import write_table

    return write_table(args.format, args.budget, out)


def add_table(sub: Any) -> None:
    from symact.properties.names import TABLE_FORMATS

    p = sub.add_parser("table", help="every catalog activation against every property")
    p.add_argument("--format", choices=TABLE_FORMATS, default="markdown")
    _add_budget(p)
    p.set_defaults(handler=_cmd_table)


def _add_budget(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--budget",
        type=float,
        default=3.0,
        metavar="SECONDS",
        help="time budget of each property (default 3)",
    )
