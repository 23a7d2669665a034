"""Every change to a report, actor first: making one, rebuilding a draft, writing its words,
signing it off (which publishes a report meant for the public), correcting a published one
and deleting a draft. Each checks the rules in pif/reports/rules/reports.py, including who may make
it, keeps history (`actor.stamp`, pif.history_writes), claims the report's version
(pif.editing) and writes an event a board member would want to read.

A report's content is built once by `pif.reports.kinds.build`, from the partnership as it
stood at the end of `as_of`, as recorded by `Report.recorded_by` (the end of that day, or
the moment the report was made if earlier; a correction moves it on), and kept: every
format is drawn from what was kept, so the report reads the same later. Writing a
section's words changes that section of the kept content only, leaving the figures as they
were built (and a 50-indicator report is not built again for a sentence).
"""

from __future__ import annotations

import copy
import datetime
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pif import history_writes
from pif.actors import Actor
from pif.editing import LoadedVersion, claim_version
from pif.lib.periods import format_long_date
from pif.partnerships.access import access_for
from pif.reports import as_of as as_of_records
from pif.reports import kinds, report_files
from pif.reports.kinds.options import FIRST_YEAR, LAST_YEAR
from pif.reports.models import Audience, Report, ReportCorrection, ReportState
from pif.reports.rules import reports as rules
from pif.rules import refuse

INDICATOR_OPTIONS = ("outcomes", "indicators")
NEEDS = ("outcomes", "indicators", "meeting", "locality", "reporting_year")


def may_change(actor: Actor, partnership) -> bool:
    """Editors and admins of the partnership, and the operator (command line, demo)."""
    if actor.is_operator:
        return True
    access = access_for(actor.user, partnership)
    return access is not None and access.can("edit")


def require_editor(actor: Actor, partnership) -> None:
    refuse(rules.check_role(may_change(actor, partnership)))


def selected_indicator_count(partnership, options: dict, public: bool = False) -> int:
    """How many of the partnership's indicators the chosen outcomes (with those below them)
    and indicators take in, as the builders read them (only published ones for a public
    report); with nothing chosen, how many the partnership has. A fixed number of queries
    whatever the plan holds."""
    from pif.measures.models import Indicator
    from pif.reports.kinds import selection

    _, ids = selection.chosen(selection.Plan(partnership), options)
    indicators = Indicator.objects.filter(partnership=partnership)
    if public:
        indicators = indicators.filter(published=True)
    return indicators.count() if ids is None else indicators.filter(pk__in=ids).count()


def _build(report: Report) -> dict:
    return kinds.build(report.partnership, report.kind, as_of=report.as_of,
                       options=report.options, narrative=report.narrative, title=report.title,
                       public=report.is_public, recorded_by=report.recorded_by)


def first_recorded_by(as_of: datetime.date, made_at: datetime.datetime | None = None
                      ) -> datetime.datetime:
    """The moment a new report reads the records at: the end of ``as_of``, or the moment
    it is made when that is earlier (a report on today), so building it again later reads
    the same values."""
    return min(as_of_records.end_of(as_of), made_at or timezone.now())


def title_or_default(partnership, kind: str, as_of, title: str, options: dict) -> str:
    """The title given, or the kind's one default title (kinds.default_title): the kind and
    the day, or an annual report's reporting year."""
    if title.strip() or kind not in kinds.TEMPLATES or as_of is None:
        return title
    year = options.get("reporting_year")
    try:
        year = int(str(year).strip()) if year not in (None, "") else None
    except ValueError:
        year = None  # refused by check_new
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        year = None
    return kinds.default_title(partnership, kind, as_of, year)


def check_new(partnership, kind: str, as_of, title: str, options: dict,
              audience: str = Audience.INTERNAL) -> dict:
    """Refuse a new report that breaks a rule, or return its options as kept: the pages, the
    command line (which may build a report without keeping it) and the schedules all ask
    this. A refused option is put on its field where the form has one."""
    refuse(rules.check_kind_known(kind, kinds.TEMPLATES))
    public = audience == Audience.PUBLIC
    refuse(rules.check_as_of(as_of, timezone.localdate()) + rules.check_title(title)
           + rules.check_audience(kinds.TEMPLATES[kind].can_be_public, public))
    try:
        options = kinds.validate_options(partnership, kind, options)
    except ValidationError as error:
        if hasattr(error, "error_dict") or getattr(error, "code", None) not in NEEDS:
            raise
        raise ValidationError({error.code: error.messages}) from None
    needs = set(kinds.TEMPLATES[kind].needs)
    if options.get("reporting_year") is not None:
        year = options["reporting_year"]
        refuse(rules.check_reporting_year(kinds.year_label(partnership, year),
                                          kinds.year_dates(partnership, year)[1], as_of))
    if needs & set(INDICATOR_OPTIONS):
        refuse(rules.check_has_indicators(
            selected_indicator_count(partnership, options, public), public))
    return options


