"""Open data: each published indicator as a tidy table (CSV and JSON) and a catalogue of them
all (``data.json``), read only from the partnership's latest publication
(``pif.reports.public_snapshot``), so nothing unpublished and no live edit is ever in them.

=================================  ==========================================================
Function                           What it gives
=================================  ==========================================================
``tidy_rows(indicator)``           one row per period and breakdown (``HEADERS``), flags
                                   space-separated; a suppressed value is empty
``dataset_csv(indicator)``         the rows as CSV: UTF-8, CRLF line ends (RFC 4180), text
                                   that a spreadsheet would read as a formula made safe
``dataset_json(public, indicator)``  the same rows with the indicator's metadata, licence
                                   and as-of date
``catalogue(public)``              a DCAT catalogue in the Project Open Data ``data.json``
                                   layout (v1.1), every address absolute
=================================  ==========================================================

Addresses are built on ``settings.SITE_URL``, never on the request's Host header: a shared
cache keeps these files, so they must name the site whoever asked (``pif.reports.checks``
warns when it is left at its default in a deployment).

Dates are the local dates (``TIME_ZONE``) the pages show: a publication at 00:30 on a
summer's day is issued that day, not the day before in UTC. An observation's ``status`` is
its own status as the snapshot keeps it (Provisional, Final, Estimated, Revised, Suppressed);
its ``flags`` say what the page shows in its place.
"""

import csv
import datetime
import io

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from pif.lib.spreadsheet_safety import safe_row
from pif.measures.models import Indicator

__all__ = ["FORMATS", "HEADERS", "absolute", "accrual_periodicity", "catalogue", "contact_point",
           "dataset_csv", "dataset_json", "dataset_url", "temporal", "tidy_rows"]

HEADERS = ["indicator_code", "indicator_title", "period", "period_label", "period_start",
           "period_end", "breakdown", "category", "value", "numerator", "denominator", "unit",
           "flags", "status"]

FORMATS = {
    "csv": ("text/csv; charset=utf-8; header=present", "CSV"),
    "json": ("application/json", "JSON"),
}

# An observation's status in words from its flags, the first that applies: only for a
# snapshot written before observations kept their own status ("status_label").
STATUS_WORDS = (("missing", "Missing"), ("suppressed", "Suppressed"),
                ("provisional", "Provisional"))
FINAL = "Final"

# How often an indicator's data is added to (Project Open Data's accrualPeriodicity, ISO 8601
# repeating durations); spans of years come when they come.
PERIODICITY = {
    Indicator.Frequency.WEEKLY: "R/P1W",
    Indicator.Frequency.MONTHLY: "R/P1M",
    Indicator.Frequency.QUARTERLY: "R/P3M",
    Indicator.Frequency.ANNUAL: "R/P1Y",
    Indicator.Frequency.FINANCIAL_YEAR: "R/P1Y",
    Indicator.Frequency.ACADEMIC_YEAR: "R/P1Y",
    Indicator.Frequency.MULTI_YEAR: "irregular",
    Indicator.Frequency.MULTI_FINANCIAL_YEAR: "irregular",
}
_FREQUENCY_OF_LABEL = {frequency.label: frequency for frequency in Indicator.Frequency}

POD_SCHEMA = "https://project-open-data.cio.gov/v1.1/schema"


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def dataset_url(short_name: str, code: str, fmt: str) -> str:
    return absolute(reverse("public_dataset", args=[short_name, code, fmt]))


def observation_status(observation: dict) -> str:
    """The observation's own status (its ``status_label``); from its flags only in a snapshot
    too old to hold one."""
    label = observation.get("status_label")
    if label:
        return label
    flags = observation.get("flags") or []
    return next((words for flag, words in STATUS_WORDS if flag in flags), FINAL)


def accrual_periodicity(indicator: dict) -> str:
    """How often the indicator's figures come, as an ISO 8601 repeating duration ("R/P1M");
    "irregular" when it is not known or not regular."""
    frequency = indicator.get("frequency") or _FREQUENCY_OF_LABEL.get(
        indicator.get("frequency_label", ""), "")
    return PERIODICITY.get(frequency, "irregular")


def temporal(indicator: dict) -> str:
    """The time the published figures cover, "2020-04-01/2026-10-31"; "" with none."""
    starts = [o["period_start"] for o in indicator.get("observations", [])
              if o.get("period_start")]
    ends = [o["period_end"] for o in indicator.get("observations", []) if o.get("period_end")]
    return f"{min(starts)}/{max(ends)}" if starts and ends else ""


def _number(value):
    """A whole number as one (7781, not 7781.0); anything else as it is."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def tidy_rows(indicator: dict) -> list[dict]:
    """The indicator's published values, one row per period and breakdown, as ``HEADERS``."""
    rows = []
    for observation in indicator.get("observations", []):
        flags = list(observation.get("flags") or [])
        suppressed = "suppressed" in flags
        rows.append({
            "indicator_code": indicator["code"],
            "indicator_title": indicator["title"],
            "period": observation["period"],
            "period_label": observation["period_label"],
            "period_start": observation["period_start"],
            "period_end": observation["period_end"],
            "breakdown": observation.get("breakdown") or "",
            "category": observation.get("category") or "",
            # The snapshot already empties a suppressed value; never trust that alone.
            "value": None if suppressed else _number(observation.get("value")),
            "numerator": None if suppressed else _number(observation.get("numerator")),
            "denominator": None if suppressed else _number(observation.get("denominator")),
            "unit": indicator.get("unit_label", ""),
            "flags": " ".join(flags),
            "status": observation_status(observation),
        })
    return rows


