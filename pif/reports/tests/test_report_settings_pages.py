"""Which statutory reports the partnership makes: the setting (admins only, kept in
history, with an event; a stale edit refused), and the reporting calendar showing only
those, saying which it leaves out and how to change that."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pif.actors import COMMAND_LINE, Actor
from pif.editing import PROGRAM_CHANGE, EditConflict
from pif.partnerships.models import Event
from pif.reports import calendar
from pif.reports.models import ReportingSettings, ReportKind
from pif.reports.services import settings as services
from pif.reports.testing import make_report

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 5)
IJB = "Integration joint board annual performance report"
SPI = "Statutory performance information report"
LOIP = "Annual LOIP progress report"


def u(name, *args):
    return reverse(name, args=["alpha", *args])


def titles(world, **kwargs) -> set[str]:
    return {entry.title.split(",")[0] for entry in
            calendar.entries(world.partnership, TODAY, **kwargs)}


# The calendar ----------------------------------------------------------------------------

def test_a_partnership_makes_the_loip_and_locality_reports_until_told_otherwise(world):
    made = calendar.made_by(world.partnership)
    assert made == {ReportKind.LOIP_PROGRESS, ReportKind.LOCALITY_PROGRESS}
    shown = titles(world, statutory=made)
    assert LOIP in shown and IJB not in shown and SPI not in shown
    assert not ReportingSettings.objects.exists()  # reading never writes


def test_the_calendar_shows_only_the_statutory_reports_chosen(world):
    services.set_statutory_reports(COMMAND_LINE, world.partnership,
                                   statutory_reports=[ReportKind.IJB_PERFORMANCE],
                                   loaded_version=0)
    shown = titles(world, statutory=calendar.made_by(world.partnership))
    assert IJB in shown and LOIP not in shown
    assert not titles(world, statutory=[])  # none made: no statutory dates
    assert IJB in titles(world) and SPI in titles(world)  # None: every one


def test_another_partnerships_setting_does_not_change_this_calendar(world):
    services.set_statutory_reports(COMMAND_LINE, world.other_partnership,
                                   statutory_reports=[ReportKind.SPI], loaded_version=0)
    assert calendar.made_by(world.partnership) == {ReportKind.LOIP_PROGRESS,
                                                   ReportKind.LOCALITY_PROGRESS}


def test_the_calendar_page_leaves_out_the_reports_not_made_and_says_so(client, world):
    make_report(world.partnership, kind=ReportKind.SPI, title="SPI draft")
    client.force_login(world.viewer)
    text = client.get(u("report_calendar")).content.decode()
    assert f"{IJB}, 20" not in text and f"{SPI}, 20" not in text  # no Overdue rows
    assert f"{LOIP}, 20" in text
    assert "Left out: the integration joint board annual performance report and the " \
           "statutory performance information report." in text
    assert u("report_settings") not in text and "A partnership admin can change" in text
    client.force_login(world.admin)
    text = client.get(u("report_calendar")).content.decode()
    assert u("report_settings") in text


def test_the_calendar_page_takes_the_same_queries_once_settings_are_saved(client, world):
    client.force_login(world.viewer)
    with CaptureQueriesContext(connection) as before:
        assert client.get(u("report_calendar")).status_code == 200
    services.set_statutory_reports(COMMAND_LINE, world.partnership,
                                   statutory_reports=[ReportKind.SPI], loaded_version=0)
    for number in range(5):
        make_report(world.partnership, kind=ReportKind.SPI, title=f"SPI {number}")
    with CaptureQueriesContext(connection) as after:
        assert client.get(u("report_calendar")).status_code == 200
    assert len(after) == len(before)


# The service -----------------------------------------------------------------------------

def test_an_admin_saves_them_in_history_with_an_event(world):
    saved = services.set_statutory_reports(
        Actor(world.admin), world.partnership,
        statutory_reports=[ReportKind.SPI, ReportKind.LOIP_PROGRESS, ReportKind.SPI],
        loaded_version=0)
    assert saved.statutory_reports == [ReportKind.LOIP_PROGRESS, ReportKind.SPI]
    assert ReportingSettings.history.latest().history_user == world.admin
    event = Event.objects.get(verb="report_settings_changed")
    assert event.actor == world.admin and "Annual LOIP progress report and " in \
        event.description


def test_only_an_admin_changes_them_and_only_to_statutory_kinds(world):
    with pytest.raises(ValidationError, match="Only the partnership's admins"):
        services.set_statutory_reports(Actor(world.editor), world.partnership,
                                       statutory_reports=[], loaded_version=0)
    with pytest.raises(ValidationError, match="Choose only statutory reports"):
        services.set_statutory_reports(Actor(world.admin), world.partnership,
                                       statutory_reports=["board"], loaded_version=0)
    with pytest.raises(ValidationError):
        services.set_statutory_reports(Actor(world.outsider), world.partnership,
                                       statutory_reports=[], loaded_version=0)
    assert not ReportingSettings.objects.exists()


def test_a_stale_version_is_refused(world):
    services.set_statutory_reports(COMMAND_LINE, world.partnership, statutory_reports=[],
                                   loaded_version=0)
    with pytest.raises(EditConflict):
        services.set_statutory_reports(Actor(world.admin), world.partnership,
                                       statutory_reports=[ReportKind.SPI], loaded_version=0)
    services.set_statutory_reports(Actor(world.admin), world.partnership,
                                   statutory_reports=[ReportKind.SPI],
                                   loaded_version=PROGRAM_CHANGE)
    assert ReportingSettings.objects.get().version == 2


# The page --------------------------------------------------------------------------------

def test_only_admins_open_the_page(client, world):
    for person in (world.viewer, world.contributor, world.editor):
        client.force_login(person)
        assert client.get(u("report_settings")).status_code == 403
    client.force_login(world.outsider)
    assert client.get(u("report_settings")).status_code in (403, 404)
    client.force_login(world.admin)
    text = client.get(u("report_settings")).content.decode()
    assert "Statutory reports the partnership makes" in text
    assert "Public Bodies (Joint Working) (Scotland) Act 2014, section 42" in text
    assert 'name="version" value="0"' in text
    assert text.count("checked") == 2  # the defaults: LOIP and locality reports


def test_an_admin_saves_and_a_stale_form_shows_the_conflict(client, world):
    client.force_login(world.admin)
    response = client.post(u("report_settings"), {"version": "0",
                                                  "statutory_reports": ["spi"]})
    assert response.status_code == 302 and response["Location"] == u("report_calendar")
    assert ReportingSettings.objects.get().statutory_reports == ["spi"]
    services.set_statutory_reports(COMMAND_LINE, world.partnership,
                                   statutory_reports=["ijb-performance"],
                                   loaded_version=PROGRAM_CHANGE)
    stale = client.post(u("report_settings"), {"version": "1",
                                               "statutory_reports": ["loip-progress"]})
    text = stale.content.decode()
    assert stale.status_code == 200 and "govuk-error-summary" in text
    assert ReportingSettings.objects.get().statutory_reports == ["ijb-performance"]


def test_none_chosen_is_saved_and_odd_input_is_refused_without_a_server_error(client,
                                                                               world):
    client.force_login(world.admin)
    assert client.post(u("report_settings"), {"version": "0"}).status_code == 302
    assert ReportingSettings.objects.get().statutory_reports == []
    odd = client.post(u("report_settings"), {"version": "1",
                                             "statutory_reports": ["board", "<b>"]})
    assert odd.status_code == 200
    assert "Choose only statutory reports from the list" in odd.content.decode()
    assert client.post(u("report_settings"), {"version": "x"}).status_code == 200
    assert client.post(u("report_settings"), {}).status_code == 200
    assert ReportingSettings.objects.get().statutory_reports == []
