"""The PDSA cycle pages: plan, do, study (beside the measure's chart), act, and the next
cycle of a ramp."""

import datetime

import pytest
from django.urls import reverse

from pif.improvement.models import PdsaCycle, ProjectMeasure
from pif.improvement.testing import make_change_idea, make_cycle, make_project
from pif.partnerships.models import Event

pytestmark = pytest.mark.django_db

PLAN = {"title": "Cycle 1: one nurse, one shift", "scale": "1 nurse, 1 shift",
        "objective": "See if a huddle fits in the handover", "prediction": "Under 5 minutes",
        "start_date": "2026-05-04", "end_date": "2026-05-05"}


def u(name, *args):
    return reverse(name, args=["alpha", *args])


@pytest.fixture
def project(world):
    return make_project(world.partnership, world.health_board, status="active")


def test_plan_do_study_act_then_the_next_cycle(client, world, project):
    idea = make_change_idea(project)
    client.force_login(world.contributor)
    response = client.post(u("pdsa_add", project.pk), {**PLAN, "change_idea": idea.pk})
    cycle = PdsaCycle.objects.get()
    assert response["Location"] == cycle.get_absolute_url()
    assert "Record what happened" in client.get(cycle.get_absolute_url()).content.decode()
    client.post(u("pdsa_do", project.pk, cycle.pk),
                {"do_notes": "Took 4 minutes", "end_date": "2026-05-05", "version": 1})
    client.post(u("pdsa_study", project.pk, cycle.pk),
                {"study_notes": "As predicted", "version": 2})
    client.post(u("pdsa_act", project.pk, cycle.pk),
                {"decision": "adapt", "act_notes": "Try a bay", "completed_on": "2026-05-06",
                 "version": 3})
    cycle.refresh_from_db()
    assert cycle.stage == "Complete" and cycle.decision == "adapt"
    page = client.get(cycle.get_absolute_url()).content.decode()
    next_url = f"{u('pdsa_add', project.pk)}?follows={cycle.pk}"
    assert "Plan the next cycle" in page and next_url in page
    form = client.get(next_url).content.decode()
    assert "Plan cycle 2 of" in form and 'value="1 nurse, 1 shift"' in form
    client.post(next_url, {**PLAN, "title": "Cycle 2: one bay", "scale": "1 bay, 3 days",
                           "change_idea": idea.pk, "follows": cycle.pk,
                           "start_date": "2026-05-11", "end_date": ""})
    second = PdsaCycle.objects.get(title="Cycle 2: one bay")
    assert second.follows == cycle and second.change_idea == idea
    verbs = set(Event.objects.values_list("verb", flat=True))
    assert {"pdsa_cycle_planned", "pdsa_cycle_completed"} <= verbs
    ramp = client.get(u("project", project.pk)).content.decode()
    assert ramp.index("Cycle 1: one nurse") < ramp.index("Cycle 2: one bay")


def test_each_rule_shows_on_the_form(client, world, project):
    idea = make_change_idea(project)
    other_idea = make_change_idea(project, "Other")
    other_cycle = make_cycle(project, other_idea)
    client.force_login(world.contributor)
    page = client.post(u("pdsa_add", project.pk), {**PLAN, "change_idea": idea.pk,
                                                   "end_date": "2026-05-01"}).content.decode()
    assert "The end date must be the same as or after the start date" in page
    page = client.post(u("pdsa_add", project.pk), {**PLAN, "change_idea": idea.pk,
                                                   "follows": other_cycle.pk}).content.decode()
    assert "Choose a cycle that tested the same change idea" in page
    cycle = make_cycle(project, idea)
    page = client.post(u("pdsa_act", project.pk, cycle.pk),
                       {"decision": "adopt", "version": 1}).content.decode()
    assert "Write the study" in page
    page = client.post(u("pdsa_act", project.pk, cycle.pk),
                       {"decision": "", "completed_on": "2026-06-01",
                        "version": 1}).content.decode()
    assert "Select" in page or "Choose adopt, adapt or abandon" in page
    assert PdsaCycle.objects.get(pk=cycle.pk).stage == "Plan"


