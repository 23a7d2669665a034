"""The public pages and open data after review: stored report files, the observation's own
status, local dates, the catalogue's contact and periodicity, 405 to a POST, the outcomes
with nothing published named in one line, actions' progress, and the indicator page's order."""

import datetime

import pytest
from django.core.checks import run_checks
from django.test import Client, override_settings
from django.urls import reverse

from pif.reports import models as m
from pif.reports import open_data, render, report_files
from pif.reports.public_access import Public
from pif.reports.testing import make_public_report, make_publication, public_content
from pif.spc.vocabulary import NO_TARGET

pytestmark = pytest.mark.django_db


def _observation(month: int, value: float, **more) -> dict:
    start = datetime.date(2024, month, 1)
    end = (start.replace(month=month + 1) if month < 12
           else datetime.date(2025, 1, 1)) - datetime.timedelta(days=1)
    return {"period": f"M2024-{month:02d}", "period_label": start.strftime("%B %Y"),
            "period_start": start.isoformat(), "period_end": end.isoformat(),
            "breakdown": "", "category": "", "value": value, "numerator": None,
            "denominator": None, "formatted": f"{value:.1f}%", "flags": [], **more}


# B4: a public report's files are drawn once and kept -----------------------------------------

def test_a_public_report_download_is_drawn_once_and_kept(client, world, monkeypatch):
    make_publication(world.partnership, content=public_content(world.partnership))
    report = make_public_report(world.partnership)
    drawn = []
    real = render.render

    def counting(document, fmt, **kwargs):
        drawn.append(fmt)
        return real(document, fmt, **kwargs)

    monkeypatch.setattr(render, "render", counting)
    url = reverse("public_report_download", args=["alpha", report.pk, "html"])
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    assert drawn == ["html"]
    assert first.content == second.content
    assert first["Content-Type"] == render.CONTENT_TYPES["html"]
    assert first["Content-Disposition"].startswith('attachment; filename="annual-progress')
    assert m.ReportFile.objects.filter(report=report, fmt="html").count() == 1
    assert report_files.clear(report) == 1
    client.get(url)
    assert drawn == ["html", "html"]


def test_an_unknown_report_format_is_not_found_and_keeps_nothing(client, world):
    make_publication(world.partnership, content=public_content(world.partnership))
    report = make_public_report(world.partnership)
    url = reverse("public_report_download", args=["alpha", report.pk, "csv"])
    assert client.get(url).status_code == 404
    assert not m.ReportFile.objects.exists()
    with pytest.raises(ValueError):
        report_files.stored(report, "docx")


# B12: a POST is told 405, not a CSRF failure ---------------------------------------------------

def test_a_post_to_a_public_page_is_method_not_allowed_even_with_csrf_checks(world):
    make_publication(world.partnership, content=public_content(world.partnership))
    client = Client(enforce_csrf_checks=True)
    for url in (reverse("public_home", args=["alpha"]),
                reverse("public_indicator", args=["alpha", "PUB-1"]),
                reverse("public_catalogue", args=["alpha"]),
                reverse("accessibility")):
        response = client.post(url)
        assert response.status_code == 405, url
        assert set(response["Allow"].split(", ")) >= {"GET", "HEAD"}, url


# B8, B9, B13: open data ------------------------------------------------------------------------

def test_open_data_gives_each_observation_its_own_status(world):
    content = public_content(world.partnership)
    content["indicators"][0]["observations"] = [
        _observation(3, 71.0, status_label="Estimated"),
        _observation(4, 74.0, status_label="Revised"),
        _observation(5, 75.0, status_label="Provisional", flags=["provisional"])]
    public = Public(make_publication(world.partnership, content=content))
    rows = open_data.tidy_rows(public.indicators_by_code["PUB-1"])
    assert [row["status"] for row in rows] == ["Estimated", "Revised", "Provisional"]


