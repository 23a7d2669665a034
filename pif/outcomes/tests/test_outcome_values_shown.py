"""An outcome's indicator table shows values as the scorecard does, in the indicator's unit
and decimals, and an empty target as a dash, never "None" or a bare float."""

from django.urls import reverse

from pif.measures.models import Target
from pif.measures.status import refresh
from pif.measures.testing import make_indicator
from pif.outcomes.testing import make_outcome


def test_values_in_their_unit_and_an_empty_target_as_a_dash(client, world):
    with_target = make_indicator(world.partnership, owner=world.council, code="WAITS",
                                 values=[90.1, 91.26, 92.049])
    Target.objects.create(indicator=with_target, value=94.95)
    refresh([with_target])
    without = make_indicator(world.partnership, owner=world.council, code="NOTARGET",
                             values=[1, 2, 3])
    outcome = make_outcome(world.partnership)
    outcome.indicators.add(with_target, without)
    client.force_login(world.viewer)
    page = client.get(reverse("outcome", args=["alpha", outcome.pk])).content.decode()
    assert "92.0%" in page and "95.0%" in page
    assert "92.05" not in page and "94.95" not in page
    assert ('<span class="pif-muted" aria-hidden="true">–</span>'
            '<span class="govuk-visually-hidden">No target</span>') in page
