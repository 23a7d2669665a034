"""The project pages: each role, query counts, odd input, a stale edit."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pif.improvement.models import ChangeIdea, ProgressScore, Project, ProjectMeasure
from pif.improvement.testing import make_change_idea, make_cycle, make_project
from pif.measures.testing import make_indicator
from pif.partnerships.models import Event

pytestmark = pytest.mark.django_db

FORM = {"title": "Fewer falls", "aim_what": "Falls with harm in our care homes",
        "aim_how_much": "Reduce by 25%", "aim_by_when": "2027-12-31", "team": "Ann, nurse"}


def u(name, *args):
    return reverse(name, args=["alpha", *args])


def test_a_contributor_registers_a_project(client, world):
    client.force_login(world.contributor)
    response = client.post(u("project_add"), {**FORM, "organisation": world.health_board.pk})
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert project.status == "registered" and project.registered_by == world.contributor


def test_the_register_page_says_who_approves(client, world):
    client.force_login(world.contributor)
    page = client.get(u("project_add")).content.decode()
    assert "Editors and admins act as the partnership&#x27;s improvement leads" in page or \
        "Editors and admins act as the partnership's improvement leads" in page


def test_an_empty_registration_says_what_to_enter(client, world):
    client.force_login(world.contributor)
    page = client.post(u("project_add"), {}).content.decode()
    assert "Enter a project name" in page and "Enter how much it will improve" in page
    assert "Enter the date the aim should be met by" in page


def test_a_viewer_cannot_register_and_sees_no_button(client, world):
    client.force_login(world.viewer)
    assert client.get(u("project_add")).status_code == 403
    assert client.post(u("project_add"), FORM).status_code == 403
    assert "Register a project" not in client.get(u("projects")).content.decode()


def test_an_outsider_gets_404_everywhere(client, world):
    project = make_project(world.partnership, world.health_board)
    cycle = make_cycle(project)
    client.force_login(world.outsider)
    for url in (u("projects"), u("project", project.pk), u("project_add"),
                u("pdsa_cycle", project.pk, cycle.pk), u("pdsa_do", project.pk, cycle.pk)):
        assert client.get(url).status_code == 404, url


def test_another_partnerships_project_is_404(client, world):
    theirs = make_project(world.other_partnership, world.other_council)
    client.force_login(world.admin)
    assert client.get(u("project", theirs.pk)).status_code == 404
    assert client.post(u("project_delete", theirs.pk)).status_code == 404
    assert Project.objects.filter(pk=theirs.pk).exists()


def test_a_contributor_of_another_organisation_cannot_edit(client, world):
    project = make_project(world.partnership, world.council)
    client.force_login(world.contributor)
    page = client.get(u("project", project.pk)).content.decode()
    assert "Change the project" not in page and "Add a change idea" not in page
    for name in ("project_edit", "project_delete", "project_measures", "change_idea_add",
                 "project_score", "pdsa_add"):
        assert client.get(u(name, project.pk)).status_code == 403, name
    assert client.post(u("project_edit", project.pk), {**FORM, "version": 1}).status_code == 403


def test_a_viewer_who_leads_the_project_sees_no_link_to_change_it(client, world):
    """No dead ends: the change pages refuse a viewer, so the viewer sees no link to them."""
    project = make_project(world.partnership, world.council, status="active",
                           lead=world.viewer)
    cycle = make_cycle(project)
    client.force_login(world.viewer)
    response = client.get(u("project", project.pk))
    assert response.status_code == 200
    page = response.content.decode()
    for name in ("project_edit", "project_delete", "project_measures", "change_idea_add",
                 "project_score", "pdsa_add"):
        assert u(name, project.pk) not in page, name
        assert client.get(u(name, project.pk)).status_code == 403, name
    assert "Follow the project" in page
    page = client.get(cycle.get_absolute_url()).content.decode()
    assert "Objective" in page
    for name in ("pdsa_plan", "pdsa_do", "pdsa_study", "pdsa_act", "pdsa_delete"):
        assert u(name, project.pk, cycle.pk) not in page, name
    waiting = make_project(world.partnership, world.council, title="Waiting",
                           lead=world.viewer)
    page = client.get(u("project", waiting.pk)).content.decode()
    assert "waiting for approval" in page and "You can plan" not in page
    assert u("project_measures", waiting.pk) not in page


def test_the_lead_may_edit_even_as_a_contributor_of_another_organisation(client, world):
    project = make_project(world.partnership, world.council, lead=world.contributor)
    client.force_login(world.contributor)
    response = client.post(u("project_edit", project.pk), {
        **FORM, "organisation": world.council.pk, "lead": world.contributor.pk, "version": 1})
    assert response.status_code == 302
    assert Project.objects.get().title == "Fewer falls"


def test_an_editor_approves(client, world):
    project = make_project(world.partnership, world.health_board)
    client.force_login(world.contributor)
    assert client.get(u("project_approve", project.pk)).status_code == 403
    client.force_login(world.editor)
    page = client.get(u("project", project.pk)).content.decode()
    assert "Approve this project" in page
    response = client.post(u("project_approve", project.pk), {"version": 1})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == "active" and project.approved_by == world.editor
    assert project.history.latest().history_user == world.editor
    assert Event.objects.get(verb="project_approved").actor == world.editor


def test_an_approval_without_the_version_is_refused(client, world):
    project = make_project(world.partnership, world.health_board)
    client.force_login(world.editor)
    response = client.post(u("project_approve", project.pk), {})
    assert response.status_code == 200
    assert Project.objects.get().status == "registered"


def test_a_stale_edit_is_refused_and_shows_what_changed(client, world):
    project = make_project(world.partnership, world.health_board)
    client.force_login(world.editor)
    client.post(u("project_edit", project.pk), {
        **FORM, "title": "First", "organisation": world.health_board.pk, "version": 1})
    response = client.post(u("project_edit", project.pk), {
        **FORM, "title": "Second", "organisation": world.health_board.pk, "version": 1})
    assert response.status_code == 200
    assert "while you were editing" in response.content.decode() or \
        "another tab" in response.content.decode()
    assert Project.objects.get().title == "First"


@pytest.mark.parametrize("data", [{}, {**FORM, "aim_by_when": "31/31/2027"},
                                  {**FORM, "aim_by_when": "99999-01-01"},
                                  {**FORM, "organisation": "999999999999999999999"},
                                  {**FORM, "title": "x" * 5000}])
def test_odd_input_is_refused_not_a_server_error(client, world, data):
    client.force_login(world.contributor)
    response = client.post(u("project_add"), data)
    assert response.status_code == 200
    assert not Project.objects.exists()


def test_odd_ids_are_404_not_500(client, world):
    project = make_project(world.partnership, world.health_board)
    client.force_login(world.editor)
    assert client.get("/p/alpha/projects/99999999999999999999/").status_code == 404
    assert client.get(u("pdsa_cycle", project.pk, 2**31)).status_code == 404
    assert client.get(u("change_idea_edit", project.pk, 2**31)).status_code == 404
    assert client.post(u("project_measures", project.pk), {"remove": "abc"}).status_code == 404
    assert client.post(u("project_measures", project.pk), {"remove": "7"}).status_code == 404
    assert client.get(u("pdsa_add", project.pk) + "?follows=abc&change_idea=-1").status_code == 200
    assert client.get(u("pdsa_add", project.pk) + "?follows=" + "9" * 40).status_code == 200


def test_the_measures_page_adds_and_removes_indicators(client, world):
    project = make_project(world.partnership, world.health_board)
    indicator = make_indicator(world.partnership, owner=world.health_board, code="FALLS")
    theirs = make_indicator(world.other_partnership, owner=world.other_council, code="BETA")
    client.force_login(world.contributor)
    response = client.post(u("project_measures", project.pk),
                           {"indicator": theirs.pk, "kind": "outcome"})
    assert response.status_code == 200 and not ProjectMeasure.objects.exists()
    client.post(u("project_measures", project.pk), {"indicator": indicator.pk,
                                                    "kind": "outcome"})
    measure = ProjectMeasure.objects.get()
    page = client.get(u("project", project.pk)).content.decode()
    assert "FALLS" in page and "Outcome measure" in page and "Not enough data" in page
    client.post(u("project_measures", project.pk), {"remove": measure.pk})
    assert not ProjectMeasure.objects.exists()


def test_change_ideas_are_added_changed_and_deleted(client, world):
    project = make_project(world.partnership, world.health_board)
    client.force_login(world.contributor)
    client.post(u("change_idea_add", project.pk), {"title": "Huddle", "position": 0})
    idea = ChangeIdea.objects.get()
    client.post(u("change_idea_edit", project.pk, idea.pk),
                {"title": "Safety huddle", "position": 1, "version": 1})
    assert ChangeIdea.objects.get().title == "Safety huddle"
    client.post(u("change_idea_delete", project.pk, idea.pk))
    assert not ChangeIdea.objects.exists()


def test_the_project_page_shows_each_ramp_in_order_from_small_to_large(client, world):
    project = make_project(world.partnership, world.health_board)
    idea = make_change_idea(project)
    make_cycle(project, idea, title="Third: whole ward", start_date=datetime.date(2026, 7, 1))
    make_cycle(project, idea, title="First: one nurse", start_date=datetime.date(2026, 5, 1))
    make_cycle(project, idea, title="Second: one bay", start_date=datetime.date(2026, 6, 1))
    client.force_login(world.viewer)
    page = client.get(u("project", project.pk)).content.decode()
    assert page.index("First: one nurse") < page.index("Second: one bay") < page.index(
        "Third: whole ward")
    assert "3 cycles, from the smallest test to the largest" in page


def test_the_score_page_shows_each_half_step_and_saves_a_score(client, world):
    project = make_project(world.partnership, world.health_board)
    client.force_login(world.contributor)
    page = client.get(u("project_score", project.pk)).content.decode()
    assert "0.5 Intent to participate" in page and "5.0 Outstanding sustainable results" in page
    response = client.post(u("project_score", project.pk),
                           {"score": "1.5", "scored_on": "2026-12-01", "note": "Planning"})
    assert response.status_code == 302
    assert ProgressScore.objects.get().scale_version == "ihi-standard"
    for odd in ("1.3", "6", ""):
        response = client.post(u("project_score", project.pk),
                               {"score": odd, "scored_on": "2026-12-01"})
        assert response.status_code == 200
    assert ProgressScore.objects.count() == 1
    page = client.get(u("project", project.pk)).content.decode()
    assert "1.5" in page and "Planning for the project has begun" in page
    assert "1 December 2026" in page


def test_read_pages_refuse_a_post(client, world):
    project = make_project(world.partnership, world.health_board)
    client.force_login(world.admin)
    assert client.post(u("project", project.pk)).status_code == 405
    assert client.post(u("projects")).status_code == 405


def _fill(world, projects: int, cycles_each: int, ideas: int = 2):
    code = f"Q{Project.objects.count()}"
    indicator = make_indicator(world.partnership, owner=world.health_board, code=code)
    for n in range(projects):
        project = make_project(world.partnership, world.health_board, title=f"P{n}",
                               lead=world.contributor)
        ProjectMeasure.objects.create(project=project, indicator=indicator, kind="outcome")
        ProgressScore.objects.create(project=project, score="2.0", scored_on="2026-11-01",
                                     scale_version="ihi-standard")
        for i in range(ideas):
            idea = make_change_idea(project, title=f"Idea {i}")
            for c in range(cycles_each):
                make_cycle(project, idea, title=f"C{c}")
    return project


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_uses_the_same_number_of_queries_for_3_and_30_projects(client, world):
    client.force_login(world.viewer)
    _fill(world, 3, 1)
    few = _count(client, u("projects"))
    _fill(world, 27, 1)
    assert Project.objects.count() == 30
    assert _count(client, u("projects")) == few


def test_the_project_page_uses_the_same_number_of_queries_for_3_and_30_cycles(client, world):
    client.force_login(world.contributor)
    small = _fill(world, 1, 3, ideas=1)
    assert small.cycles.count() == 3
    few = _count(client, u("project", small.pk))
    large = _fill(world, 1, 15)  # 2 ideas x 15 = 30 cycles
    assert large.cycles.count() == 30
    assert _count(client, u("project", large.pk)) == few


def test_the_list_filters_by_status_and_an_odd_status_reads_as_any(client, world):
    make_project(world.partnership, world.health_board, title="Waiting one")
    make_project(world.partnership, world.health_board, title="Running one", status="active")
    client.force_login(world.viewer)
    page = client.get(u("projects") + "?status=active").content.decode()
    assert "Running one" in page and "Waiting one" not in page
    page = client.get(u("projects") + "?status=nonsense").content.decode()
    assert "Running one" in page and "Waiting one" in page
    page = client.get(u("projects") + "?status=stopped").content.decode()
    assert "No projects have this status" in page


def test_the_list_downloads_as_csv_and_excel(client, world):
    project = make_project(world.partnership, world.health_board, title="=HYPERLINK()")
    ProgressScore.objects.create(project=project, score="3.0", scored_on="2026-11-01",
                                 scale_version="ihi-standard")
    client.force_login(world.viewer)
    text = client.get(u("projects_export", "csv")).content.decode("utf-8-sig")
    assert "Latest progress score" in text and "3.0 Modest improvement" in text
    assert "'=HYPERLINK()" in text
    assert client.get(u("projects_export", "xlsx")).status_code == 200
    assert client.get(u("projects_export", "pdf")).status_code == 404
