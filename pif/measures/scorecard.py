"""The scorecard: every indicator's stored status, grouped, filtered and sorted.

Reads only stored status (never recomputes), with a fixed number of queries.
"""

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from urllib.parse import quote

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS

from pif.lib.periods import Period
from pif.measures.collection import is_overdue
from pif.measures.models import Indicator, Tag

VARIATION_LABELS = {
    "common_cause": "Common cause",
    "improvement_high": "Improvement (high)",
    "improvement_low": "Improvement (low)",
    "concern_high": "Concern (high)",
    "concern_low": "Concern (low)",
    "neutral_high": "Special cause (high)",
    "neutral_low": "Special cause (low)",
}
ASSURANCE_LABELS = {
    "consistent_pass": "Consistently meets target",
    "consistent_fail": "Consistently misses target",
    "inconsistent": "May or may not meet target",
}
RAG_LABELS = {"green": "Green", "amber": "Amber", "red": "Red"}
DIRECTION_LABELS = {"improving": "Improving", "worsening": "Worsening",
                    "no_change": "No change"}
STATUS_FILTERS = {
    "improvement": ("Improvement", lambda s: s.variation.startswith("improvement")),
    "concern": ("Concern", lambda s: s.variation.startswith("concern")),
    "common_cause": ("Common cause", lambda s: s.variation == "common_cause"),
    "red": ("Red", lambda s: s.rag == "red"),
    "amber": ("Amber", lambda s: s.rag == "amber"),
    "green": ("Green", lambda s: s.rag == "green"),
    "no_data": ("No data", lambda s: not s.latest_period),
}
SORTS = {
    "code": ("Code", lambda r: r.indicator.code.lower()),
    "title": ("Title", lambda r: r.indicator.title.lower()),
    "rag": ("Red first", lambda r: ({"red": 0, "amber": 1, "green": 2}.get(r.status.rag, 3),
                                    r.indicator.code)),
    "variation": ("Concern first", lambda r: (0 if r.status.variation.startswith("concern")
                                              else 1, r.indicator.code)),
    "latest": ("Oldest data first", lambda r: (r.latest_start, r.indicator.code)),
}
NO_GROUP = "Other indicators"
PERSPECTIVE_GROUPS = ("perspective", "balanced scorecard perspective")
ROW_FIELDS = ("code", "title", "frequency", "unit", "rate_per", "decimals", "due_days",
              "partnership_id", "owner__name", "owner__short_code", "status__latest_period",
              "status__latest_value", "status__target_value", "status__variation",
              "status__assurance", "status__rag", "status__direction",
              "status__awaiting_approval", "status__sparkline_svg")


class _NoStatus:
    latest_period = ""
    latest_value = previous_value = target_value = mean = lower_limit = upper_limit = None
    variation = assurance = rag = direction = ""
    sparkline: list = []
    sparkline_svg = ""
    points = awaiting_approval = 0


@dataclass
class Row:
    indicator: Indicator
    status: object
    overdue: bool
    groups: list[str] = field(default_factory=list)
    url: str = ""

    @property
    def direction_label(self) -> str:
        return DIRECTION_LABELS.get(self.status.direction, "")

    @cached_property
    def latest(self) -> Period | None:
        period = self.status.latest_period
        return Period.from_key(period) if period else None

    @property
    def latest_start(self) -> str:
        return self.latest.start.isoformat() if self.latest else ""

    @property
    def latest_label(self) -> str:
        return self.latest.label if self.latest else ""


@dataclass
class Group:
    name: str
    rows: list[Row]


def status_of(indicator):
    """The stored status, or an empty one for an indicator that has never been computed."""
    try:
        return indicator.status
    except Indicator.status.RelatedObjectDoesNotExist:
        return _NoStatus()


def indicator_queryset(partnership, group_by: str = "tag"):
    # Only the columns a row shows: loading every field of 500 indicators, their owners and
    # statuses was half the page's time.
    queryset = (Indicator.objects.filter(partnership=partnership)
                .select_related("owner", "status").only(*ROW_FIELDS)
                .prefetch_related(Prefetch("tags", Tag.objects.only("name", "group"))))
    if group_by == "outcome" and has_outcomes():
        queryset = queryset.prefetch_related("outcomes")
    return queryset


def has_outcomes() -> bool:
    return any(f.name == "outcomes" for f in Indicator._meta.get_fields())


def _indicator_url(partnership):
    """Indicator page addresses, reversed once (500 calls to reverse cost 20 ms a page) and
    quoted as reverse quotes them."""
    head, tail = reverse("indicator", args=[partnership.short_name, "CODE"]).rsplit("CODE", 1)
    return lambda code: f"{head}{quote(code, safe=RFC3986_SUBDELIMS + '~:@')}{tail}"


def build_rows(indicators, *, partnership, group_by: str = "tag") -> list[Row]:
    rows, url_for, today = [], _indicator_url(partnership), date.today()
    for indicator in indicators:
        status = status_of(indicator)
        row = Row(indicator, status, is_overdue(indicator, status.latest_period, today),
                  url=url_for(indicator.code))
        if group_by == "outcome" and has_outcomes():
            row.groups = [o.title for o in indicator.outcomes.all()]
        elif group_by == "tag":
            tags = indicator.tags.all()
            row.groups = [t.name for t in tags if t.group.lower() in PERSPECTIVE_GROUPS] or [
                t.name for t in tags][:1]
        rows.append(row)
    return rows


def filter_rows(rows: list[Row], *, owner: str = "", status: str = "",
                frequency: str = "") -> list[Row]:
    if owner:
        rows = [r for r in rows if str(r.indicator.owner_id) == owner]
    if frequency:
        rows = [r for r in rows if r.indicator.frequency == frequency]
    if status == "overdue":
        rows = [r for r in rows if r.overdue]
    elif status in STATUS_FILTERS:
        test = STATUS_FILTERS[status][1]
        rows = [r for r in rows if test(r.status)]
    return rows


def sort_rows(rows: list[Row], sort: str) -> list[Row]:
    return sorted(rows, key=SORTS.get(sort, SORTS["code"])[1])


def group_rows(rows: list[Row], group_by: str) -> list[Group]:
    if group_by == "none":
        return [Group("All indicators", rows)]
    groups: dict[str, list[Row]] = {}
    for row in rows:
        for name in row.groups or [NO_GROUP]:
            groups.setdefault(name, []).append(row)
    ordered = sorted(groups, key=lambda name: (name == NO_GROUP, name.lower()))
    return [Group(name, groups[name]) for name in ordered]
