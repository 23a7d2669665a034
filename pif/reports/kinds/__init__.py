"""The kinds of report, and the one way to build one: ``build(partnership, kind, as_of=...,
options=..., narrative=..., title=...)`` returns the document (pif/reports/document.py),
from the partnership as it stood at the end of ``as_of`` (pif/reports/as_of.py).

``TEMPLATES`` holds each kind's :class:`ReportTemplate`, keyed by ``ReportKind`` value: its
label, a one-sentence description for the "new report" page, its statutory basis, the rule
for its due date (``template.due(partnership, reporting_year)``), its narrative sections and
the options it asks for (``needs``, from ``base.NEEDS``). ``validate_options`` is the one
check of those options, for the pages, the command line and schedules alike.

Options (``Report.options``) are keyed by the ``needs`` names: ``"outcomes"`` and
``"indicators"`` (lists of ids), ``"meeting"`` (an id; ``"meeting_id"`` is read as the
same), ``"locality"`` (a locality's name) and ``"reporting_year"`` (the first calendar year
of the reporting year, 2026 for 2026/27; by default the latest that had ended by
``as_of``). The reporting year starts in ``partnership.reporting_year_start_month``.

=====================  ======================================================================
Module                 What it holds
=====================  ======================================================================
``base``               ReportTemplate, NarrativeSection, the reporting year, due-date rules
``options``            ``validate_options``
``selection``          the outcome tree, and which indicators a report takes in
``blocks``             IndicatorRow, IndicatorBlock and ActionRow from the day's records
``words``              an indicator's status as one plain-English sentence
``suppression``        a public report's small numbers, withheld as the public pages do
``performance``        board report, exception report, scorecard
``memos``              stat meeting briefing memo and follow-up memo
``statutory``          LOIP and locality progress, IJB annual performance, SPI
=====================  ======================================================================
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from pif.lib.periods import format_long_date
from pif.reports.document import FORMAT
from pif.reports.kinds import memos, performance, statutory
from pif.reports.kinds.base import (
    NEEDS,
    Context,
    NarrativeSection,
    ReportTemplate,
    day_label,
    months_after_year_end,
    year_dates,
    year_label,
)
from pif.reports.kinds.options import reporting_year as _reporting_year
from pif.reports.kinds.options import validate_options
from pif.reports.kinds.words import status_sentence
from pif.reports.models import ReportKind

__all__ = ["NEEDS", "TEMPLATES", "NarrativeSection", "ReportTemplate", "build",
           "status_sentence", "validate_options", "year_dates", "year_label"]

PARTICIPATION = NarrativeSection(
    "participation", "How well community bodies took part",
    "How effectively community bodies took part in community planning during the year: "
    "who was involved, how, and what difference it made (the Act asks the report to say "
    "this). For example, how often the community panel met, participation requests and "
    "what changed because of them.", required=True)

OVERVIEW = NarrativeSection(
    "overview", "The year in summary",
    "A short introduction: the year's main achievements and challenges, in plain words.")


def _template(kind: ReportKind, description: str, builder, **fields) -> ReportTemplate:
    return ReportTemplate(kind=kind.value, label=kind.label, description=description,
                          builder=builder, **fields)


TEMPLATES: dict[str, ReportTemplate] = {template.kind: template for template in (
    _template(
        ReportKind.BOARD,
        "The outcomes and indicators you choose, each with its chart, status, latest "
        "commentary and actions, for a board or committee.",
        performance.board, needs=("outcomes", "indicators")),
    _template(
        ReportKind.EXCEPTION,
        "Only what needs attention: signals of concern, targets being missed, late or "
        "missing data, overdue actions and risks past their review date.",
        performance.exception, needs=("outcomes", "indicators")),
    _template(
        ReportKind.SCORECARD,
        "One table of every indicator with its latest value, target and status.",
        performance.scorecard, needs=("outcomes", "indicators")),
    _template(
        ReportKind.MEETING_MEMO,
        "A stat meeting's briefing memo: its items, questions and the figures behind them.",
        memos.meeting_memo, needs=("meeting",)),
    _template(
        ReportKind.FOLLOW_UP_MEMO,
        "A stat meeting's follow-up memo: what was agreed, who owns it, and what is still "
        "open.",
        memos.follow_up_memo, needs=("meeting",)),
    _template(
        ReportKind.LOIP_PROGRESS,
        "The annual progress report on the local outcomes improvement plan: whether each "
        "local outcome improved, and how well community bodies took part.",
        statutory.loip_progress,
        statutory_basis="Community Empowerment (Scotland) Act 2015, section 8",
        due_rule=months_after_year_end(6),
        due_note="The Act sets no date. Scottish Government guidance expects the report "
                 "within about six months of the end of the reporting year (30 September "
                 "for a year starting in April): this is guidance, not statute.",
        narrative_sections=(OVERVIEW, PARTICIPATION, NarrativeSection(
            "inequalities", "Communities with poorer outcomes",
            "What changed for the communities the plan names as having significantly "
            "poorer outcomes, and what the partnership did to reduce inequalities.")),
        needs=("reporting_year",), public_by_default=True),
    _template(
        ReportKind.LOCALITY_PROGRESS,
        "The annual progress report on a locality plan: whether outcomes improved in the "
        "locality, and how well community bodies took part.",
        statutory.locality_progress,
        statutory_basis="Community Empowerment (Scotland) Act 2015, section 12",
        due_rule=months_after_year_end(6),
        due_note="The Act sets no date. Scottish Government guidance expects the report "
                 "within about six months of the end of the reporting year (30 September "
                 "for a year starting in April): this is guidance, not statute.",
        narrative_sections=(OVERVIEW, PARTICIPATION),
        needs=("locality", "reporting_year"), public_by_default=True),
    _template(
        ReportKind.IJB_PERFORMANCE,
        "The integration joint board's annual performance report, comparing the year with "
        "up to five years before it.",
        statutory.ijb_performance,
        statutory_basis="Public Bodies (Joint Working) (Scotland) Act 2014, section 42",
        due_rule=months_after_year_end(4),
        due_note="The Act requires it no later than four months after the end of the "
                 "reporting year (31 July for a year starting in April).",
        narrative_sections=(
            OVERVIEW,
            NarrativeSection(
                "financial", "Financial performance and Best Value",
                "How the integration authority spent its budget during the year, any "
                "overspend or underspend, and how it secured Best Value.", required=True),
            NarrativeSection(
                "localities", "Performance in each locality",
                "How services performed in each of the integration authority's localities, "
                "and how the locality arrangements worked.", required=True),
            NarrativeSection(
                "decisions", "Significant decisions outside the strategic plan",
                "Any significant decision the integration authority took during the year "
                "that was not in its strategic plan, and why. Write “None” if there were "
                "none.", required=True),
            NarrativeSection(
                "inspections", "Inspection and regulation",
                "What inspections and regulators found during the year, and what is being "
                "done in response.")),
        needs=("outcomes", "indicators", "reporting_year"), public_by_default=True),
    _template(
        ReportKind.SPI,
        "The council's statutory performance information: services and outcomes over time "
        "and beside similar councils (SPI 1), and how it shows Best Value (SPI 2).",
        statutory.spi,
        statutory_basis="Accounts Commission Statutory Performance Information Direction "
                        "2024 (for 2025/26 onwards), under the Local Government Act 1992, "
                        "section 1(1)(a)",
        due_rule=months_after_year_end(12),
        due_note="The Direction sets no publication date: PIF reminds you by the end of "
                 "the following reporting year, as public performance reporting is usually "
                 "published during it. Check your council's own timetable.",
        narrative_sections=(
            NarrativeSection(
                "engagement", "How the council engaged with its communities",
                "SPI 1: how the council, in agreeing its outcomes with partners and "
                "communities, engaged with, responded to and helped to empower its "
                "communities, including those who need more support.", required=True),
            NarrativeSection(
                "best_value", "Demonstrating Best Value",
                "SPI 2: what self-assessments, service reviews and scrutiny (audit and "
                "inspection) found during the year, and how the council responded.",
                required=True)),
        needs=("outcomes", "indicators", "reporting_year"), public_by_default=True),
)}


def default_title(partnership, template: ReportTemplate | str, as_of: datetime.date,
                  year: int | None = None) -> str:
    """The one default title of a report: "Board report, 30 November 2026"; for an annual
    report, its reporting year (the one given, or the latest ended by ``as_of``): "Annual
    LOIP progress report, 2025/26". ``template`` may be given by its kind."""
    if isinstance(template, str):
        template = TEMPLATES[template]
    if year is None and "reporting_year" in template.needs:
        year = _reporting_year(partnership, {}, as_of)
    if year is not None:
        return f"{template.label}, {year_label(partnership, year)}"
    return f"{template.label}, {format_long_date(as_of)}"


