"""What the public pages show, frozen when an editor publishes (``Publication.content``): the
public never sees live edits, and nothing unpublished is in it, not even a link.

Shape (plain JSON; dates ISO with a ``_label`` for people beside them)::

    {
      "format": FORMAT,
      "published_at": "2026-12-01T09:00:00+00:00", "published_label": "1 December 2026",
      "partnership": {"name": "...", "short_name": "..."},
      "licence": {"id": "OGL-UK-3.0", "title": "Open Government Licence v3.0", "uri": "..."},
      "contact_email": "",
      "vision": {"statement": "...", "purpose": "...", "years": "2026/27 to 2030/31"} | None,
      "outcomes": [{"id", "code", "title", "depth", "indicator_codes": [...]}],
      "indicators": [PublicIndicator],
      "actions": [{"reference", "title", "status_label", "percent_complete", "due_date_label",
                   "outcomes": [titles]}],
      "counts": {"published": 42, "in_plan": 58,
                 "published_by_rag": {"red": 3, ...}, "plan_by_rag": {"red": 9, ...}},
    }

``PublicIndicator`` is ``{"code", "title", "definition", "unit_label", "improvement_label",
"frequency_label", "data_source", "quality_note", "outcomes": [titles], "latest_period",
"value", "target", "status" (a sentence in plain words, :mod:`pif.reports.public_words`),
"status_details" (the control-chart words of the same status, for a details box), "trend" (a
plain-English sentence on the direction over time), "variation_label", "assurance_label",
"rag", "rag_label", "direction_label", "first_published", "suppressed": bool, "chart":
{"spec", "alt"} | None, "chart_withheld": bool (left out for its small numbers),
"observations": [Observation], "comparison": Comparison | None,
"commentary": [{"period_label", "what_it_shows", "why", "actions"}]}``.

``Observation`` is one tidy row: ``{"period", "period_label", "period_start", "period_end",
"breakdown", "category", "value", "numerator", "denominator", "formatted", "flags": [...]}``
where ``breakdown``/``category`` are empty for the total and ``flags`` holds any of
``"provisional"``, ``"suppressed"`` and ``"missing"``. Only approved values appear; a
suppressed value has ``value``, ``numerator`` and ``denominator`` set to None.

``Comparison`` is ``{"family_group", "period_label", "rows": [{"area", "value",
"formatted", "is_own"}]}``: the indicator's latest period beside similar areas (LGBF family
groups), where the partnership holds such figures.

Keys added to the shape above (none changed):

- top level: ``"small_number_threshold"``; ``"counts"`` also has ``"plan_is_linked"`` (False:
  no indicator is linked to an outcome, so all count as the plan's, see
  :mod:`pif.reports.balance`), ``"published_outside_plan"``, ``"published_by_signal"`` and
  ``"plan_by_signal"`` (keyed by ``pif.spc.vocabulary.Signal`` values). ``"published"`` counts
  the published indicators *of the plan*, so "42 of 58 plan indicators published" holds.
- outcome: ``"parent_id"``, ``"level"``, ``"description"``.
- indicator: ``"unit"``, ``"improvement"``, ``"latest_period_key"``, ``"target_label"``.
  ``latest_period`` is the period's label ("October 2026"); ``value`` and ``target`` are
  formatted in the indicator's unit ("" when none or suppressed). ``first_published`` is the
  ISO date it first appeared on the public pages.
- observation: ``"breakdown"`` is the breakdown's kind ("Area" or "Group") and
  ``"category"`` its name ("Fife", "Aged 75 and over"); also ``"family_group"``,
  ``"status_label"`` (Provisional, Final, Estimated...) and ``"missing_code"``.
- comparison: ``"rank"`` on each row (1 is best by the direction of improvement; None for
  no value); rows are in rank order.
- action: ``"is_ongoing"``, ``"completed_on_label"``,
  ``"indicator_codes"`` (published ones only).

What is left out, so nothing unpublished or unapproved leaks: indicators not marked as
published (also from every outcome's and action's list); values awaiting approval (the
version an editor last approved shows instead, as ``pif.measures.counting`` decides);
commentary not marked public, and public commentary on a period with no published value; the
chart's change marks (they name actions and PDSA cycles, which may not be published) and its
chart notes other than recalculations of the limits, which read "Limits recalculated", not
the editor's words. The chart is built the one way (``pif.measures.charts.build_chart``, as
``indicator_charts`` does) from the published total values alone. Small numbers are
suppressed where the editor asked (``pif.reports.small_numbers``), by the one rule public
reports follow (pif/reports/kinds/suppression.py): a suppressed indicator with a small total
value has no chart (``chart_withheld``; the table shows), and when its latest value is small
its status sentence says only that, its red/amber/green, variation, assurance and direction
words are left out ("") and it is counted with no status in ``"counts"``. Also left out: an
action's description and when each value was approved (no page reads them).
:func:`build` issues a fixed number of queries whatever the number of indicators.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
import json
import math

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.utils import timezone

from pif.lib.periods import format_long_date, label_of_key
from pif.measures.breakdowns import ranks  # the one ranking of areas
from pif.measures.charts import build_chart, format_value, unit_title
from pif.measures.counting import finite
from pif.measures.models import Annotation, Breakdown, Commentary, Indicator, Observation, Target
from pif.measures.targets import TargetSchedule, schedules_for
from pif.reports import balance as balancing
from pif.reports import public_words, small_numbers
from pif.reports.models import LICENCE_URIS, Licence, Publication, PublicSettings, Suppression
from pif.spc.vocabulary import (
    NO_TARGET,
    NOT_ENOUGH_DATA,
    Assurance,
    Direction,
    Rag,
    Signal,
    Variation,
)

FORMAT = 1
REBASE_WORDS = "Limits recalculated"

PROVISIONAL, SUPPRESSED, MISSING = "provisional", "suppressed", "missing"
SUPPRESSED_WORDS = "Not shown: small number"


def settings_for(partnership) -> PublicSettings:
    """The partnership's public page settings, or unsaved defaults (reading never writes)."""
    found = PublicSettings.objects.filter(partnership=partnership).first()
    return found or PublicSettings(partnership=partnership)