def test_a_change_idea_of_another_project_is_not_offered(client, world, project):
    elsewhere = make_change_idea(make_project(world.partnership, world.health_board, "B"))
    client.force_login(world.contributor)
    response = client.post(u("pdsa_add", project.pk), {**PLAN, "change_idea": elsewhere.pk})
    assert response.status_code == 200 and not PdsaCycle.objects.exists()


def test_the_study_page_shows_the_measures_chart(client, world, project):
    indicator = world.sample_indicator()
    ProjectMeasure.objects.create(project=project, indicator=indicator, kind="outcome")
    cycle = make_cycle(project, do_notes="Ran it", prediction="Fewer falls")
    client.force_login(world.contributor)
    page = client.get(u("pdsa_study", project.pk, cycle.pk)).content.decode()
    assert "<svg" in page and "AE-4HR" in page and "Fewer falls" in page


def test_the_study_page_prefers_the_cycles_own_measures(client, world, project):
    from pif.measures.testing import make_indicator

    own = make_indicator(world.partnership, owner=world.health_board, code="OWN", values=[1, 2])
    ProjectMeasure.objects.create(project=project, indicator=world.sample_indicator(),
                                  kind="outcome")
    cycle = make_cycle(project)
    cycle.indicators.set([own])
    client.force_login(world.contributor)
    page = client.get(u("pdsa_study", project.pk, cycle.pk)).content.decode()
    assert "OWN" in page and "AE-4HR" not in page


def test_the_study_page_without_measures_says_so(client, world, project):
    cycle = make_cycle(project)
    client.force_login(world.contributor)
    page = client.get(u("pdsa_study", project.pk, cycle.pk)).content.decode()
    assert "no chart to compare with" in page


def test_a_viewer_reads_a_cycle_but_cannot_change_it(client, world, project):
    cycle = make_cycle(project)
    client.force_login(world.viewer)
    page = client.get(cycle.get_absolute_url()).content.decode()
    assert "Objective" in page and "Record what happened" not in page
    for name in ("pdsa_plan", "pdsa_do", "pdsa_study", "pdsa_act", "pdsa_delete"):
        assert client.get(u(name, project.pk, cycle.pk)).status_code == 403, name


def test_a_contributor_of_another_organisation_cannot_change_a_cycle(client, world):
    project = make_project(world.partnership, world.council)
    cycle = make_cycle(project)
    client.force_login(world.contributor)
    assert client.post(u("pdsa_do", project.pk, cycle.pk),
                       {"do_notes": "x", "version": 1}).status_code == 403
    assert PdsaCycle.objects.get().do_notes == ""


def test_a_cycle_of_another_project_is_404(client, world, project):
    other = make_project(world.partnership, world.health_board, "Other")
    cycle = make_cycle(other)
    client.force_login(world.editor)
    assert client.get(u("pdsa_cycle", project.pk, cycle.pk)).status_code == 404
    assert client.post(u("pdsa_delete", project.pk, cycle.pk)).status_code == 404


def test_a_stale_do_is_refused(client, world, project):
    cycle = make_cycle(project)
    client.force_login(world.contributor)
    client.post(u("pdsa_do", project.pk, cycle.pk), {"do_notes": "First", "version": 1})
    page = client.post(u("pdsa_do", project.pk, cycle.pk),
                       {"do_notes": "Second", "version": 1}).content.decode()
    assert "another tab" in page or "while you were editing" in page
    assert PdsaCycle.objects.get().do_notes == "First"


@pytest.mark.parametrize("data", [{}, {"start_date": "2026-02-30"}, {"change_idea": "x"},
                                  {**PLAN, "follows": "99999999999999999999"},
                                  {**PLAN, "indicators": ["abc"]}])
