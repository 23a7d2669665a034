"""What every kind of report shares: its template (label, description, statutory basis,
due-date rule, narrative sections, the options it asks for), the reporting year, and the
context a builder is given."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from pif.lib.periods import financial_year_label, format_long_date

# The options a kind may ask for (``ReportTemplate.needs``), which are also the keys of a
# report's ``options``: "outcomes" and "indicators" (lists of ids), "meeting" (an id),
# "locality" (a locality's name) and "reporting_year" (the first calendar year of the
# reporting year: 2026 for 2026/27).
NEEDS = ("outcomes", "indicators", "meeting", "locality", "reporting_year")


@dataclass(frozen=True)
class NarrativeSection:
    """Words PIF cannot write from its records, typed on the report's page: ``key`` (the key
    of ``Report.narrative`` and of the document's section), ``heading``, ``guidance`` (what
    to write) and ``required`` (the report says it is missing until written)."""

    key: str
    heading: str
    guidance: str
    required: bool = False


@dataclass(frozen=True)
class ReportTemplate:
    """One kind of report. ``due(partnership, reporting_year)`` is the one rule for its due
    date (None for kinds that have none); ``due_note`` says where the date comes from."""

    kind: str
    label: str
    description: str
    builder: Callable = field(repr=False, compare=False)
    statutory_basis: str = ""
    due_rule: Callable | None = field(default=None, repr=False, compare=False)
    due_note: str = ""
    narrative_sections: tuple[NarrativeSection, ...] = ()
    needs: tuple[str, ...] = ()
    public_by_default: bool = False

    @property
    def can_be_public(self) -> bool:
        """Stat meeting memos hold the questions put to officers: for members only."""
        return "meeting" not in self.needs

    @property
    def is_statutory(self) -> bool:
        return bool(self.statutory_basis)

    def due(self, partnership, reporting_year: int) -> datetime.date | None:
        """The date a report on the reporting year starting in ``reporting_year`` is due,
        or None for a kind with no due date."""
        if self.due_rule is None:
            return None
        return self.due_rule(partnership, reporting_year)


# The reporting year --------------------------------------------------------------------------

def start_month(partnership) -> int:
    return partnership.reporting_year_start_month or 4


def year_dates(partnership, reporting_year: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the reporting year starting in ``reporting_year``."""
    month = start_month(partnership)
    first = datetime.date(reporting_year, month, 1)
    return first, add_months(first, 12) - datetime.timedelta(days=1)


def year_label(partnership, reporting_year: int) -> str:
    """"2026/27" (or "2026" for a year starting in January)."""
    return financial_year_label(datetime.date(reporting_year, start_month(partnership), 1),
                                start_month=start_month(partnership))


def year_containing(partnership, day: datetime.date) -> int:
    """The first calendar year of the reporting year that holds ``day``."""
    return day.year if day.month >= start_month(partnership) else day.year - 1


def last_complete_year(partnership, day: datetime.date) -> int:
    """The latest reporting year that had ended by ``day``: what an annual report made on
    ``day`` reports on by default."""
    return year_containing(partnership, day) - 1


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved on `months` months, on the same day of the month or the month's last."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month,
                       day=min(day.day, calendar.monthrange(year, month)[1]))


def months_after_year_end(months: int) -> Callable:
    """A due rule: the last day of the month ``months`` months after the reporting year
    ends (31 March and 4 months: 31 July; 6 months: 30 September)."""
    def due(partnership, reporting_year: int) -> datetime.date:
        _, last = year_dates(partnership, reporting_year)
        later = add_months(last.replace(day=1), months)
        return later.replace(day=calendar.monthrange(later.year, later.month)[1])
    return due


def day_label(day: datetime.date | None) -> str:
    return format_long_date(day) if day else ""


# What a builder is given ---------------------------------------------------------------------

@dataclass
class Context:
    """What a kind's builder reads: the partnership, the day the report shows (``as_of``),
    the checked options, the words written for its narrative sections, the reporting
    year (for annual kinds; None otherwise), the moment the records are read at
    (``recorded_by``; by default the end of ``as_of``), and whether it is for the public: a public
    report takes in only what the public pages may show (published indicators and actions,
    commentary marked public; no risks), so it names nothing unpublished."""

    partnership: object
    template: ReportTemplate
    as_of: datetime.date
    options: dict
    narrative: dict
    reporting_year: int | None = None
    public: bool = False
    # The moment the records are read at (``Report.recorded_by``); None: the end of as_of.
    recorded_by: datetime.datetime | None = None

    @property
    def moment(self) -> datetime.datetime:
        """The moment the report reads the records at: ``recorded_by``, or the end of
        ``as_of``."""
        from pif.reports import as_of

        return as_of.moment_of(self.as_of, self.recorded_by)

    def indicators(self, ids=None) -> list:
        """The indicators the report may take in (all, or those with ``ids``); in a public
        report, each whose small numbers are suppressed carries the rule that withholds
        them (pif/reports/kinds/suppression.py)."""
        from pif.reports.kinds import selection

        found = selection.indicators(self.partnership, ids, published_only=self.public)
        return self.small_numbers.mark(found) if self.small_numbers is not None else found

    @cached_property
    def small_numbers(self):
        """A public report's :class:`~pif.reports.kinds.suppression.SmallNumbers` (read
        once per build), or None for a report for members."""
        from pif.reports.kinds.suppression import SmallNumbers

        return SmallNumbers(self.partnership) if self.public else None

    def actions(self) -> list:
        """The actions as they stood at the end of ``as_of`` that the report may show."""
        from pif.reports import as_of

        return as_of.actions(self.partnership, self.as_of, published_only=self.public,
                             recorded_by=self.recorded_by)

    @property
    def year_dates(self) -> tuple[datetime.date, datetime.date] | None:
        if self.reporting_year is None:
            return None
        return year_dates(self.partnership, self.reporting_year)

    @property
    def periods_to(self) -> datetime.date:
        """The last period end a report looks at: the end of its reporting year, when it has
        one that ended by ``as_of``; else ``as_of``."""
        dates = self.year_dates
        return min(dates[1], self.as_of) if dates else self.as_of


@dataclass
class Built:
    """What a builder hands back: the key figures for the first page and the sections."""

    summary: list[dict]
    sections: list[dict]


def figure(label: str, value) -> dict:
    return {"label": label, "value": str(value)}


def narrative_section(ctx: Context, section: NarrativeSection) -> dict:
    """A narrative section of the document, with the words written for it so far."""
    return {"key": section.key, "heading": section.heading, "intro": "",
            "type": "narrative", "guidance": section.guidance,
            "text": (ctx.narrative.get(section.key) or "").strip(),
            "required": section.required}


def narrative_sections(ctx: Context) -> list[dict]:
    return [narrative_section(ctx, section) for section in ctx.template.narrative_sections]
