"""The editors' queue of values awaiting approval."""

import pytest
from django.urls import reverse

from pif.lib.periods import Period
from pif.measures.models import Observation
from pif.measures.testing import make_indicator
from pif.measures.writing import ObservationInput, write_observations
from pif.partnerships.models import Event

URL = reverse("approvals", args=["alpha"])


@pytest.fixture
def waiting(world):
    """Two values submitted by the contributor for May and June 2024."""
    ae = world.sample_indicator()
    write_observations([ObservationInput(ae, Period.month(2024, 5), 93.0),
                        ObservationInput(ae, Period.month(2024, 6), 94.0)],
                       user=world.contributor, approve=False, partnership=world.partnership)
    return list(Observation.objects.filter(indicator=ae, approved_at__isnull=True)
                .order_by("period_start"))


def test_the_queue_lists_each_value_with_who_entered_it(client, world, waiting):
    client.force_login(world.editor)
    response = client.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert "2 values to check" in text
    assert "May 2024" in text and "93.0%" in text and "June 2024" in text
    assert "Contributor," in text
    assert f'name="observation" value="{waiting[0].pk}"' in text
    assert "Approve AE-4HR May 2024" in text  # the checkbox's label


def test_an_editor_approves_the_selected_values(client, world, waiting):
    may, june = waiting
    client.force_login(world.editor)
    response = client.post(URL, {"observation": [may.pk]}, follow=True)
    assert response.redirect_chain[-1][0] == URL
    assert "1 value approved." in response.content.decode()
    may.refresh_from_db()
    june.refresh_from_db()
    assert may.status == Observation.Status.FINAL
    assert may.approved_by == world.editor and may.approved_at is not None
    assert june.approved_at is None and june.status == Observation.Status.PROVISIONAL
    assert may.history.order_by("-history_date").first().history_user == world.editor
    event = Event.objects.get(verb="data_approved")
    assert event.actor == world.editor and event.description.endswith("approved")
    may.indicator.status.refresh_from_db()
    assert may.indicator.status.awaiting_approval == 1
    assert "1 value to check" in response.content.decode()


def test_approving_all_empties_the_queue(client, world, waiting):
    client.force_login(world.editor)
    response = client.post(URL, {"observation": [o.pk for o in waiting]}, follow=True)
    text = response.content.decode()
    assert "2 values approved." in text
    assert "Nothing is waiting for approval." in text
    assert not Observation.objects.filter(approved_at__isnull=True).exists()


def test_approving_nothing_says_so(client, world, waiting):
    client.force_login(world.editor)
    response = client.post(URL, {}, follow=True)
    assert "Choose the values to approve." in response.content.decode()
    assert Observation.objects.filter(approved_at__isnull=True).count() == 2
    assert not Event.objects.filter(verb="data_approved").exists()


def test_nonsense_and_another_partnerships_ids_are_ignored(client, world, waiting):
    beta = make_indicator(world.other_partnership, owner=world.other_council, code="B")
    write_observations([ObservationInput(beta, Period.month(2024, 1), 1.0)],
                       user=world.outsider, approve=False, partnership=world.other_partnership)
    theirs = Observation.objects.get(indicator=beta)
    client.force_login(world.editor)
    response = client.post(URL, {"observation": ["abc", str(theirs.pk)]}, follow=True)
    assert "Choose the values to approve." in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.approved_at is None


def test_another_partnerships_values_are_not_listed(client, world, waiting):
    beta = make_indicator(world.other_partnership, owner=world.other_council, code="BETA-Q")
    write_observations([ObservationInput(beta, Period.month(2024, 1), 1.0)],
                       user=world.outsider, approve=False, partnership=world.other_partnership)
    client.force_login(world.editor)
    assert "BETA-Q" not in client.get(URL).content.decode()


def test_a_contributor_gets_403_and_an_outsider_404(client, world, waiting):
    client.force_login(world.contributor)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"observation": [waiting[0].pk]}).status_code == 403
    client.force_login(world.outsider)
    assert client.post(URL, {"observation": [waiting[0].pk]}).status_code == 404
    assert Observation.objects.filter(approved_at__isnull=True).count() == 2


def test_the_approval_event_uses_the_singular_for_one_value(client, world, waiting):
    client.force_login(world.editor)
    client.post(URL, {"observation": [waiting[0].pk]})
    assert Event.objects.get(verb="data_approved").description == "1 value approved"
