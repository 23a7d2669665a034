"""The "Did it work?" table of a cycle: the changes closed between the cycle's first and last
day, one row per change with the indicators it was judged on listed inside it.

pif.improvement.verdicts.register_rows gives one row per verdict (a change linked to three
indicators is three rows) across every year; a cycle's review wants the changes of its own
year only, each once. Rows may be register rows or the dicts a cycle's snapshot keeps.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from pif.lib.numbers import format_number

# "Since PDSA cycle “X: y” started on 9 May 2026: no signal yet: …": the change's name is
# already the row's heading, so the cell starts after the date.
_SINCE = re.compile(r"^Since .+? (?:started on|on) \d{1,2} [A-Z][a-z]+ \d{4}: ")
_DECISION = re.compile(r"^PDSA cycle \((abandon|adopt|adapt)\)$", re.IGNORECASE)
_DONE = {"abandon": "abandoned", "adopt": "adopted", "adapt": "adapted"}


def finding(explanation: str) -> str:
    """What the data said, without the "Since <change> started on <date>: " it opens with."""
    rest = _SINCE.sub("", explanation or "", count=1)
    return rest[:1].upper() + rest[1:]


def kind_words(kind: str) -> str:
    """"PDSA cycle (abandon)" (as the register names it) is "PDSA cycle, abandoned"."""
    match = _DECISION.match(kind or "")
    return f"PDSA cycle, {_DONE[match.group(1).lower()]}" if match else kind


def _get(row, name: str):
    return row.get(name) if isinstance(row, dict) else getattr(row, name, None)


def _closed_on(row) -> datetime.date:
    value = _get(row, "closed_on")
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def _indicator(row) -> dict:
    name = _get(row, "indicator") or f"{_get(row, 'indicator_code')} {_get(row, 'indicator_title')}"
    verdict = _get(row, "verdict")
    return {"name": name, "url": _get(row, "indicator_url") or "",
            "verdict": getattr(verdict, "value", verdict),
            "verdict_label": _get(row, "verdict_label"),
            "finding": finding(_get(row, "explanation"))}


def grouped(rows, starts_on: datetime.date, ends_on: datetime.date) -> list[dict]:
    """The changes of ``rows`` closed from ``starts_on`` to ``ends_on``, each once (in the
    order first met: latest closed first), with its indicators."""
    changes: dict[tuple, dict] = {}
    for row in rows:
        closed_on = _closed_on(row)
        if not starts_on <= closed_on <= ends_on:
            continue
        key = (_get(row, "what"), _get(row, "kind"), closed_on)
        change = changes.setdefault(key, {
            "what": key[0], "what_url": _get(row, "what_url") or "", "kind": kind_words(key[1]),
            "closed_on": closed_on, "indicators": []})
        change["indicators"].append(_indicator(row))
    return list(changes.values())


def points(value) -> str:
    """Points as the assessment summary writes them, to one decimal where needed, with
    commas: "385.5", "1,000". Snapshots keep them as text; "" stays ""."""
    if value in (None, ""):
        return ""
    try:
        number = Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        return str(value)
    places = 0 if round(number, 1) == round(number, 0) else 1
    return format_number(number, places)
