import pytest
from django.urls import reverse

from pif.outcomes.models import Vision
from pif.outcomes.testing import make_diagram, make_group, make_outcome, make_risk

pytestmark = pytest.mark.django_db


def test_the_plan_lays_out_every_section_for_printing(client, world):
    Vision.objects.create(partnership=world.partnership, first_year=2026, last_year=2035,
                          statement="A fairer Alpha for everyone.", is_current=True)
    poverty = make_outcome(world.partnership, "Poverty", level=1)
    culture = make_outcome(world.partnership, "Culture", level=1)
    local = make_outcome(world.partnership, "Fewer children in poverty", parent=poverty)
    local.indicators.add(world.sample_indicator())
    make_diagram(world.partnership, outcome=local)
    make_risk(world.partnership, world.council)
    make_group(world.partnership)
    client.force_login(world.viewer)
    page = client.get(reverse("plan", args=["alpha"])).content.decode()
    for heading in ("Vision and conditions, 2026/27 to 2035/36", "1. Vision",
                    "2. Outcomes and indicators", "3. Strategy map", "4. Driver diagrams",
                    "5. Risks", "6. Governance", "7. Resources"):
        assert heading in page
    assert "A fairer Alpha for everyone." in page
    assert "AE-4HR" in page and "Community Planning Board" in page
    tree = page[page.index("2. Outcomes and indicators"):page.index("3. Strategy map")]
    assert reverse("outcome", args=["alpha", culture.pk]) not in tree
    assert reverse("outcome", args=["alpha", poverty.pk]) in tree
    assert "outcomes/outcomes.css" in page and "data-pif-print" in page