def build(partnership, now: datetime.datetime | None = None) -> dict:
    """The public pages of `partnership` as they would be published at `now`: plain JSON,
    exactly as ``Publication.content`` stores it."""
    now = now or timezone.now()
    settings = settings_for(partnership)
    links = list(partnership.outcomes.model.indicators.through.objects
                 .filter(outcome__partnership=partnership)
                 .values_list("outcome_id", "indicator_id"))
    indicators = list(Indicator.objects.filter(partnership=partnership)
                      .select_related("status").order_by("code"))
    linked = {indicator_id for _, indicator_id in links}
    plan = balancing.Plan([balancing.as_plan_indicator(i, i.pk in linked or not linked)
                           for i in indicators], bool(linked))
    published = [i for i in indicators if i.published]
    published_ids = {i.pk for i in published}
    outcomes = _outcomes(partnership, links, {i.pk: i.code for i in published})
    outcome_titles = {row["id"]: row["title"] for row in outcomes}
    titles_of: dict[int, list[str]] = {}
    for outcome_id, indicator_id in links:
        if indicator_id in published_ids and outcome_id in outcome_titles:
            titles_of.setdefault(indicator_id, []).append(outcome_titles[outcome_id])
    rows = _Indicators(partnership, published, settings.small_number_threshold,
                       titles_of, now).rows()
    # An indicator whose latest value is withheld shows no status, so it is counted with
    # none: a count by red, amber or green would tell its status all the same.
    withheld = {row["code"] for row in rows if row["status"] == public_words.SMALL_LATEST}
    plan = balancing.Plan([dataclasses.replace(row, rag="", signal=Signal.NO_DATA)
                           if row.code in withheld else row for row in plan.indicators],
                          plan.linked)
    snapshot = {
        "format": FORMAT,
        "published_at": now.isoformat(),
        "published_label": format_long_date(timezone.localtime(now).date()),
        "partnership": {"name": partnership.name, "short_name": partnership.short_name},
        "licence": {"id": settings.licence, "title": Licence(settings.licence).label,
                    "uri": LICENCE_URIS[Licence(settings.licence)]},
        "contact_email": settings.contact_email,
        "small_number_threshold": settings.small_number_threshold,
        "vision": _vision(partnership),
        "outcomes": outcomes,
        "indicators": rows,
        "actions": _actions(partnership),
        "counts": balancing.weigh(plan).counts(),
    }
    # What is returned is what is stored: plain JSON, read back.
    return json.loads(json.dumps(snapshot, cls=DjangoJSONEncoder))


