"""The public pages as an editor sees them: who may open and do what, what each page says,
and the page's queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pif.measures import status
from pif.measures.models import Indicator, Target
from pif.measures.testing import make_indicator
from pif.reports.models import Publication, PublicSettings, Suppression
from pif.reports.testing import make_suppression

pytestmark = pytest.mark.django_db


def url(name, *args, short_name="alpha"):
    return reverse(name, args=[short_name, *args])


@pytest.fixture
def indicator(world):
    return make_indicator(world.partnership, owner=world.council, code="FALLS",
                          title="Falls in care homes", unit=Indicator.Unit.COUNT,
                          decimals=0, values=[40, 3, 45], published=True)


def signed_in(client, world, role):
    client.force_login(world.users[role] if role != "outsider" else world.outsider)
    return client


def test_a_viewer_reads_the_page_without_the_editors_buttons(client, world, indicator):
    page = signed_in(client, world, "viewer").get(url("publishing"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "1 of 1 plan indicator published" in text.replace("indicators", "indicator")
    assert "Nothing is published yet" in text and "/public/alpha/" in text
    assert "3 in February 2024" in text  # the small number, flagged
    assert url("publish") not in text and url("suppression", indicator.pk) not in text
    assert url("public_settings") not in text


def test_an_editor_sees_publish_and_suppress_but_not_the_settings(client, world, indicator):
    text = signed_in(client, world, "editor").get(url("publishing")).content.decode()
    assert url("publish") in text and url("suppression", indicator.pk) in text
    assert url("public_settings") not in text


def test_an_admin_sees_the_settings_link(client, world, indicator):
    text = signed_in(client, world, "admin").get(url("publishing")).content.decode()
    assert url("public_settings") in text


def test_another_partnerships_pages_and_indicators_answer_404(client, world, indicator):
    client = signed_in(client, world, "outsider")
    for name in ("publishing", "publish", "public_settings"):
        assert client.get(url(name)).status_code == 404
    assert client.post(url("suppression", indicator.pk)).status_code == 404
    # The outsider's own partnership does not hold the indicator either.
    assert client.get(url("suppression", indicator.pk, short_name="beta")).status_code == 404
    assert not Suppression.objects.exists()


@pytest.mark.parametrize(("role", "name", "code"), [
    ("viewer", "publish", 403), ("contributor", "publish", 403), ("editor", "publish", 200),
    ("editor", "public_settings", 403), ("admin", "public_settings", 200),
    ("viewer", "suppression", 403), ("editor", "suppression", 200)])
def test_who_opens_which_page(client, world, indicator, role, name, code):
    args = [indicator.pk] if name == "suppression" else []
    assert signed_in(client, world, role).get(url(name, *args)).status_code == code


def test_an_editor_publishes_with_a_note_and_the_page_then_says_who(client, world, indicator):
    client = signed_in(client, world, "editor")
    confirm = client.get(url("publish")).content.decode()
    assert "3 in February 2024" in confirm and "1 of 1 plan indicator" in confirm
    response = client.post(url("publish"), {"note": "Quarter 2 figures"})
    assert response.status_code == 302 and response["Location"] == url("publishing")
    publication = Publication.objects.get()
    assert publication.published_by == world.editor and publication.note == "Quarter 2 figures"
    text = client.get(url("publishing")).content.decode()
    assert "The public pages are published" in text and "Editor" in text
    assert "Quarter 2 figures" in text


def test_a_refused_publish_shows_why(client, world):
    response = signed_in(client, world, "editor").post(url("publish"), {"note": ""})
    assert response.status_code == 200
    assert "There is nothing to publish yet" in response.content.decode()
    assert not Publication.objects.exists()


def test_the_page_says_what_changed_since_the_last_publishing(client, world, indicator):
    client = signed_in(client, world, "editor")
    client.post(url("publish"), {"note": ""})
    make_indicator(world.partnership, owner=world.council, code="NEW-1", title="Newcomer",
                   published=True)
    indicator.published = False
    indicator.save()
    text = client.get(url("publishing")).content.decode()
    assert "Newly published:" in text and "NEW-1 Newcomer" in text
    assert "No longer published: FALLS Falls in care homes" in text


def test_the_balance_warning_shows_on_the_page(client, world):
    for number in range(3):
        red = make_indicator(world.partnership, owner=world.council, code=f"RED-{number}",
                             values=[40.0, 41.0, 42.0], published=number == 0)
        Target.objects.create(indicator=red, value=60.0)
        status.refresh([red])
    for number in range(4):
        make_indicator(world.partnership, owner=world.council, code=f"OK-{number}",
                       values=[1.0], published=True)
    text = signed_in(client, world, "editor").get(url("publish")).content.decode()
    assert "You are publishing 1 of the 3 red indicators in the plan." in text
    assert "RED-1" in text


def test_suppress_by_button_then_show_again(client, world, indicator):
    client = signed_in(client, world, "editor")
    page = client.get(url("suppression", indicator.pk)).content.decode()
    assert "Suppress the small numbers of FALLS" in page and "3 in February 2024" in page
    assert client.post(url("suppression", indicator.pk), {"want": "suppress"}).status_code == 302
    assert Suppression.objects.get().decided_by == world.editor
    # The same form sent twice changes nothing.
    client.post(url("suppression", indicator.pk), {"want": "suppress"})
    assert Suppression.objects.count() == 1
    assert "Suppressed" in client.get(url("publishing")).content.decode()
    client.post(url("suppression", indicator.pk), {"want": "show"})
    assert not Suppression.objects.exists()
    client.post(url("suppression", indicator.pk))  # no choice: toggles
    assert Suppression.objects.exists()


def test_an_admin_saves_the_settings_and_a_stale_form_shows_the_conflict(client, world):
    client = signed_in(client, world, "admin")
    page = client.get(url("public_settings")).content.decode()
    assert 'name="version" value="0"' in page
    data = {"licence": "CC-BY-4.0", "small_number_threshold": "5",
            "contact_email": "data@alpha.test", "version": "0"}
    assert client.post(url("public_settings"), data).status_code == 302
    saved = PublicSettings.objects.get()
    assert (saved.licence, saved.small_number_threshold) == ("CC-BY-4.0", 5)
    stale = client.post(url("public_settings"), {**data, "small_number_threshold": "7"})
    assert stale.status_code == 200
    assert PublicSettings.objects.get().small_number_threshold == 5
    bad = client.post(url("public_settings"), {**data, "small_number_threshold": "-3",
                                               "version": "1"})
    assert bad.status_code == 200 and "govuk-error-summary" in bad.content.decode()


def test_odd_input_gives_no_server_error(client, world, indicator):
    client = signed_in(client, world, "admin")
    assert client.post(url("public_settings"), {"small_number_threshold": "x"}
                       ).status_code == 200
    assert client.post(url("suppression", indicator.pk), {"want": "sideways"}
                       ).status_code == 302
    assert client.get(reverse("suppression", args=["alpha", 999999])).status_code == 404
    assert client.get(reverse("suppression", args=["alpha", 10**30])).status_code == 404


def _indicators(world, start, count):
    for number in range(start, start + count):
        indicator = make_indicator(world.partnership, owner=world.council, code=f"C-{number}",
                                   unit=Indicator.Unit.COUNT, decimals=0, values=[4, 20],
                                   published=True)
        if number % 2:
            make_suppression(indicator)


def test_the_pages_queries_do_not_grow_with_the_indicators(client, world):
    client = signed_in(client, world, "editor")
    _indicators(world, 0, 3)
    client.post(url("publish"), {"note": ""})
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("publishing")).status_code == 200
    _indicators(world, 3, 27)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url("publishing"))
    assert page.content.decode().count("4 in January 2024") == 30
    assert len(many) == len(few)
