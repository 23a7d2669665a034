"""The scorecard: every indicator's stored status, grouped, filtered and sorted.

Reads only stored status (never recomputes), with a fixed number of queries. Status words
come from pif.spc.vocabulary; groupings other than by tag come from the apps that register
them (pif.measures.scorecard_groups).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from html import escape
from typing import NamedTuple
from urllib.parse import quote

from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString, mark_safe

from pif.lib.periods import Period
from pif.measures import icons, scorecard_groups
from pif.measures.charts.formatting import format_value
from pif.measures.collection import is_overdue
from pif.measures.models import Indicator
from pif.measures.sparkline import sparkline_svg
from pif.measures.templatetags.measures_tags import NOT_RATED_TAG, RAG_TAGS, no_target
from pif.spc.vocabulary import Direction, Rag, Signal, Variation


def _variation_is(test):
    """A filter on the stored variation; an empty one (no data) passes no test."""
    return lambda status: bool(status.variation) and test(Variation(status.variation))


def _rag_rank(rag: str) -> int:
    """Red first, then amber and green, then not rated."""
    return Rag(rag).rank if rag else len(Rag)


_is_concern = _variation_is(lambda v: v.is_concern)

STATUS_FILTERS = {
    "improvement": ("Improvement", _variation_is(lambda v: v.is_improvement)),
    "concern": (Signal.CONCERN.label, _is_concern),
    "common_cause": (Variation.COMMON_CAUSE.label,
                     lambda s: s.variation == Variation.COMMON_CAUSE),
    **{rag.value: (rag.label, lambda s, rag=rag: s.rag == rag) for rag in Rag},
    "no_data": (Signal.NO_DATA.label, lambda s: not s.latest_period),
}
SORTS = {
    "code": ("Code", lambda r: r.indicator.code.lower()),
    "title": ("Title", lambda r: r.indicator.title.lower()),
    "rag": ("Red first", lambda r: (_rag_rank(r.status.rag), r.indicator.code)),
    "variation": ("Concern first", lambda r: (not _is_concern(r.status), r.indicator.code)),
    "latest": ("Oldest data first", lambda r: (r.latest_start, r.indicator.code)),
}
NO_GROUP = "Other indicators"
PERSPECTIVE_GROUPS = ("perspective", "balanced scorecard perspective")
FREQUENCY_LABELS = dict(Indicator.Frequency.choices)


class CardIndicator(NamedTuple):
    """What a scorecard row shows of an indicator. Rows are read as plain values: building
    model objects for 500 indicators, their owners and statuses was half the page's time.
    A named tuple, as a frozen dataclass of eleven fields took ten times as long to make."""

    pk: int
    code: str
    title: str
    frequency: str
    unit: str
    rate_per: int | None
    decimals: int
    due_days: int
    owner_id: int
    owner_name: str
    owner_short_code: str

    @property
    def frequency_label(self) -> str:
        return FREQUENCY_LABELS.get(self.frequency, self.frequency)


class CardStatus(NamedTuple):
    """The stored status a scorecard row shows; empty for an indicator never computed."""

    latest_period: str = ""
    latest_value: float | None = None
    target_value: float | None = None
    variation: str = ""
    assurance: str = ""
    rag: str = ""
    direction: str = ""
    awaiting_approval: int = 0
    sparkline_svg: str = ""
    submitted_period: str = ""
    sparkline: tuple = ()


INDICATOR_COLUMNS = ("pk", "code", "title", "frequency", "unit", "rate_per", "decimals",
                     "due_days", "owner_id", "owner__name", "owner__short_code")
STATUS_COLUMNS = tuple(f"status__{name}" for name in (
    "latest_period", "latest_value", "target_value", "variation", "assurance", "rag",
    "direction", "awaiting_approval", "sparkline_svg", "submitted_period"))


@dataclass
class Row:
    indicator: CardIndicator
    status: CardStatus
    overdue: bool
    groups: list[str] = field(default_factory=list)
    url: str = ""

    @property
    def direction_label(self) -> str:
        return Direction.label_of(self.status.direction)

    @cached_property
    def latest(self) -> Period | None:
        period = self.status.latest_period
        return _period(period) if period else None

    @property
    def latest_start(self) -> str:
        return self.latest.start.isoformat() if self.latest else ""

    @property
    def latest_label(self) -> str:
        return self.latest.label if self.latest else ""

    @cached_property
    def html(self) -> SafeString:
        """The row's <tr>: see :func:`row_html`. Kept, as a row may show in two groups."""
        return row_html(self)


@lru_cache(maxsize=4096)
def _period(key: str) -> Period:
    """A period from its key: hundreds of rows share a handful of latest periods."""
    return Period.from_key(key)


@dataclass
class Group:
    name: str
    rows: list[Row]


def indicator_urls(partnership, url_name: str = "indicator"):
    """A function giving the address of an indicator's page (`url_name`, taking the
    partnership and the indicator's code) from its code: reversed once (500 calls to reverse
    cost 20 ms a page) and quoted as reverse quotes them."""
    head, tail = reverse(url_name, args=[partnership.short_name, "CODE"]).rsplit("CODE", 1)
    return lambda code: f"{head}{quote(code, safe=RFC3986_SUBDELIMS + '~:@')}{tail}"


