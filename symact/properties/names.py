"""The vocabulary of :mod:`symact.properties` as plain tuples, importable without loading the
prover: the CLI builds its ``--property`` and ``--format`` choices from them (a test checks
that they match :class:`~.records.Property` and :data:`~.spec.PROPERTIES`).

>>> PROPERTY_NAMES[:2], TABLE_FORMATS
(('limit_neg_inf', 'limit_pos_inf'), ('markdown', 'latex', 'json'))
"""

from __future__ import annotations

__all__ = ["PROPERTY_NAMES", "REPORT_FORMATS", "TABLE_FORMATS"]

#: Every property, in report order.
PROPERTY_NAMES = (
    "limit_neg_inf",
    "limit_pos_inf",
    "range",
    "bounded_below",
    "bounded_above",
    "monotone",
    "continuous",
    "differentiable",
    "smoothness",
    "zero_at_zero",
    "odd",
    "even",
    "positive_homogeneity",
    "affine",
    "lipschitz",
    "polynomial",
    "universal_approximator",
)
#: ``symact properties --format`` choices.
REPORT_FORMATS = ("text", "json", "latex", "markdown")
#: ``symact table --format`` choices (the renderers of :mod:`~.comparison`).
TABLE_FORMATS = ("markdown", "latex", "json")
