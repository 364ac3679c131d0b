r"""The table of properties: one :class:`~.records.PropertySpec` per :class:`Property`, in
report order.  The CLI's ``--property`` choices, the report's order, the columns of the
comparison table and the list in docs/properties.md all derive from :data:`PROPERTIES`.

>>> [p.value for p in PROPERTIES][:3]
['limit_neg_inf', 'limit_pos_inf', 'range']
>>> PROPERTIES[Property.RANGE].has_value
True
"""

from __future__ import annotations

from sympy import oo

from symact.properties.lipschitz import check_lipschitz
from symact.properties.monotone import check_monotone
from symact.properties.records import Property, PropertySpec
from symact.properties.regularity import check_continuous, check_differentiable, check_smoothness
from symact.properties.shape import check_bounded, check_limit, check_range
from symact.properties.symmetry import check_even, check_law, check_odd, check_zero_at_zero
from symact.properties.universal import check_polynomial, check_universal
from symact.prover import check_affinity, check_positive_homogeneity

__all__ = ["PROPERTIES", "property_table"]

P = Property
_ROWS = (
    (
        P.LIMIT_NEG_INF,
        True,
        "lim -oo",
        check_limit(-oo),
    ),
    (
        P.LIMIT_POS_INF,
        True,
        "lim +oo",
        check_limit(oo),
    ),
    (P.RANGE, True, "range", check_range),
    (P.BOUNDED_BELOW, True, "bdd below", check_bounded(True)),
    (P.BOUNDED_ABOVE, True, "bdd above", check_bounded(False)),
    (
        P.MONOTONE,
        True,
        "monotone",
        check_monotone,
    ),
    (P.CONTINUOUS, False, "C^0", check_continuous),
    (P.DIFFERENTIABLE, False, "differentiable", check_differentiable),
    (
        P.SMOOTHNESS,
        True,
        "C^k",
        check_smoothness,
    ),
    (P.ZERO_AT_ZERO, True, "f(0)=0", check_zero_at_zero),
    (P.ODD, False, "odd", check_odd),
    (P.EVEN, False, "even", check_even),
    (
        P.POSITIVE_HOMOGENEITY,
        False,
        "pos. homog.",
        check_law(P.POSITIVE_HOMOGENEITY, check_positive_homogeneity),
    ),
    (
        P.AFFINE,
        False,
        "affine",
        check_law(P.AFFINE, check_affinity),
    ),
    (
        P.LIPSCHITZ,
        True,
        "Lipschitz",
        check_lipschitz,
    ),
    (
        P.POLYNOMIAL,
        True,
        "polynomial",
        check_polynomial,
    ),
    (
        P.UNIVERSAL_APPROXIMATOR,
        False,
        "universal",
        check_universal,
    ),
)

#: The records, in report order.
PROPERTIES: dict[Property, PropertySpec] = {
    prop: PropertySpec(prop, prop.statement, has_value, header, check)
    for prop, has_value, header, check in _ROWS
}


def property_table() -> str:
    """The properties as a Markdown table (docs/properties.md embeds it; a test compares)."""
    rows = ["| property | statement | has a value |", "|---|---|---|"]
    for spec in PROPERTIES.values():
        statement = spec.statement.replace("|", "\\|")
        value = "yes" if spec.has_value else "no"
        rows.append(f"| `{spec.prop.value}` | {statement} | {value} |")
    return "\n".join(rows) + "\n"
