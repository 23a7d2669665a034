"""Checking a report's options, the one check for every path (the report pages, the command
line, a schedule): each id must be one of the partnership's, the locality one of its
localities and the reporting year a year PIF can report on. And reading what the options
choose."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError

from pif.reports.kinds.base import NEEDS

ALIASES = {"meeting_id": "meeting", "outcome_ids": "outcomes", "indicator_ids": "indicators"}
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _ids(value, what: str, code: str = "invalid") -> list[int]:
    """The ids in ``value`` (one, or a list), each a whole number as
    :func:`pif.lib.text.parse_id` reads one (digits only, at most 18 of them: a larger
    number would overflow the database's integer), sorted; a plain refusal otherwise."""
    from pif.lib.text import parse_id

    if value in (None, "", []):
        return []
    values = value if isinstance(value, list | tuple | set) else [value]
    found = []
    for one in values:
        parsed = (None if isinstance(one, bool) or not isinstance(one, int | str)
                  else parse_id(str(one).strip()))
        if parsed is None:
            raise ValidationError(f"Choose {what} from the list.", code=code)
        found.append(parsed)
    return sorted(set(found))


def normalised(options) -> dict:
    """The options with the brief's other spellings ("meeting_id") under their keys."""
    options = dict(options or {})
    for alias, key in ALIASES.items():
        if alias in options and key not in options:
            options[key] = options.pop(alias)
        else:
            options.pop(alias, None)
    return options


def validate_options(partnership, kind: str, options) -> dict:
    """``options`` checked for a report of ``kind`` on ``partnership``, cleaned: ids as
    sorted lists of whole numbers, the meeting as one id, the locality's name as the
    partnership spells it, the reporting year as a whole number; options the kind does not
    ask for are dropped. Raises ValidationError with a plain message for anything that is
    not the partnership's (another partnership's id reads as unknown)."""
    from pif.reports.kinds import TEMPLATES

    template = TEMPLATES.get(kind)
    if template is None:
        raise ValidationError("Choose a kind of report from the list.", code="kind")
    options = normalised(options)
    cleaned: dict = {}
    needs = set(template.needs)
    if "outcomes" in needs:
        cleaned["outcomes"] = _owned(partnership, "outcomes", options.get("outcomes"))
    if "indicators" in needs:
        cleaned["indicators"] = _owned(partnership, "indicators", options.get("indicators"))
    if "meeting" in needs:
        cleaned["meeting"] = _meeting(partnership, options.get("meeting"))
    if "locality" in needs:
        cleaned["locality"] = _locality(partnership, options.get("locality"))
    if "reporting_year" in needs and options.get("reporting_year") not in (None, ""):
        cleaned["reporting_year"] = _year(options.get("reporting_year"))
    return {key: value for key, value in cleaned.items() if key in NEEDS}


def _owned(partnership, key: str, value) -> list[int]:
    from pif.measures.models import Indicator
    from pif.outcomes.models import Outcome

    model, what = ((Outcome, "outcomes") if key == "outcomes" else (Indicator, "indicators"))
    ids = _ids(value, what, key)
    if not ids:
        return []
    known = set(model.objects.filter(partnership=partnership, pk__in=ids)
                .values_list("pk", flat=True))
    if known != set(ids):
        unknown = len(set(ids) - known)
        raise ValidationError(
            f"{unknown} of the chosen {what} {'is' if unknown == 1 else 'are'} not in this "
            f"partnership's plan. Choose {what} from the list.", code=key)
    return ids


def _meeting(partnership, value) -> int:
    from pif.reviews.models import Meeting

    ids = _ids(value, "a meeting", "meeting")
    if len(ids) != 1:
        raise ValidationError("Choose the stat meeting the memo is for.", code="meeting")
    if not Meeting.objects.filter(pk=ids[0], series__partnership=partnership).exists():
        raise ValidationError("That meeting is not one of this partnership's. Choose a "
                              "meeting from the list.", code="meeting")
    return ids[0]


def _locality(partnership, value) -> str:
    from pif.outcomes.models import Locality

    name = str(value or "").strip()
    if not name:
        return ""
    found = (Locality.objects.filter(partnership=partnership, name__iexact=name)
             .values_list("name", flat=True).first())
    if found is None:
        raise ValidationError(f"This partnership has no locality called “{name[:150]}”. "
                              "Choose a locality from the list.", code="locality")
    return found


def _year(value) -> int:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError("Choose the reporting year from the list.",
                              code="reporting_year") from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(f"Choose a reporting year from {FIRST_YEAR} to {LAST_YEAR}.",
                              code="reporting_year")
    return year


def reporting_year(ctx_partnership, options: dict, as_of: datetime.date) -> int:
    """The reporting year an annual report is on: the one chosen, or the latest that had
    ended by ``as_of``."""
    from pif.reports.kinds.base import last_complete_year

    year = options.get("reporting_year")
    return int(year) if year not in (None, "") else last_complete_year(ctx_partnership, as_of)
