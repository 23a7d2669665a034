"""Every stage 1 and 2 page issues the same number of queries for 3 rows as for 30."""

import pytest
from django.urls import reverse

from pif.outcomes.models import DriverDiagram, Outcome
from pif.outcomes.tests.factories import fill
from pif.outcomes.tests.helpers import queries_for

pytestmark = pytest.mark.django_db

PAGES = ["vision", "frameworks", "outcomes", "strategy_map", "localities", "driver_diagrams",
         "risks", "governance", "resources", "plan", "partnership"]
EXPORTS = ["outcomes_export", "localities_export", "driver_diagrams_export", "risks_export",
           "governance_export", "resources_export"]


def counts(client, world) -> dict:
    client.force_login(world.editor)
    name = world.partnership.short_name
    urls = {page: reverse(page, args=[name]) for page in PAGES}
    urls.update({f"{e}-{fmt}": reverse(e, args=[name, fmt]) for e in EXPORTS
                 for fmt in ("csv", "xlsx")})
    urls["strategy_map_levels"] = reverse("strategy_map", args=[name]) + "?by=level"
    outcome = Outcome.objects.get(partnership=world.partnership, title="Outcome 0")
    urls["outcome"] = reverse("outcome", args=[name, outcome.pk])
    urls["driver_diagram"] = reverse("driver_diagram", args=[
        name, DriverDiagram.objects.get(partnership=world.partnership).pk])
    return {key: queries_for(client, url)[0] for key, url in urls.items()}


def test_pages_cost_the_same_queries_for_3_and_30_rows(client, world):
    fill(world, 3)
    few = counts(client, world)
    fill(world, 27, start=3)
    assert Outcome.objects.filter(partnership=world.partnership).count() == 31
    assert Outcome.objects.get(title="Outcome 0").indicators.count() == 30
    many = counts(client, world)
    assert few == many, (few, many)
    assert all(count < 40 for count in few.values()), few
