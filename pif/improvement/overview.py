"""Stage 3 on the partnership overview (pif/partnerships/overview.py).

- "Your actions", for you to do: the signed-in person's open actions that are overdue or
  due soon (within the partnership's "due soon" days), linked to My actions.
- The "Take action" panel: overdue and stale actions in the partnership, active projects
  needing an update, and, for editors, projects waiting for approval.

A project needs an update when it is active and nothing has been added to it for
`PROJECT_QUIET_DAYS` days: no PDSA cycle added or changed and no progress score given
(counting from its approval, or from when it was registered). Each provider uses a fixed
number of queries whatever the partnership holds; the overview links a count only for those
who may open its page.
"""

import datetime

from django.db.models import Count, DateTimeField, Max, OuterRef, Q, Subquery
from django.utils import timezone

from pif.improvement.stage_facts import action_counts, action_settings, link
from pif.partnerships import overview

PROJECT_QUIET_DAYS = 30


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def my_actions(access) -> list[overview.Task]:
    """The person's own open actions that are overdue or due soon (two counts, one query)."""
    from pif.improvement.models import Action

    today = timezone.localdate()
    days = action_settings(access.partnership).due_soon_days
    soon = today + datetime.timedelta(days=days)
    mine = Action.objects.filter(partnership=access.partnership).owned_by(
        access.membership.user)
    counts = mine.aggregate(
        overdue=Count("pk", filter=Q(pk__in=mine.overdue(today).values("pk"))),
        soon=Count("pk", filter=Q(pk__in=mine.open().filter(
            is_ongoing=False, due_date__gte=today, due_date__lte=soon).values("pk"))))
    parts = []
    if counts["overdue"]:
        parts.append(f"{counts['overdue']} overdue")
    if counts["soon"]:
        parts.append(f"{counts['soon']} due within {_plural(days, 'day', 'days')}")
    if not parts:
        return []
    return [overview.Task("Your actions", link("my_actions", access.partnership),
                          ", ".join(parts))]


def quiet_projects(partnership, today: datetime.date | None = None) -> int:
    """How many active projects have had nothing added for PROJECT_QUIET_DAYS days: one
    query."""
    from pif.improvement.models import PdsaCycle, Project

    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=PROJECT_QUIET_DAYS)
    cycle_changed = (PdsaCycle.history.model.objects.filter(project_id=OuterRef("pk"))
                     .order_by("-history_date").values("history_date")[:1])
    rows = (Project.objects.filter(partnership=partnership, status=Project.Status.ACTIVE)
            .annotate(cycle_changed=Subquery(cycle_changed, output_field=DateTimeField()),
                      scored=Max("scores__scored_on"))
            .values_list("created", "approved_on", "cycle_changed", "scored"))
    quiet = 0
    for created, approved_on, cycle_changed, scored in rows:
        dates = [timezone.localdate(created), approved_on, scored,
                 cycle_changed and timezone.localdate(cycle_changed)]
        if max(day for day in dates if day is not None) < since:
            quiet += 1
    return quiet


def action_panels(access) -> list[overview.Panel]:
    """The overview's "Take action" panel."""
    from pif.improvement.models import Project

    partnership = access.partnership
    actions = action_counts(partnership)
    counts = [
        overview.Count(actions["overdue"], "action overdue", "actions overdue",
                       link("actions", partnership, query="status=overdue")),
        overview.Count(actions["stale"],
                       f"action with no update for {actions['stale_after_days']} days",
                       f"actions with no update for {actions['stale_after_days']} days",
                       link("actions", partnership, query="status=stale")),
        overview.Count(quiet_projects(partnership),
                       f"project with nothing new for {PROJECT_QUIET_DAYS} days",
                       f"projects with nothing new for {PROJECT_QUIET_DAYS} days",
                       link("projects", partnership)),
    ]
    if access.can_edit:
        waiting = Project.objects.filter(partnership=partnership,
                                         status=Project.Status.REGISTERED).count()
        counts.append(overview.Count(waiting, "project waiting for approval",
                                     "projects waiting for approval",
                                     link("projects", partnership)))
    return [overview.Panel("Take action", tuple(counts),
                           empty=f"No action is overdue, every action has had an update "
                                 f"in the last {actions['stale_after_days']} days, and every "
                                 "active project is up to date.")]
