"""What the people page and the stage facts read, each in a fixed number of queries."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Sum

from pif.lib.periods import Period
from pif.people.models import CapabilityCount, CapabilityLevel, LearningActivity


def learning_this_year(partnership, today: datetime.date) -> dict:
    """How many learning activities started in this financial year, and their participants."""
    period = Period.financial_year_containing(today)
    found = LearningActivity.objects.filter(
        partnership=partnership, start_date__range=(period.start, period.end)).aggregate(
        activities=Count("pk"), participants=Sum("participants"))
    return {"activities": found["activities"], "participants": found["participants"] or 0,
            "year": period.label, "period": period}


@dataclass
class Cell:
    people: int | None = None
    change: int | None = None  # since this organisation's previous count at this level
    counted_on: datetime.date | None = None  # when this level was last counted
    previous_on: datetime.date | None = None  # the count before it, at this level
    carried_forward: bool = False  # the organisation's latest count left this level blank


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
    def carries_forward(self) -> bool:
        """Whether any organisation's latest count left a level blank (its earlier figure
        is used, and the page says so)."""
        return any(cell.carried_forward for row in self.rows for cell in row.cells)

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
    count at that level, and the totals. A level the organisation's latest count left blank
    keeps its earlier figure (marked as carried forward, with its date), so the totals add up
    like with like. Three queries, however many counts are kept."""
    levels = list(CapabilityLevel.objects.filter(partnership=partnership))
    organisations = list(partnership.organisations.all())
    # (organisation, level) -> [(date, people)], newest first
    history: dict[tuple, list] = {}
    dates: dict[int, set] = {}
    for organisation_id, level_id, counted_on, people in CapabilityCount.objects.filter(
            partnership=partnership).values_list("organisation_id", "level_id", "counted_on",
                                                 "people"):
        history.setdefault((organisation_id, level_id), []).append((counted_on, people))
        dates.setdefault(organisation_id, set()).add(counted_on)
    rows = []
    totals = [Cell(0, None) for _ in levels]
    for organisation in organisations:
        counted = sorted(dates.get(organisation.pk, ()), reverse=True)
        latest = counted[0] if counted else None
        previous = counted[1] if len(counted) > 1 else None
        row = Row(organisation, latest, previous)
        for index, level in enumerate(levels):
            found = sorted(history.get((organisation.pk, level.pk), ()), reverse=True)
            if not found:
                row.cells.append(Cell())
                continue
            (on, people), before = found[0], found[1] if len(found) > 1 else None
            cell = Cell(people, people - before[1] if before else None, on,
                        before[0] if before else None, carried_forward=on != latest)
            row.cells.append(cell)
            totals[index].people += people
            if cell.change is not None:
                totals[index].change = (totals[index].change or 0) + cell.change
        rows.append(row)
    return Summary(levels, rows, totals)
