"""The RADAR attributes an assessor scores a criterion part against, as data.

A shipped framework version lists its own attributes in its file (`[versions.radar]`, read
by `assessment_frameworks.radar_attributes` and shown on the framework's page). That list
is the one source, so the score form asks exactly what the framework page shows
(`for_version`): EFQM 2020's results, for instance, have "credibility and accuracy" and no
"causes". A RADAR framework whose data lists none (a partnership's own, or a test's) is
scored on the EFQM 2013 attributes below (frameworks.md §3.3): enablers on Approach (sound,
integrated), Deployment (implemented, structured) and Assessment and refinement
(measurement, learning and creativity, improvement and innovation); results on Relevance
and usability (scope and relevance, integrity, segmentation) and Performance (trends,
targets, comparisons, causes).

Each attribute is scored 0 to 100 in steps of 5. PIF suggests the part score as the mean of
the elements' means (`suggest`), as RADAR builds the score from its elements: an element
with three attributes counts no more than one with two.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import slugify

from pif.reviews import scoring
from pif.reviews.assessment_frameworks import radar_attributes


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

DEFAULT = {"enabler": ENABLERS_2013, "result": RESULTS_2013}


def attributes_for(slug: str, label: str, node_type: str) -> tuple[Attribute, ...]:
    """The fallback attributes (EFQM 2013) for a node of `node_type` ("enabler" or
    "result"; no type: an enabler), whatever the slug and label. Use `for_version`, which
    reads the framework's own list first."""
    return DEFAULT.get(node_type or "enabler", ENABLERS_2013)


def from_file(listed: list[str]) -> tuple[Attribute, ...]:
    """Attributes from a framework file's list, each "Element: attribute". The key is the
    attribute's first word ("learning and creativity" gives "learning"), as the 2013 keys
    are, or element and attribute in full where two would share it."""
    pairs = [(text.partition(":")[0].strip(), text.partition(":")[2].strip() or text.strip())
             for text in listed]
    firsts = [slugify(label).split("-")[0] for _, label in pairs]
    return tuple(Attribute(first if firsts.count(first) == 1
                           else slugify(f"{element} {label}").replace("-", "_"),
                           label, element)
                 for (element, label), first in zip(pairs, firsts, strict=True))


def for_version(version, node_type: str) -> tuple[Attribute, ...]:
    """The attributes to score a node of `node_type` against in `version`: the version's
    own list where its file has one, else the fallback."""
    listed = radar_attributes(version).get(node_type or "enabler")
    return from_file(listed) if listed else attributes_for("", "", node_type)


def suggest(attributes: tuple[Attribute, ...], values: dict) -> int | None:
    """PIF's suggested part score from an assessor's attribute scores: the mean of each
    element's mean, rounded to 5. A value under a key not in `attributes` is left out."""
    groups: dict[str, list] = {}
    for attribute in attributes:
        groups.setdefault(attribute.element, []).append(values.get(attribute.key))
    return scoring.suggest_by_element(groups.values())