def _group_names(partnership, group_by: str) -> dict[int, list[str]]:
    """Each indicator's groups: from a registered grouping's provider, or its perspective
    tags (else its first tag)."""
    if registered := scorecard_groups.registered(group_by):
        return registered.provider(partnership)
    names = defaultdict(list)
    if group_by != scorecard_groups.BY_TAG:
        return names
    tags = defaultdict(list)
    # Tags are the partnership's own, so the links are read from its tags (a handful) rather
    # than from every indicator's links in the instance.
    for pk, name, group in (Indicator.objects.filter(partnership=partnership,
                                                     tags__partnership=partnership)
                            .order_by("pk", "tags__group", "tags__name")
                            .values_list("pk", "tags__name", "tags__group")):
        tags[pk].append((name, group))
    for pk, pairs in tags.items():
        names[pk] = [name for name, group in pairs if group.lower() in PERSPECTIVE_GROUPS] or [
            pairs[0][0]]
    return names


def load_rows(partnership, *, group_by: str = scorecard_groups.BY_TAG) -> list[Row]:
    """Every indicator of the partnership as a row, in two queries whatever their number."""
    groups = _group_names(partnership, group_by)
    url_for, today = indicator_urls(partnership), date.today()
    # Whether a row is overdue depends only on its latest period and due days, which
    # hundreds of indicators share: worked out once for each pair.
    overdue: dict[tuple[str, int], bool] = {}
    no_status = CardStatus()
    rows = []
    for values in (Indicator.objects.filter(partnership=partnership).order_by("code")
                   .values_list(*INDICATOR_COLUMNS, *STATUS_COLUMNS)):
        indicator = CardIndicator(*values[:len(INDICATOR_COLUMNS)])
        stored = values[len(INDICATOR_COLUMNS):]
        status = CardStatus(*stored) if stored[0] is not None else no_status
        due = (status.submitted_period, indicator.due_days)
        if due not in overdue:
            overdue[due] = is_overdue(indicator, status.submitted_period, today)
        rows.append(Row(indicator, status, overdue[due],
                        groups=groups.get(indicator.pk, []), url=url_for(indicator.code)))
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
    if group_by == scorecard_groups.NO_GROUPING:
        return [Group("All indicators", rows)]
    groups: dict[str, list[Row]] = {}
    for row in rows:
        for name in row.groups or [NO_GROUP]:
            groups.setdefault(name, []).append(row)
    ordered = sorted(groups, key=lambda name: (name == NO_GROUP, name.lower()))
    return [Group(name, groups[name]) for name in ordered]


# The scorecard's rows, written here rather than in the template: rendering hundreds of rows
# of a dozen tags and variables each was nine tenths of the page's time. The markup is the
# template's, cell for cell (measures/_scorecard_results.html keeps the table around it).
# Every value from the database goes through escape(); the icons, tags and sparklines are
# the template tags' own safe HTML (measures_tags), built once for each status.
OVERDUE_TAG = '<br><strong class="govuk-tag govuk-tag--red">Overdue</strong>'
TO_APPROVE_TAG = '<br><strong class="govuk-tag govuk-tag--yellow">{} to approve</strong>'
CELL = '\n      <td role="cell" data-label="{}" class="govuk-table__cell">'
NUMERIC_CELL = '\n      <td role="cell" data-label="{}" class="govuk-table__cell ' \
               'govuk-table__cell--numeric">'


def row_html(row: Row) -> SafeString:
    """A scorecard row as the template drew it: escaped values and the tags' own HTML."""
    indicator, status = row.indicator, row.status
    url, code, title = escape(row.url), escape(indicator.code), escape(indicator.title)
    owner, frequency = escape(indicator.owner_short_code), escape(indicator.frequency_label)
    value = escape(format_value(status.latest_value, indicator))
    target = (no_target() if status.target_value is None
              else escape(format_value(status.target_value, indicator)))
    rag = RAG_TAGS.get((status.rag or "").lower(), NOT_RATED_TAG)
    direction = escape(row.direction_label or "Not known")
    trend = status.sparkline_svg or _no_sparkline()
    return mark_safe(  # noqa: S308 - every value escaped, the rest our own HTML
        '<tr class="govuk-table__row" role="row">\n      '
        '<th scope="row" class="govuk-table__header pif-scorecard__name" role="rowheader">'
        f'<a class="govuk-link" href="{url}">{code} {title}</a><br>'
        f'<span class="govuk-body-s pif-muted">{owner} · {frequency}</span></th>'
        f'{_LATEST_CELL}{_latest_html(row)}</td>'
        f'{_VALUE_CELL}{value}</td>{_TARGET_CELL}{target}</td>'
        f'{_VARIATION_CELL}{_variation_icon(status.variation)}</td>'
        f'{_ASSURANCE_CELL}{_assurance_icon(status.assurance)}</td>'
        f'{_RAG_CELL}{rag}</td>{_DIRECTION_CELL}{direction}</td>{_TREND_CELL}{trend}</td>'
        '\n    </tr>')


_LATEST_CELL, _VARIATION_CELL, _ASSURANCE_CELL, _RAG_CELL, _DIRECTION_CELL, _TREND_CELL = (
    CELL.format(label) for label in ("Latest", "Variation", "Assurance", "RAG", "Direction",
                                     "Trend"))
_VALUE_CELL, _TARGET_CELL = (NUMERIC_CELL.format(label) for label in ("Value", "Target"))


def _latest_html(row: Row) -> str:
    html = escape(row.latest_label or "No data")
    if row.overdue:
        html += OVERDUE_TAG
    if row.status.awaiting_approval:
        html += TO_APPROVE_TAG.format(int(row.status.awaiting_approval))
    return html


@lru_cache(maxsize=64)
def _variation_icon(variation: str | None) -> str:
    return icons.variation_icon(variation or "", size=32)


@lru_cache(maxsize=64)
def _assurance_icon(assurance: str | None) -> str:
    return icons.assurance_icon(assurance or "", size=32)


@lru_cache(maxsize=1)
def _no_sparkline() -> str:
    return sparkline_svg((), width=96, height=24)