def dataset_csv(indicator: dict) -> bytes:
    """The tidy rows as CSV (UTF-8 without a byte-order mark, so a program reads the first
    column's name as it is; CRLF line ends as RFC 4180 has them)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in tidy_rows(indicator):
        writer.writerow(safe_row([row[name] for name in HEADERS]))
    return buffer.getvalue().encode("utf-8")


def _licence(content: dict) -> dict:
    licence = content.get("licence") or {}
    return {"id": licence.get("id", ""), "title": licence.get("title", ""),
            "uri": licence.get("uri", "")}


def _as_of(content: dict) -> str:
    """The day of the publication where the pages are read (``TIME_ZONE``), as ISO."""
    published_at = content.get("published_at") or ""
    try:
        moment = datetime.datetime.fromisoformat(published_at)
    except ValueError:
        return published_at[:10]
    if timezone.is_naive(moment):
        return moment.date().isoformat()
    return timezone.localtime(moment).date().isoformat()


def contact_point(public) -> dict:
    """Who to ask about the data (Project Open Data's required ``contactPoint``): the
    partnership, with its email when it gave one."""
    contact = {"@type": "vcard:Contact", "fn": public.name}
    email = public.content.get("contact_email")
    if email:
        contact["hasEmail"] = f"mailto:{email}"
    return contact


def dataset_json(public, indicator: dict) -> dict:
    """The tidy rows with what a reader needs to use them: what the figures are, where they
    come from, how good they are, the licence and when they were published."""
    content = public.content
    return {
        "title": indicator["title"],
        "indicator_code": indicator["code"],
        "publisher": public.name,
        "definition": indicator.get("definition", ""),
        "unit": indicator.get("unit_label", ""),
        "improvement": indicator.get("improvement_label", ""),
        "frequency": indicator.get("frequency_label", ""),
        "accrual_periodicity": accrual_periodicity(indicator),
        "temporal": temporal(indicator),
        "source": indicator.get("data_source", ""),
        "quality_note": indicator.get("quality_note", ""),
        "status": indicator.get("status", ""),
        "trend": indicator.get("trend", ""),
        "licence": _licence(content),
        "as_of": _as_of(content),
        "issued": indicator.get("first_published") or _as_of(content),
        "modified": _as_of(content),
        "landing_page": absolute(reverse("public_indicator",
                                         args=[public.short_name, indicator["code"]])),
        "columns": HEADERS,
        "rows": tidy_rows(indicator),
    }


def _keywords(indicator: dict) -> list[str]:
    words = [indicator["code"], *indicator.get("outcomes", [])]
    return list(dict.fromkeys(word for word in words if word))


def _distribution(public, indicator: dict, fmt: str) -> dict:
    media_type, label = FORMATS[fmt]
    return {
        "@type": "dcat:Distribution",
        "title": f"{indicator['title']} ({label})",
        "downloadURL": dataset_url(public.short_name, indicator["code"], fmt),
        "mediaType": media_type.split(";")[0],
        "format": label,
    }


def _dataset(public, indicator: dict) -> dict:
    content = public.content
    page = absolute(reverse("public_indicator", args=[public.short_name, indicator["code"]]))
    dataset = {
        "@type": "dcat:Dataset",
        "identifier": page,
        "title": indicator["title"],
        "description": indicator.get("definition") or indicator["title"],
        "keyword": _keywords(indicator),
        "issued": indicator.get("first_published") or _as_of(content),
        # DCAT's "modified" is this publication: each one issues the data again.
        "modified": _as_of(content),
        "publisher": {"@type": "org:Organization", "name": public.name},
        "contactPoint": contact_point(public),
        "accessLevel": "public",
        "accrualPeriodicity": accrual_periodicity(indicator),
        "license": _licence(content)["uri"],
        "landingPage": page,
        "distribution": [_distribution(public, indicator, fmt) for fmt in FORMATS],
    }
    span = temporal(indicator)
    if span:
        dataset["temporal"] = span
    return dataset


def catalogue(public) -> dict:
    """Every published indicator as a DCAT dataset, in the ``data.json`` layout."""
    return {
        "@context": f"{POD_SCHEMA}/catalog.jsonld",
        "@id": absolute(reverse("public_catalogue", args=[public.short_name])),
        "@type": "dcat:Catalog",
        "conformsTo": POD_SCHEMA,
        "describedBy": f"{POD_SCHEMA}/catalog.json",
        "title": f"Open data from {public.name}",
        "modified": _as_of(public.content),
        "dataset": [_dataset(public, indicator)
                    for indicator in public.content.get("indicators", [])],
    }
