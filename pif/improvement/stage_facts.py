"""Stage 3's facts for the overview's stage card and the "Take action" stage page: how many
actions are open, overdue, stale and complete, how many improvement projects are active or
waiting for approval, the PDSA cycles under way and started this financial year, and the
changes the data says worked.

Open, overdue and stale are read from `ActionQuerySet` (the one definition) with the
partnership's own stale threshold. Every function here uses a fixed number of queries
whatever the partnership holds; the action counts are kept on the request's partnership
object, so the stage card and the overview's panel share one reading.
"""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from pif.lib.periods import Period
from pif.partnerships.stages import StageFact
from pif.spc.vocabulary import ChangeVerdict


def link(name: str, partnership, *args, query: str = "") -> str:
    """The address of one of the partnership's pages, with a query if given."""
    url = reverse(name, args=[partnership.short_name, *args])
    return f"{url}?{query}" if query else url


def stale_name(days: int) -> str:
    """The one name of stale actions, on every page: "Actions with no update for 60 days"."""
    return f"Actions with no update for {days} days"


def action_settings(partnership):
    """The partnership's action plan settings (`services.actions.settings_for`: the saved
    row, or the defaults unsaved), read once a request: kept on the partnership object."""
    from pif.improvement.services.actions import settings_for

    found = partnership.__dict__.get("_action_settings")
    if found is None:
        found = partnership.__dict__["_action_settings"] = settings_for(partnership)
    return found


def action_counts(partnership, today: datetime.date | None = None) -> dict[str, int]:
    """How many of the partnership's actions are open, overdue, stale and complete, and
    its stale threshold in days: one query (and one for the settings), kept for the day on
    the partnership object."""
    from pif.improvement.models import Action, ActionStatus

    today = today or timezone.localdate()
    kept = partnership.__dict__.setdefault("_action_counts", {})
    if today not in kept:
        days = action_settings(partnership).stale_after_days
        mine = Action.objects.filter(partnership=partnership)
        counts = mine.aggregate(
            open=Count("pk", filter=Q(pk__in=mine.open().values("pk"))),
            overdue=Count("pk", filter=Q(pk__in=mine.overdue(today).values("pk"))),
            stale=Count("pk", filter=Q(pk__in=mine.stale(today, days).values("pk"))),
            complete=Count("pk", filter=Q(status=ActionStatus.COMPLETE)))
        kept[today] = {**counts, "stale_after_days": days}
    return kept[today]


def action_facts(partnership) -> list[StageFact]:
    """Stage 3's facts (registered as `stages.register("action", action_facts)`)."""
    from pif.improvement.models import PdsaCycle, Project, Verdict

    today = timezone.localdate()
    actions = action_counts(partnership, today)
    projects = Project.objects.filter(partnership=partnership).aggregate(
        active=Count("pk", filter=Q(status=Project.Status.ACTIVE)),
        waiting=Count("pk", filter=Q(status=Project.Status.REGISTERED)))
    year = Period.financial_year_containing(today)
    cycles = PdsaCycle.objects.filter(project__partnership=partnership).aggregate(
        under_way=Count("pk", filter=Q(completed_on__isnull=True)),
        this_year=Count("pk", filter=Q(start_date__range=(year.start, year.end))))
    worked = Verdict.objects.filter(
        partnership=partnership, verdict=ChangeVerdict.SUSTAINED_IMPROVEMENT.value).aggregate(
        actions=Count("action", distinct=True), cycles=Count("cycle", distinct=True))
    return [
        StageFact("Open actions", actions["open"],
                  link("actions", partnership, query="status=open")),
        StageFact("Overdue actions", actions["overdue"],
                  link("actions", partnership, query="status=overdue")),
        StageFact(stale_name(actions["stale_after_days"]),
                  actions["stale"], link("actions", partnership, query="status=stale")),
        StageFact("Completed actions", actions["complete"],
                  link("actions", partnership, query="status=complete")),
        StageFact("Active improvement projects", projects["active"],
                  link("projects", partnership)),
        StageFact("Projects waiting for approval", projects["waiting"],
                  link("projects", partnership)),
        StageFact("PDSA cycles under way", cycles["under_way"], link("projects", partnership)),
        StageFact(f"PDSA cycles started in {year.label}", cycles["this_year"],
                  link("projects", partnership)),
        StageFact("Changes that worked (sustained improvement)",
                  worked["actions"] + worked["cycles"]),
    ]
