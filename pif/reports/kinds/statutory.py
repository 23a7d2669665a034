"""The statutory annual reports, each on one reporting year (``options["reporting_year"]``,
by default the latest that had ended by the report's day), from the periods ending by the
year's end, as recorded by the end of the report's day (so figures for the year's last
months sent in after it ended still count):

- the annual LOIP progress report (Community Empowerment (Scotland) Act 2015, s8): whether
  each local outcome improved, with its indicators, and how well community bodies took part;
- the annual locality plan progress report (s12), for each locality chosen (or every
  locality);
- the integration joint board's annual performance report (Public Bodies (Joint Working)
  (Scotland) Act 2014, s42), with each indicator compared over up to five preceding years;
- the council's statutory performance information (Accounts Commission SPI Direction 2024,
  from 2025/26): SPI 1, improving local services and outcomes, compared over time and with
  similar councils (the indicator's area breakdowns, LGBF family groups); SPI 2,
  demonstrating Best Value, from the latest self-assessment.

Where the law asks for something PIF does not hold (community participation, finance), the
report has a narrative section for it (``ReportTemplate.narrative_sections``).
"""

from __future__ import annotations

import statistics

from pif.lib.periods import Period, format_long_date
from pif.reports import as_of
from pif.reports.kinds import blocks, selection, suppression
from pif.reports.kinds.base import Built, Context, figure, narrative_sections, year_label

PRECEDING_YEARS = 5


def improvement_words(states, *, public: bool = False, what: str = "outcome") -> str:
    """Whether an outcome (or a locality: ``what``) improved, from its indicators' signals
    on the day, in the words of the outcome roll-up (pif.outcomes.queries.rollup):
    "Improved: 2 improving, 1 no signal; 1 green". A report for the public holds only
    published indicators, so with none it says "no published indicator": its editor may
    know of unpublished ones, and the public is told nothing untrue."""
    from pif.outcomes.queries import rollup

    found = rollup(states)
    if not found.total:
        return no_indicator_words(public, what)
    improving, concern = found.counts[_signal("IMPROVING")], found.concern
    if improving and not concern:
        verdict = "Improved"
    elif concern and not improving:
        verdict = "Got worse"
    elif improving and concern:
        verdict = "Mixed: some indicators improved and some got worse"
    else:
        verdict = "No clear change"
    return f"{verdict} ({found})."


def no_indicator_words(public: bool, what: str = "outcome") -> str:
    """What a report says of an outcome (or locality) no indicator of the report measures."""
    if public:
        return (f"No published indicator measures this {what} yet, so this report cannot "
                "say whether it improved.")
    return "No indicator measures this yet, so PIF cannot say whether it improved."


def _indicators_intro(ctx: Context, states, words: str) -> str:
    """The intro of a section of indicators, saying so when a public report has none."""
    if ctx.public and not states:
        return ("None of the indicators this report covers is published yet, so this "
                "report for the public shows none.")
    return words


def _signal(name: str):
    from pif.spc.vocabulary import Signal

    return Signal[name]


def _outcome_sections(ctx: Context, groups, titles, linked, what: str = "outcome"
                      ) -> tuple[list[dict], list]:
    """A section per (key, heading, indicator states) group (of outcomes, or localities:
    ``what``), each saying whether it improved; and a table of them all."""
    sections, table, seen = [], [], {}
    label = year_label(ctx.partnership, ctx.reporting_year)
    for key, heading, states in groups:
        words = improvement_words(states, public=ctx.public, what=what)
        table.append([heading, words])
        for state in states:
            seen[state.pk] = state
        sections.append({"key": key, "heading": heading,
                         "intro": f"Did it improve in {label}? {words}",
                         "type": "indicators",
                         "indicators": [blocks.indicator_block(s, titles,
                                                               linked.get(s.pk, []))
                                        for s in states]})
    return sections, table, list(seen.values())


