"""Chart notes, and recalculating the limits from a period (a rebase)."""

import pytest
from django.urls import reverse

from pif.measures.models import Annotation
from pif.measures.testing import make_indicator
from pif.partnerships.models import Event

BEFORE = [20, 21, 19, 20, 22, 18, 20, 21]
AFTER = [50, 51, 49, 50, 52, 48, 50, 51]


@pytest.fixture
def shifted(world):
    return make_indicator(world.partnership, owner=world.council, code="SHIFT",
                          values=BEFORE + AFTER)


URL = reverse("annotation_add", args=["alpha", "SHIFT"])


def test_a_rebase_recomputes_the_stored_mean_from_that_period(client, world, shifted):
    assert shifted.status.mean == pytest.approx(sum(BEFORE + AFTER) / 16)
    client.force_login(world.editor)
    response = client.post(URL, {"period": "September 2024", "text": "New service model",
                                 "is_rebase": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("indicator", args=["alpha", "SHIFT"])
    shifted.status.refresh_from_db()
    assert shifted.status.mean == pytest.approx(sum(AFTER) / 8)
    annotation = Annotation.objects.get(indicator=shifted)
    assert (annotation.period, annotation.is_rebase, annotation.author) == (
        "M2024-09", True, world.editor)
    assert annotation.history.get().history_user == world.editor
    event = Event.objects.get(verb="chart_annotated")
    assert event.description == ("Limits recalculated on SHIFT at September 2024: "
                                 "New service model")


def test_a_plain_note_leaves_the_mean_alone(client, world, shifted):
    mean = shifted.status.mean
    client.force_login(world.editor)
    response = client.post(URL, {"period": "September 2024", "text": "Winter plan starts"},
                           follow=True)
    assert "Chart note added." in response.content.decode()
    assert "September 2024: Winter plan starts" in response.content.decode()
    shifted.status.refresh_from_db()
    assert shifted.status.mean == pytest.approx(mean)
    assert Annotation.objects.get().is_rebase is False
    assert Event.objects.get(verb="chart_annotated").description.startswith("Note added")


def test_an_unreadable_period_is_refused(client, world, shifted):
    client.force_login(world.editor)
    response = client.post(URL, {"period": "next week", "text": "x"})
    assert response.status_code == 200
    assert '<a href="#id_period">' in response.content.decode()
    assert not Annotation.objects.exists()


def test_the_note_text_is_required(client, world, shifted):
    client.force_login(world.editor)
    response = client.post(URL, {"period": "September 2024", "text": ""})
    assert '<a href="#id_text">' in response.content.decode()
    assert not Annotation.objects.exists()


def test_contributors_get_403_and_outsiders_404(client, world, shifted):
    client.force_login(world.contributor)
    assert client.post(URL, {"period": "September 2024", "text": "x"}).status_code == 403
    client.force_login(world.outsider)
    assert client.post(URL, {"period": "September 2024", "text": "x"}).status_code == 404
    assert not Annotation.objects.exists()
