"""Entering one period's value by hand."""

import pytest
from django.urls import reverse

from pif.measures.models import Observation
from pif.measures.testing import make_indicator
from pif.partnerships.models import Event


def url(code="AE-4HR"):
    return reverse("enter_value", args=["alpha", code])


@pytest.fixture
def ae(world):
    return world.sample_indicator()


@pytest.fixture
def council_indicator(world):
    return make_indicator(world.partnership, owner=world.council, code="HOMES",
                          values=[10, 11, 12])


def post(client, code="AE-4HR", follow=False, **fields):
    data = {"period": "May 2024", "value": "93.5", "numerator": "", "denominator": "",
            "status": "provisional", "note": ""}
    data.update(fields)
    return client.post(url(code), data, follow=follow)


def may(indicator):
    return Observation.objects.get(indicator=indicator, period="M2024-05")


def test_the_form_offers_the_period_from_the_link(client, world, ae):
    client.force_login(world.contributor)
    response = client.get(url(), {"period": "May 2024"})
    assert response.status_code == 200
    assert 'value="May 2024"' in response.content.decode()


def test_a_contributor_enters_a_value_that_awaits_approval(client, world, ae):
    client.force_login(world.contributor)
    response = post(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("indicator", args=["alpha", "AE-4HR"])
    observation = may(ae)
    assert observation.value == 93.5
    assert observation.status == Observation.Status.PROVISIONAL
    assert observation.approved_at is None and observation.approved_by is None
    assert observation.entered_by == world.contributor
    ae.status.refresh_from_db()
    assert ae.status.awaiting_approval == 1
    assert ae.status.latest_period == "M2024-05"


def test_the_contributor_is_told_an_editor_will_approve(client, world, ae):
    client.force_login(world.contributor)
    response = client.post(url(), {"period": "May 2024", "value": "93.5",
                                   "status": "provisional"}, follow=True)
    text = response.content.decode()
    assert "Saved 1 new, 0 changed and 0 unchanged values for 1 indicator." in text
    assert "An editor will approve them before they count as final." in text


def test_the_history_records_the_person_who_entered_the_value(client, world, ae):
    client.force_login(world.contributor)
    post(client)
    record = Observation.history.filter(indicator_id=ae.pk, period="M2024-05").get()
    assert record.history_user == world.contributor
    assert record.history_type == "+"
    event = Event.objects.filter(partnership=world.partnership, verb="data_submitted").get()
    assert event.actor == world.contributor
    assert "(awaiting approval)" in event.description


def test_a_contributor_gets_403_for_another_organisations_indicator(client, world,
                                                                   council_indicator):
    client.force_login(world.contributor)
    assert client.get(url("HOMES")).status_code == 403
    assert post(client, "HOMES").status_code == 403
    assert not Observation.objects.filter(indicator=council_indicator,
                                          period="M2024-05").exists()


def test_a_viewer_gets_403_and_an_outsider_404(client, world, ae):
    client.force_login(world.viewer)
    assert post(client).status_code == 403
    client.force_login(world.outsider)
    assert post(client).status_code == 404
    assert not Observation.objects.filter(indicator=ae, period="M2024-05").exists()


def test_an_unknown_indicator_is_404(client, world, ae):
    client.force_login(world.editor)
    assert post(client, "NOPE").status_code == 404


def test_an_editors_value_is_approved_at_once(client, world, council_indicator):
    client.force_login(world.editor)
    response = client.post(url("HOMES"), {"period": "April 2024", "value": "13",
                                          "status": "provisional"}, follow=True)
    observation = Observation.objects.get(indicator=council_indicator, period="M2024-04")
    assert observation.status == Observation.Status.FINAL
    assert observation.approved_by == world.editor and observation.approved_at is not None
    text = response.content.decode()
    assert "Saved 1 new" in text
    assert "An editor will approve" not in text
    council_indicator.status.refresh_from_db()
    assert council_indicator.status.awaiting_approval == 0
    assert council_indicator.status.latest_value == 13


def test_correcting_an_approved_value_marks_it_revised(client, world, ae):
    client.force_login(world.editor)
    post(client, period="March 2024", value="88")
    observation = Observation.objects.get(indicator=ae, period="M2024-03")
    assert observation.value == 88
    assert observation.status == Observation.Status.REVISED
    assert list(observation.history.order_by("history_date")
                .values_list("value", flat=True)) == [89.5, 88]


def test_entering_the_same_value_again_changes_nothing(client, world, ae):
    client.force_login(world.editor)
    response = post(client, period="April 2024", value="92", follow=True)
    assert "Nothing changed: the values were the same" in response.content.decode()
    assert Observation.history.filter(indicator_id=ae.pk, period="M2024-04").count() == 1
    assert not Event.objects.filter(verb="data_submitted").exists()


def test_an_unreadable_period_shows_the_error_summary(client, world, ae):
    client.force_login(world.contributor)
    response = post(client, period="Smarch 2024")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'class="govuk-error-summary"' in text
    assert ('<a href="#id_period">&#x27;Smarch 2024&#x27; is not a period we recognise: '
            'write it like one of these: April 2019') in text
    assert "This field" not in text
    assert not Observation.objects.filter(indicator=ae).exclude(
        period__in=["M2024-01", "M2024-02", "M2024-03", "M2024-04"]).exists()


def test_an_unreadable_value_shows_a_specific_message(client, world, ae):
    client.force_login(world.contributor)
    response = post(client, value="ninety")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'class="govuk-error-summary"' in text
    assert ('<a href="#id_value">&#x27;ninety&#x27; is not a number or a missing-data code'
            in text)
    assert not Observation.objects.filter(indicator=ae, period="M2024-05").exists()


def test_a_missing_period_says_enter_a_period(client, world, ae):
    client.force_login(world.contributor)
    response = post(client, period="")
    assert '<a href="#id_period">Enter a period</a>' in response.content.decode()


def test_the_missing_value_code_c_is_stored_as_missing(client, world, ae):
    client.force_login(world.contributor)
    assert post(client, value="c").status_code == 302
    observation = may(ae)
    assert observation.value is None
    assert observation.missing_code == "c"


def test_numerator_denominator_and_note_are_stored(client, world, ae):
    client.force_login(world.contributor)
    post(client, value="90", numerator="450", denominator="500", note="From the weekly SitRep")
    observation = may(ae)
    assert (observation.numerator, observation.denominator) == (450, 500)
    assert observation.note == "From the weekly SitRep"


def test_the_saved_message_uses_the_singular_for_one_indicator(client, world, ae):
    client.force_login(world.contributor)
    response = post(client, follow=True)
    assert "values for 1 indicator." in response.content.decode()


def test_a_period_of_the_wrong_frequency_is_refused(client, world):
    make_indicator(world.partnership, owner=world.health_board, code="QTR",
                   frequency="quarterly")
    client.force_login(world.contributor)
    response = post(client, "QTR", period="May 2024")
    assert response.status_code == 200
    assert "&#x27;May 2024&#x27; is a month, but this data is quarterly" in response.text
    assert not Observation.objects.filter(indicator__code="QTR").exists()
    assert post(client, "QTR", period="Q1 2024/25").status_code == 302
    assert Observation.objects.get(indicator__code="QTR").period_label == "Q1 2024/25"


def test_a_contributor_choosing_final_still_needs_approval(client, world, ae):
    client.force_login(world.contributor)
    post(client, status="final")
    observation = may(ae)
    assert observation.approved_at is None
    client.force_login(world.editor)
    assert "Approve AE-4HR May 2024" in client.get(reverse("approvals", args=["alpha"])).text
