"""The signed-in report pages: the list, the reporting calendar, making a report, reading it
and downloading it, writing its words, rebuilding a draft, signing it off, correcting a
published one and deleting a draft. Every change goes through pif.reports.services.reports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html

from pif import paging
from pif.actors import Actor
from pif.confirming import confirm_removal
from pif.form_pages import form_page, posted
from pif.lib.periods import format_long_date
from pif.lib.text import parse_id
from pif.partnerships.access import Access, partnership_view
from pif.partnerships.names import known_names
from pif.reports import calendar, kinds
from pif.reports import render as rendering
from pif.reports.forms.reports import (
    CorrectionForm,
    KindForm,
    NarrativeForm,
    NewReportForm,
    RebuildForm,
    ReportFilter,
    SignOffForm,
)
from pif.reports.models import Publication, Report, ReportKind, ReportState
from pif.reports.services import reports as services
from pif.times import format_time

T = "reports/"
CHOSEN = "chosen"  # sent by the kind chooser's Continue button
REPORTS_PAGE_SIZE = 50  # rows on a page of the list, read by position (pif.paging)


def url(name: str, access: Access, *args) -> str:
    return reverse(name, args=[access.partnership.short_name, *args])


def get_report(access: Access, report_id: int) -> Report:
    return get_object_or_404(Report.objects.select_related("partnership", "signed_off_by",
                                                           "created_by"),
                             pk=report_id, partnership=access.partnership)


PAGES_NOT_PUBLISHED = ("Your public pages are not published yet: the report appears there "
                       "once they are.")


def _pages_not_published(access: Access, report: Report) -> bool:
    """Whether a report for the public has nowhere to appear yet: the public pages show
    a report only once the partnership has published them (pif.reports.public_access)."""
    return (report.is_public
            and not Publication.objects.filter(partnership=access.partnership).exists())


def _day(day) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


# The list and the calendar --------------------------------------------------------------

@partnership_view("read")
def reports(request: HttpRequest, access: Access) -> HttpResponse:
    filters = ReportFilter(request.GET)
    rows = Report.objects.filter(partnership=access.partnership).only(
        "pk", "partnership_id", "kind", "title", "as_of", "state", "audience",
        "signed_off_at", "published_at", "created")
    if filters.values["kind"]:
        rows = rows.filter(kind=filters.values["kind"])
    if filters.values["state"]:
        rows = rows.filter(state=filters.values["state"])
    count = rows.count()

    def read(position, older: bool, limit: int) -> list[Report]:
        chosen = rows
        if position is not None:
            chosen = chosen.filter(paging.beyond(position.as_of, position.report_id,
                                                 older=older, time_field="as_of",
                                                 id_field="id"))
        order = ("-as_of", "-id") if older else ("as_of", "id")
        return list(chosen.order_by(*order)[:limit])

    page = paging.read_page(read, ReportPosition.of, limit=REPORTS_PAGE_SIZE,
                            **paging.positions(request.GET, ReportPosition.decode))
    filtered = bool(filters.values["kind"] or filters.values["state"])
    return render(request, T + "list.html", {
        "filters": filters, "rows": page.rows, "filtered": filtered,
        "count_words": f"{count:,} report{'s' if count != 1 else ''}",
        **paging.links(page, {"kind": filters.values["kind"],
                              "state": filters.values["state"]}),
        "schedules_url": _url_if_any("report_schedules", access),
        "publishing_url": _url_if_any("publishing", access)})


@dataclass(frozen=True)
class ReportPosition:
    """Where a report sits in the list (pif.paging): by the day it shows, then by id, the
    latest first."""

    as_of: datetime.date
    report_id: int

    def encode(self) -> str:
        moment = datetime.datetime.combine(self.as_of, datetime.time.min, tzinfo=datetime.UTC)
        return paging.encode(moment, self.report_id)

    @classmethod
    def decode(cls, text) -> ReportPosition | None:
        """The position a page link names, or None for anything malformed."""
        parts = paging.decode(text, 2)
        if parts is None or parse_id(parts[1]) is None:
            return None
        return cls(parts[0].date(), parse_id(parts[1]))

    @classmethod
    def of(cls, report: Report) -> ReportPosition:
        return cls(report.as_of, report.pk)


def _url_if_any(name: str, access: Access) -> str:
    """The address of another area's page, if it is there and this member may open it."""
    try:
        address = url(name, access)
    except NoReverseMatch:  # another area's page, not there in every installation
        return ""
    return address if access.can_open(address) else ""