@transaction.atomic
def create_report(actor: Actor, partnership, *, kind: str, as_of: datetime.date,
                  title: str = "", audience: str = Audience.INTERNAL,
                  options: dict | None = None, narrative: dict | None = None,
                  schedule=None) -> Report:
    """Build a report of `kind` as the partnership stood at the end of `as_of` (as recorded
    by then, or by now when that is earlier: `Report.recorded_by`), and keep it as a draft.
    The title defaults to the kind's (kinds.default_title)."""
    require_editor(actor, partnership)
    options = dict(options or {})
    title = title_or_default(partnership, kind, as_of, title, options)
    options = check_new(partnership, kind, as_of, title, options, audience)
    report = Report(partnership=partnership, kind=kind, title=title.strip(), as_of=as_of,
                    options=options, narrative=dict(narrative or {}), audience=audience,
                    schedule=schedule, created_by=actor.user)
    report.full_clean(exclude=["content", "schedule", "created_by", "signed_off_by"])
    report.built_at = timezone.now()
    report.recorded_by = first_recorded_by(as_of, report.built_at)
    report.content = _build(report)
    actor.stamp(report)
    report.save()
    actor.event(partnership, "report_built",
                f"Report “{report}” built, as things stood on {format_long_date(as_of)}",
                report)
    return report


def _keep_recorded_by(report: Report) -> None:
    """A report made before `recorded_by` was kept reads the records as at the moment it was
    first built (or the end of its day, if earlier), from now on."""
    if report.recorded_by is None:
        report.recorded_by = first_recorded_by(report.as_of, report.built_at
                                               or report.created or timezone.now())


@transaction.atomic
def rebuild_report(actor: Actor, report: Report, *, loaded_version: LoadedVersion) -> Report:
    """Build a draft again from its choices, as of the same day and read at the same moment
    (`recorded_by`), keeping its words: after an indicator was unpublished or a small
    number suppressed, say. A report on today rebuilt later reads the same figures."""
    require_editor(actor, report.partnership)
    refuse(rules.check_draft(report.state, "rebuild"))
    claim_version(report, loaded_version)
    report.built_at = timezone.now()
    _keep_recorded_by(report)
    report.content = _build(report)
    actor.stamp(report, "Rebuilt")
    report.save()
    actor.event(report.partnership, "report_built",
                f"Report “{report}” rebuilt, as things stood on "
                f"{format_long_date(report.as_of)}", report)
    return report


def narrative_sections(report: Report) -> dict:
    """The kind's sections of words, by key."""
    template = kinds.TEMPLATES.get(report.kind)
    return {section.key: section for section in (template.narrative_sections if template
                                                  else ())}


def missing_sections(report: Report) -> list[str]:
    """The headings of the required sections with no words yet."""
    return [section.heading for section in narrative_sections(report).values()
            if section.required and not (report.narrative.get(section.key) or "").strip()]


def _with_words(content: dict, narrative: dict) -> dict | None:
    """`content` with each narrative section's text from `narrative`, or None when a section
    is not in the kept content (built before the kind had it): then the report is built
    again."""
    content = copy.deepcopy(content)
    found = set()
    for section in content.get("sections", []):
        if section.get("type") == "narrative" and section.get("key") in narrative:
            section["text"] = narrative[section["key"]]
            found.add(section["key"])
    return content if found == set(narrative) else None


