"""The action plan as a timeline: a bar per open action from its start to its due date, today
marked, grouped by outcome or by owning organisation, with the same facts as a table.

| name | what it does |
|---|---|
| `GROUPINGS` | how the bars can be grouped: by outcome, by organisation |
| `build(partnership, today, by=)` | a `Timeline`: its months, its groups of bars, its rows |

Positions are worked out here, in the SVG's own units, so the template only draws (the
Content-Security-Policy refuses inline styles; SVG attributes are not styles). The bars are
drawn `aria-hidden`: the table below the chart says everything they show, as text.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from pif.improvement.models import Action
from pif.improvement.rules.actions import EARLIEST_DATE, LATEST_DATE

GROUPINGS = {"outcome": "Outcome", "organisation": "Owning organisation"}
WIDTH = 800  # the SVG's width, in its units (pixels at 100%)
LABEL_WIDTH = 90  # the column of references at the left
ROW_HEIGHT = 26
AXIS_HEIGHT = 28
BAR_HEIGHT = 16
MIN_BAR = 3  # an action due the day it starts is still seen
NO_OUTCOME = "Not linked to an outcome"


@dataclass
class Bar:
    action: Action
    y: float
    x: float = 0.0
    width: float = 0.0
    open_ended: bool = False  # ongoing: the bar runs to the chart's end
    overdue: bool = False

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT - 3


@dataclass
class Group:
    name: str
    bars: list[Bar] = field(default_factory=list)

    @property
    def height(self) -> int:
        return AXIS_HEIGHT + ROW_HEIGHT * len(self.bars) + 4


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass
class Row:
    """One line of the table: the facts a bar shows, as text."""

    action: Action
    group: str
    overdue: bool
    drawn: bool

    @property
    def why_not_drawn(self) -> str:
        action = self.action
        if self.drawn:
            return ""
        if action.start_date is None:
            return "no start date"
        if action.due_date is None:
            return "no due date"
        return "due before it starts"


@dataclass
class Timeline:
    by: str
    today: datetime.date
    start: datetime.date | None = None
    end: datetime.date | None = None
    today_x: float = 0.0
    ticks: list[Tick] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    width: int = WIDTH
    label_width: int = LABEL_WIDTH

    @property
    def by_label(self) -> str:
        return GROUPINGS[self.by]

    @property
    def drawn_count(self) -> int:
        return sum(1 for row in self.rows if row.drawn)

    @property
    def undrawn(self) -> list[Row]:
        return [row for row in self.rows if not row.drawn]


def _drawable(action: Action) -> bool:
    return action.start_date is not None and (
        action.is_ongoing or (action.due_date is not None and action.due_date >= action.start_date))


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _clamped(day: datetime.date) -> datetime.date:
    """`day` within the years an action's dates may take (`rules.check_action_dates`), so a
    date saved before that rule cannot stretch the chart over centuries or past 9999."""
    return min(max(day, EARLIEST_DATE), LATEST_DATE)


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _groups_of(action: Action, by: str) -> list[str]:
    if by == "organisation":
        return [action.owner_organisation.name]
    outcomes = [f"{o.code} {o.title}".strip() for o in action.outcomes.all()]
    return outcomes or [NO_OUTCOME]


def build(partnership, today: datetime.date, by: str = "outcome") -> Timeline:
    """The open actions of `partnership` on a timeline, in three queries whatever it holds."""
    by = by if by in GROUPINGS else "outcome"
    actions = Action.objects.filter(partnership=partnership).open()
    overdue = set(actions.overdue(today).values_list("pk", flat=True))
    found = list(actions.select_related("owner_organisation", "partnership")
                 .prefetch_related("outcomes")
                 .order_by("start_date", "due_date", "reference", "id"))
    timeline = Timeline(by=by, today=today)
    grouped: dict[str, list[Action]] = {}
    for action in found:
        for name in _groups_of(action, by):
            grouped.setdefault(name, []).append(action)
            timeline.rows.append(Row(action, name, action.pk in overdue, _drawable(action)))
    timeline.rows.sort(key=lambda row: (row.group == NO_OUTCOME, row.group.lower(),
                                        row.action.reference))
    drawn = [a for a in found if _drawable(a)]
    if not drawn:
        return timeline
    ends = [_clamped(a.due_date) for a in drawn if a.due_date] + [
        _clamped(a.start_date) for a in drawn]
    first = _month_start(_clamped(min(min(a.start_date for a in drawn), today)))
    last = _next_month(_clamped(max(*ends, today)))
    timeline.start, timeline.end = first, last
    span = (last - first).days
    scale = (WIDTH - LABEL_WIDTH - 10) / span

    def x_of(day: datetime.date) -> float:
        return round(LABEL_WIDTH + (day - first).days * scale, 1)

    timeline.today_x = x_of(today)
    months = []
    month = first
    while month < last:
        months.append(month)
        month = _next_month(month)
    step = 1 if len(months) <= 12 else 3 if len(months) <= 36 else 12
    timeline.ticks = [Tick(x_of(m), f"{m:%b %Y}") for m in months[::step]]
    for name in sorted(grouped, key=lambda n: (n == NO_OUTCOME, n.lower())):
        group = Group(name)
        for action in grouped[name]:
            if not _drawable(action):
                continue
            y = AXIS_HEIGHT + ROW_HEIGHT * len(group.bars) + (ROW_HEIGHT - BAR_HEIGHT) / 2
            end = last if action.is_ongoing or not action.due_date else _clamped(
                action.due_date)
            x = x_of(_clamped(action.start_date))
            group.bars.append(Bar(action, y, x, max(MIN_BAR, round(x_of(end) - x, 1)),
                                  open_ended=action.is_ongoing, overdue=action.pk in overdue))
        if group.bars:
            timeline.groups.append(group)
    return timeline