@partnership_view("read")
def report_calendar(request: HttpRequest, access: Access) -> HttpResponse:
    today = timezone.localdate()
    made = calendar.made_by(access.partnership)
    rows = [{"entry": entry, **_what_to_do(access, entry)}
            for entry in calendar.entries(access.partnership, today, statutory=made)]
    statutory = [template for template in kinds.TEMPLATES.values()
                 if template.due_rule is not None]
    return render(request, T + "calendar.html", {
        "rows": rows, "today": today, "schedules_url": _url_if_any("report_schedules", access),
        "made": [_in_a_sentence(t.label) for t in statutory if t.kind in made],
        "left_out": [_in_a_sentence(t.label) for t in statutory if t.kind not in made],
        "settings_url": _url_if_any("report_settings", access)})


def _in_a_sentence(label: str) -> str:
    """"Annual LOIP progress report" as it reads after "the"."""
    return label[:1].lower() + label[1:]


def _what_to_do(access: Access, entry) -> dict:
    """What to do for one date on the calendar: words, and a link if this member may open
    it."""
    short_name = access.partnership.short_name
    if entry.source == calendar.STATUTORY:
        if entry.report_id and entry.report_state == ReportState.DRAFT:
            return {"what": "A draft is made: write its sections, check it and sign it off.",
                    "link": url("report", access, entry.report_id),
                    "link_text": "Open the draft"}
        if entry.report_id:
            return {"what": f"Done: {entry.report_state_label.lower()}.",
                    "link": url("report", access, entry.report_id),
                    "link_text": "Read the report"}
        if access.can_edit:
            return {"what": "Make the report in good time, write the sections PIF cannot "
                            "fill in, then sign it off.",
                    "link": f"{url('report_new', access)}?kind={entry.kind}"
                            f"&reporting_year={entry.reporting_year}",
                    "link_text": "Make the report"}
        return {"what": "Not made yet: an editor makes it.", "link": "", "link_text": ""}
    if entry.source == calendar.SCHEDULED:
        return {"what": "PIF makes this report early that morning and emails it.",
                "link": _url_if_any("report_schedules", access), "link_text": "See schedules"}
    name = ("meeting_briefing" if entry.kind == ReportKind.MEETING_MEMO
            else "follow_up_memo")
    words = ("Draft and issue the briefing memo before the meeting."
             if entry.kind == ReportKind.MEETING_MEMO
             else "Record what the meeting agreed and issue the follow-up memo.")
    try:
        link = reverse(name, args=[short_name, entry.meeting_id])
    except NoReverseMatch:
        link = ""
    return {"what": words, "link": link if link and access.can_open(link) else "",
            "link_text": "Open the memo"}


# Making a report ---------------------------------------------------------------------------

@partnership_view("edit")
def report_new(request: HttpRequest, access: Access) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    kind = source.get("kind", "")
    if kind not in kinds.TEMPLATES:
        # The chooser's Continue sends `chosen`, so Continue with no kind chosen (no `kind`
        # in the address) says what to do rather than showing the question again.
        asked = "kind" in request.GET or CHOSEN in request.GET
        chooser = KindForm(request.GET if asked else None)
        if chooser.is_bound:
            chooser.is_valid()  # shows "Choose the kind of report"
        return render(request, T + "new_kind.html", {"form": chooser, "chosen": CHOSEN,
                                                     "back_url": url("reports", access)})
    template = kinds.TEMPLATES[kind]
    form = NewReportForm(access.partnership, kind, posted(request),
                         initial=_prefill(request, template))

    def save(form):
        data = form.cleaned_data
        return services.create_report(
            Actor.from_request(request), access.partnership, kind=kind, as_of=data["as_of"],
            title=data.get("title") or "", audience=data["audience"], options=form.options)

    return form_page(
        request, form, save, success=_made_words, next_url=Report.get_absolute_url,
        what="this report", template=T + "new.html",
        context={"title": f"New report: {template.label}", "template": template,
                 "kind_url": url("report_new", access), "back_url": url("reports", access),
                 "back_label": "the reports", "button": "Make the report"})


