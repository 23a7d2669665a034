"""Writing commentary on a period: what the data shows, why, and what is being done."""

import pytest
from django.test import Client
from django.urls import reverse

from pif.measures.models import Commentary
from pif.measures.testing import make_indicator
from pif.partnerships.models import Event

URL = reverse("commentary_edit", args=["alpha", "AE-4HR"])
TEXT = {"what_it_shows": "Four-hour performance recovered", "why": "Two more nurses",
        "actions": "Keep the rota"}


@pytest.fixture
def ae(world):
    return world.sample_indicator()


def test_the_form_offers_the_latest_period(client, world, ae):
    client.force_login(world.contributor)
    response = client.get(URL)
    assert response.status_code == 200
    assert 'value="April 2024"' in response.content.decode()


def test_a_contributor_writes_commentary_with_history_and_an_event(client, world, ae):
    client.force_login(world.contributor)
    response = client.post(URL, {"period": "April 2024", **TEXT, "version": 0}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("indicator", args=["alpha", "AE-4HR"])
    assert "Commentary for April 2024 saved." in response.content.decode()
    commentary = Commentary.objects.get(indicator=ae)
    assert commentary.period == "M2024-04"
    assert commentary.author == world.contributor
    assert commentary.what_it_shows == "Four-hour performance recovered"
    assert commentary.history.get().history_user == world.contributor
    event = Event.objects.get(verb="commentary_added")
    assert event.description == "Commentary on AE-4HR for April 2024"
    assert event.actor == world.contributor
    assert "Four-hour performance recovered" in response.content.decode()


def test_writing_again_for_the_same_period_updates_the_one_commentary(client, world, ae):
    client.force_login(world.editor)
    client.post(URL, {"period": "April 2024", **TEXT, "version": 0})
    client.post(URL, {"period": "April 2024", **TEXT, "why": "Fewer attendances",
                      "version": 1, "version_period": "M2024-04"})
    commentary = Commentary.objects.get(indicator=ae)
    assert commentary.why == "Fewer attendances"
    assert commentary.history.count() == 2


def test_editing_an_existing_commentary_shows_its_text(client, world, ae):
    client.force_login(world.editor)
    client.post(URL, {"period": "March 2024", **TEXT, "version": 0})
    response = client.get(URL, {"period": "M2024-03"})
    text = response.content.decode()
    assert 'value="March 2024"' in text and "Two more nurses" in text


def test_an_unreadable_period_is_refused(client, world, ae):
    client.force_login(world.editor)
    response = client.post(URL, {"period": "sometime", **TEXT})
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in response.content.decode()
    assert not Commentary.objects.exists()


def test_what_the_data_shows_is_required(client, world, ae):
    client.force_login(world.editor)
    response = client.post(URL, {"period": "April 2024", "what_it_shows": ""})
    assert '<a href="#id_what_it_shows">' in response.content.decode()
    assert not Commentary.objects.exists()


def test_the_required_message_for_what_the_data_shows_reads_as_english(client, world, ae):
    client.force_login(world.editor)
    response = client.post(URL, {"period": "April 2024", "what_it_shows": ""})
    assert '<a href="#id_what_it_shows">Enter what the data shows</a>' in (
        response.content.decode())


def test_a_contributor_gets_403_for_the_councils_indicator_and_a_viewer_too(client, world,
                                                                           ae):
    make_indicator(world.partnership, owner=world.council, code="HOMES", values=[1, 2])
    url = reverse("commentary_edit", args=["alpha", "HOMES"])
    client.force_login(world.contributor)
    assert client.post(url, {"period": "February 2024", **TEXT}).status_code == 403
    client.force_login(world.viewer)
    assert client.post(URL, {"period": "April 2024", **TEXT}).status_code == 403
    assert not Commentary.objects.exists()


def test_an_unreadable_period_in_the_link_is_not_a_server_error(world, ae):
    client = Client(raise_request_exception=False)
    client.force_login(world.editor)
    response = client.get(URL, {"period": "garbage"})
    assert response.status_code in (200, 404)