def build(partnership, kind: str, *, as_of: datetime.date, options: dict, narrative: dict,
          title: str = "", public: bool = False,
          recorded_by: datetime.datetime | None = None) -> dict:
    """The document (pif/reports/document.py) of a report of ``kind`` on ``partnership``
    as it stood at the end of ``as_of``. ``options`` are checked with
    :func:`validate_options` (a ValidationError for anything not the partnership's);
    ``narrative`` holds the words written for the kind's narrative sections, by key. Built
    twice for the same day, the documents are identical but for ``built_at``. A fixed number
    of queries whatever the number of indicators. A ``public`` report takes in only what the
    public pages may show (see :class:`Context`); stat meeting memos are for members only.
    ``recorded_by`` is the moment the records are read at (``Report.recorded_by``), by
    default the end of ``as_of``: values, status, commentary, actions and risks as they were
    recorded then, for the periods ending by ``as_of``."""
    template = TEMPLATES[kind]
    if public and not template.can_be_public:
        raise ValidationError(f"A {template.label.lower()} is for members of the partnership: "
                              "make it for them, not for the public.")
    options = validate_options(partnership, kind, options)
    year = (_reporting_year(partnership, options, as_of)
            if "reporting_year" in template.needs else None)
    ctx = Context(partnership, template, as_of, options, dict(narrative or {}), year,
                  public=public, recorded_by=recorded_by)
    built = template.builder(ctx)
    due = template.due(partnership, year) if year is not None else None
    return {
        "format": FORMAT,
        "kind": template.kind, "kind_label": template.label,
        "title": title.strip() or default_title(partnership, template, as_of, year),
        "partnership": {"name": partnership.name, "short_name": partnership.short_name},
        "as_of": as_of.isoformat(), "as_of_label": format_long_date(as_of),
        "built_at": timezone.now().isoformat(),
        "statutory_basis": template.statutory_basis,
        "due": due.isoformat() if due else "", "due_label": day_label(due),
        "due_note": template.due_note if due else "",
        "reporting_year": year_label(partnership, year) if year is not None else "",
        "options": options,
        "public": public,
        "summary": built.summary,
        "sections": built.sections,
    }