def _prefill(request: HttpRequest, template) -> dict:
    """Choices given in the address (?kind=meeting-memo&meeting=12), so a page elsewhere
    can link to a report of its own record; the form checks them as any other."""
    initial = {}
    for name in ("meeting", "locality", "reporting_year"):
        if name in template.needs and request.GET.get(name):
            initial[name] = request.GET[name][:150]
    return initial


def _made_words(report: Report) -> str:
    words = "Report made. Read it through"
    if services.narrative_sections(report):
        words += ", write the sections PIF cannot fill in"
    return words + ", then sign it off."


# Reading and downloading -----------------------------------------------------------------

@partnership_view("read")
def report(request: HttpRequest, access: Access, report_id: int) -> HttpResponse:
    report = get_report(access, report_id)
    names = known_names(access.partnership)
    corrections = list(report.corrections.select_related("made_by"))
    for correction in corrections:
        correction.made_by_name = names.of(correction.made_by, nobody="An operator")
    sections = services.narrative_sections(report)
    is_draft = report.state == ReportState.DRAFT
    unpublished_pages = report.is_published and _pages_not_published(access, report)
    return render(request, T + "detail.html", {
        "pages_not_published": PAGES_NOT_PUBLISHED if unpublished_pages else "",
        "publishing_url": _url_if_any("publishing", access) if unpublished_pages else "",
        "report": report, "document": report.content, "corrections": corrections,
        "signed_off_by_name": names.of(report.signed_off_by, nobody="an operator"),
        "created_by_name": names.of(report.created_by, nobody="the command line or a "
                                    "schedule"),
        "signed_off_words": format_time(report.signed_off_at) if report.signed_off_at
        else "", "built_words": format_time(report.built_at) if report.built_at else "",
        "first_built_words": format_long_date(timezone.localtime(report.created)),
        "corrected_words": (format_long_date(timezone.localtime(corrections[-1].made_at))
                            if corrections else ""),
        "narrative": [{"key": key, "heading": section.heading, "required": section.required,
                       "written": bool((report.narrative.get(key) or "").strip())}
                      for key, section in sections.items()],
        "missing": services.missing_sections(report), "is_draft": is_draft,
        "formats": _formats(),
        "next_words": _next_words(access, report, is_draft, unpublished_pages)})


def _formats() -> list[tuple[str, str]]:
    labels = {"pdf": "PDF", "html": "Web page (HTML)", "xlsx": "Excel spreadsheet"}
    return [(fmt, labels.get(fmt, fmt.upper())) for fmt in rendering.FORMATS]


def _next_words(access: Access, report: Report, is_draft: bool,
                unpublished_pages: bool = False) -> str:
    if not access.can_edit:
        if report.is_published and unpublished_pages:
            return ("This report is signed off for the public. It appears on the "
                    "partnership's public pages once they are published.")
        if report.is_published:
            return "This report is published on the partnership's public pages."
        return ("Read the report, or download it to share it. Editors write its sections, "
                "sign it off and correct it.")
    if is_draft:
        missing = services.missing_sections(report)
        if missing and report.is_public:
            return ("Write the sections that still need words, then sign the report off: "
                    "signing it off publishes it on the public pages.")
        if report.is_public:
            return "Check the report, then sign it off: signing it off publishes it."
        return "Check the report, then sign it off, or download it to share it."
    if report.is_published and unpublished_pages:
        return ("Publish the public pages so the public can read the report. If something "
                "in it is wrong, correct it: the correction is shown on the report with its "
                "reason.")
    if report.is_published:
        return ("The report is published. If something in it is wrong, correct it: the "
                "correction is shown on the report with its reason.")
    return "The report is signed off and will not change. Download it to share it."


@partnership_view("read")
def report_download(request: HttpRequest, access: Access, report_id: int, fmt: str
                    ) -> HttpResponse:
    if fmt not in rendering.FORMATS:
        raise Http404("Download a report as PDF, HTML or Excel")
    report = get_report(access, report_id)
    return rendering.respond(report.content, fmt, _filename_stem(report),
                             final=report.state != "draft")


def _filename_stem(report: Report) -> str:
    from django.utils.text import slugify

    return f"{slugify(report.title)[:80] or 'report'}-{report.as_of:%Y-%m-%d}"


# Changing a report -----------------------------------------------------------------------

def _draft_only_page(request, access, report, doing: str) -> HttpResponse | None:
    """When the report is no longer a draft, a page saying so (the service refuses too)."""
    if report.state == ReportState.DRAFT:
        return None
    from pif.reports.rules import reports as rules

    finding = rules.check_draft(report.state, doing)[0]
    return render(request, T + "not_draft.html", {"report": report, "message": finding.message})