@transaction.atomic
def set_narrative(actor: Actor, report: Report, *, section_key: str, text: str,
                  loaded_version: LoadedVersion) -> Report:
    """Write (or change) the words of one section of a draft. Only that section of the kept
    content changes: the figures stay as built."""
    require_editor(actor, report.partnership)
    refuse(rules.check_draft(report.state, "narrative"))
    refuse(rules.check_section_known(section_key, narrative_sections(report)))
    claim_version(report, loaded_version)
    text = text.strip()
    report.narrative = {**report.narrative, section_key: text}
    content = _with_words(report.content, {section_key: text})
    if content is None:
        _keep_recorded_by(report)
        report.content = _build(report)
        report.built_at = timezone.now()
    else:
        report.content = content
    heading = narrative_sections(report)[section_key].heading
    actor.stamp(report, f"Words of “{heading}” written"[:80])
    report.save()
    return report


def _figures(content: dict) -> str:
    """What a report shows, beyond when it was built: its summary and sections, as kept."""
    return json.dumps({"summary": content.get("summary"),
                       "sections": content.get("sections")}, sort_keys=True, default=str)


@transaction.atomic
def sign_off(actor: Actor, report: Report, *, loaded_version: LoadedVersion) -> Report:
    """Sign off a draft. A report for the public is then published (on the public pages);
    an internal one is marked signed off. Either way it no longer changes, except a
    published one through a correction.

    A report for the public is built again first (same day, choices and moment): if that
    differs from what was kept (an indicator unpublished, a small number suppressed since),
    the sign-off is refused until it is rebuilt and read again."""
    partnership = report.partnership
    require_editor(actor, partnership)
    signer_is_editor = actor.user is not None and may_change(actor, partnership)
    refuse(rules.check_may_sign_off(state=report.state, audience=report.audience,
                                    signer_is_editor=signer_is_editor,
                                    missing_sections=missing_sections(report)))
    if report.is_public:
        _keep_recorded_by(report)
        try:
            now_built = _build(report)
        except ValidationError:  # a chosen outcome or indicator has gone since
            now_built = {}
        refuse(rules.check_content_current(_figures(now_built) != _figures(report.content)))
    claim_version(report, loaded_version)
    now = timezone.now()
    report.signed_off_by, report.signed_off_at = actor.user, now
    if report.is_public:
        report.state, report.published_at = ReportState.PUBLISHED, now
    else:
        report.state = ReportState.SIGNED_OFF
    actor.stamp(report, "Signed off")
    report.save()
    if report.is_public:
        actor.event(partnership, "report_published",
                    f"Report “{report}” signed off and published", report)
    else:
        actor.event(partnership, "report_signed_off", f"Report “{report}” signed off", report)
    return report


@transaction.atomic
def correct(actor: Actor, report: Report, *, reason: str, narrative: dict | None = None,
            loaded_version: LoadedVersion) -> ReportCorrection:
    """Correct a published report: build it again as of the same day, reading the records
    as they are now (`recorded_by` moves on, so a figure for that time corrected since is
    taken in), with its words changed as given, keeping what it said before
    on a correction that says why. The correction is shown on the report."""
    partnership = report.partnership
    require_editor(actor, partnership)
    refuse(rules.check_correction(report.state, reason))
    sections = narrative_sections(report)
    for key in narrative or {}:
        refuse(rules.check_section_known(key, sections))
    report.narrative = {**report.narrative, **{key: (text or "").strip() for key, text in
                                               (narrative or {}).items()}}
    refuse(rules.check_sections_written(report.audience, missing_sections(report),
                                        "correcting"))
    claim_version(report, loaded_version)
    previous = report.content
    report.built_at = timezone.now()
    # A correction reads the records as they are now: a figure fixed since is taken in.
    report.recorded_by = report.built_at
    report.content = _build(report)
    actor.stamp(report, "Corrected")
    report.save()
    report_files.clear(report)  # the public download is drawn again, corrected
    correction = ReportCorrection(report=report, reason=reason.strip(), made_by=actor.user,
                                  previous_content=previous)
    actor.stamp(correction)
    correction.save()
    actor.event(partnership, "report_corrected",
                f"Published report “{report}” corrected, rebuilt as things stood on "
                f"{format_long_date(report.as_of)}: {reason.strip()}"[:500], report)
    return correction


@transaction.atomic
def delete_report(actor: Actor, report: Report) -> None:
    """Delete a draft. A report once signed off is kept."""
    require_editor(actor, report.partnership)
    refuse(rules.check_draft(report.state, "delete"))
    history_writes.delete(actor, report)

