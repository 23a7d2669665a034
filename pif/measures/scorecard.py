"""The scorecard: every indicator's stored status, grouped, filtered and sorted.

Reads only stored status (never recomputes), with a fixed number of queries.
"""

from dataclasses import dataclass, field

from pif.lib.periods import Period
from pif.measures.collection import is_overdue
from pif.measures.models import Indicator

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


class _NoStatus:
    latest_period = ""
    latest_value = previous_value = target_value = mean = lower_limit = upper_limit = None
    variation = assurance = rag = direction = ""
    sparkline: list = []
    points = awaiting_approval = 0


@dataclass
class Row:
    indicator: Indicator
    status: object
    overdue: bool
    groups: list[str] = field(default_factory=list)

    @property
    def direction_label(self) -> str:
        return DIRECTION_LABELS.get(self.status.direction, "")

    @property
    def latest_start(self) -> str:
        period = self.status.latest_period
        return Period.from_key(period).start.isoformat() if period else ""

    @property
    def latest_label(self) -> str:
        return Period.from_key(self.status.latest_period).label if self.status.latest_period else ""


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
    queryset = (Indicator.objects.filter(partnership=partnership)
                .select_related("owner", "status", "lead").prefetch_related("tags"))
    if group_by == "outcome" and has_outcomes():
        queryset = queryset.prefetch_related("outcomes")
    return queryset


def has_outcomes() -> bool:
    return any(f.name == "outcomes" for f in Indicator._meta.get_fields())


def build_rows(indicators, *, group_by: str = "tag") -> list[Row]:
    rows = []
    for indicator in indicators:
        status = status_of(indicator)
        row = Row(indicator, status, is_overdue(indicator, status.latest_period))
        if group_by == "outcome" and has_outcomes():
            row.groups = [o.title for o in indicator.outcomes.all()]
        elif group_by == "tag":
            row.groups = [t.name for t in indicator.tags.all() if t.group.lower()
                          in ("perspective", "balanced scorecard perspective")] or [
                t.name for t in indicator.tags.all()][:1]
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
