"""How everything stood at the end of a cycle, frozen into ``Cycle.snapshot`` when it closes
(docs/adr/0017-cycles-and-roll-over.md).

It is taken as of the cycle's last day (``ends_on``), not the day it closes, which is often
months later: each indicator's status is worked out from the periods ending by then, an
action counts as open when it was opened by then and not closed by then (its status and
progress as its history held them on that day), and follow-ups and verdicts likewise.

Outcomes, indicators and actions are not copied per cycle: they carry on into the next one
as the same records. So a closed cycle is read from this snapshot only, and reads the same
whatever changes later. Values are kept as they were shown (formatted in the indicator's
unit, with the status words of pif.spc.vocabulary), so a later change of decimals or wording
does not rewrite the past.

:func:`build` reads a fixed number of queries whatever the partnership holds.
"""

import datetime

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from pif.lib.periods import Period, format_long_date, label_of_key
from pif.measures.charts.formatting import format_value
from pif.partnerships.names import KnownNames
from pif.spc.vocabulary import Assurance, Direction, Rag, Signal, Variation

# 2: taken as of the cycle's end ("as_of"); actions name their owner's id.
FORMAT = 2


def build(cycle, today: datetime.date | None = None) -> dict:
    """The snapshot of ``cycle``'s partnership as it stood on the cycle's last day: the
    outcome tree, every indicator's status, the actions, the did-it-work register, the
    self-assessment and the meeting follow-ups."""
    partnership = cycle.partnership
    outcomes = _outcomes(partnership)
    indicators = _indicators(partnership, cycle.ends_on)
    actions = _actions(partnership, cycle)
    taken_on = today or timezone.localdate()
    return {
        "format": FORMAT,
        "taken_on": taken_on.isoformat(),
        # A cycle closed before its last day stands as it was that day.
        "as_of": min(cycle.ends_on, taken_on).isoformat(),
        "year": cycle.label,
        "outcomes": outcomes,
        "indicators": indicators,
        "actions": actions,
        "register": _register([outcome["id"] for outcome in outcomes], cycle.starts_on,
                              cycle.ends_on),
        "assessment": assessment_summary(cycle.assessment_id),
        "follow_ups": _follow_ups(partnership, cycle.ends_on),
        "counts": counts(indicators, actions),
    }


def _day_after(day: datetime.date) -> datetime.datetime:
    """The first moment after ``day``, in the site's time zone: what happened before it
    happened by the end of ``day``."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1),
                                                         datetime.time.min))


def _outcomes(partnership) -> list[dict]:
    """The outcome tree, parents before their children (one query)."""
    from pif.outcomes.models import Outcome

    rows = list(Outcome.objects.filter(partnership=partnership)
                .order_by("level", "code", "title", "pk")
                .values("id", "parent_id", "level", "code", "title"))
    children: dict = {}
    for row in rows:
        children.setdefault(row["parent_id"], []).append(row)
    ordered: list[dict] = []

    def walk(parent_id, depth):
        for row in children.get(parent_id, []):
            ordered.append({**row, "depth": depth})
            walk(row["id"], depth + 1)

    walk(None, 0)
    known = {row["id"] for row in ordered}
    # An outcome whose parent is outside the partnership still shows, at the top.
    ordered += [{**row, "depth": 0} for row in rows if row["id"] not in known]
    return ordered


def _indicators(partnership, ends_on: datetime.date) -> list[dict]:
    """Every indicator's status as the status engine works it out from the periods ending by
    ``ends_on`` (five queries): the stored status is today's, so it is not read."""
    from pif.measures import status as engine
    from pif.measures.models import Indicator, Target
    from pif.measures.targets import TargetSchedule, schedules_for

    indicators = list(Indicator.objects.filter(partnership=partnership).order_by("code"))
    ids = [indicator.pk for indicator in indicators]
    series = engine.load_series(ids)
    rebases = engine.load_rebases(ids)
    schedules = schedules_for(Target.objects.filter(indicator_id__in=ids)
                              .prefetch_related("points"))
    items = [(indicator, _until(series.get(indicator.pk, engine.Series()), ends_on),
              rebases.get(indicator.pk, set()),
              schedules.get(indicator.pk, TargetSchedule.empty()))
             for indicator in indicators]
    summaries = engine.spc_summaries(items)
    return [_indicator(indicator, engine.status_from(
                indicator, one, summaries.get(indicator.pk, engine.SpcSummary()), schedule))
            for indicator, one, _, schedule in items]


def _until(series, ends_on: datetime.date):
    """``series`` cut to the periods that end by ``ends_on``."""
    from pif.measures.status import Series

    kept = [i for i, period in enumerate(series.periods)
            if Period.from_key(period).end <= ends_on]
    return Series(periods=[series.periods[i] for i in kept],
                  values=[series.values[i] for i in kept],
                  numerators=[series.numerators[i] for i in kept],
                  denominators=[series.denominators[i] for i in kept],
                  submitted_period=series.periods[kept[-1]] if kept else "")


