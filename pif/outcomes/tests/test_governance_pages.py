from decimal import Decimal

import pytest
from django.urls import reverse

from pif.outcomes import resources
from pif.outcomes.models import Group, GroupMember, Locality, Resource
from pif.outcomes.testing import make_group, make_outcome

pytestmark = pytest.mark.django_db


def test_an_editor_adds_a_group_and_a_member(client, world):
    board = make_group(world.partnership)
    outcome = make_outcome(world.partnership)
    client.force_login(world.editor)
    response = client.post(reverse("group_add", args=["alpha"]), {
        "name": "Tackling Poverty Delivery Group", "kind": "delivery",
        "remit": "Leads the poverty outcome", "reports_to": board.pk,
        "outcomes": [outcome.pk]})
    assert response.status_code == 302
    group = Group.objects.get(name="Tackling Poverty Delivery Group")
    client.post(reverse("group_member_add", args=["alpha", group.pk]),
                {"name": "Head of Anti-Poverty", "organisation": world.council.pk,
                 "role": "Chair"})
    page = client.get(reverse("governance", args=["alpha"])).content.decode()
    assert "reports to Community Planning Board" in page
    assert "Head of Anti-Poverty" in page
    assert GroupMember.objects.get().history.first().history_user == world.editor


def test_a_viewer_reads_governance_but_cannot_change_it(client, world):
    make_group(world.partnership)
    client.force_login(world.viewer)
    page = client.get(reverse("governance", args=["alpha"])).content.decode()
    assert "Community Planning Board" in page and "Add a group" not in page
    assert client.post(reverse("group_add", args=["alpha"]), {}).status_code == 403


def test_the_matrix_shows_who_contributes_what_to_which_outcome(world):
    outcome = make_outcome(world.partnership, "Fewer children in poverty")
    rows = [Resource(partnership=world.partnership, organisation=world.council,
                     outcome=outcome, kind="money", amount=Decimal("250000"),
                     financial_year=2026),
            Resource(partnership=world.partnership, organisation=world.health_board,
                     outcome=outcome, kind="staff", amount=Decimal("2.5"),
                     financial_year=2026),
            Resource(partnership=world.partnership, organisation=world.council, outcome=None,
                     kind="in_kind", amount=Decimal("1000"), financial_year=2026)]
    matrix = resources.matrix(rows)
    assert [o.short_code for o in matrix.organisations] == ["AC", "NHSA"]
    first, unassigned = matrix.rows
    assert [str(cell) for cell in first[1]] == ["£250,000", "2.5 FTE"]
    assert str(first[2]) == "£250,000, 2.5 FTE"
    assert unassigned[0] is None
    assert str(matrix.total) == "£250,000, 2.5 FTE, £1,000 in kind"


def test_a_negative_amount_is_refused(client, world):
    client.force_login(world.editor)
    response = client.post(reverse("resource_add", args=["alpha"]), {
        "organisation": world.council.pk, "kind": "money", "amount": "-5",
        "financial_year": 2026})
    assert "Enter 0 or more" in response.content.decode()
    assert not Resource.objects.exists()


def test_an_editor_scopes_indicators_to_a_locality(client, world):
    indicator = world.sample_indicator()
    client.force_login(world.editor)
    client.post(reverse("locality_add", args=["alpha"]), {
        "name": "Townhead", "significantly_poorer": "on", "indicators": [indicator.pk]})
    locality = Locality.objects.get()
    assert locality.significantly_poorer
    assert list(indicator.localities.all()) == [locality]
