"""The golden thread on an outcome's page: national outcome → this outcome and those under it
→ actions and projects → PDSA cycles → indicators with their status words, as nested lists,
in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pif.improvement import models as m
from pif.improvement import thread
from pif.improvement.testing import make_action, make_change_idea, make_cycle, make_project
from pif.measures.testing import make_indicator
from pif.outcomes.testing import _version, make_outcome
from pif.spc.vocabulary import Signal

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(world):
    """A national outcome, a local outcome serving it, one under that, and the work."""
    national = _version().nodes.filter(kind="national_outcome").order_by("position").first()
    top = make_outcome(world.partnership, "Healthy older people", level=1)
    top.national_outcomes.add(national)
    local = make_outcome(world.partnership, "Fewer falls", level=2, parent=top)
    under = make_outcome(world.partnership, "Safer care homes", level=3, parent=local)
    falls = make_indicator(world.partnership, owner=world.health_board, code="FALLS",
                           title="Falls with harm", values=[5, 6, 5, 7])
    huddles = make_indicator(world.partnership, owner=world.health_board, code="HUDDLE",
                             title="Shifts with a huddle")
    local.indicators.add(falls)
    action = make_action(world.partnership, world.health_board, "A01", title="Falls clinic")
    action.outcomes.add(local)
    action.indicators.add(falls)
    project = make_project(world.partnership, world.health_board, "Huddles", outcome=under,
                           status=m.Project.Status.ACTIVE)
    m.ProjectMeasure.objects.create(project=project, indicator=falls, kind="outcome")
    cycle = make_cycle(project, title="Cycle 1: one ward")
    cycle.indicators.add(huddles)
    return {"national": national, "top": top, "local": local, "under": under,
            "falls": falls, "huddles": huddles, "action": action, "project": project,
            "cycle": cycle}


def test_the_thread_runs_from_the_national_outcome_to_the_indicators(chain):
    found = thread.for_outcome(chain["local"])
    assert found.national == [chain["national"]]
    assert found.above == [chain["top"]]
    root = found.root
    assert root.outcome == chain["local"]
    assert root.indicators == [chain["falls"]]
    assert [a.action for a in root.actions] == [chain["action"]]
    assert root.actions[0].indicators == [chain["falls"]]
    assert [c.outcome for c in root.children] == [chain["under"]]
    project = root.children[0].projects[0]
    assert project.project == chain["project"]
    assert [c.cycle for c in project.cycles] == [chain["cycle"]]
    assert project.cycles[0].indicators == [chain["huddles"]]
    assert project.measures == [chain["falls"]]
    assert root.has_work


def test_an_outcome_standing_for_a_national_outcome_is_its_own_link(world):
    national = _version().nodes.filter(kind="national_outcome").first()
    row = make_outcome(world.partnership, national.title, level=0, framework_node=national)
    under = make_outcome(world.partnership, "Local", level=1, parent=row)
    assert thread.for_outcome(under).national == [national]


def test_a_national_outcome_leads_to_the_outcomes_serving_it(client, world):
    national = _version().nodes.filter(kind="national_outcome").first()
    row = make_outcome(world.partnership, national.title, level=1, framework_node=national)
    under = make_outcome(world.partnership, "Under the row", level=2, parent=row)
    under.national_outcomes.add(national)
    serving = make_outcome(world.partnership, "Serving it", level=2)
    serving.national_outcomes.add(national)
    below = make_outcome(world.partnership, "Below serving", level=3, parent=serving)
    below.national_outcomes.add(national)
    make_outcome(world.partnership, "Not serving it", level=2)
    found = thread.for_outcome(row)
    assert found.national == []  # the row is the national outcome itself
    children = {c.outcome.title: [g.outcome.title for g in c.children]
                for c in found.root.children}
    assert children == {"Under the row": [], "Serving it": ["Below serving"]}
    client.force_login(world.viewer)
    page = client.get(reverse("outcome", args=["alpha", row.pk])).content.decode()
    assert f"National outcome: <strong>{national.title}</strong> (this outcome)" in page
    assert "This is a national outcome: under it are the partnership's outcomes" in page
    assert f'href="{reverse("outcome", args=["alpha", below.pk])}">Below serving</a>' in page


def test_an_outcome_with_no_work_says_so(client, world):
    lonely = make_outcome(world.partnership, "Lonely")
    found = thread.for_outcome(lonely)
    assert found.national == [] and not found.root.has_work
    client.force_login(world.viewer)
    page = client.get(reverse("outcome", args=["alpha", lonely.pk])).content.decode()
    assert "This outcome is not linked to a national outcome yet." in page
    assert "No action or improvement project works on this outcome" in page


def test_the_page_shows_the_thread_as_nested_lists(client, world, chain):
    client.force_login(world.viewer)
    page = client.get(reverse("outcome", args=["alpha", chain["local"].pk])).content.decode()
    start = page.index('id="outcome-golden-thread"')
    shown = page[start:page.index("What to do next", start)]
    order = [f"It serves the national outcome: {chain['national'].title}.",
             "Outcome: <a", "Healthy older people",
             "Outcome: <strong>Fewer falls</strong> (this outcome)",
             "FALLS Falls with harm", "A01 Falls clinic",
             "Outcome: <a", "Safer care homes", "Improvement project: ", "Huddles",
             "PDSA cycle: ", "Cycle 1: one ward", "HUDDLE Shifts with a huddle"]
    at = 0
    for text in order:  # each after the one before
        at = shown.index(text, at)
    # Lists inside list items, so the structure is read out as it looks.
    assert shown.count("<ul") == shown.count("</ul>") >= 7
    assert shown.count("<li") == shown.count("</li>")
    assert f'href="{reverse("outcome", args=["alpha", chain["under"].pk])}"' in shown
    assert f'href="{reverse("pdsa_cycle", args=["alpha", chain["project"].pk, chain["cycle"].pk])}"' in shown  # noqa: E501
    status = chain["huddles"].current_status.signal
    assert status == Signal.NO_DATA
    assert f"HUDDLE Shifts with a huddle</a> ({status.label.lower()})" in shown


def test_the_thread_stays_in_the_partnership(world, chain):
    theirs = make_outcome(world.other_partnership, "Theirs")
    stray = make_action(world.other_partnership, world.other_council, "Z01")
    stray.outcomes.add(chain["local"])  # a link across partnerships must not show
    found = thread.for_outcome(chain["local"])
    assert stray not in [a.action for a in found.root.actions]
    assert thread.for_outcome(theirs).root.children == []


def grow(world, chain, start, stop):
    for n in range(start, stop):
        child = make_outcome(world.partnership, f"Under {n}", level=3, parent=chain["local"])
        indicator = make_indicator(world.partnership, owner=world.health_board,
                                   code=f"I{n:03}")
        child.indicators.add(indicator)
        action = make_action(world.partnership, world.health_board, f"B{n:03}")
        action.outcomes.add(child)
        action.indicators.add(indicator)
        project = make_project(world.partnership, world.health_board, f"P{n}", outcome=child)
        m.ProjectMeasure.objects.create(project=project, indicator=indicator, kind="process")
        make_cycle(project, make_change_idea(project)).indicators.add(indicator)


def test_the_thread_costs_the_same_with_3_or_30_of_everything(world, chain):
    grow(world, chain, 0, 3)
    with CaptureQueriesContext(connection) as few:
        assert len(thread.for_outcome(chain["local"]).root.children) == 4
    grow(world, chain, 3, 30)
    with CaptureQueriesContext(connection) as many:
        found = thread.for_outcome(chain["local"])
    assert len(found.root.children) == 31
    assert all(child.actions and child.projects for child in found.root.children[1:])
    assert len(many.captured_queries) == len(few.captured_queries) <= 12