def _indicator(indicator, status) -> dict:
    return {
        "code": indicator.code, "title": indicator.title,
        "latest_period": label_of_key(status.latest_period) if status.latest_period else "",
        "value": format_value(status.latest_value, indicator) if status.latest_period else "",
        "target": (format_value(status.target_value, indicator)
                   if status.target_value is not None else ""),
        "variation": status.variation,
        "variation_label": Variation.label_of(status.variation),
        "assurance_label": Assurance.label_of(status.assurance),
        "rag": status.rag, "rag_label": Rag.label_of(status.rag),
        "direction_label": Direction.label_of(status.direction),
    }


def _actions(partnership, cycle) -> list[dict]:
    """The actions open at the cycle's end, with their status and progress as their history
    held them that day, and those closed during it (two queries)."""
    from pif.improvement.models import Action
    from pif.improvement.models.action import CLOSED_STATUSES

    end, after = cycle.ends_on, _day_after(cycle.ends_on)
    then = (Action.history.filter(id=OuterRef("pk"), history_date__lt=after)
            .order_by("-history_date", "-history_id"))
    open_then = Q(created__lt=after) & (~Q(status__in=CLOSED_STATUSES) | Q(completed_on__gt=end))
    rows = (Action.objects.filter(partnership=partnership)
            .filter(open_then | Q(completed_on__gte=cycle.starts_on, completed_on__lte=end))
            .select_related("owner")
            .annotate(status_then=Subquery(then.values("status")[:1]),
                      percent_then=Subquery(then.values("percent_complete")[:1]))
            .order_by("reference", "pk"))
    names = KnownNames(partnership)  # read afresh: the snapshot is kept for good
    return [{"id": row.pk, "reference": row.reference, "title": row.title,
             **_status_then(row, end, CLOSED_STATUSES),
             "due_date": row.due_date.isoformat() if row.due_date else "",
             "is_ongoing": row.is_ongoing,
             "completed_on": row.completed_on.isoformat() if row.completed_on else "",
             "owner_id": row.owner_id, "owner": names.of(row.owner)} for row in rows]


def _status_then(row, end: datetime.date, closed) -> dict:
    """An action's status and progress on ``end``. One closed after the end was open then:
    its history says how it stood; without history from then, the page says it honestly."""
    labels = dict(type(row)._meta.get_field("status").choices)
    if not (row.completed_on and row.completed_on > end):
        return {"status": row.status, "status_label": labels.get(row.status, row.status),
                "is_open": row.status not in closed, "percent_complete": row.percent_complete}
    if row.status_then and row.status_then not in closed:
        return {"status": row.status_then, "is_open": True,
                "status_label": labels.get(row.status_then, row.status_then),
                "percent_complete": row.percent_then}
    return {"status": "", "is_open": True, "percent_complete": row.percent_complete,
            "status_label": f"Open then; {labels.get(row.status, row.status).lower()} on "
                            f"{format_long_date(row.completed_on)}"}


def _register(outcome_ids: list[int], starts_on: datetime.date,
              ends_on: datetime.date) -> list[dict]:
    """The did-it-work register of stage 3 as it stood on ``ends_on``: the changes closed
    during the cycle only (two queries)."""
    from pif.improvement.verdicts import register_rows

    return [{"what": row.what, "kind": row.kind, "closed_on": row.closed_on.isoformat(),
             "indicator": f"{row.indicator_code} {row.indicator_title}",
             "verdict": row.verdict.value, "verdict_label": row.verdict_label,
             "explanation": row.explanation}
            for row in register_rows(outcome_ids) if starts_on <= row.closed_on <= ends_on]


def assessment_summary(assessment_id: int | None) -> dict | None:
    """What the chosen self-assessment found: its framework, method and stage, and how many
    strengths and areas for improvement (two queries; none without an assessment)."""
    if assessment_id is None:
        return None
    from pif.reviews.models import Assessment, FindingKind

    assessment = (Assessment.objects.select_related("framework_version__framework")
                  .filter(pk=assessment_id).first())
    if assessment is None:
        return None
    found = assessment.findings.aggregate(
        strengths=Count("pk", filter=Q(kind=FindingKind.STRENGTH)),
        areas=Count("pk", filter=Q(kind=FindingKind.AREA_FOR_IMPROVEMENT)))
    version = assessment.framework_version
    total, out_of, complete = _weighted_total(assessment)
    return {"title": assessment.title,
            "framework": f"{version.framework.name} {version.label}".strip(),
            "method": assessment.get_method_display(), "stage": assessment.get_stage_display(),
            "strengths": found["strengths"], "areas": found["areas"],
            "total": total, "out_of": out_of, "complete": complete}


