"""The action plan as a spreadsheet: every column a person needs to change it and import it
back (`pif.improvement.importing` reads the same headers), and what PIF works out (last
update, overdue, stale), written through `pif.tables` (formula-safe cells).

| name | what it does |
|---|---|
| `HEADERS` | the columns, in order |
| `export_rows(actions, partnership, today)` | one row per action, in a fixed number of queries |
"""

import datetime

from pif.improvement.importing import COLUMNS
from pif.improvement.services.actions import settings_for

HEADERS = [
    *(COLUMNS[name][0] for name in (
        "reference", "title", "description", "owner", "owner_organisation", "lead_group",
        "start_date", "due_date", "is_ongoing", "status", "percent_complete", "source",
        "source_detail", "outcomes")),
    "Outcome titles", COLUMNS["indicators"][0], COLUMNS["risks"][0], COLUMNS["published"][0],
    "Last update", "Overdue", "Stale",
]
SEPARATOR = "; "


def _yes(value: bool) -> str:
    return "Yes" if value else "No"


def export_rows(actions, partnership, today: datetime.date) -> list[list]:
    """`actions` (a queryset of the partnership's actions, filtered as the list is) as rows;
    overdue and stale are the queryset's own definitions (`ActionQuerySet`)."""
    stale_days = settings_for(partnership).stale_after_days
    overdue = set(actions.overdue(today).values_list("pk", flat=True))
    stale = set(actions.stale(today, stale_days).values_list("pk", flat=True))
    rows = []
    for action in (actions.select_related("owner", "owner_organisation", "lead_group")
                   .prefetch_related("outcomes", "indicators", "risks")
                   .order_by("reference", "id")):
        outcomes = list(action.outcomes.all())
        rows.append([
            action.reference, action.title, action.description,
            action.owner.email if action.owner_id else "",
            action.owner_organisation.short_code,
            action.lead_group.name if action.lead_group_id else "",
            action.start_date, action.due_date, _yes(action.is_ongoing),
            action.get_status_display(), action.percent_complete, action.get_source_display(),
            action.source_detail,
            SEPARATOR.join(o.code for o in outcomes if o.code),
            SEPARATOR.join(o.title for o in outcomes),
            SEPARATOR.join(i.code for i in action.indicators.all()),
            SEPARATOR.join(r.reference for r in action.risks.all()),
            _yes(action.published),
            action.last_progress_on, _yes(action.pk in overdue), _yes(action.pk in stale),
        ])
    return rows
