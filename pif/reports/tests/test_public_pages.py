"""The public performance pages: open to everyone, read only from the last publication."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pif.measures.models import Indicator
from pif.measures.testing import make_indicator
from pif.reports import models as m
from pif.reports import render
from pif.reports.testing import (
    PUBLIC_SAMPLE_CODE,
    make_public_report,
    make_publication,
    make_report,
    public_content,
    published_world,
)

pytestmark = pytest.mark.django_db

HIDDEN_CODE = "SECRET-9"
HIDDEN_TITLE = "Unpublished waiting times"


@pytest.fixture
def published(world):
    """The world partnership published: one published indicator, one that is not."""
    make_indicator(world.partnership, owner=world.council, code=HIDDEN_CODE,
                   title=HIDDEN_TITLE, values=[12.0, 13.0, 14.0])
    return published_world(world)


def public_urls(world, report_id: int) -> list[str]:
    short = world.partnership.short_name
    return [
        reverse("public_home", args=[short]),
        reverse("public_indicator", args=[short, PUBLIC_SAMPLE_CODE]),
        reverse("public_reports", args=[short]),
        reverse("public_report", args=[short, report_id]),
        reverse("public_data", args=[short]),
        reverse("public_catalogue", args=[short]),
        reverse("public_dataset", args=[short, PUBLIC_SAMPLE_CODE, "csv"]),
        reverse("public_dataset", args=[short, PUBLIC_SAMPLE_CODE, "json"]),
        reverse("accessibility"),
    ]


def test_an_anonymous_visitor_opens_every_public_page(client, world, published):
    report = make_public_report(world.partnership)
    for url in public_urls(world, report.pk):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "public, max-age=300", url


def test_the_home_page_shows_what_was_published(client, world, published):
    response = client.get(reverse("public_home", args=["alpha"]))
    text = response.content.decode()
    assert "Adults who feel safe" in text
    assert reverse("public_indicator", args=["alpha", PUBLIC_SAMPLE_CODE]) in text
    assert published.content["published_label"] in text
    counts = published.content["counts"]
    assert f"{counts['published']} of {counts['in_plan']} plan indicators published" in text
    assert reverse("public_catalogue", args=["alpha"]) in text


def test_the_home_page_says_how_much_of_the_plan_it_shows(client, world):
    content = public_content(world.partnership, published=42, in_plan=58)
    make_publication(world.partnership, content=content)
    text = client.get(reverse("public_home", args=["alpha"])).content.decode()
    assert "42 of 58 plan indicators published" in text


def test_a_partnership_that_never_published_is_not_found(client, world):
    for url in (reverse("public_home", args=["alpha"]),
                reverse("public_reports", args=["alpha"]),
                reverse("public_data", args=["alpha"]),
                reverse("public_catalogue", args=["alpha"]),
                reverse("public_home", args=["no-such"])):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Page not found" in response.content.decode()
        assert "public" not in response.get("Cache-Control", "")


def test_an_unpublished_indicator_is_named_nowhere(client, world, published):
    report = make_public_report(world.partnership)
    assert Indicator.objects.filter(code=HIDDEN_CODE).exists()
    for url in public_urls(world, report.pk):
        body = client.get(url).content.decode("utf-8-sig")
        assert HIDDEN_CODE not in body, url
        assert HIDDEN_TITLE not in body, url
    short = world.partnership.short_name
    for url in (reverse("public_indicator", args=[short, HIDDEN_CODE]),
                reverse("public_dataset", args=[short, HIDDEN_CODE, "csv"]),
                reverse("public_dataset", args=[short, HIDDEN_CODE, "json"])):
        assert client.get(url).status_code == 404, url


def test_a_live_edit_after_publishing_does_not_show(client, world, published):
    indicator = Indicator.objects.get(partnership=world.partnership, code=PUBLIC_SAMPLE_CODE)
    indicator.title = "Renamed after publishing"
    indicator.definition = "A live definition"
    indicator.save()
    make_indicator(world.partnership, owner=world.council, code="LATE-1",
                   title="Published after the snapshot", values=[1.0, 2.0], published=True)
    for url in (reverse("public_home", args=["alpha"]),
                reverse("public_indicator", args=["alpha", PUBLIC_SAMPLE_CODE]),
                reverse("public_catalogue", args=["alpha"])):
        body = client.get(url).content.decode()
        assert "Adults who feel safe" in body, url
        assert "Renamed after publishing" not in body, url
        assert "Published after the snapshot" not in body, url
    assert client.get(reverse("public_indicator", args=["alpha", "LATE-1"])).status_code == 404


def test_the_latest_publication_is_what_shows(client, world, published):
    content = public_content(world.partnership, title="Shown from the newer publication")
    make_publication(world.partnership, content=content)
    body = client.get(reverse("public_home", args=["alpha"])).content.decode()
    assert "Shown from the newer publication" in body
    assert "Adults who feel safe" not in body


def test_a_signed_in_member_sees_no_signed_in_navigation(client, world, published):
    client.force_login(world.admin)
    body = client.get(reverse("public_home", args=["alpha"])).content.decode()
    assert "Sign out" not in body
    assert world.admin.display_name not in body
    assert reverse("partnership", args=["alpha"]) not in body
    assert 'aria-label="Menu"' not in body


def test_public_pages_answer_only_get_and_head(client, world, published):
    url = reverse("public_home", args=["alpha"])
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405


def test_an_indicator_page_draws_its_chart_and_table_without_javascript(client, world,
                                                                        published):
    response = client.get(reverse("public_indicator", args=["alpha", PUBLIC_SAMPLE_CODE]))
    text = response.content.decode()
    assert '<svg' in text and 'role="img"' in text
    assert "data-spec-url" not in text
    indicator = published.content["indicators"][0]
    for observation in indicator["observations"]:
        assert observation["period_label"] in text
        assert observation["formatted"] in text
    assert indicator["status"] in text
    assert indicator["trend"] in text
    assert reverse("public_dataset", args=["alpha", PUBLIC_SAMPLE_CODE, "csv"]) in text
    assert "script-src 'self';" in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_an_indicator_page_shows_comparison_commentary_and_flags(client, world):
    content = public_content(world.partnership)
    indicator = content["indicators"][0]
    indicator["commentary"] = [{"period_label": "April 2024", "what_it_shows": "A rise",
                                "why": "More staff", "actions": "Keep going"}]
    indicator["comparison"] = {"family_group": "Family group 2", "period_label": "April 2024",
                               "rows": [{"area": "Alpha", "value": 74.0, "formatted": "74.0%",
                                         "is_own": True},
                                        {"area": "Elsewhere", "value": 70.0,
                                         "formatted": "70.0%", "is_own": False}]}
    indicator["observations"][1]["flags"] = ["provisional"]
    indicator["observations"].append({
        **indicator["observations"][1], "breakdown": "Area", "category": "Northfield",
        "value": None, "formatted": "Not shown: small number", "flags": ["suppressed"]})
    indicator["suppressed"] = True
    make_publication(world.partnership, content=content)
    text = client.get(reverse("public_indicator", args=["alpha", "PUB-1"])).content.decode()
    assert "Figures for each area or group (1)" in text and "Northfield" in text
    assert "Small numbers are not shown" in text
    assert "Family group 2" in text and "Elsewhere" in text and "(this partnership)" in text
    assert "More staff" in text
    assert "Provisional" in text


def test_a_page_reads_one_publication_however_many_indicators(client, world):
    counts = []
    for size in (3, 30):
        m.Publication.objects.all().delete()
        make_publication(world.partnership, content=public_content(world.partnership,
                                                                 indicators=size))
        make_public_report(world.partnership)
        for name in ("public_home", "public_data", "public_catalogue", "public_reports"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse(name, args=["alpha"])).status_code == 200
            counts.append((size, name, len(queries)))
    by_name = {}
    for _size, name, count in counts:
        by_name.setdefault(name, []).append(count)
    for name, (few, many) in by_name.items():
        assert few == many, name
        assert few <= 2, (name, few)


def test_another_partnerships_report_is_not_found(client, world, published):
    make_publication(world.other_partnership, content=public_content(world.other_partnership))
    theirs = make_public_report(world.other_partnership, title="Beta's own report")
    assert client.get(reverse("public_report", args=["alpha", theirs.pk])).status_code == 404
    assert client.get(reverse("public_report_download",
                              args=["alpha", theirs.pk, "html"])).status_code == 404
    assert client.get(reverse("public_report", args=["beta", theirs.pk])).status_code == 200


def test_a_report_not_published_or_not_public_is_not_found(client, world, published):
    internal = make_report(world.partnership, audience=m.Audience.INTERNAL,
                           state=m.ReportState.PUBLISHED, title="Internal only")
    draft = make_report(world.partnership, audience=m.Audience.PUBLIC,
                        state=m.ReportState.DRAFT, title="Draft for the public")
    for report in (internal, draft):
        assert client.get(reverse("public_report", args=["alpha", report.pk])
                          ).status_code == 404
    body = client.get(reverse("public_reports", args=["alpha"])).content.decode()
    assert "Internal only" not in body and "Draft for the public" not in body


def test_a_published_report_shows_its_corrections(client, world, published):
    import datetime

    from django.utils import timezone

    report = make_public_report(world.partnership, title="LOIP progress 2025/26")
    correction = m.ReportCorrection.objects.create(report=report,
                                                   reason="The falls figure was wrong.")
    m.ReportCorrection.objects.filter(pk=correction.pk).update(
        made_at=timezone.make_aware(datetime.datetime(2026, 12, 3, 10, 0)))
    text = client.get(reverse("public_report", args=["alpha", report.pk])).content.decode()
    assert "LOIP progress 2025/26" in text
    assert "Corrected on 3 December 2026: The falls figure was wrong." in text
    listing = client.get(reverse("public_reports", args=["alpha"])).content.decode()
    assert "LOIP progress 2025/26" in listing


def test_the_reports_list_is_newest_first(client, world, published):
    import datetime

    from django.utils import timezone

    older = make_public_report(world.partnership, title="Older report")
    newer = make_public_report(world.partnership, title="Newer report")
    m.Report.objects.filter(pk=older.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=30))
    text = client.get(reverse("public_reports", args=["alpha"])).content.decode()
    assert text.index(newer.title) < text.index(older.title)


@pytest.mark.parametrize("fmt", ["html", "xlsx", "pdf"])
def test_a_published_report_downloads(client, world, published, fmt):
    report = make_public_report(world.partnership)
    response = client.get(reverse("public_report_download", args=["alpha", report.pk, fmt]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["Content-Type"] == render.CONTENT_TYPES[fmt]
    if fmt == "html":
        assert "Annual progress report" in response.content.decode()


def test_a_report_download_in_another_format_is_not_found(client, world, published):
    report = make_public_report(world.partnership)
    for fmt in ("csv", "exe", "PDF"):
        assert client.get(reverse("public_report_download",
                                  args=["alpha", report.pk, fmt])).status_code == 404


def test_the_accessibility_statement_covers_both_parts_and_says_how_to_complain(client,
                                                                                world):
    response = client.get(reverse("accessibility"))
    text = response.content.decode()
    assert response.status_code == 200
    for words in ("Accessibility statement for", "public performance pages",
                  "service partnerships sign in to", "version 2.2", "AA standard", "axe-core",
                  "320 pixels", "keyboard", "needs JavaScript", "PDF/UA", "WeasyPrint",
                  "contact the partnership that runs the pages",
                  "Equality and Human Rights Commission",
                  "Equality Advisory and Support Service",
                  "This statement was prepared on 5 December 2026"):
        assert words in text, words


def test_the_statement_gives_the_partnerships_published_contact(client, world):
    content = public_content(world.partnership)
    content["contact_email"] = "performance@alpha.example"
    make_publication(world.partnership, content=content)
    text = client.get(reverse("accessibility") + "?partnership=alpha").content.decode()
    assert "performance@alpha.example" in text
    for odd in ("no-such", "x" * 300, "<script>"):
        response = client.get(reverse("accessibility"), {"partnership": odd})
        assert response.status_code == 200
        assert "performance@alpha.example" not in response.content.decode()


def test_the_site_footer_links_to_the_statement(client, world):
    client.force_login(world.viewer)
    text = client.get(reverse("partnership", args=["alpha"])).content.decode()
    assert f'href="{reverse("accessibility")}"' in text


def test_a_public_page_sets_no_cookie_so_a_shared_cache_may_keep_it(client, world, published):
    response = client.get(reverse("public_home", args=["alpha"]))
    assert response.status_code == 200
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_a_signed_in_persons_copy_is_kept_by_no_cache(client, world, published):
    client.force_login(world.viewer)
    response = client.get(reverse("public_home", args=["alpha"]))
    assert response["Cache-Control"] == "private, no-store"
