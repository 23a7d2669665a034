"""Which column holds which field: default header names, and `field=Header` overrides.

| function | what it does |
|---|---|
| `normalise_header(text)` | a header as compared: lower case, `_` and `-` as single spaces |
| `parse_map_options(items)` | `["value=Rate", ...]` from the command line into a mapping |
| `match_fields(headers, mapping)` | field → column index for one header row |

Matching is case-insensitive and forgiving. Where a row has several candidates for a field
("Year" and "Month"), the earlier name in `DEFAULT_HEADERS` wins.
"""

from __future__ import annotations

import re

__all__ = ["DEFAULT_HEADERS", "FIELDS", "MappingError", "match_fields", "missing_overrides",
           "normalise_header", "parse_map_options"]


class MappingError(ValueError):
    """A mapping option was wrong; the message is fit to show to users."""


#: Every field a file may hold, in the order exports write them.
FIELDS = ("indicator", "period", "breakdown", "value", "numerator", "denominator", "status",
          "note", "missing_code", "title")

DEFAULT_HEADERS: dict[str, tuple[str, ...]] = {
    "indicator": ("indicator code", "code", "indicator", "indicator id", "measure code"),
    "period": ("period", "month", "quarter", "year", "financial year", "date", "week ending",
               "time period"),
    "breakdown": ("breakdown", "area", "local authority", "council", "locality", "group"),
    "value": ("value", "indicator value", "figure"),
    "numerator": ("numerator",),
    "denominator": ("denominator",),
    "status": ("status",),
    "note": ("note", "notes", "comment", "comments"),
    "missing_code": ("missing code", "missing"),
    "title": ("title", "indicator title", "indicator name"),
}


def normalise_header(text: object) -> str:
    """Compare headers without case, extra spaces, underscores or hyphens."""
    if text is None:
        return ""
    return " ".join(re.sub(r"[_\-]+", " ", str(text)).lower().split())


def parse_map_options(items: list[str] | None) -> dict[str, str]:
    """Read `field=Header` items; each field once, and only fields PIF knows."""
    mapping: dict[str, str] = {}
    for item in items or ():
        field, sep, header = item.partition("=")
        field, header = field.strip().lower(), header.strip()
        if not sep or not field or not header:
            raise MappingError(f"'{item}' is not a mapping: write it as field=Header, "
                               "for example value=Rate")
        if field not in FIELDS:
            raise MappingError(f"'{field}' is not a field: use one of {', '.join(FIELDS)}")
        if field in mapping:
            raise MappingError(f"The field '{field}' is mapped twice")
        mapping[field] = header
    return mapping


def match_fields(headers: list[object], mapping: dict[str, str] | None = None) -> dict[str, int]:
    """The column index of each field found in `headers`, overrides first.

    A column is used for one field only; an override that names no column is left out, and
    `missing_overrides` says which.
    """
    mapping = mapping or {}
    normalised = [normalise_header(h) for h in headers]
    found: dict[str, int] = {}
    taken: set[int] = set()
    for field, header in mapping.items():
        wanted = normalise_header(header)
        if wanted in normalised:
            index = normalised.index(wanted)
            found[field] = index
            taken.add(index)
    for field, names in DEFAULT_HEADERS.items():
        if field in mapping:
            continue
        for name in names:
            index = next((i for i, h in enumerate(normalised) if h == name and i not in taken),
                         None)
            if index is not None:
                found[field] = index
                taken.add(index)
                break
    return found


def missing_overrides(headers: list[object], mapping: dict[str, str]) -> list[str]:
    """The `field=Header` overrides whose header is not in this row."""
    normalised = {normalise_header(h) for h in headers}
    return [f"{field}={header}" for field, header in mapping.items()
            if normalise_header(header) not in normalised]
