"""How everything stood at the end of a cycle, frozen into ``Cycle.snapshot`` when it closes
(docs/adr/0017-cycles-and-roll-over.md).

Outcomes, indicators and actions are not copied per cycle: they carry on into the next one
as the same records. So a closed cycle is read from this snapshot only, and reads the same
whatever changes later. Values are kept as they were shown (formatted in the indicator's
unit, with the status words of pif.spc.vocabulary), so a later change of decimals or wording
does not rewrite the past.

:func:`build` reads a fixed number of queries whatever the partnership holds.
"""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from pif.lib.periods import label_of_key
from pif.measures import scorecard
from pif.measures.charts.formatting import format_value
from pif.spc.vocabulary import Assurance, Direction, Rag, Signal, Variation

FORMAT = 1


def build(cycle, today: datetime.date | None = None) -> dict:
    """The snapshot of ``cycle``'s partnership as it stands now: the outcome tree, every
    indicator's status, the actions, the did-it-work register, the self-assessment and the
    meeting follow-ups."""
    partnership = cycle.partnership
    outcomes = _outcomes(partnership)
    indicators = _indicators(partnership)
    actions = _actions(partnership, cycle)
    return {
        "format": FORMAT,
        "taken_on": (today or timezone.localdate()).isoformat(),
        "year": cycle.label,
        "outcomes": outcomes,
        "indicators": indicators,
        "actions": actions,
        "register": _register([outcome["id"] for outcome in outcomes]),
        "assessment": assessment_summary(cycle.assessment_id),
        "follow_ups": _follow_ups(partnership),
        "counts": counts(indicators, actions),
    }


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


def _indicators(partnership) -> list[dict]:
    """Every indicator as the scorecard showed it (two queries)."""
    return [_indicator(row) for row in scorecard.load_rows(partnership)]


def _indicator(row) -> dict:
    status, indicator = row.status, row.indicator
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
    """The actions open at the cycle's end and those closed during it (one query)."""
    from pif.improvement.models import Action
    from pif.improvement.models.action import CLOSED_STATUSES

    rows = (Action.objects.filter(partnership=partnership)
            .filter(~Q(status__in=CLOSED_STATUSES)
                    | Q(completed_on__gte=cycle.starts_on, completed_on__lte=cycle.ends_on))
            .order_by("reference", "pk")
            .values("id", "reference", "title", "status", "percent_complete", "due_date",
                    "is_ongoing", "completed_on", "owner__full_name", "owner__email"))
    labels = dict(Action._meta.get_field("status").choices)
    return [{
        "id": row["id"], "reference": row["reference"], "title": row["title"],
        "status": row["status"], "status_label": labels.get(row["status"], row["status"]),
        "is_open": row["status"] not in CLOSED_STATUSES,
        "percent_complete": row["percent_complete"],
        "due_date": row["due_date"].isoformat() if row["due_date"] else "",
        "is_ongoing": row["is_ongoing"],
        "completed_on": row["completed_on"].isoformat() if row["completed_on"] else "",
        "owner": row["owner__full_name"] or row["owner__email"] or "",
    } for row in rows]


def _register(outcome_ids: list[int]) -> list[dict]:
    """The did-it-work register of stage 3 (two queries)."""
    from pif.improvement.verdicts import register_rows

    return [{"what": row.what, "kind": row.kind, "closed_on": row.closed_on.isoformat(),
             "indicator": f"{row.indicator_code} {row.indicator_title}",
             "verdict": row.verdict.value, "verdict_label": row.verdict_label,
             "explanation": row.explanation}
            for row in register_rows(outcome_ids)]


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
    the total and what it is out of as whole points ("" when nothing is agreed), and
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
    return ("" if total is None else f"{total:.0f}",
            "" if summary.out_of is None else f"{summary.out_of:.0f}",
            summary.complete and bool(agreed))


def _follow_ups(partnership) -> dict:
    """How the meeting follow-ups stood: open, done, dropped, escalated (one query)."""
    from pif.reviews.models import FollowUp

    status = FollowUp.Status
    return FollowUp.objects.filter(series__partnership=partnership).aggregate(
        open=Count("pk", filter=Q(status=status.OPEN)),
        done=Count("pk", filter=Q(status=status.DONE)),
        dropped=Count("pk", filter=Q(status=status.DROPPED)),
        escalated=Count("pk", filter=Q(status=status.OPEN, escalated_on__isnull=False)))


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
    return (f"{_plural(numbers['actions_complete'], 'action was', 'actions were')} completed "
            f"during the year and {numbers['actions_open']} "
            f"{'remains' if numbers['actions_open'] == 1 else 'remain'} open.")
