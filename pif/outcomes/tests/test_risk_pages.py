import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE
from pif.outcomes import risks
from pif.outcomes.models import Risk
from pif.outcomes.services import conditions
from pif.outcomes.testing import make_risk

pytestmark = pytest.mark.django_db

FORM = {"reference": "R09", "title": "Funding ends", "cause": "Short grants",
        "effect": "Services stop", "inherent_likelihood": 4, "inherent_impact": 4,
        "residual_likelihood": 3, "residual_impact": 3, "review_date": "2027-03-31",
        "status": "open"}


def test_a_likelihood_of_6_is_refused_with_a_clear_message(client, world):
    client.force_login(world.editor)
    response = client.post(reverse("risk_add", args=["alpha"]), {
        **FORM, "owner_organisation": world.council.pk, "inherent_likelihood": 6})
    assert "Use a number from 1 to 5" in response.content.decode()
    assert not Risk.objects.exists()


def test_the_service_refuses_a_score_outside_1_to_5(world):
    risk = Risk(partnership=world.partnership, owner_organisation=world.council,
                **{**FORM, "review_date": datetime.date(2027, 3, 31), "residual_impact": 0})
    with pytest.raises(ValidationError):
        conditions.save(Actor(user=world.editor), risk,
                        loaded_version=PROGRAM_CHANGE)


def test_an_editor_adds_a_risk_linked_to_outcomes(client, world):
    from pif.outcomes.testing import make_outcome

    outcome = make_outcome(world.partnership)
    client.force_login(world.editor)
    response = client.post(reverse("risk_add", args=["alpha"]), {
        **FORM, "owner_organisation": world.council.pk, "outcomes": [outcome.pk]})
    assert response.status_code == 302
    risk = Risk.objects.get()
    assert risk.inherent_score == 16 and risk.residual_rating == "Medium"
    assert list(risk.outcomes.all()) == [outcome]
    assert risk.history.first().history_user == world.editor


def test_the_heat_map_counts_open_risks_by_likelihood_and_impact(world):
    make_risk(world.partnership, world.council, "R1", residual_likelihood=5, residual_impact=5)
    make_risk(world.partnership, world.council, "R2", residual_likelihood=5, residual_impact=5)
    make_risk(world.partnership, world.council, "R3", residual_likelihood=1, residual_impact=2,
              status="closed")
    rows = risks.heat_map(Risk.objects.all())
    assert rows[0].impact == 5 and rows[0].cells[4].count == 2
    assert rows[0].cells[4].rating == "Very high"
    assert sum(c.count for r in rows for c in r.cells) == 2


def test_overdue_reviews_are_flagged(client, world):
    make_risk(world.partnership, world.council, "R1", review_date=datetime.date(2020, 1, 1))
    make_risk(world.partnership, world.council, "R2", review_date=datetime.date(2020, 1, 1),
              status="closed")
    client.force_login(world.viewer)
    page = client.get(reverse("risks", args=["alpha"])).content.decode()
    assert "1 risk review overdue: R1." in page
    assert page.count("Review overdue") == 1


def test_a_review_is_overdue_when_its_date_has_passed_and_the_risk_is_still_open(world):
    today = datetime.date(2026, 12, 5)
    make_risk(world.partnership, world.council, "R1", review_date=datetime.date(2026, 12, 4))
    make_risk(world.partnership, world.council, "R2", review_date=today)
    make_risk(world.partnership, world.council, "R3", review_date=datetime.date(2026, 12, 4),
              status="closed")
    make_risk(world.partnership, world.council, "R4", review_date=datetime.date(2020, 1, 1),
              status="tolerated")
    overdue = Risk.objects.review_overdue(today)
    assert sorted(overdue.values_list("reference", flat=True)) == ["R1", "R4"]
    flagged = Risk.objects.with_review_overdue(today).order_by("reference")
    assert [risk.review_overdue for risk in flagged] == [True, False, False, True]


def test_the_export_says_which_reviews_are_overdue(client, world):
    make_risk(world.partnership, world.council, "R1", review_date=datetime.date(2020, 1, 1))
    make_risk(world.partnership, world.council, "R2")
    client.force_login(world.viewer)
    text = client.get(reverse("risks_export", args=["alpha", "csv"])).content.decode()
    overdue = {line.split(",")[0]: line.split(",")[15] for line in text.splitlines()[1:]}
    assert overdue == {"R1": "Yes", "R2": "No"}


def test_the_heat_map_is_a_table_with_the_counts_as_text(client, world):
    make_risk(world.partnership, world.council, "R1")
    client.force_login(world.viewer)
    page = client.get(reverse("risks", args=["alpha"])).content.decode()
    assert "Number of open risks by residual likelihood and impact" in page
    assert '<th scope="row" class="govuk-table__header">3 Moderate</th>' in page