@override_settings(TIME_ZONE="Europe/London")
def test_open_data_dates_are_the_local_day_of_publication(world):
    content = public_content(world.partnership)
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (summer time).
    content["published_at"] = "2026-06-30T23:30:00+00:00"
    public = Public(make_publication(world.partnership, content=content))
    indicator = public.indicators_by_code["PUB-1"]
    dataset = open_data.catalogue(public)["dataset"][0]
    assert dataset["modified"] == "2026-07-01"
    assert open_data.catalogue(public)["modified"] == "2026-07-01"
    assert open_data.dataset_json(public, indicator)["as_of"] == "2026-07-01"


def test_the_catalogue_has_a_contact_periodicity_and_temporal_coverage(client, world):
    content = public_content(world.partnership)
    make_publication(world.partnership, content=content)
    catalogue = client.get(reverse("public_catalogue", args=["alpha"])).json()
    dataset = catalogue["dataset"][0]
    assert dataset["contactPoint"] == {"@type": "vcard:Contact", "fn": world.partnership.name}
    assert dataset["accrualPeriodicity"] == "R/P1M"
    assert dataset["temporal"] == "2024-03-01/2024-04-30"

    content["contact_email"] = "data@example.gov.uk"
    content["indicators"][0]["frequency_label"] = "Quarterly (financial quarters)"
    make_publication(world.partnership, content=content)
    dataset = client.get(reverse("public_catalogue", args=["alpha"])).json()["dataset"][0]
    assert dataset["contactPoint"]["hasEmail"] == "mailto:data@example.gov.uk"
    assert dataset["accrualPeriodicity"] == "R/P3M"


@pytest.mark.parametrize(("label", "periodicity"), [
    ("Weekly", "R/P1W"), ("Annual (calendar years)", "R/P1Y"),
    ("Financial year (April to March)", "R/P1Y"),
    ("Spans of calendar years (for example 2010-2014)", "irregular"), ("", "irregular")])
def test_accrual_periodicity_follows_the_frequency(label, periodicity):
    assert open_data.accrual_periodicity({"frequency_label": label}) == periodicity


def test_deploy_check_warns_while_site_url_is_the_default():
    with override_settings(SITE_URL="http://127.0.0.1:8000"):
        ids = [message.id for message in run_checks(include_deployment_checks=True)]
        assert "pif.reports.W001" in ids
        assert "pif.reports.W001" not in [message.id for message in run_checks()]
    with override_settings(SITE_URL="https://pif.example.gov.uk"):
        ids = [message.id for message in run_checks(include_deployment_checks=True)]
        assert "pif.reports.W001" not in ids


# UX13, UX14, B15: the home page ----------------------------------------------------------------

def test_the_home_page_names_outcomes_with_nothing_published_in_one_line(client, world):
    content = public_content(world.partnership)
    content["outcomes"] = [
        {"id": 1, "parent_id": None, "code": "", "title": "Thriving places", "depth": 0,
         "indicator_codes": []},
        {"id": 2, "parent_id": 1, "code": "", "title": "Safer communities", "depth": 1,
         "indicator_codes": ["PUB-1"]},
        {"id": 3, "parent_id": None, "code": "", "title": "Culture", "depth": 0,
         "indicator_codes": []},
        {"id": 4, "parent_id": None, "code": "", "title": "Economy", "depth": 0,
         "indicator_codes": []}]
    make_publication(world.partnership, content=content)
    text = client.get(reverse("public_home", args=["alpha"])).content.decode()
    assert "No indicator for this outcome is published yet" not in text
    assert "Not yet reported here: Culture, Economy." in text
    assert ">Thriving places</h3>" in text  # the parent keeps its heading over its child
    assert "Culture</h3>" not in text
    assert ('<caption class="govuk-table__caption govuk-table__caption--s '
            'govuk-visually-hidden">Published indicators for Safer communities') in text


