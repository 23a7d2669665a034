"""An outcome's page lists its actions, its improvement projects and the "did it work?"
register (sections registered through pif/outcomes/sections.py), with links only for roles
who may open them, in a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pif.improvement import models as m
from pif.improvement import progress_scale
from pif.improvement.testing import make_action, make_cycle, make_project
from pif.outcomes import sections
from pif.outcomes.testing import make_outcome
from pif.partnerships.access import get_access

pytestmark = pytest.mark.django_db


def outcome_page(client, world, outcome, role="viewer"):
    client.force_login(world.users[role])
    return client.get(reverse("outcome", args=["alpha", outcome.pk]))


def section(page: str, heading_id: str) -> str:
    start = page.index(f'id="{heading_id}"')
    end = page.find('<div class="pif-outcome-section">', start)
    end = end if end != -1 else page.index("What to do next", start)
    return page[start:end]


@pytest.fixture
def outcome(world):
    return make_outcome(world.partnership, "Fewer falls")


def test_the_registry_draws_each_section_under_its_heading(client, world, outcome,
                                                           monkeypatch):
    found = []

    def provider(outcome_seen, access):
        found.append((outcome_seen.pk, access.role))
        return [sections.Section("extra", "Something extra",
                                 "improvement/includes/outcome_did_it_work.html",
                                 {"rows": []})]

    monkeypatch.setattr(sections, "_providers", [provider])
    page = outcome_page(client, world, outcome).content.decode()
    assert found == [(outcome.pk, "viewer")]
    assert '<div class="pif-outcome-section">' in page
    assert '<h2 class="govuk-heading-m" id="outcome-extra">Something extra</h2>' in page
    assert page.index("Something extra") < page.index("What to do next")


def test_with_nothing_registered_the_page_has_no_sections(client, world, outcome,
                                                          monkeypatch):
    monkeypatch.setattr(sections, "_providers", [])
    page = outcome_page(client, world, outcome).content.decode()
    assert "pif-outcome-section" not in page
    assert "Actions for this outcome" not in page


def test_the_page_lists_the_outcomes_actions(client, world, outcome):
    action = make_action(world.partnership, world.health_board, "A07",
                         title="Falls clinic", owner=world.contributor,
                         due_date=datetime.date(2027, 3, 31), status=m.ActionStatus.AT_RISK)
    action.outcomes.add(outcome)
    other = make_action(world.partnership, world.health_board, "A08", title="Not linked")
    assert other.pk
    page = outcome_page(client, world, outcome).content.decode()
    actions = section(page, "outcome-actions")
    assert f'href="{reverse("action", args=["alpha", action.pk])}">A07 Falls clinic</a>' \
        in actions
    assert "Contributor, NHS Alpha" in actions
    assert "31 March 2027" in actions
    assert "At risk" in actions
    assert "Not linked" not in actions


def test_an_outcome_without_actions_says_so_and_offers_adding_to_editors(client, world,
                                                                         outcome):
    add = reverse("action_add", args=["alpha"])
    viewer = section(outcome_page(client, world, outcome).content.decode(), "outcome-actions")
    assert "No action in the plan works towards this outcome yet." in viewer
    assert add not in viewer
    assert reverse("actions", args=["alpha"]) in viewer  # the plan, which viewers may read
    editor = section(outcome_page(client, world, outcome, "editor").content.decode(),
                     "outcome-actions")
    assert f'href="{add}"' in editor


def test_the_page_lists_the_outcomes_projects_with_their_latest_score(client, world, outcome):
    project = make_project(world.partnership, world.health_board, "Falls huddles",
                           outcome=outcome, status=m.Project.Status.ACTIVE)
    make_cycle(project)
    m.ProgressScore.objects.create(project=project, scored_on=datetime.date(2026, 6, 1),
                                   score="2.0", scale_version="2026")
    m.ProgressScore.objects.create(project=project, scored_on=datetime.date(2026, 9, 1),
                                   score="3.5", scale_version="ihi-standard")
    make_project(world.partnership, world.health_board, "Elsewhere")
    projects = section(outcome_page(client, world, outcome).content.decode(),
                       "outcome-projects")
    assert f'href="{reverse("project", args=["alpha", project.pk])}">Falls huddles</a>' \
        in projects
    assert "Active" in projects
    assert "3.5" in projects and "2.0" not in projects
    # In the words of the scale version it was given against.
    assert str(progress_scale.words(Decimal("3.5"), "ihi-standard")) in projects
    assert "Elsewhere" not in projects


@pytest.mark.parametrize("role,sees", [("viewer", False), ("contributor", True)])
def test_registering_a_project_is_offered_to_those_who_can(client, world, outcome, role, sees):
    projects = section(outcome_page(client, world, outcome, role).content.decode(),
                       "outcome-projects")
    assert "No improvement project works on this outcome yet." in projects
    assert (reverse("project_add", args=["alpha"]) in projects) == sees


def test_the_did_it_work_section_is_on_the_page(client, world, outcome):
    page = outcome_page(client, world, outcome).content.decode()
    did_it_work = section(page, "outcome-did-it-work")
    assert "Did it work?" in did_it_work
    assert "Nothing has been judged yet" in did_it_work


def test_the_did_it_work_section_lists_what_the_data_said(client, world, outcome):
    from pif.spc.vocabulary import ChangeVerdict

    action = make_action(world.partnership, world.health_board, "A09", title="Falls clinic",
                         status=m.ActionStatus.COMPLETE,
                         completed_on=datetime.date(2026, 9, 30))
    action.outcomes.add(outcome)
    m.Verdict.objects.create(
        partnership=world.partnership, indicator=world.sample_indicator(), action=action,
        change_period_start=datetime.date(2026, 10, 1), judged_on=datetime.date(2026, 9, 30),
        verdict=ChangeVerdict.SUSTAINED_IMPROVEMENT.value, points_before=12, points_after=8,
        explanation="Eight points above the old mean.")
    did_it_work = section(outcome_page(client, world, outcome).content.decode(),
                          "outcome-did-it-work")
    assert "A09 Falls clinic" in did_it_work
    assert ChangeVerdict.SUSTAINED_IMPROVEMENT.label in did_it_work
    assert "Eight points above the old mean." in did_it_work
    assert "Nothing has been judged yet" not in did_it_work


def test_another_partnerships_outcome_is_not_found(client, world):
    theirs = make_outcome(world.other_partnership, "Theirs")
    assert outcome_page(client, world, theirs).status_code == 404
    client.force_login(world.outsider)
    assert client.get(reverse("outcome", args=["alpha", make_outcome(
        world.partnership).pk])).status_code == 404


def grow(world, outcome, start, stop):
    for n in range(start, stop):
        action = make_action(world.partnership, world.health_board, f"A{n:03}",
                             owner=world.contributor)
        action.outcomes.add(outcome)
        action.indicators.add(world.sample_indicator())
        project = make_project(world.partnership, world.health_board, f"Project {n}",
                               outcome=outcome)
        make_cycle(project).indicators.add(world.sample_indicator())
        m.ProgressScore.objects.create(project=project, scored_on=datetime.date(2026, 6, 1),
                                       score="1.0", scale_version="2026")
        make_outcome(world.partnership, f"Under it {n}", level=3, parent=outcome)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_page_costs_the_same_with_3_or_30_rows(client, world, outcome):
    url = reverse("outcome", args=["alpha", outcome.pk])
    client.force_login(world.viewer)
    grow(world, outcome, 0, 3)
    count_queries(client, url)
    few = count_queries(client, url)
    grow(world, outcome, 3, 30)
    many = count_queries(client, url)
    assert many == few
    page = client.get(url).content.decode()
    assert section(page, "outcome-actions").count("<tr") == 31


def test_the_sections_cost_a_fixed_number_of_queries(world, outcome):
    from pif.improvement.outcome_sections import outcome_sections

    grow(world, outcome, 0, 3)
    access = get_access(world.viewer, "alpha")
    with CaptureQueriesContext(connection) as context:
        outcome_sections(outcome, access)
    assert len(context.captured_queries) <= 14
