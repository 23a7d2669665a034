"""What the people page and the stage facts read, each in a fixed number of queries."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Sum

from pif.lib.periods import Period
from pif.people.models import CapabilityCount, CapabilityLevel, LearningActivity


def this_financial_year(today: datetime.date) -> Period:
    """The financial year (April to March) holding `today`, as pif.lib.periods has it: its
    first and last days, and its label, 2026/27."""
    return Period.financial_year_containing(today)


def learning_this_year(partnership, today: datetime.date) -> dict:
    """How many learning activities started in this financial year, and their participants."""
    period = this_financial_year(today)
    found = LearningActivity.objects.filter(
        partnership=partnership, start_date__range=(period.start, period.end)).aggregate(
        activities=Count("pk"), participants=Sum("participants"))
    return {"activities": found["activities"], "participants": found["participants"] or 0,
            "year": period.label, "period": period}


@dataclass
class Cell:
    people: int | None = None
    change: int | None = None  # since the organisation's previous count; None: no previous


@dataclass
class Row:
    organisation: object
    counted_on: datetime.date | None = None
    previous_on: datetime.date | None = None
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Summary:
    levels: list
    rows: list[Row]
    totals: list[Cell]

    @property
    def is_empty(self) -> bool:
        return not any(row.counted_on for row in self.rows)

    @property
    def shared_dates(self) -> tuple[datetime.date, datetime.date | None] | None:
        """(latest, previous) when every organisation was counted on the same days, for the
        page to say once above the table; None when the rows differ (each says its own)."""
        dates = {(row.counted_on, row.previous_on) for row in self.rows}
        if len(dates) == 1 and next(iter(dates))[0] is not None:
            return next(iter(dates))
        return None


def capability_summary(partnership) -> Summary:
    """Each organisation's latest count at each level, with the change since its previous
    count, and the totals. Three queries, however many counts are kept."""
    levels = list(CapabilityLevel.objects.filter(partnership=partnership))
    organisations = list(partnership.organisations.all())
    counts: dict[tuple, int] = {}
    dates: dict[int, set] = {}
    for organisation_id, level_id, counted_on, people in CapabilityCount.objects.filter(
            partnership=partnership).values_list("organisation_id", "level_id", "counted_on",
                                                 "people"):
        counts[(organisation_id, level_id, counted_on)] = people
        dates.setdefault(organisation_id, set()).add(counted_on)
    rows = []
    totals = [Cell(0, None) for _ in levels]
    for organisation in organisations:
        counted = sorted(dates.get(organisation.pk, ()), reverse=True)
        latest = counted[0] if counted else None
        previous = counted[1] if len(counted) > 1 else None
        row = Row(organisation, latest, previous)
        for index, level in enumerate(levels):
            people = counts.get((organisation.pk, level.pk, latest))
            before = counts.get((organisation.pk, level.pk, previous))
            change = people - before if people is not None and before is not None else None
            row.cells.append(Cell(people, change))
            if people is not None:
                totals[index].people += people
            if change is not None:
                totals[index].change = (totals[index].change or 0) + change
        rows.append(row)
    return Summary(levels, rows, totals)
