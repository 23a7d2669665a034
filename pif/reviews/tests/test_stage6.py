"""Stage 6 in the shared registries: the menu, the stage facts, the overview panel and the
landing page, each with a fixed number of queries."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pif.partnerships import overview, stages
from pif.partnerships.access import access_for
from pif.partnerships.context_processors import PARTNERSHIP_SECTIONS
from pif.reviews.models import AssessmentMethod, AssessmentStage, Cycle
from pif.reviews.stage_facts import review_panels
from pif.reviews.testing import (
    make_assessment,
    make_cycle,
    make_follow_up,
    make_framework_version,
    make_meeting,
    make_series,
)


def test_stage_6_is_built_and_in_the_menu_after_stage_5():
    assert stages.STAGES_BY_SLUG["review"].is_built
    names = [name for name, _ in PARTNERSHIP_SECTIONS]
    assert names.index("reviews") == names.index("organisations") - 1
    assert names.index("reviews") > names.index("scorecard")


def _fill(world, count, first):
    version = make_framework_version(label=f"v{first}")
    series = make_series(world.partnership, world.users["editor"], name=f"Stat {first}")
    meeting = make_meeting(series)
    for number in range(count):
        make_follow_up(meeting, due_date=datetime.date(2020, 1, 1))
        make_assessment(world.partnership, version, title=f"A{first + number}")
        make_cycle(world.partnership, first_year=2000 + first + number,
                   state=Cycle.State.CLOSED)


def _facts_queries(world) -> tuple[int, dict]:
    world.partnership.__dict__.pop("_review_counts", None)
    with CaptureQueriesContext(connection) as queries:
        facts = {f.label: f.count for f in stages.summary(world.partnership, "review").facts}
    return len(queries), facts


def test_stage_facts_count_with_fixed_queries(world):
    _fill(world, 3, 0)
    few, facts = _facts_queries(world)
    assert (facts["Closed cycles"], facts["Overdue meeting follow-ups"],
            facts["Self-assessments"]) == (3, 3, 3)
    _fill(world, 27, 3)
    many, facts = _facts_queries(world)
    assert many == few and facts["Closed cycles"] == 30


def test_the_overview_panel_names_overdue_follow_ups_and_a_cycle_due(world):
    today = timezone.localdate()
    Cycle.objects.create(partnership=world.partnership, first_year=today.year - 1,
                         starts_on=today - datetime.timedelta(days=350),
                         ends_on=today + datetime.timedelta(days=10))
    make_follow_up(make_meeting(make_series(world.partnership, world.users["editor"])),
                   due_date=today - datetime.timedelta(days=1))
    make_assessment(world.partnership, method=AssessmentMethod.CHECKLIST,
                    stage=AssessmentStage.OPEN)
    access = access_for(world.users["viewer"], world.partnership)
    panel = overview.for_person(access).panels
    ours = next(p for p in panel if p.title == "Review the cycle")
    assert [(c.count, c.words) for c in ours.counts] == [
        (1, "meeting follow-up overdue"), (0, "follow-ups escalated to the chair"),
        (1, "self-assessment survey open"), (1, "cycle due to close")]
    with CaptureQueriesContext(connection) as queries:
        world.partnership.__dict__.pop("_review_counts", None)
        review_panels(access)
    assert len(queries) <= 4


def test_the_landing_page_gives_each_area_its_next_step(client, world):
    client.force_login(world.users["editor"])
    page = client.get(reverse("reviews", args=["alpha"])).content.decode()
    home = reverse("partnership", args=["alpha"])
    assert f'Stage 6 of 6 · <a class="govuk-link" href="{home}">' in page
    assert reverse("meeting_series_add", args=["alpha"]) in page
    assert reverse("cycle_start", args=["alpha"]) in page
    client.force_login(world.users["viewer"])
    page = client.get(reverse("reviews", args=["alpha"])).content.decode()
    assert reverse("cycle_start", args=["alpha"]) not in page
    assert "Editors and partnership admins start the first cycle." in page
