"""Every stage 4 page, and the stage facts, cost the same queries for 3 rows as for 300."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pif.actors import Actor
from pif.improvement.testing import make_project
from pif.outcomes.testing import make_outcome
from pif.partnerships import stages
from pif.partnerships.models import Organisation
from pif.people import models as m
from pif.people import services
from pif.people.testing import keep_personal_records, levels_of, make_activity

pytestmark = pytest.mark.django_db

PAGES = ["people", "learning", "capability", "capability_levels", "training_records",
         "staff_engagement_template", "people_settings", "partnership"]


def fill(world, rows: int, start: int = 0) -> None:
    """`rows` more of everything a stage 4 page lists: learning activities (each linked to
    an organisation, an outcome and a project), organisations with counts at two dates
    and a third that leaves levels blank,
    training records and staff engagement indicators."""
    partnership = world.partnership
    levels = levels_of(partnership)
    outcome = make_outcome(partnership, f"Outcome {start}")
    project = make_project(partnership, world.council, title=f"Project {start}")
    for n in range(start, start + rows):
        activity = make_activity(partnership, f"Activity {n}", participants=n,
                                 start_date=datetime.date(2026, 5, 1))
        activity.organisations.set([world.council])
        activity.outcomes.set([outcome])
        activity.projects.set([project])
    for n in range(start, start + max(1, rows // 30)):
        organisation = Organisation.objects.create(partnership=partnership, name=f"Org {n}",
                                                   kind="council", short_code=f"O{n}")
        for when in (datetime.date(2026, 3, 31), datetime.date(2026, 9, 30)):
            m.CapabilityCount.objects.bulk_create([m.CapabilityCount(
                partnership=partnership, organisation=organisation, level=level,
                counted_on=when, people=n) for level in levels])
        # the latest count leaves every level but the first blank: the others carry forward
        m.CapabilityCount.objects.create(partnership=partnership, organisation=organisation,
                                         level=levels[0], counted_on=datetime.date(2026, 11, 30),
                                         people=n + 1)
    m.TrainingRecord.objects.bulk_create([m.TrainingRecord(
        partnership=partnership, person_name=f"Person {n}", organisation=world.council,
        level=levels[0], achieved_on=datetime.date(2026, 5, 1))
        for n in range(start, start + rows)])


def counts(client, world) -> dict:
    client.force_login(world.admin)
    name = world.partnership.short_name
    found = {}
    for page in PAGES:
        with CaptureQueriesContext(connection) as context:
            response = client.get(reverse(page, args=[name]),
                                  {"counted_on": "2026-09-30"} if page == "capability" else {})
        assert response.status_code == 200, page
        found[page] = len(context)
    for fmt in ("csv", "xlsx"):
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("learning_export", args=[name, fmt])).status_code == 200
        found[f"export-{fmt}"] = len(context)
    with CaptureQueriesContext(connection) as context:
        stages.summary(world.partnership, "people")
    found["facts"] = len(context)
    return found


def test_pages_cost_the_same_queries_for_3_and_300_rows(client, world):
    keep_personal_records(world.partnership)
    services.add_staff_engagement_indicators(Actor(user=world.editor), world.partnership,
                                             owner=world.health_board)
    fill(world, 3)
    few = counts(client, world)
    fill(world, 297, start=3)
    assert m.LearningActivity.objects.count() == 300
    many = counts(client, world)
    assert few == many, (few, many)
    assert all(count < 40 for count in few.values()), few
    assert few["facts"] <= 5