def _weighted_total(assessment) -> tuple[str, str, bool]:
    """The agreed scores' weighted total, as `pif.reviews.scoring` adds it up (two queries):
    the total to one decimal and what it is out of ("" when nothing is agreed), and
    whether every scored part is agreed."""
    from pif.reviews import scoring
    from pif.reviews.models import AgreedScore, AssessmentNode

    version = assessment.framework_version
    nodes = [scoring.Node(**row) for row in AssessmentNode.objects.filter(framework_version=version)
             .order_by("position", "pk")
             .values("id", "code", "label", "parent_id", "points", "weight", "is_scored")]
    agreed = dict(AgreedScore.objects.filter(assessment=assessment, percent__isnull=False)
                  .values_list("node_id", "percent"))
    summary = scoring.summarise(nodes, agreed, version.total_points)
    total = summary.total
    return ("" if total is None else f"{total:.1f}",
            "" if summary.out_of is None else f"{summary.out_of:.0f}",
            summary.complete and bool(agreed))


def _follow_ups(partnership, ends_on: datetime.date) -> dict:
    """How the meeting follow-ups raised by ``ends_on`` stood that day: open, done, dropped,
    escalated (one query). One closed later, or with no closing date kept, counts by
    what its dates say."""
    from pif.reviews.models import FollowUp

    status = FollowUp.Status
    closed = ~Q(status=status.OPEN) & (Q(closed_on__lte=ends_on) | Q(closed_on__isnull=True))
    return FollowUp.objects.filter(
        series__partnership=partnership, raised_at__starts_at__lt=_day_after(ends_on)
    ).aggregate(
        open=Count("pk", filter=~closed),
        done=Count("pk", filter=closed & Q(status=status.DONE)),
        dropped=Count("pk", filter=closed & Q(status=status.DROPPED)),
        escalated=Count("pk", filter=~closed & Q(escalated_on__lte=ends_on)))


def counts(indicators: list[dict], actions: list[dict]) -> dict:
    """The year's numbers the performance summary is drafted from."""
    def variation(test):
        return sum(1 for row in indicators
                   if row["variation"] and test(Variation(row["variation"])))

    return {
        "indicators": len(indicators),
        "improving": variation(lambda v: v.is_improvement),
        "concern": variation(lambda v: v.is_concern),
        "meeting_target": sum(1 for row in indicators if row["rag"] == Rag.GREEN),
        "missing_target": sum(1 for row in indicators if row["rag"] == Rag.RED),
        "no_data": sum(1 for row in indicators if not row["latest_period"]),
        "actions_open": sum(1 for row in actions if row["is_open"]),
        "actions_complete": sum(1 for row in actions if row["status"] == "complete"),
    }


def scorecard_sentence(numbers: dict) -> str:
    """The closed cycle's scorecard in one sentence, in the status words of
    pif.spc.vocabulary: "10 indicators: 2 improving, 1 concern, 5 green (meeting their
    target), 3 red (missing their target), 1 with no data"."""
    if not numbers:
        return ""
    return (f"{_plural(numbers.get('indicators', 0), 'indicator', 'indicators')}: "
            f"{numbers.get('improving', 0)} {Signal.IMPROVING.label.lower()}, "
            f"{numbers.get('concern', 0)} {Signal.CONCERN.label.lower()}, "
            f"{numbers.get('meeting_target', 0)} {Rag.GREEN.label.lower()} "
            f"(meeting their target), "
            f"{numbers.get('missing_target', 0)} {Rag.RED.label.lower()} "
            f"(missing their target), {numbers.get('no_data', 0)} with no data.")


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def draft_summary(label: str, numbers: dict) -> str:
    """A first paragraph for "the year's performance", for the editor to edit, in the status
    words of pif.spc.vocabulary."""
    if not numbers["indicators"]:
        return (f"In {label} the partnership had no indicators on its scorecard. "
                f"{_actions_sentence(numbers)}")
    improving, concern = Signal.IMPROVING.label.lower(), Signal.CONCERN.label.lower()
    return (
        f"In {label} the partnership tracked "
        f"{_plural(numbers['indicators'], 'indicator', 'indicators')}. "
        f"{numbers['improving']} {_were(numbers['improving'])} {improving} and "
        f"{numbers['concern']} {_were(numbers['concern'])} a {concern} "
        f"(special cause variation); {numbers['meeting_target']} met their target "
        f"({Rag.GREEN.label.lower()}) and {numbers['missing_target']} missed it "
        f"({Rag.RED.label.lower()}); {numbers['no_data']} had no data. "
        f"{_actions_sentence(numbers)}")


def _were(count: int) -> str:
    return "was" if count == 1 else "were"


def _actions_sentence(numbers: dict) -> str:
    """"2 actions were completed during the year and 1 remains open", with "No action" and
    "none" for zero rather than a bare 0."""
    done, still_open = numbers["actions_complete"], numbers["actions_open"]
    completed = ("No action was" if not done
                 else _plural(done, "action was", "actions were"))
    remaining = ("none remains" if not still_open
                 else f"{still_open} {'remains' if still_open == 1 else 'remain'}")
    return f"{completed} completed during the year and {remaining} open."
