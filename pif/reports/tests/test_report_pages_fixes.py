"""The report pages as the browser journeys found them: Continue with no kind chosen says
what to do; the forms' added fields are drawn in GOV.UK style; the new report page says
where Cancel goes and what its button does; and signing off a report for the public before
the public pages were ever published says where the report will appear."""

import html
import re

import pytest
from django.urls import reverse

from pif.measures.testing import make_indicator
from pif.reports.forms.reports import CorrectionForm, NewReportForm
from pif.reports.models import Audience, ReportKind, ReportState
from pif.reports.services import reports as services
from pif.reports.testing import built_report, make_publication

pytestmark = pytest.mark.django_db
NOT_PUBLISHED = "Your public pages are not published yet: the report appears there once " \
                "they are."


def u(name, *args):
    return reverse(name, args=["alpha", *args])


@pytest.fixture
def indicators(world):
    return [make_indicator(world.partnership, owner=world.council, code=f"IND-{n}",
                           values=[50 + n, 52, 51, 55], published=True) for n in range(2)]


def test_continue_with_no_kind_chosen_shows_the_error_summary(client, world):
    client.force_login(world.editor)
    text = client.get(u("report_new")).content.decode()
    assert 'name="chosen"' in text and "govuk-error-summary" not in text
    text = client.get(u("report_new"), {"chosen": "1"}).content.decode()
    assert "govuk-error-summary" in text and "Choose the kind of report" in text
    assert "<title>Error: " in text
    text = client.get(u("report_new"), {"chosen": "1", "kind": "board"}).content.decode()
    assert "New report: Board report" in text


def test_the_new_report_page_says_where_cancel_goes_and_what_the_button_does(client, world,
                                                                              indicators):
    client.force_login(world.editor)
    text = client.get(u("report_new"), {"kind": "board"}).content.decode()
    assert "Cancel and go back to the reports" in text
    assert ">Make the report</button>" in text


def test_the_options_and_the_correction_boxes_have_govuk_classes(world, indicators):
    form = NewReportForm(world.partnership, ReportKind.BOARD)
    assert form["indicators"].kind == "checkboxes" and form["outcomes"].kind == "checkboxes"
    annual = NewReportForm(world.partnership, ReportKind.LOCALITY_PROGRESS)
    assert "govuk-select" in annual.fields["locality"].widget.attrs["class"]
    assert "govuk-select" in annual.fields["reporting_year"].widget.attrs["class"]
    report = built_report(world.partnership, ReportKind.LOIP_PROGRESS, "LOIP",
                          audience=Audience.PUBLIC, state=ReportState.PUBLISHED)
    sections = services.narrative_sections(report).values()
    correction = CorrectionForm(record=report, sections=sections,
                                narrative={"participation": "The panel met."})
    boxes = [name for name in correction.fields if name.startswith("narrative_")]
    assert boxes and all("govuk-textarea" in correction.fields[name].widget.attrs["class"]
                         for name in boxes)
    assert correction["narrative_participation"].value() == "The panel met."
    assert "version" in correction.fields


def test_the_new_report_page_draws_the_options_as_govuk_checkboxes(client, world,
                                                                   indicators):
    client.force_login(world.editor)
    text = client.get(u("report_new"), {"kind": "board"}).content.decode()
    assert re.search(r'class="govuk-checkboxes__input"[^>]*name="indicators"', text)


def test_the_correct_page_draws_its_boxes_as_govuk_textareas(client, world, indicators):
    report = built_report(world.partnership, ReportKind.LOIP_PROGRESS, "LOIP",
                          audience=Audience.PUBLIC, state=ReportState.PUBLISHED)
    client.force_login(world.editor)
    text = client.get(u("report_correct", report.pk)).content.decode()
    assert 'id="id_narrative_participation"' in text
    assert text.count('class="govuk-textarea') >= 1 + len(
        services.narrative_sections(report))


def signed_off_public(world):
    report = built_report(world.partnership, ReportKind.LOIP_PROGRESS, "LOIP",
                          audience=Audience.PUBLIC,
                          narrative={"participation": "The panel met six times."})
    return report


def test_signing_off_before_the_pages_are_published_says_where_it_will_appear(
        client, world, indicators):
    report = signed_off_public(world)
    client.force_login(world.editor)
    text = client.get(u("report_sign_off", report.pk)).content.decode()
    assert NOT_PUBLISHED in text and u("publishing") in text
    response = client.post(u("report_sign_off", report.pk), {"version": 1, "confirm": "on"},
                           follow=True)
    text = response.content.decode()
    report.refresh_from_db()
    assert report.state == ReportState.PUBLISHED
    assert "Report signed off for the public. " + NOT_PUBLISHED in text  # the banner
    assert text.count(NOT_PUBLISHED) == 2 and u("publishing") in text
    assert "Publish the public pages so the public can read the report" in text
    client.force_login(world.viewer)
    text = html.unescape(client.get(u("report", report.pk)).content.decode())
    assert NOT_PUBLISHED in text
    assert "It appears on the partnership's public pages once they are published" in text


def test_once_the_pages_are_published_the_report_page_says_nothing_of_it(client, world,
                                                                         indicators):
    make_publication(world.partnership)
    report = signed_off_public(world)
    client.force_login(world.editor)
    assert NOT_PUBLISHED not in client.get(u("report_sign_off", report.pk)).content.decode()
    response = client.post(u("report_sign_off", report.pk), {"version": 1, "confirm": "on"},
                           follow=True)
    text = response.content.decode()
    assert "Report signed off and published on the public pages." in text
    assert NOT_PUBLISHED not in text


def test_a_report_for_members_never_mentions_the_public_pages(client, world, indicators):
    report = built_report(world.partnership)
    client.force_login(world.editor)
    assert NOT_PUBLISHED not in client.get(u("report_sign_off", report.pk)).content.decode()
