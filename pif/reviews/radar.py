"""The RADAR attributes an assessor scores a criterion part against, as data.

EFQM 2013 (frameworks.md §3.3): enablers are scored on Approach (sound, integrated),
Deployment (implemented, structured) and Assessment & refinement (measurement, learning &
creativity, improvement & innovation); results on Relevance & usability (scope & relevance,
integrity, segmentation) and Performance (trends, targets, comparisons, causes). Each is
scored 0 to 100 in steps of 5, and PIF suggests the part score from them
(`pif.reviews.scoring.suggest`).

The table is keyed by framework slug and version label; a RADAR framework not listed (PSIF,
which scores with RADAR, or a partnership's own) uses the 2013 attributes. When the framework
data files carry their own attribute lists, they replace this table.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Attribute:
    key: str
    label: str
    element: str


def _attributes(rows) -> tuple[Attribute, ...]:
    return tuple(Attribute(key, label, element) for element, pairs in rows
                 for key, label in pairs)


ENABLERS_2013 = _attributes([
    ("Approach", [("sound", "Sound"), ("integrated", "Integrated")]),
    ("Deployment", [("implemented", "Implemented"), ("structured", "Structured")]),
    ("Assessment and refinement", [("measurement", "Measurement"),
                                   ("learning", "Learning and creativity"),
                                   ("improvement", "Improvement and innovation")]),
])
RESULTS_2013 = _attributes([
    ("Relevance and usability", [("scope", "Scope and relevance"), ("integrity", "Integrity"),
                                 ("segmentation", "Segmentation")]),
    ("Performance", [("trends", "Trends"), ("targets", "Targets"),
                     ("comparisons", "Comparisons"), ("causes", "Causes")]),
])

ATTRIBUTES: dict[tuple[str, str], dict[str, tuple[Attribute, ...]]] = {
    ("efqm-2013", "2013"): {"enabler": ENABLERS_2013, "result": RESULTS_2013},
}
DEFAULT = {"enabler": ENABLERS_2013, "result": RESULTS_2013}


def attributes_for(slug: str, label: str, node_type: str) -> tuple[Attribute, ...]:
    """The attributes to score a node of `node_type` ("enabler" or "result") against; a node
    with no type is scored as an enabler."""
    table = ATTRIBUTES.get((slug, label), DEFAULT)
    return table.get(node_type or "enabler", table["enabler"])