def _read(ctx: Context, plan, ids):
    """The indicators with ``ids`` as they stood (by id), and the actions linked to each."""
    chosen = ctx.indicators(ids)
    states = as_of.indicators(chosen, ctx.as_of, periods_to=ctx.periods_to,
                              public=ctx.public, recorded_by=ctx.recorded_by)
    actions = ctx.actions()
    return {s.pk: s for s in states}, blocks.actions_by_indicator(actions)


def _year_summary(ctx: Context, states) -> list[dict]:
    return [figure("Figures for periods ending by", format_long_date(ctx.periods_to)),
            *blocks.indicator_figures(states)]


def loip_progress(ctx: Context) -> Built:
    """Each local outcome of the plan (for the whole area, not a locality's), whether it
    improved, and its indicators; then the sections of words."""
    plan = selection.Plan(ctx.partnership)
    local = plan.local_outcomes()
    under = {row.id: plan.indicators_under(row.id) for row in local}
    states, linked = _read(ctx, plan, set().union(*under.values()))
    titles = plan.titles_by_indicator()
    groups = [(f"outcome-{row.id}", row.heading,
               sorted((states[pk] for pk in under[row.id] if pk in states),
                      key=lambda state: state.code))
              for row in local]
    sections, table, shown = _outcome_sections(ctx, groups, titles, linked)
    overview = {"key": "outcomes", "heading": "Local outcomes at a glance",
                "intro": "Whether each local outcome improved during the year, from the "
                         "signals of its indicators.", "type": "table",
                "caption": "Local outcomes and whether they improved",
                "headers": ["Local outcome", "Did it improve?"], "rows": table}
    return Built(_year_summary(ctx, shown),
                 [overview, *sections, *narrative_sections(ctx)])


def locality_progress(ctx: Context) -> Built:
    """For the locality chosen (or each locality, those with significantly poorer outcomes
    first): its indicators and those of its outcomes, and whether they improved."""
    from pif.outcomes.models import Locality

    localities = list(Locality.objects.filter(partnership=ctx.partnership)
                      .order_by("-significantly_poorer", "name")
                      .prefetch_related("indicators"))
    if ctx.options.get("locality"):
        localities = [one for one in localities if one.name == ctx.options["locality"]]
    plan = selection.Plan(ctx.partnership)
    held = {}
    for locality in localities:
        ids = {indicator.pk for indicator in locality.indicators.all()}
        for row in plan.outcomes:
            if row.locality_id == locality.pk:
                ids |= plan.indicators_under(row.id)
        held[locality.pk] = ids
    states, linked = _read(ctx, plan, set().union(*held.values()))
    titles = plan.titles_by_indicator()
    groups = [(f"locality-{locality.pk}", locality.name,
               sorted((states[pk] for pk in held[locality.pk] if pk in states),
                      key=lambda state: state.code))
              for locality in localities]
    sections, table, shown = _outcome_sections(ctx, groups, titles, linked, what="locality")
    overview = {"key": "localities", "heading": "Localities at a glance",
                "intro": "Whether outcomes improved in each locality during the year."
                if localities else "The partnership has no localities in PIF yet.",
                "type": "table", "caption": "Localities and whether they improved",
                "headers": ["Locality", "Did it improve?"], "rows": table}
    return Built(_year_summary(ctx, shown),
                 [overview, *sections, *narrative_sections(ctx)])