def test_the_actions_table_says_what_a_reader_needs(client, world):
    content = public_content(world.partnership)
    content["actions"] = [
        {"reference": "A1", "title": "Lights", "status_label": "On track",
         "percent_complete": 40, "due_date_label": "31 March 2027", "outcomes": []},
        {"reference": "A2", "title": "Benches", "status_label": "Complete",
         "percent_complete": 100, "due_date_label": "", "outcomes": ["Safer communities"]},
        {"reference": "A3", "title": "Paths", "status_label": "Not started",
         "percent_complete": 0, "due_date_label": "", "outcomes": []}]
    make_publication(world.partnership, content=content)
    text = client.get(reverse("public_home", args=["alpha"])).content.decode()
    assert "On track, 40% complete" in text
    assert "100% complete" not in text and "0% complete" not in text.replace("40% c", "")
    assert text.count("Not linked to an outcome") == 2
    assert ">None<" not in text


def test_no_target_is_the_vocabulary_word(client, world):
    content = public_content(world.partnership)
    content["indicators"][0]["target"] = ""
    make_publication(world.partnership, content=content)
    for url in (reverse("public_home", args=["alpha"]),
                reverse("public_indicator", args=["alpha", "PUB-1"])):
        assert f">{NO_TARGET}</" in client.get(url).content.decode(), url


# UX15, B15: the indicator page -----------------------------------------------------------------

def test_the_indicator_page_puts_commentary_first_and_newest_figures_first(client, world):
    content = public_content(world.partnership)
    indicator = content["indicators"][0]
    indicator["observations"] = [_observation(month, 60.0 + month) for month in range(1, 13)]
    indicator["commentary"] = [{"period_label": "December 2024", "what_it_shows": "Up again.",
                                "why": "", "actions": ""}]
    indicator["comparison"] = {"family_group": "Family group 2", "period_label": "2024",
                               "rows": [{"area": "Fife", "value": 1.0, "formatted": "1.0%",
                                         "is_own": True, "rank": 1}]}
    content["actions"] = [
        {"reference": "A1", "title": "Street lighting", "status_label": "On track",
         "percent_complete": 40, "due_date_label": "31 March 2027", "outcomes": [],
         "indicator_codes": ["PUB-1"]},
        {"reference": "A2", "title": "Not about this", "status_label": "On track",
         "percent_complete": 10, "due_date_label": "", "outcomes": [],
         "indicator_codes": ["PUB-2"]}]
    make_publication(world.partnership, content=content)
    text = client.get(reverse("public_indicator", args=["alpha", "PUB-1"])).content.decode()
    assert text.index("What the figures say") < text.index('id="data-caption"')
    shown = text[text.index('id="data-caption"'):text.index('id="older-figures"')]
    assert shown.index("December 2024") < shown.index("May 2024")
    assert "April 2024" not in shown
    older = text[text.index('id="older-figures"'):]
    assert "April 2024" in older and "January 2024" in older
    assert '<details class="govuk-details" id="older-figures">' in text
    assert 'id="comparison-caption"' in text
    assert "A1: Street lighting" in text
    assert "Not about this" not in text


def test_report_charts_keep_a_readable_width_on_a_phone_in_the_sites_own_styles():
    """The rule lives in frontend/scss/pif.scss and its built pif.css, so every page that
    shows a report's chart (signed in or public) has it, and a rebuild keeps it."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    assert ".pif-report-chart svg" in (root / "frontend/scss/pif.scss").read_text()
    assert ".pif-report-chart svg{min-width:600px}" in (
        root / "pif/static/pif/pif.css").read_text()


def test_the_accessibility_statement_names_the_partnership_it_came_from(client, world):
    content = public_content(world.partnership)
    content["contact_email"] = "help@example.gov.uk"
    make_publication(world.partnership, content=content)
    text = client.get(reverse("accessibility") + "?partnership=alpha").content.decode()
    assert world.partnership.name in text
    assert "help@example.gov.uk" in text
    other = client.get(reverse("accessibility") + "?partnership=no-such").content.decode()
    assert "help@example.gov.uk" not in other
