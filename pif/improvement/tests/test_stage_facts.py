"""Stage 3's facts: the "Take action" stage page and the overview's stage card list real
counts, read by the one definition of open, overdue and stale, in a fixed number of
queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from pif.improvement import models as m
from pif.improvement.stage_facts import action_facts
from pif.improvement.testing import make_action, make_cycle, make_project
from pif.lib.periods import Period
from pif.measures.testing import make_indicator
from pif.partnerships.stages import STAGES_BY_SLUG
from pif.spc.vocabulary import ChangeVerdict

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LONG_AGO = TODAY - datetime.timedelta(days=400)


def facts(partnership) -> dict[str, int]:
    return {fact.label: fact.count for fact in action_facts(partnership)}


def grow(world, start, stop):
    """Actions of each kind, projects and cycles, numbered start..stop-1."""
    for n in range(start, stop):
        make_action(world.partnership, world.health_board, reference=f"A{n:03}",
                    due_date=TODAY - datetime.timedelta(days=1))  # overdue
        make_action(world.partnership, world.council, reference=f"B{n:03}",
                    due_date=TODAY + datetime.timedelta(days=30), last_progress_on=TODAY)
        make_action(world.partnership, world.council, reference=f"C{n:03}",
                    status=m.ActionStatus.COMPLETE)
        project = make_project(world.partnership, world.health_board, title=f"Project {n}",
                               status=m.Project.Status.ACTIVE)
        make_cycle(project, start_date=TODAY)
        make_project(world.partnership, world.council, title=f"Waiting {n}")


def test_the_facts_count_open_overdue_stale_and_complete_actions(world):
    make_action(world.partnership, world.health_board, reference="A01",
                due_date=TODAY - datetime.timedelta(days=1), last_progress_on=TODAY)
    make_action(world.partnership, world.health_board, reference="A02", is_ongoing=True,
                due_date=None, last_progress_on=LONG_AGO)  # stale, never overdue
    make_action(world.partnership, world.health_board, reference="A03",
                due_date=LONG_AGO, status=m.ActionStatus.COMPLETE)  # closed: not overdue
    make_action(world.partnership, world.health_board, reference="A04",
                status=m.ActionStatus.CANCELLED)
    make_action(world.other_partnership, world.other_council, reference="A01",
                due_date=LONG_AGO)  # another partnership's
    found = facts(world.partnership)
    assert found["Open actions"] == 2
    assert found["Overdue actions"] == 1
    assert found["Actions with no update for 60 days"] == 1
    assert found["Completed actions"] == 1


def test_the_stale_threshold_is_the_partnerships_own(world):
    m.ActionSettings.objects.create(partnership=world.partnership, stale_after_days=10)
    make_action(world.partnership, world.health_board,
                last_progress_on=TODAY - datetime.timedelta(days=20))
    found = facts(world.partnership)
    assert found["Actions with no update for 10 days"] == 1


def test_the_facts_count_projects_cycles_and_changes_that_worked(world):
    active = make_project(world.partnership, world.health_board, status=m.Project.Status.ACTIVE)
    make_project(world.partnership, world.health_board, title="Waiting")
    make_project(world.partnership, world.health_board, title="Done",
                 status=m.Project.Status.COMPLETE)
    year = Period.financial_year_containing(TODAY)
    done = make_cycle(active, start_date=year.start, completed_on=TODAY)
    make_cycle(active, title="Cycle 2", start_date=year.start - datetime.timedelta(days=1))
    indicator = make_indicator(world.partnership, owner=world.health_board, code="FALLS")
    for verdict, cycle in [(ChangeVerdict.SUSTAINED_IMPROVEMENT, done),
                           (ChangeVerdict.NO_SIGNAL, None)]:
        m.Verdict.objects.create(
            partnership=world.partnership, indicator=indicator, cycle=cycle,
            action=None if cycle else make_action(world.partnership, world.health_board),
            change_period_start=TODAY, judged_on=TODAY, verdict=verdict.value,
            points_before=12, points_after=8, explanation="")
    found = facts(world.partnership)
    assert found["Active improvement projects"] == 1
    assert found["Projects waiting for approval"] == 1
    assert found["PDSA cycles under way"] == 1
    assert found[f"PDSA cycles started in {year.label}"] == 1
    assert found["Changes that worked (sustained improvement)"] == 1


def test_the_facts_cost_the_same_with_3_or_30_of_everything(world):
    grow(world, 0, 3)
    with CaptureQueriesContext(connection) as few:
        assert facts(world.partnership)["Open actions"] == 6
    grow(world, 3, 30)
    fresh = type(world.partnership).objects.get(pk=world.partnership.pk)
    with CaptureQueriesContext(connection) as many:
        found = facts(fresh)
    assert found["Open actions"] == 60
    assert found["Overdue actions"] == 30
    assert found["Projects waiting for approval"] == 30
    assert len(many.captured_queries) == len(few.captured_queries) <= 6


def test_the_stage_page_shows_the_facts_and_the_next_step(client, world):
    make_action(world.partnership, world.health_board, due_date=LONG_AGO)
    client.force_login(world.admin)
    response = client.get(reverse("stage", args=["alpha", "action"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "does not hold this stage yet" not in page
    assert "Overdue actions" in page
    assert "What to do next" in page
    assert escape(STAGES_BY_SLUG["action"].next_step) in page


@pytest.mark.parametrize("role", ["viewer", "contributor"])
def test_members_who_cannot_add_actions_are_told_who_can(client, world, role):
    client.force_login(world.users[role])
    page = client.get(reverse("stage", args=["alpha", "action"])).content.decode()
    assert "What to do next" not in page
    assert "Editors and partnership admins take the next step." in page


def test_the_overview_card_for_stage_3_shows_counts(client, world):
    make_action(world.partnership, world.health_board)
    client.force_login(world.viewer)
    page = client.get(reverse("partnership", args=["alpha"])).content.decode()
    card = page[page.index("pif-stage-card--action"):page.index("pif-stage-card--people")]
    assert 'Open actions: <span class="pif-stage-card__count-value">1</span>' in card
    assert "Coming in a later version" not in card


def test_an_outsider_cannot_read_the_stage(client, world):
    client.force_login(world.outsider)
    assert client.get(reverse("stage", args=["alpha", "action"])).status_code == 404


@pytest.mark.parametrize(("day", "label"), [
    (datetime.date(2026, 12, 5), "2026/27"), (datetime.date(2027, 3, 31), "2026/27"),
    (datetime.date(2027, 4, 1), "2027/28"), (datetime.date(2026, 3, 31), "2025/26")])
def test_the_financial_year_is_the_one_holding_the_day(day, label):
    year = Period.financial_year_containing(day)
    assert (year.kind, year.label) == ("financial_year", label)
    assert year.start <= day <= year.end