def years_table(ctx: Context, states, caption: str) -> dict:
    """Each indicator's latest value in the reporting year and in up to five years before
    it, from its chart's rows as they stood on the day."""
    years = list(range(ctx.reporting_year - PRECEDING_YEARS, ctx.reporting_year + 1))
    bounds = [(year, *_dates(ctx, year)) for year in years]
    rows = []
    for state in states:
        found = {}
        for row in state.chart.rows if state.chart is not None else ():
            if row.value is None:
                continue
            end = Period.from_key(row.period).end
            for year, first, last in bounds:
                if first <= end <= last:
                    found[year] = f"{row.value_text} ({row.label})"
        rows.append([f"{state.code} {state.title}", *[found.get(year, "") for year in years]])
    return {"key": "over-time", "heading": "Compared with earlier years",
            "intro": f"Each indicator's latest figure in each reporting year, for "
                     f"{year_label(ctx.partnership, ctx.reporting_year)} and up to "
                     f"{PRECEDING_YEARS} years before it. A blank means no figure for a "
                     "period ending in that year.",
            "type": "table", "caption": caption,
            "headers": ["Indicator", *[year_label(ctx.partnership, y) for y in years]],
            "rows": rows}


def _dates(ctx: Context, year: int):
    from pif.reports.kinds.base import year_dates

    return year_dates(ctx.partnership, year)


def _chosen_states(ctx: Context):
    plan = selection.Plan(ctx.partnership)
    _, ids = selection.chosen(plan, ctx.options)
    chosen = ctx.indicators(ids)
    states = as_of.indicators(chosen, ctx.as_of, periods_to=ctx.periods_to,
                              public=ctx.public, recorded_by=ctx.recorded_by)
    actions = ctx.actions()
    return plan, states, blocks.actions_by_indicator(actions)


def ijb_performance(ctx: Context) -> Built:
    """The chosen indicators (every one, when none is chosen) as they stood at the year's
    end, compared with up to five preceding years; then the sections of words the Act asks
    for that PIF does not hold."""
    plan, states, linked = _chosen_states(ctx)
    titles = plan.titles_by_indicator()
    sections = [
        {"key": "indicators", "heading": "Performance against the outcomes",
         "intro": _indicators_intro(ctx, states, "Each indicator's status at the end of the "
                                    "reporting year, with its chart and figures."),
         "type": "indicators",
         "indicators": [blocks.indicator_block(s, titles, linked.get(s.pk, []))
                        for s in states]},
        years_table(ctx, states, "Indicators over the reporting year and up to five years "
                                 "before it"),
        *narrative_sections(ctx)]
    return Built(_year_summary(ctx, states), sections)


def spi(ctx: Context) -> Built:
    """SPI 1: the chosen indicators (every one, when none is chosen), over time and beside
    similar councils; SPI 2: the latest self-assessment by the year's end; and the sections
    of words."""
    plan, states, linked = _chosen_states(ctx)
    titles = plan.titles_by_indicator()
    words = {section["key"]: section for section in narrative_sections(ctx)}
    spi1 = [
        {"key": "spi1", "heading": "SPI 1: improving local services and local outcomes",
         "intro": _indicators_intro(ctx, states, "How services and the outcomes agreed "
                                    "with partners and communities performed during the "
                                    "year."),
         "type": "indicators",
         "indicators": [blocks.indicator_block(s, titles, linked.get(s.pk, []))
                        for s in states]},
        years_table(ctx, states, "SPI 1 indicators over time"),
        similar_areas_table(ctx, states),
        words.pop("engagement")]
    spi2 = [assessment_table(ctx), *words.values()]
    return Built(_year_summary(ctx, states), [*spi1, *spi2])


