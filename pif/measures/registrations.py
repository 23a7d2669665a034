"""What the measures app adds to the shared registries: history, stage facts, event verbs,
the partnership menu and the overview's task and counts."""

from datetime import date

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.urls import reverse

from pif.partnerships import demo, history, overview, stages
from pif.partnerships.context_processors import add_section
from pif.partnerships.events import register_verb


def progress_facts(partnership) -> list[stages.StageFact]:
    from pif.measures.models import Indicator

    counts = Indicator.objects.filter(partnership=partnership).aggregate(
        indicators=Count("pk"),
        published=Count("pk", filter=Q(published=True)),
        awaiting=Sum(_awaiting_approval()),
    )
    scorecard = reverse("scorecard", args=[partnership.short_name])
    return [
        stages.StageFact("Indicators", counts["indicators"], scorecard),
        stages.StageFact("Published indicators", counts["published"], scorecard),
        stages.StageFact("Values awaiting approval", counts["awaiting"] or 0,
                         reverse("approvals", args=[partnership.short_name])),
    ]


def _awaiting_approval() -> Subquery:
    """Each indicator's values awaiting approval, breakdowns included, counted in the
    partial index of them (measures_obs_awaiting_approval) an indicator at a time: under a
    millisecond at national scale, where joining the partnership's indicators to their
    values read all 100,000 of them (over 100 ms). Counted rather than summed from the
    stored statuses' `awaiting_approval`, which a value written without a status refresh
    would leave behind."""
    from pif.measures.models import Observation

    return Subquery(Observation.objects.filter(indicator=OuterRef("pk"), approved_at__isnull=True)
                    .order_by().values("indicator").annotate(n=Count("*")).values("n"))


def data_to_submit(access) -> list[overview.Task]:
    """The overview's link to "Data you need to submit", for those who may enter data."""
    from pif.measures.access import changeable_indicators
    from pif.measures.collection import count_figures_to_submit

    if not access.can_contribute:  # the overview would leave it out; skip the queries
        return []
    figures = count_figures_to_submit(changeable_indicators(access))
    return [overview.Task("Data you need to submit",
                          reverse("my_data", args=[access.partnership.short_name]),
                          figures.summary)]


def indicator_panels(access) -> list[overview.Panel]:
    """The overview's counts of indicators by RAG rating and with data overdue, counted by
    the scorecard's own filters and judged overdue as its rows are, so each count matches
    the list its link opens (test_overview_counts holds them to it)."""
    from pif.measures import scorecard
    from pif.spc.vocabulary import Rag

    kinds = _indicator_kinds(access.partnership)
    url = reverse("scorecard", args=[access.partnership.short_name])

    def count(status: str, one: str, many: str = "") -> overview.Count:
        test = scorecard.STATUS_FILTERS[status][1]
        found = sum(alike for rag, _overdue, alike in kinds
                    if test(scorecard.CardStatus(rag=rag)))
        return overview.Count(found, one, many, f"{url}?status={status}")

    overdue = sum(alike for _rag, is_overdue, alike in kinds if is_overdue)
    return [
        overview.Panel("Indicators against target",
                       tuple(count(rag.value, rag.label.lower()) for rag in Rag),
                       empty="No indicator has a RAG rating yet."),
        overview.Panel("Data", (overview.Count(overdue, "indicator with data overdue",
                                               "indicators with data overdue",
                                               f"{url}?status=overdue"),)),
    ]


def _indicator_kinds(partnership) -> list[tuple[str, bool, int]]:
    """The partnership's indicators as (RAG rating, data overdue, how many), rated and judged
    overdue as the scorecard's rows are (`scorecard.load_rows`), but read a kind at a time
    (rating, due days, latest period: a few dozen) rather than as 500 rows."""
    from pif.measures.collection import DueDays, is_overdue
    from pif.measures.models import Indicator

    today = date.today()
    kinds = (Indicator.objects.filter(partnership=partnership).order_by()
             .values("status__rag", "due_days", "status__submitted_period")
             .annotate(alike=Count("pk"))
             .values_list("status__rag", "due_days", "status__submitted_period", "alike"))
    return [(rag or "", is_overdue(DueDays(due_days), latest or "", today), alike)
            for rag, due_days, latest, alike in kinds]


def _period(record) -> str:
    return history.period_label(record.period)


def _value_label(record) -> str:
    """A value's history label: indicator, period as people write it, and its breakdown."""
    label = f"{record.indicator.code}, {_period(record)}"
    if record.breakdown_id is None:
        return label
    return f"{label}, {record.breakdown.name if record.breakdown else 'a deleted breakdown'}"


def register_all() -> None:
    from pif.measures import models as m
    from pif.measures.demo import load_measures_demo

    history.track(m.Indicator, partnership_lookup="partnership_id", kind="Indicator",
                  label=lambda r: f"{r.code} {r.title}")
    history.track(m.Observation, partnership_lookup="indicator__partnership_id",
                  kind="Indicator value", select_related=("indicator", "breakdown"),
                  label=_value_label)
    history.track(m.Rejection, partnership_lookup="indicator__partnership_id",
                  kind="Rejected value", select_related=("indicator", "breakdown"),
                  label=_value_label)
    history.track(m.PeriodLock, partnership_lookup="partnership_id", kind="Locked period",
                  label=lambda r: str(r))
    history.track(m.Target, partnership_lookup="indicator__partnership_id", kind="Target",
                  select_related=("indicator",),
                  label=lambda r: f"{r.get_level_display()} target for {r.indicator.code}")
    history.track(m.Commentary, partnership_lookup="indicator__partnership_id",
                  kind="Commentary", select_related=("indicator",),
                  label=lambda r: f"Commentary on {r.indicator.code}, {_period(r)}")
    history.track(m.Annotation, partnership_lookup="indicator__partnership_id",
                  kind="Chart annotation", select_related=("indicator",),
                  label=lambda r: f"{r.indicator.code}, {_period(r)}: {r.text}")
    history.track(m.Tag, partnership_lookup="partnership_id", kind="Tag",
                  label=lambda r: r.name)
    history.track(m.Breakdown, partnership_lookup="partnership_id", kind="Breakdown",
                  label=lambda r: r.name)
    stages.register("progress", progress_facts)
    demo.register(load_measures_demo)
    add_section("scorecard", "Scorecard")
    # The menu shows a section only to those its page lets in: here, who may contribute.
    add_section("my_data", "Data you need to submit", after="scorecard")
    overview.register(data_to_submit)
    overview.register(indicator_panels)
    for verb, label in [
        ("indicator_created", "Indicator created"),
        ("indicator_changed", "Indicator changed"),
        ("data_submitted", "Data submitted"),
        ("data_imported", "Data imported"),
        ("data_approved", "Data approved"),
        ("data_rejected", "Data rejected"),
        ("target_set", "Target set"),
        ("commentary_added", "Commentary added"),
        ("chart_annotated", "Chart annotated"),
        ("published", "Published"),
        ("reminders_sent", "Reminders sent"),
        ("period_locked", "Period locked"),
        ("period_unlocked", "Period unlocked"),
    ]:
        register_verb(verb, label)
