"""Editing several periods of one indicator at once."""

import pytest
from django.urls import reverse

from pif.measures import grid
from pif.measures.models import Observation
from pif.measures.testing import make_indicator
from pif.partnerships.models import Event

URL = reverse("enter_grid", args=["alpha", "AE-4HR"])


@pytest.fixture
def ae(world):
    return world.sample_indicator()


def shown(indicator) -> dict:
    """What the grid's form holds when nobody types anything."""
    return {row.field_name: row.text for row in grid.grid_rows(indicator)}


def test_the_grid_shows_recorded_periods_and_the_next_two(client, world, ae):
    client.force_login(world.contributor)
    response = client.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    for label in ("January 2024", "April 2024", "May 2024", "June 2024"):
        assert f'">{label}</label>' in text
    assert 'name="value-M2024-02" type="text" inputmode="decimal" value="91.2"' in text
    assert "Not submitted" in text


def test_changing_two_periods_writes_two_changes_and_leaves_the_rest(client, world, ae):
    data = shown(ae) | {"value-M2024-02": "91.5", "value-M2024-05": "94"}
    before = Observation.history.filter(indicator_id=ae.pk).count()
    client.force_login(world.contributor)
    response = client.post(URL, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("indicator", args=["alpha", "AE-4HR"])
    assert Observation.history.filter(indicator_id=ae.pk).count() == before + 2
    values = dict(Observation.objects.filter(indicator=ae).values_list("period", "value"))
    assert values == {"M2024-01": 90.1, "M2024-02": 91.5, "M2024-03": 89.5,
                      "M2024-04": 92.0, "M2024-05": 94.0}
    event = Event.objects.get(verb="data_submitted")
    assert event.description.startswith("1 new, 1 changed and 0 unchanged values")
    assert event.actor == world.contributor


def test_a_contributors_grid_changes_await_approval(client, world, ae):
    client.force_login(world.contributor)
    client.post(URL, shown(ae) | {"value-M2024-02": "91.5"})
    february = Observation.objects.get(indicator=ae, period="M2024-02")
    assert february.approved_at is None
    assert february.status == Observation.Status.REVISED
    ae.status.refresh_from_db()
    assert ae.status.awaiting_approval == 1


def test_an_editors_grid_changes_are_approved(client, world, ae):
    client.force_login(world.editor)
    client.post(URL, shown(ae) | {"value-M2024-05": "94"})
    may = Observation.objects.get(indicator=ae, period="M2024-05")
    assert may.approved_by == world.editor
    assert may.status == Observation.Status.FINAL


def test_a_bad_value_names_its_period_and_nothing_is_written(client, world, ae):
    before = Observation.history.count()
    client.force_login(world.contributor)
    response = client.post(URL, shown(ae) | {"value-M2024-02": "lots",
                                             "value-M2024-05": "94"})
    assert response.status_code == 200
    text = response.content.decode()
    assert 'class="govuk-error-summary"' in text
    assert '<a href="#value-M2024-02">February 2024:' in text
    assert 'value="lots"' in text  # what they typed is kept to correct
    assert Observation.history.count() == before
    assert not Observation.objects.filter(indicator=ae, period="M2024-05").exists()
    assert not Event.objects.filter(verb="data_submitted").exists()


def test_posting_the_grid_unchanged_says_nothing_changed(client, world, ae):
    client.force_login(world.editor)
    response = client.post(URL, shown(ae), follow=True)
    assert "Nothing changed" in response.content.decode()
    assert not Event.objects.filter(verb="data_submitted").exists()


def test_existing_numerators_and_notes_are_kept(client, world, ae):
    Observation.objects.filter(indicator=ae, period="M2024-03").update(
        numerator=895, denominator=1000, note="Checked")
    client.force_login(world.editor)
    client.post(URL, shown(ae) | {"value-M2024-03": "89.6"})
    march = Observation.objects.get(indicator=ae, period="M2024-03")
    assert march.value == 89.6
    assert (march.numerator, march.denominator, march.note) == (895, 1000, "Checked")


def test_a_missing_code_in_the_grid_is_stored_as_missing(client, world, ae):
    client.force_login(world.editor)
    client.post(URL, shown(ae) | {"value-M2024-05": ".."})
    may = Observation.objects.get(indicator=ae, period="M2024-05")
    assert may.value is None and may.missing_code == ".."


def test_a_contributor_gets_403_for_the_councils_indicator(client, world):
    homes = make_indicator(world.partnership, owner=world.council, code="HOMES",
                           values=[10, 11])
    url = reverse("enter_grid", args=["alpha", "HOMES"])
    client.force_login(world.contributor)
    assert client.get(url).status_code == 403
    assert client.post(url, shown(homes) | {"value-M2024-01": "99"}).status_code == 403
    assert Observation.objects.get(indicator=homes, period="M2024-01").value == 10


def test_an_outsider_gets_404(client, world, ae):
    client.force_login(world.outsider)
    assert client.post(URL, shown(ae) | {"value-M2024-01": "1"}).status_code == 404
    assert Observation.objects.get(indicator=ae, period="M2024-01").value == 90.1