def _vision(partnership) -> dict | None:
    from pif.outcomes.models import Vision

    vision = (Vision.objects.filter(partnership=partnership, is_current=True)
              .order_by("-first_year", "-id").first())
    if vision is None:
        return None
    return {"statement": vision.statement, "purpose": vision.purpose,
            "years": vision.cycle_label}


def _outcomes(partnership, links, published_codes: dict[int, str]) -> list[dict]:
    """The outcome tree, parents before their children, each with the codes of its
    published indicators only (one query)."""
    from pif.outcomes.models import Outcome

    rows = list(Outcome.objects.filter(partnership=partnership)
                .order_by("level", "position", "code", "title", "pk")
                .values("id", "parent_id", "level", "code", "title", "description"))
    codes: dict[int, list[str]] = {}
    for outcome_id, indicator_id in links:
        if indicator_id in published_codes:
            codes.setdefault(outcome_id, []).append(published_codes[indicator_id])
    children: dict = {}
    for row in rows:
        children.setdefault(row["parent_id"], []).append(row)
    ordered: list[dict] = []

    def walk(parent_id, depth):
        for row in children.get(parent_id, []):
            ordered.append({**row, "depth": depth,
                            "indicator_codes": sorted(codes.get(row["id"], []))})
            walk(row["id"], depth + 1)

    walk(None, 0)
    known = {row["id"] for row in ordered}
    ordered += [{**row, "depth": 0, "indicator_codes": sorted(codes.get(row["id"], []))}
                for row in rows if row["id"] not in known]
    return ordered


def _actions(partnership) -> list[dict]:
    """The actions the partnership chose to publish, with their progress (three queries)."""
    from pif.improvement.models import Action

    rows = (Action.objects.filter(partnership=partnership, published=True)
            .prefetch_related("outcomes", Prefetch(
                "indicators", queryset=Indicator.objects.filter(published=True)))
            .order_by("reference", "pk"))
    return [{"reference": row.reference, "title": row.title,
             "status_label": row.get_status_display(),
             "percent_complete": row.percent_complete,
             "is_ongoing": row.is_ongoing,
             "due_date_label": ("Ongoing" if row.is_ongoing else
                                format_long_date(row.due_date) if row.due_date else ""),
             "completed_on_label": (format_long_date(row.completed_on)
                                    if row.completed_on else ""),
             "outcomes": [outcome.title for outcome in row.outcomes.all()],
             "indicator_codes": sorted(i.code for i in row.indicators.all())}
            for row in rows]


def _iso_day(moment) -> str:
    return timezone.localtime(moment).date().isoformat() if moment else ""