@partnership_view("edit")
def report_narrative(request: HttpRequest, access: Access, report_id: int, section_key: str
                     ) -> HttpResponse:
    report = get_report(access, report_id)
    section = services.narrative_sections(report).get(section_key)
    if section is None:
        raise Http404("This report has no such section")
    refused = _draft_only_page(request, access, report, "narrative")
    if refused:
        return refused
    form = NarrativeForm(posted(request), record=report, section=section,
                         initial={"text": report.narrative.get(section_key, "")})

    def save(form):
        return services.set_narrative(Actor.from_request(request), report,
                                      section_key=section_key,
                                      text=form.cleaned_data["text"],
                                      loaded_version=form.loaded_version)

    return form_page(request, form, save, success=f"“{section.heading}” saved.",
                     next_url=report.get_absolute_url(), what="this report",
                     template=T + "narrative.html",
                     context={"report": report, "section": section,
                              "title": section.heading, "back_url": report.get_absolute_url(),
                              "back_label": "the report"})


@partnership_view("edit")
def report_rebuild(request: HttpRequest, access: Access, report_id: int) -> HttpResponse:
    report = get_report(access, report_id)
    refused = _draft_only_page(request, access, report, "rebuild")
    if refused:
        return refused
    form = RebuildForm(posted(request), record=report)
    return form_page(request, form, lambda form: services.rebuild_report(
        Actor.from_request(request), report, loaded_version=form.loaded_version),
        success="Report rebuilt. Your words are kept.", next_url=report.get_absolute_url(),
        what="this report", template=T + "rebuild.html",
        context={"report": report, "as_of_words": _day(report.as_of)})


@partnership_view("edit")
def report_sign_off(request: HttpRequest, access: Access, report_id: int) -> HttpResponse:
    report = get_report(access, report_id)
    form = SignOffForm(posted(request), record=report)
    unpublished_pages = _pages_not_published(access, report)
    if unpublished_pages:
        done = f"Report signed off for the public. {PAGES_NOT_PUBLISHED}"
    elif report.is_public:
        done = format_html(
            'Report signed off and published on the public pages. <a class="govuk-link '
            'govuk-notification-banner__link" href="{}">Read it on the public pages</a>.',
            reverse("public_report", args=[access.partnership.short_name, report.pk]))
    else:
        done = "Report signed off."
    return form_page(request, form, lambda form: services.sign_off(
        Actor.from_request(request), report, loaded_version=form.loaded_version),
        success=done, next_url=report.get_absolute_url(), what="this report",
        template=T + "sign_off.html",
        context={"report": report, "missing": services.missing_sections(report),
                 "missing_sections": [
                     {"key": key, "heading": section.heading}
                     for key, section in services.narrative_sections(report).items()
                     if section.required and not (report.narrative.get(key) or "").strip()],
                 "is_draft": report.state == ReportState.DRAFT,
                 "pages_not_published": PAGES_NOT_PUBLISHED if unpublished_pages else "",
                 "publishing_url": _url_if_any("publishing", access)
                 if unpublished_pages else ""})


@partnership_view("edit")
def report_correct(request: HttpRequest, access: Access, report_id: int) -> HttpResponse:
    report = get_report(access, report_id)
    sections = services.narrative_sections(report).values()
    form = CorrectionForm(posted(request), record=report, sections=sections,
                          narrative=report.narrative)

    def save(form):
        return services.correct(Actor.from_request(request), report,
                                reason=form.cleaned_data["reason"], narrative=form.narrative,
                                loaded_version=form.loaded_version)

    return form_page(request, form, save,
                     success="Correction made. It is shown on the report with its reason.",
                     next_url=report.get_absolute_url(), what="this report",
                     template=T + "correct.html",
                     context={"report": report, "as_of_words": _day(report.as_of),
                              "is_published": report.is_published})


@partnership_view("edit")
def report_delete(request: HttpRequest, access: Access, report_id: int) -> HttpResponse:
    report = get_report(access, report_id)
    return confirm_removal(
        request, remove=lambda: services.delete_report(Actor.from_request(request), report),
        done=f"Report “{report}” deleted.", next_url=url("reports", access),
        template=T + "delete.html",
        context={"report": report, "cancel_url": report.get_absolute_url()})