def similar_areas_table(ctx: Context, states) -> dict:
    """Each indicator beside the areas it is broken down by (councils, with their LGBF
    family group), in the latest period ending by the year's end that has area figures:
    the partnership's own figure against the areas' median, and each family group's
    average. Approved area figures only, as recorded by the end of the day (two queries)."""
    from pif.measures.breakdowns import versus_median
    from pif.measures.models import Breakdown, Observation

    ids = [state.pk for state in states]
    areas = {b.pk: b for b in Breakdown.objects.filter(partnership=ctx.partnership)}
    values: dict[int, dict[str, list]] = {}
    if ids:
        for row in (Observation.history.as_of(ctx.moment)
                    .filter(indicator_id__in=ids, breakdown_id__isnull=False,
                            period_end__lte=ctx.periods_to, approved_at__isnull=False)
                    .order_by("indicator_id", "period_start")):
            values.setdefault(row.indicator_id, {}).setdefault(row.period, []).append(row)
    rows = []
    for state in states:
        periods = values.get(state.pk)
        if not periods:
            continue
        period = max(periods, key=lambda key: Period.from_key(key).end)
        # A public report never shows a suppressed small count, nor a median worked from one.
        shown = [o for o in periods[period] if not suppression.is_withheld(state, o)]
        own = next((row for row in (state.chart.rows if state.chart else ())
                    if row.period == period), None)
        in_areas = [(areas[o.breakdown_id], o.value) for o in shown
                    if o.breakdown_id in areas and o.value is not None
                    and areas[o.breakdown_id].kind == Breakdown.Kind.AREA]
        if not in_areas:  # broken down by groups (age bands) only: not a comparison
            continue
        others = [f"{areas[o.breakdown_id].name} {blocks.format_value(o.value, state)}"
                  for o in shown if o.breakdown_id in areas
                  and o.value is not None
                  and areas[o.breakdown_id].kind != Breakdown.Kind.AREA]
        median = statistics.median([v for _, v in in_areas]) if in_areas else None
        groups: dict[str, list[float]] = {}
        for area, value in in_areas:
            if area.family_group:
                groups.setdefault(area.family_group, []).append(value)
        group_words = "; ".join(
            f"{name}: {blocks.format_value(statistics.fmean(group), state)}"
            for name, group in sorted(groups.items()))
        own_value = own.value if own is not None else None
        rows.append([f"{state.code} {state.title}", Period.from_key(period).label,
                     own.value_text if own is not None and own.value is not None else "",
                     (f"{blocks.format_value(median, state)} ({len(in_areas)} areas)"
                      if median is not None else ""),
                     versus_median(own_value, median, state.improvement),
                     group_words, "; ".join(others)])
    return {"key": "similar-areas", "heading": "Compared with similar councils",
            "intro": ("Each indicator's figure beside the areas it is compared with, as the "
                      "Local Government Benchmarking Framework compares councils."
                      if rows else "None of these indicators has figures for other areas "
                      "in PIF, so there is no comparison with similar councils yet."),
            "type": "table", "caption": "Indicators compared with similar councils",
            "headers": ["Indicator", "Period", "Our figure", "Median of the areas",
                        "Compared with the median", "Family group averages",
                        "Other figures"], "rows": rows}


def assessment_table(ctx: Context) -> dict:
    """SPI 2: the latest self-assessment started by the end of the reporting year (from
    pif.reviews), with what it found."""
    from pif.reviews.models import Assessment
    from pif.reviews.snapshot import assessment_summary

    _, last = ctx.year_dates
    latest = (Assessment.objects.filter(partnership=ctx.partnership,
                                        created__lt=as_of.end_of(last))
              .order_by("-created", "-id").values_list("pk", flat=True).first())
    found = assessment_summary(latest)
    rows = []
    if found:
        score = (f"{found['total']} out of {found['out_of']}" if found["total"] else
                 "No agreed scores")
        rows = [["Self-assessment", found["title"]], ["Framework", found["framework"]],
                ["Method", found["method"]], ["Stage", found["stage"]],
                ["Strengths found", str(found["strengths"])],
                ["Areas for improvement found", str(found["areas"])],
                ["Agreed score", score]]
    return {"key": "spi2", "heading": "SPI 2: demonstrating Best Value",
            "intro": ("The partnership's latest self-assessment by the end of the reporting "
                      "year, and what it found." if rows else
                      "No self-assessment was started by the end of the reporting year. "
                      "Record one in PIF, or describe other self-assessment below."),
            "type": "table", "caption": "Self-assessment", "headers": ["", "Finding"],
            "rows": rows}