class _Indicators:
    """The published indicators, read together in a fixed number of queries."""

    def __init__(self, partnership, indicators, threshold: int, outcome_titles, now):
        self.partnership, self.indicators = partnership, indicators
        self.threshold, self.outcome_titles, self.now = threshold, outcome_titles, now

    def rows(self) -> list[dict]:
        if not self.indicators:
            return []
        ids = [i.pk for i in self.indicators]
        self.observations = small_numbers.approved_observations(ids)
        self.breakdowns = {b.pk: b for b in Breakdown.objects.filter(
            partnership=self.partnership)}
        self.suppressed = set(Suppression.objects.filter(indicator_id__in=ids)
                              .values_list("indicator_id", flat=True))
        self.schedules = schedules_for(Target.objects.filter(indicator_id__in=ids)
                                       .prefetch_related("points"))
        self.rebases: dict[int, list] = {}
        for note in (Annotation.objects.filter(indicator_id__in=ids, is_rebase=True)
                     .order_by("indicator_id", "period_start")):
            # The editor's own words are for the partnership: the public reads fixed ones.
            note.text = REBASE_WORDS
            self.rebases.setdefault(note.indicator_id, []).append(note)
        self.commentary: dict[int, list] = {}
        for note in (Commentary.objects.filter(indicator_id__in=ids, is_public=True)
                     .order_by("indicator_id", "-period_start")):
            self.commentary.setdefault(note.indicator_id, []).append(note)
        self.councils = [name.lower() for name in self.partnership.organisations.filter(
            kind="council").values_list("name", flat=True)]
        previous = (Publication.objects.filter(partnership=self.partnership)
                    .order_by("-published_at", "-id").values_list("content", flat=True)
                    .first()) or {}
        self.first_published = {row.get("code"): row.get("first_published")
                                for row in previous.get("indicators", [])}
        return [self.indicator(indicator) for indicator in self.indicators]

    def indicator(self, indicator) -> dict:
        status = indicator.current_status
        suppressing = indicator.pk in self.suppressed
        observations, hidden, small = [], set(), set()
        for observation in self.observations.get(indicator.pk, []):
            # Hidden: a small count the editor asked to suppress, or a value its source
            # marked as suppressed.
            is_small = suppressing and bool(small_numbers.small_fields(
                observation, indicator, self.threshold))
            if observation.status == Observation.Status.SUPPRESSED or is_small:
                observation = copy.copy(observation)
                observation.value = observation.numerator = observation.denominator = None
                hidden.add((observation.period, observation.breakdown_id))
                if is_small:
                    small.add((observation.period, observation.breakdown_id))
            observations.append(observation)
        totals = [o for o in observations if o.breakdown_id is None]
        latest_hidden = (status.latest_period, None) in hidden
        value = ("" if not status.latest_period or latest_hidden
                 else format_value(status.latest_value, indicator))
        target = ("" if status.target_value is None
                  else format_value(status.target_value, indicator))
        # The one rule of public reports (pif/reports/kinds/suppression.py): a chart with a
        # small charted value is left out (its mean, limits, points and summary are worked
        # from the withheld values, or biased by leaving them out), and the table shows.
        withheld_chart = any(key[1] is None for key in small)
        chart = None if withheld_chart else self.chart(indicator, totals)
        words = public_words.public_status(status, value=value, target=target,
                                           latest_hidden=latest_hidden)
        # A withheld latest value takes its status words with it: each tells of it.
        shown = None if latest_hidden else status
        return {
            "code": indicator.code, "title": indicator.title,
            "definition": indicator.definition, "unit": indicator.unit,
            "unit_label": unit_title(indicator),
            "improvement": indicator.improvement,
            "improvement_label": indicator.get_improvement_display(),
            "frequency_label": indicator.get_frequency_display(),
            "data_source": indicator.data_source, "quality_note": indicator.quality_note,
            "outcomes": self.outcome_titles.get(indicator.pk, []),
            "latest_period": label_of_key(status.latest_period),
            "latest_period_key": status.latest_period,
            "value": value, "target": target,
            "target_label": chart["target_label"] if chart else "Target",
            "status": words.sentence, "status_details": words.details,
            "trend": trend_sentence(indicator, totals, shown.direction if shown else ""),
            "variation_label": (Variation.label_of(shown.variation, NOT_ENOUGH_DATA)
                                if shown else ""),
            "assurance_label": (Assurance.label_of(shown.assurance, NO_TARGET)
                                if shown else ""),
            "rag": shown.rag if shown else "",
            "rag_label": Rag.label_of(shown.rag) if shown else "",
            "direction_label": Direction.label_of(shown.direction) if shown else "",
            "first_published": self.first_published.get(indicator.code) or _iso_day(self.now),
            "suppressed": bool(hidden),
            "chart": {"spec": chart["spec"], "alt": chart["alt"]} if chart else None,
            "chart_withheld": withheld_chart,
            "observations": [self.observation(o, indicator, hidden) for o in observations],
            "comparison": self.comparison(indicator, observations, hidden),
            "commentary": self.commentary_of(indicator, observations),
        }

    def chart(self, indicator, totals) -> dict | None:
        if not any(finite(o.value) is not None for o in totals):
            return None
        chart = build_chart(indicator, totals, self.rebases.get(indicator.pk, []),
                            self.schedules.get(indicator.pk) or TargetSchedule.empty(),
                            waiting_shown=False)
        return {"spec": chart.spec, "alt": chart.summary, "target_label": chart.target_label}

    def observation(self, observation, indicator, hidden) -> dict:
        breakdown = self.breakdowns.get(observation.breakdown_id)
        is_hidden = (observation.period, observation.breakdown_id) in hidden
        value = finite(observation.value)
        flags = []
        if observation.status == Observation.Status.PROVISIONAL:
            flags.append(PROVISIONAL)
        if is_hidden or observation.status == Observation.Status.SUPPRESSED:
            flags.append(SUPPRESSED)
        elif value is None:
            flags.append(MISSING)
        if is_hidden:
            formatted = SUPPRESSED_WORDS
        elif value is None:
            formatted = observation.missing_code or format_value(None, indicator)
        else:
            formatted = format_value(value, indicator)
        return {
            "period": observation.period, "period_label": label_of_key(observation.period),
            "period_start": observation.period_start.isoformat(),
            "period_end": observation.period_end.isoformat(),
            "breakdown": breakdown.get_kind_display() if breakdown else "",
            "category": breakdown.name if breakdown else "",
            "family_group": breakdown.family_group if breakdown else "",
            "value": value, "numerator": finite(observation.numerator),
            "denominator": finite(observation.denominator), "formatted": formatted,
            "flags": flags,
            "status_label": Observation.Status(observation.status).label
            if observation.status in Observation.Status.values else "",
            "missing_code": observation.missing_code,
        }

    def comparison(self, indicator, observations, hidden) -> dict | None:
        """The latest period with figures for areas, the partnership's own area beside the
        others of its family group (see `own_area`)."""
        areas = [o for o in observations if o.breakdown_id in self.breakdowns
                 and self.breakdowns[o.breakdown_id].kind == Breakdown.Kind.AREA]
        if not areas:
            return None
        latest = max(areas, key=lambda o: (o.period_start, o.period_end)).period
        here = [o for o in areas if o.period == latest]
        total = next((o.value for o in observations
                      if o.breakdown_id is None and o.period == latest), None)
        own = self.own_area(here, total)
        if own is None or not own.family_group:
            return None
        members = [o for o in here
                   if self.breakdowns[o.breakdown_id].family_group == own.family_group]
        values = [finite(o.value) for o in members if finite(o.value) is not None]
        rank_of = ranks(values, indicator.improvement)
        rows = []
        for o in members:
            value = finite(o.value)
            is_hidden = (o.period, o.breakdown_id) in hidden
            rows.append({"area": self.breakdowns[o.breakdown_id].name, "value": value,
                         "formatted": SUPPRESSED_WORDS if is_hidden else (
                             o.missing_code if value is None and o.missing_code
                             else format_value(value, indicator)),
                         "is_own": o.breakdown_id == own.pk,
                         "rank": rank_of.get(value) if value is not None else None})
        rows.sort(key=lambda row: (row["rank"] is None, row["rank"] or 0, row["area"]))
        return {"family_group": own.family_group, "period_label": label_of_key(latest),
                "rows": rows}

    def own_area(self, here, total):
        """The partnership's own area among the areas of a period: the one a council of the
        partnership is named after ("Fife" for "Fife Council"), or else the one whose figure
        is the partnership's own (the total), when exactly one is."""
        areas = [self.breakdowns[o.breakdown_id] for o in here]
        for council in self.councils:
            for area in areas:
                name = area.name.lower()
                if council == name or council.startswith(name + " "):
                    return area
        total = finite(total)
        if total is None:
            return None
        same = [self.breakdowns[o.breakdown_id] for o in here
                if finite(o.value) is not None
                and math.isclose(o.value, total, rel_tol=1e-9, abs_tol=1e-12)]
        return same[0] if len(same) == 1 else None

    def commentary_of(self, indicator, observations) -> list[dict]:
        """Public commentary on periods that have a published value: commentary on a
        period still awaiting approval may speak of a figure the public cannot see."""
        periods = {o.period for o in observations}
        return [{"period_label": label_of_key(note.period),
                 "what_it_shows": note.what_it_shows, "why": note.why,
                 "actions": note.actions}
                for note in self.commentary.get(indicator.pk, []) if note.period in periods]


def trend_sentence(indicator, totals, direction: str = "") -> str:
    """The direction of travel over time, from the published total values: "From April 2020
    to October 2026 it went up from 40.1% to 52.3% (higher is better, so better). Better
    than the figure before.\""""
    shown = [(o.period, finite(o.value)) for o in totals if finite(o.value) is not None]
    if len(shown) < 2:
        return "There are not yet enough published figures to show a trend."
    (first_period, first), (last_period, last) = shown[0], shown[-1]
    span = f"From {label_of_key(first_period)} to {label_of_key(last_period)}"
    a, b = format_value(first, indicator), format_value(last, indicator)
    if a == b:
        words = f"{span} it stayed at {b}"
    else:
        went = "up" if last > first else "down"
        words = f"{span} it went {went} from {a} to {b}"
        if indicator.improvement != Indicator.Improvement.NEITHER:
            better = (last > first) == (indicator.improvement == Indicator.Improvement.HIGHER)
            words += (f" ({indicator.get_improvement_display().lower()}, so "
                      f"{'better' if better else 'worse'})")
    words += f", over {len(shown):,} figures."
    since = public_words.direction_words(direction)
    return f"{words} {since}" if since else words
