"""Fixes after a review of the project and PDSA pages: one "Take action" sub-nav and one
caption on every stage 3 page, the score page in plain words, date messages that name the
date, a study chart whose data ends before the cycle, names beside codes, placeholders that
say what to choose, and measures' status headings a board member understands."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from pif.improvement import progress_scale
from pif.improvement.models import ProgressScore, ProjectMeasure
from pif.improvement.testing import make_change_idea, make_cycle, make_project
from pif.improvement.views.pdsa import cycle_dates
from pif.lib.periods import Period
from pif.measures.testing import make_indicator
from pif.outcomes import sections
from pif.outcomes.testing import _version, make_outcome
from pif.partnerships.access import get_access

pytestmark = pytest.mark.django_db

CAPTION = "Stage 3: take action · Alpha Partnership"


def u(name, *args):
    return reverse(name, args=["alpha", *args])


@pytest.fixture
def project(world):
    return make_project(world.partnership, world.health_board, status="active")


def nav(page: str) -> str:
    start = page.index('aria-label="Take action"')
    return page[start:page.index("</nav>", start)]


# 1. One sub-nav and one caption --------------------------------------------------------------

def test_every_project_and_pdsa_page_has_the_take_action_nav_and_caption(client, world,
                                                                         project):
    registered = make_project(world.partnership, world.health_board, "Waiting")
    idea = make_change_idea(project)
    cycle = make_cycle(project, idea)
    client.force_login(world.editor)
    urls = [u("projects"), u("project", project.pk), u("project_add"),
            u("project_edit", project.pk), u("project_approve", registered.pk),
            u("project_measures", project.pk), u("project_score", project.pk),
            u("change_idea_add", project.pk), u("change_idea_edit", project.pk, idea.pk),
            u("pdsa_cycle", project.pk, cycle.pk), u("pdsa_add", project.pk),
            u("pdsa_plan", project.pk, cycle.pk), u("pdsa_do", project.pk, cycle.pk),
            u("pdsa_study", project.pk, cycle.pk), u("pdsa_act", project.pk, cycle.pk)]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert CAPTION in page, url
        links = nav(page)
        assert f'href="{u("projects")}"' in links and "Improvement projects" in links, url
        current = "page" if url == u("projects") else "true"
        assert f'href="{u("projects")}" aria-current="{current}">' in links, url
        assert f'href="{u("actions")}"' in links, url


def test_the_projects_link_is_current_on_the_list_and_shown_on_the_action_pages(client,
                                                                                world):
    client.force_login(world.viewer)
    links = nav(client.get(u("projects")).content.decode())
    assert f'href="{u("projects")}" aria-current="page">Improvement projects' in links
    links = nav(client.get(u("actions")).content.decode())
    assert f'href="{u("projects")}">Improvement projects' in links
    assert 'aria-current="page">Action plan' in links


def test_pages_below_the_list_still_name_their_project(client, world, project):
    cycle = make_cycle(project)
    client.force_login(world.contributor)
    link = f'<a class="govuk-link" href="{project.get_absolute_url()}">{project.title}</a>'
    for url in (u("project_measures", project.pk), u("project_score", project.pk),
                u("pdsa_cycle", project.pk, cycle.pk), u("pdsa_do", project.pk, cycle.pk),
                u("pdsa_study", project.pk, cycle.pk)):
        assert link in client.get(url).content.decode(), url


# 2. The score page in plain words -----------------------------------------------------------

def test_the_score_page_says_the_latest_score_in_words(client, world, project):
    client.force_login(world.contributor)
    page = client.get(u("project_score", project.pk)).content.decode()
    assert ("Where is the project now? The team decides, using the IHI project progress "
            "scale below.") in page
    assert "Latest score: not scored yet." in page
    assert "ihi-standard" not in page and "Not scored yet ." not in page
    ProgressScore.objects.create(project=project, score="2.5", scale_version="ihi-standard",
                                 scored_on=datetime.date(2026, 12, 5))
    page = client.get(u("project_score", project.pk)).content.decode()
    assert ('Latest score: <span class="govuk-!-font-weight-bold">2.5 Changes tested, but no '
            'improvement</span> (5 December 2026).') in page


# 3. Date messages that name the date --------------------------------------------------------

def test_the_date_messages_say_which_date(client, world, project):
    make_change_idea(project)
    client.force_login(world.contributor)
    page = client.post(u("pdsa_add", project.pk), {"title": "A"}).content.decode()
    assert "Enter the date the cycle starts" in page and "Enter a starts on" not in page
    page = client.post(u("pdsa_add", project.pk),
                       {"start_date": "2026-13-45", "end_date": "nope"}).content.decode()
    assert "The date the cycle starts must be a real date" in page
    assert "The date the cycle ends must be a real date" in page
    page = client.post(u("project_add"), {"aim_by_when": "31/02/2027"}).content.decode()
    assert "The date the aim should be met by must be a real date" in page
    page = client.post(u("project_score", project.pk), {"score": "1.0"}).content.decode()
    assert "Enter the date of the score" in page and "Enter a date of the score" not in page
    cycle = make_cycle(project)
    page = client.post(u("pdsa_act", project.pk, cycle.pk),
                       {"decision": "adopt", "completed_on": "x", "version": cycle.version}
                       ).content.decode()
    assert "The date the cycle was completed must be a real date" in page


# 4. A study chart whose data ends before the cycle -----------------------------------------

def _measure(world, project, first_year):
    indicator = make_indicator(world.partnership, owner=world.health_board, code="FY",
                               values=[10, 12], first_period=Period.financial_year(first_year))
    ProjectMeasure.objects.create(project=project, indicator=indicator, kind="outcome")
    return indicator


def test_the_study_page_says_when_the_data_ends_before_the_cycle(client, world, project):
    _measure(world, project, 2024)  # 2024/25 and 2025/26
    cycle = make_cycle(project, start_date=datetime.date(2026, 11, 2),
                       end_date=datetime.date(2026, 11, 6))
    client.force_login(world.contributor)
    page = client.get(u("pdsa_study", project.pk, cycle.pk)).content.decode()
    assert ("This cycle ran from 2 to 6 November 2026. The latest data is for 2025/26, before "
            "it started, so the chart cannot show its effect yet.") in page


def test_the_study_page_says_nothing_when_the_data_covers_the_cycle(client, world, project):
    _measure(world, project, 2024)
    cycle = make_cycle(project, start_date=datetime.date(2025, 6, 2),
                       end_date=datetime.date(2025, 6, 6))
    client.force_login(world.contributor)
    page = client.get(u("pdsa_study", project.pk, cycle.pk)).content.decode()
    assert "<svg" in page and "cannot show its effect" not in page


@pytest.mark.parametrize(("start", "end", "words"), [
    ((2026, 11, 2), (2026, 11, 6), "from 2 to 6 November 2026"),
    ((2026, 10, 30), (2026, 11, 6), "from 30 October to 6 November 2026"),
    ((2026, 12, 30), (2027, 1, 6), "from 30 December 2026 to 6 January 2027"),
    ((2026, 11, 2), (2026, 11, 2), "on 2 November 2026"),
    ((2026, 11, 2), None, "from 2 November 2026"),
])
def test_a_cycles_dates_read_as_words(start, end, words):
    assert cycle_dates(datetime.date(*start), end and datetime.date(*end)) == words


# 5. The score in words on the outcome page, and where the outcome sits ------------------------

def test_a_score_has_the_words_of_its_own_version():
    assert str(progress_scale.words("2.5", "ihi-standard")) == \
        "2.5 Changes tested, but no improvement"
    assert progress_scale.words(None, "ihi-standard") is None
    assert progress_scale.words("2.5", "no-such-version") is None
    assert progress_scale.words("2.7", "ihi-standard") is None


def test_the_outcomes_project_table_shows_the_score_in_words_when_it_has_them(world, project):
    request = RequestFactory().get("/")
    request.user = world.viewer
    access = get_access(world.viewer, world.partnership.short_name)
    project.latest_score = progress_scale.SCORES[4]
    project.latest_words = progress_scale.words(project.latest_score, "ihi-standard")
    strand = type("Strand", (), {"project": project, "cycles": []})
    html = render_to_string("improvement/includes/outcome_projects.html", {
        "data": {"strands": [strand]}, "access": access, "partnership": world.partnership,
        "request": request})
    assert "2.5 Changes tested, but no improvement" in html
    project.latest_words = None
    html = render_to_string("improvement/includes/outcome_projects.html", {
        "data": {"strands": [strand]}, "access": access, "partnership": world.partnership,
        "request": request})
    assert ">2.5</td>" in html


def _served(world):
    national = _version().nodes.filter(kind="national_outcome").order_by("position").first()
    outcome = make_outcome(world.partnership, "Healthy older people", level=1)
    outcome.national_outcomes.add(national)
    return outcome, national


def test_the_outcome_page_says_where_it_sits_and_names_the_national_outcomes_once(client,
                                                                                 world):
    outcome, national = _served(world)
    client.force_login(world.viewer)
    page = client.get(u("outcome", outcome.pk)).content.decode()
    top = page[page.index('class="pif-golden-thread"'):page.index("</nav>", page.index(
        'class="pif-golden-thread"'))]
    assert "Where this outcome sits" in top
    assert "Serves the national outcomes" not in top and national.title not in top
    assert national.title in page[page.index('id="outcome-golden-thread"'):]


def test_without_the_golden_thread_section_the_top_names_the_national_outcomes(
        client, world, monkeypatch):
    outcome, national = _served(world)
    monkeypatch.setattr(sections, "_providers", [])
    client.force_login(world.viewer)
    page = client.get(u("outcome", outcome.pk)).content.decode()
    assert f"Serves the national outcomes: {national.title}." in page


# 6. Names beside codes ------------------------------------------------------------------------

def test_the_cycle_and_the_measures_banner_name_the_indicator(client, world, project):
    indicator = make_indicator(world.partnership, owner=world.health_board, code="ACCF-ASSETS",
                               title="Community assets mapped")
    client.force_login(world.contributor)
    response = client.post(u("project_measures", project.pk),
                           {"indicator": indicator.pk, "kind": "process"}, follow=True)
    assert "ACCF-ASSETS Community assets mapped added." in response.content.decode()
    cycle = make_cycle(project)
    page = client.get(cycle.get_absolute_url()).content.decode()
    assert ">ACCF-ASSETS Community assets mapped</a>." in page
    measure = ProjectMeasure.objects.get()
    response = client.post(u("project_measures", project.pk), {"remove": measure.pk},
                           follow=True)
    assert ("ACCF-ASSETS Community assets mapped is no longer one of the measures."
            in response.content.decode())


# 7. Placeholders that say what to choose ------------------------------------------------------

def test_the_drop_downs_say_what_to_choose(client, world, project):
    make_indicator(world.partnership, owner=world.health_board, code="FALLS")
    client.force_login(world.contributor)
    page = client.get(u("project_add")).content.decode()
    assert '<option value="">Choose an organisation</option>' in page
    # a new project starts with the person's own organisation and them as its lead
    assert f'<option value="{world.health_board.pk}" selected>NHS Alpha</option>' in page
    assert f'<option value="{world.contributor.pk}" selected>' in page
    page = client.get(u("project_measures", project.pk)).content.decode()
    assert '<option value="" selected>Choose an indicator</option>' in page
    assert "---------" not in page


# 8. Measures' status headings ---------------------------------------------------------------

def test_the_measures_tables_explain_their_status_columns(client, world, project):
    ProjectMeasure.objects.create(project=project, indicator=world.sample_indicator(),
                                  kind="outcome")
    client.force_login(world.contributor)
    page = client.get(u("project", project.pk)).content.decode()
    assert '<th scope="col" class="govuk-table__header">What the data shows</th>' in page
    assert '<th scope="col" class="govuk-table__header">Will it meet its target?</th>' in page
    assert ">Variation<" not in page and ">Assurance<" not in page
    assert page.index("says whether the indicator") < page.index("What the data shows</th>")
    page = client.get(u("project_measures", project.pk)).content.decode()
    assert '<th scope="col" class="govuk-table__header">What the data shows</th>' in page
    assert ">Variation<" not in page
