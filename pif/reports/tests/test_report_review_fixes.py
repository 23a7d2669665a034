"""Review fixes to the report services: a public report is signed off only as it would be
built now; a report reads the values as recorded at `Report.recorded_by` (kept by a
rebuild, moved on by a correction); a correction keeps the required sections written;
oversized ids are refused plainly on every path; an annual report is on a year that had
ended; the one default title."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from pif.actors import Actor
from pif.lib.periods import Period
from pif.measures.models import Observation
from pif.measures.testing import make_indicator
from pif.reports import kinds
from pif.reports.forms.reports import year_choices
from pif.reports.forms.schedules import ScheduleForm
from pif.reports.kinds.base import last_complete_year, year_label
from pif.reports.models import Audience, ReportKind
from pif.reports.services import reports as services

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 15)
BEFORE = timezone.make_aware(datetime.datetime(2026, 11, 10, 12, 0))
VALUES = [30, 31, 30, 29, 31, 30, 30, 29, 31, 30, 20, 19]  # November 2025 to October 2026
HUGE = "99999999999999999999999"


def backdate() -> None:
    Observation.history.all().update(history_date=BEFORE)


@pytest.fixture
def indicators(world):
    made = [make_indicator(world.partnership, owner=world.council, code=f"PUB-{n}",
                           title=f"Published indicator {n}", published=True, values=VALUES,
                           first_period=Period.month(2025, 11)) for n in (1, 2)]
    backdate()
    return made


def make(world, kind=ReportKind.SCORECARD, as_of=DAY, audience=Audience.PUBLIC, **fields):
    return services.create_report(Actor(world.editor), world.partnership, kind=kind,
                                  as_of=as_of, audience=audience, **fields)


def values(report, code="PUB-1") -> str:
    rows = report.content["sections"][0]["rows"]
    return next(row["value"] for row in rows if row["code"] == code)


def correct_october(indicator, value) -> None:
    october = Observation.objects.get(indicator=indicator, period=Period.month(2026, 10).key)
    october.value = value
    october.save()


# A1: sign-off checks the report is as it would be built now ------------------------------

def test_a_public_report_is_not_signed_off_after_an_indicator_is_unpublished(world,
                                                                              indicators):
    editor = Actor(world.editor)
    report = make(world)
    hidden = indicators[1]
    hidden.published = False
    hidden.save()
    with pytest.raises(ValidationError) as refused:
        services.sign_off(editor, report, loaded_version=report.version)
    assert "rebuild it, check it, then sign it off" in str(refused.value)
    report.refresh_from_db()
    assert report.state == "draft" and "PUB-2" in str(report.content)
    services.rebuild_report(editor, report, loaded_version=report.version)
    services.sign_off(editor, report, loaded_version=report.version)
    report.refresh_from_db()
    assert report.state == "published"
    assert "PUB-2" not in str(report.content) and "PUB-1" in str(report.content)


def test_an_unchanged_public_report_is_signed_off(world, indicators):
    report = make(world)
    services.sign_off(Actor(world.editor), report, loaded_version=report.version)
    assert report.state == "published"


# A2: values as recorded at recorded_by ---------------------------------------------------

def test_a_value_corrected_since_comes_in_on_a_correction_not_a_rebuild(world, indicators):
    editor = Actor(world.editor)
    report = make(world)
    assert report.recorded_by == services.as_of_records.end_of(DAY)
    assert values(report) == "19.0%"
    correct_october(indicators[0], 45)
    services.rebuild_report(editor, report, loaded_version=report.version)
    assert values(report) == "19.0%"
    services.sign_off(editor, report, loaded_version=report.version)
    services.correct(editor, report, reason="October was corrected",
                     loaded_version=report.version)
    report.refresh_from_db()
    assert values(report) == "45.0%"
    assert report.recorded_by > services.as_of_records.end_of(DAY)


def test_a_report_on_today_rebuilt_after_a_later_entry_reads_the_same(world, indicators):
    today = timezone.localdate()
    report = make(world, as_of=today, audience=Audience.INTERNAL)
    assert report.recorded_by <= timezone.now()
    assert values(report) == "19.0%"
    correct_october(indicators[0], 45)
    services.rebuild_report(Actor(world.editor), report, loaded_version=report.version)
    assert values(report) == "19.0%"
    # Built afresh for the end of today, the later entry is read: the rebuild kept the moment.
    fresh = kinds.build(world.partnership, "scorecard", as_of=today, options={},
                        narrative={})
    assert next(r["value"] for r in fresh["sections"][0]["rows"]
                if r["code"] == "PUB-1") == "45.0%"


# A3: a correction keeps the required sections written ------------------------------------

def test_a_correction_cannot_blank_a_required_section(world, indicators):
    editor = Actor(world.editor)
    report = make(world, kind=ReportKind.LOIP_PROGRESS)
    services.set_narrative(editor, report, section_key="participation",
                           text="The community panel met six times.",
                           loaded_version=report.version)
    services.sign_off(editor, report, loaded_version=report.version)
    with pytest.raises(ValidationError) as refused:
        services.correct(editor, report, reason="Tidying", narrative={"participation": " "},
                         loaded_version=report.version)
    assert "before correcting" in str(refused.value)
    report.refresh_from_db()
    assert report.narrative["participation"] == "The community panel met six times."
    assert report.corrections.count() == 0


# A4: oversized ids -------------------------------------------------------------------------

def test_an_oversized_id_is_refused_plainly_by_the_options_check(world, indicators):
    for options in ({"outcomes": [HUGE]}, {"indicators": [int(HUGE)]}, {"outcomes": ["-1"]}):
        with pytest.raises(ValidationError) as refused:
            kinds.validate_options(world.partnership, "board", options)
        assert "from the list" in str(refused.value)


def test_an_oversized_id_on_the_new_report_page_is_not_a_valid_choice(client, world,
                                                                      indicators):
    client.force_login(world.editor)
    for field in ("outcomes", "indicators"):
        response = client.post(reverse("report_new", args=["alpha"]), {
            "kind": "board", "as_of": "2026-10-31", "audience": "internal", "title": "",
            field: [HUGE]})
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()


def test_an_oversized_id_on_the_command_line_is_a_plain_error(world, indicators, tmp_path):
    with pytest.raises(CommandError) as failed:
        call_command("report", "board", "--partnership", "alpha", "--outcome", HUGE,
                     "--output", str(tmp_path / "board.html"), stdout=io.StringIO())
    assert "Choose outcomes from the list" in str(failed.value)
    assert not (tmp_path / "board.html").exists()


def test_an_oversized_id_on_the_schedule_form_is_not_a_valid_choice(world, indicators):
    form = ScheduleForm(world.partnership, data={
        "title": "Monthly", "kind": "board", "frequency": "monthly",
        "next_run_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
        "format": "pdf", "recipients": "", "indicators": [HUGE], "outcomes": [HUGE]})
    assert not form.is_valid()
    assert "Select a valid choice" in str(form.errors["indicators"])
    assert "Select a valid choice" in str(form.errors["outcomes"])


# A5: the reporting year has ended --------------------------------------------------------

def test_an_annual_report_on_a_year_not_ended_is_refused(world, indicators):
    current = last_complete_year(world.partnership, DAY) + 1
    with pytest.raises(ValidationError) as refused:
        make(world, kind=ReportKind.LOIP_PROGRESS, options={"reporting_year": current})
    assert "reporting_year" in refused.value.error_dict
    assert "Choose a year that had ended by then" in str(refused.value)
    made = make(world, kind=ReportKind.LOIP_PROGRESS,
                options={"reporting_year": current - 1})
    assert made.options["reporting_year"] == current - 1


def test_the_form_offers_only_years_that_have_ended(world):
    today = datetime.date(2026, 12, 5)
    offered = [int(value) for value, _ in year_choices(world.partnership, today)]
    assert offered[0] == 2025 and 2026 not in offered


# A15: the one default title --------------------------------------------------------------

def test_an_annual_report_is_titled_by_its_reporting_year(world, indicators, tmp_path):
    report = make(world, kind=ReportKind.LOIP_PROGRESS)
    year = last_complete_year(world.partnership, DAY)
    assert report.title == f"Annual LOIP progress report, {year_label(world.partnership, year)}"
    assert report.title == "Annual LOIP progress report, 2025/26"
    assert not hasattr(services, "default_title")
    out = io.StringIO()
    call_command("report", "loip-progress", "--partnership", "alpha", "--as-of",
                 DAY.isoformat(), "--output", str(tmp_path / "loip.html"), stdout=out)
    assert "Annual LOIP progress report, 2025/26" in out.getvalue()


# The pages: paging, after a correction, sign-off links -----------------------------------

def test_the_list_pages_by_position(client, world, monkeypatch):
    from pif.reports.testing import make_report
    from pif.reports.views import reports as views

    monkeypatch.setattr(views, "REPORTS_PAGE_SIZE", 2)
    for n in range(5):
        make_report(world.partnership, title=f"Report {n}",
                    as_of=datetime.date(2026, 10, 1 + n))
    client.force_login(world.viewer)
    text = client.get(reverse("reports", args=["alpha"])).content.decode()
    assert "Report 4" in text and "Report 3" in text and "Report 2" not in text
    assert "5 reports" in text and "?before=" in text
    older = text.split('href="?before=')[1].split('"')[0].replace("&amp;", "&")
    text = client.get(reverse("reports", args=["alpha"]) + "?before=" + older).content.decode()
    assert "Report 2" in text and "Report 1" in text and "Report 4" not in text
    assert client.get(reverse("reports", args=["alpha"]) + "?before=" + HUGE).status_code == 200


def test_a_corrected_report_says_so_and_names_its_public_audience(client, world, indicators):
    editor = Actor(world.editor)
    report = make(world)
    services.sign_off(editor, report, loaded_version=report.version)
    services.correct(editor, report, reason="October", loaded_version=report.version)
    client.force_login(world.viewer)
    text = client.get(report.get_absolute_url()).content.decode()
    assert "corrected on" in text and "reads the same in every download" not in text
    assert "The public: published on" in text


def test_the_sign_off_page_links_each_unwritten_section_and_has_no_form(client, world,
                                                                        indicators):
    report = make(world, kind=ReportKind.LOIP_PROGRESS)
    client.force_login(world.editor)
    text = client.get(reverse("report_sign_off", args=["alpha", report.pk])).content.decode()
    assert reverse("report_narrative", args=["alpha", report.pk, "participation"]) in text
    assert 'name="confirm"' not in text