def test_odd_plans_are_refused_not_a_server_error(client, world, project, data):
    client.force_login(world.contributor)
    assert client.post(u("pdsa_add", project.pk), data).status_code == 200
    assert not PdsaCycle.objects.exists()


def test_deleting_a_cycle(client, world, project):
    cycle = make_cycle(project)
    client.force_login(world.contributor)
    assert "Delete PDSA cycle" in client.get(u("pdsa_delete", project.pk, cycle.pk)).content \
        .decode()
    response = client.post(u("pdsa_delete", project.pk, cycle.pk))
    assert response["Location"] == project.get_absolute_url()
    assert not PdsaCycle.objects.exists()


def test_the_cycle_page_shows_its_place_in_the_ramp(client, world, project):
    idea = make_change_idea(project)
    first = make_cycle(project, idea, title="One", start_date=datetime.date(2026, 5, 1))
    second = make_cycle(project, idea, title="Two", start_date=datetime.date(2026, 6, 1),
                        follows=first)
    client.force_login(world.viewer)
    page = client.get(second.get_absolute_url()).content.decode()
    assert "PDSA cycle 2 of" in page and "Follows" in page and "Two (this cycle)" in page


@pytest.mark.parametrize(("part", "message"), [
    ("pdsa_do", "Enter what happened"),
    ("pdsa_study", "Enter the result against the prediction"),
    ("pdsa_act", "Select adopt, adapt or abandon")])
def test_each_part_asks_for_what_it_is_for(client, world, project, part, message):
    cycle = make_cycle(project)
    client.force_login(world.contributor)
    page = client.post(u(part, project.pk, cycle.pk), {"version": 1}).content.decode()
    assert message in page
    assert PdsaCycle.objects.get().version == 1


def test_planning_without_a_change_idea_says_to_add_one_first(client, world, project):
    client.force_login(world.contributor)
    page = client.get(u("pdsa_add", project.pk)).content.decode()
    assert "this project has none yet" in page
    assert u("change_idea_add", project.pk) in page


def test_the_study_chart_is_the_indicators_own_with_the_cycle_marked(world, project):
    from pif.improvement.views.pdsa import measure_chart

    indicator = world.sample_indicator()  # monthly from January 2024
    ProjectMeasure.objects.create(project=project, indicator=indicator, kind="process")
    make_cycle(project, title="Huddle on ward 5", start_date=datetime.date(2024, 2, 10))
    chart = measure_chart(indicator)
    labels = [mark.label for row in chart.rows for mark in row.changes]
    assert any("Huddle on ward 5" in label for label in labels)


def test_the_study_page_and_the_verdict_judge_the_same_measures(client, world, project):
    """One definition (pif.improvement.verdicts.cycle_indicators): a cycle naming only
    another partnership's indicator falls back to the project's measures on the study page,
    the cycle's page and in the verdict alike."""
    from pif.improvement import verdicts
    from pif.measures.testing import make_indicator

    theirs = make_indicator(world.other_partnership, owner=world.other_council, code="BETA")
    ProjectMeasure.objects.create(project=project, indicator=world.sample_indicator(),
                                  kind="outcome")
    cycle = make_cycle(project, do_notes="Ran it")
    cycle.indicators.set([theirs])  # as no page or service allows: straight to the database
    assert [i.code for i in verdicts.cycle_indicators(cycle)] == ["AE-4HR"]
    client.force_login(world.contributor)
    for url in (u("pdsa_study", project.pk, cycle.pk), cycle.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "BETA" not in page, url
        assert u("indicator", "AE-4HR") in page, url


def test_the_cycle_page_names_the_measures_that_should_show_the_change(client, world,
                                                                      project):
    ProjectMeasure.objects.create(project=project, indicator=world.sample_indicator(),
                                  kind="outcome")
    cycle = make_cycle(project)
    client.force_login(world.viewer)
    page = client.get(cycle.get_absolute_url()).content.decode()
    assert "Measures that should show the change" in page and "AE-4HR" in page
