"""A report's page and downloads once it is signed off: one h1 on the page, and no editors'
guidance for the written sections nobody wrote (journeys.md 2 and 13)."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from pif.measures.testing import make_indicator
from pif.reports.models import ReportState
from pif.reports.testing import built_report, narrative_kind

pytestmark = pytest.mark.django_db

OPTIONAL = "The year in summary"
GUIDANCE = "What it should cover"


@pytest.fixture
def annual(world):
    make_indicator(world.partnership, owner=world.council, code="IND-1",
                   values=[50, 52, 51, 55])
    return built_report(world.partnership, narrative_kind(), "Annual report",
                        narrative={"participation": "The community panel met six times."})


def sign_off(report, world) -> None:
    report.state, report.signed_off_at = ReportState.SIGNED_OFF, timezone.now()
    report.signed_off_by = world.editor
    report.save()


def get(client, report, *fmt):
    name = "report_download" if fmt else "report"
    response = client.get(reverse(name, args=["alpha", report.pk, *fmt]))
    assert response.status_code == 200
    return response


def test_the_report_page_has_one_h1_and_a_draft_shows_the_guidance(client, world, annual):
    client.force_login(world.editor)
    text = get(client, annual).content.decode()
    assert len(re.findall(r"<h1\b", text)) == 1
    assert OPTIONAL in text and GUIDANCE in text
    assert '<p class="govuk-body">The community panel met six times.</p>' in text


def test_a_signed_off_report_page_leaves_out_unwritten_optional_sections(client, world,
                                                                         annual):
    sign_off(annual, world)
    client.force_login(world.viewer)
    text = get(client, annual).content.decode()
    assert len(re.findall(r"<h1\b", text)) == 1
    assert OPTIONAL not in text and GUIDANCE not in text
    assert "How well community bodies took part" in text


def test_a_signed_off_reports_html_download_leaves_them_out_too(client, world, annual):
    client.force_login(world.viewer)
    draft = get(client, annual, "html").content.decode()
    sign_off(annual, world)
    final = get(client, annual, "html").content.decode()
    assert OPTIONAL in draft and GUIDANCE in draft
    assert OPTIONAL not in final and GUIDANCE not in final


def test_the_pdf_download_is_drawn_final_once_signed_off(client, world, annual, monkeypatch):
    from pif.reports.render import pdf

    drawn = []
    monkeypatch.setattr(pdf, "render_pdf",
                        lambda document, *, final: drawn.append(final) or b"%PDF-")
    client.force_login(world.viewer)
    get(client, annual, "pdf")
    sign_off(annual, world)
    get(client, annual, "pdf")
    assert drawn == [False, True]


def test_a_signed_off_reports_workbook_lists_only_the_sections_it_has(client, world, annual):
    client.force_login(world.viewer)

    def headings(content):
        sheet = load_workbook(io.BytesIO(content))["Summary"]
        return [row[0] for row in sheet.iter_rows(values_only=True)]

    assert OPTIONAL in headings(get(client, annual, "xlsx").content)
    sign_off(annual, world)
    final = headings(get(client, annual, "xlsx").content)
    assert OPTIONAL not in final and "How well community bodies took part" in final
