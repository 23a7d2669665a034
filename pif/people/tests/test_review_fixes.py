"""What a demanding reader asked of the stage 4 pages: totals that compare like with like,
plain error messages, outcomes in groups, places rather than people, names rather than codes,
and a sub-navigation with no dead ends."""

import datetime
import re

import pytest
from django.urls import reverse

from pif.actors import Actor
from pif.outcomes.testing import make_outcome
from pif.partnerships import stages
from pif.people import models as m
from pif.people import queries, services
from pif.people.testing import keep_personal_records, levels_of, make_activity, make_count

pytestmark = pytest.mark.django_db

EARLIER, LATEST = datetime.date(2025, 11, 30), datetime.date(2026, 9, 30)
BEFORE = datetime.date(2025, 3, 31)


def url(name, *args):
    return reverse(name, args=["alpha", *args])


def blank_latest(world):
    """The council counted Foundation and Practitioner in November 2025, then only
    Practitioner in September 2026: Foundation is left blank in its latest count."""
    levels = levels_of(world.partnership)
    foundation, practitioner = levels[1], levels[2]
    make_count(world.partnership, world.council, foundation, 800, BEFORE)
    make_count(world.partnership, world.council, foundation, 824, EARLIER)
    make_count(world.partnership, world.council, practitioner, 20, EARLIER)
    make_count(world.partnership, world.council, practitioner, 25, LATEST)
    make_count(world.partnership, world.health_board, foundation, 5, LATEST)
    return foundation, practitioner


def test_a_level_left_blank_keeps_its_earlier_count_and_says_when(world):
    foundation, practitioner = blank_latest(world)
    summary = queries.capability_summary(world.partnership)
    levels = summary.levels
    council = next(row for row in summary.rows if row.organisation == world.council)
    cell = council.cells[levels.index(foundation)]
    assert (cell.people, cell.change, cell.counted_on) == (824, 24, EARLIER)
    assert cell.carried_forward
    cell = council.cells[levels.index(practitioner)]
    assert (cell.people, cell.change, cell.carried_forward) == (25, 5, False)
    total = summary.totals[levels.index(foundation)]
    assert (total.people, total.change) == (829, 24)  # not 5 "up" anything


def test_the_page_says_when_a_carried_forward_count_was_made(client, world):
    blank_latest(world)
    client.force_login(world.viewer)
    html = client.get(url("people")).content.decode()
    assert ("824 <span class=\"govuk-body-s\">(counted 30 November 2025; up 24 since "
            "31 March 2025)</span>") in html
    assert "<strong>829 " in html
    assert "its earlier figure is used" in html


def test_the_stage_facts_carry_a_blank_level_forward_too(world):
    foundation, _ = blank_latest(world)
    facts = {fact.label: fact.count for fact in stages.summary(world.partnership, "people").facts}
    assert facts["People at Foundation level (latest counts)"] == 829


def test_date_fields_have_their_own_required_messages(client, world):
    client.force_login(world.editor)
    html = client.post(url("learning_add"), {"title": "Run charts", "kind": "course"}
                       ).content.decode()
    assert "Enter the date the activity starts" in html
    assert "Enter a starts on" not in html
    from pif.people.forms import CountGridForm, LearningActivityForm

    form = LearningActivityForm(world.partnership)
    assert form.fields["end_date"].error_messages["required"] == (
        "Enter the date the activity ends")
    grid = CountGridForm([], [], {})
    assert not grid.is_valid()
    assert grid.errors["counted_on"] == ["Enter the date of the count"]


def test_the_learning_form_groups_national_outcomes_apart_and_sorts_by_code(client, world):
    national = make_outcome(world.partnership, "People live healthier lives", level=1)
    later = make_outcome(world.partnership, "Fewer fires", level=3, code="P3.1", position=0)
    first = make_outcome(world.partnership, "Fewer children in poverty", level=2, code="LO1",
                         position=9)
    client.force_login(world.editor)
    html = client.get(url("learning_add")).content.decode()
    assert "National outcomes" in html and "The partnership’s outcomes" in html
    assert html.index("People live healthier lives") < html.index("LO1: Fewer children")
    assert html.index("LO1: Fewer children") < html.index("P3.1: Fewer fires")
    data = {"title": "Run charts", "kind": "course", "start_date": "2026-06-01",
            "national_outcomes": [national.pk], "outcomes": [first.pk, later.pk]}
    assert client.post(url("learning_add"), data).status_code == 302
    activity = m.LearningActivity.objects.get()
    assert set(activity.outcomes.all()) == {national, first, later}
    html = client.get(url("learning_edit", activity.pk)).content.decode()
    ticked = set(re.findall(r'name="(\w+)" type="checkbox" value="(\d+)" checked', html))
    assert ticked == {("national_outcomes", str(national.pk)), ("outcomes", str(first.pk)),
                      ("outcomes", str(later.pk))}
    data.update(version=1, outcomes=[first.pk])  # unticking one keeps the national one
    assert client.post(url("learning_edit", activity.pk), data).status_code == 302
    assert set(activity.outcomes.all()) == {national, first}


def test_places_are_not_called_people(client, world):
    make_activity(world.partnership, participants=338, start_date=datetime.date(2026, 5, 1))
    client.force_login(world.viewer)
    for page in ("people", "learning"):
        html = client.get(url(page)).content.decode()
        assert "338 places taken (someone on two activities is counted twice)" in html, page
        assert "338 participants" not in html, page
    facts = {fact.label: fact.count for fact in stages.summary(world.partnership, "people").facts}
    assert facts["Places taken on learning in 2026/27"] == 338


def test_the_learning_list_names_organisations_and_outcomes(client, world):
    activity = make_activity(world.partnership)
    activity.organisations.set([world.council])
    activity.outcomes.set([make_outcome(world.partnership, "Fewer fires", code="P3.1")])
    client.force_login(world.viewer)
    html = client.get(url("learning")).content.decode()
    assert world.council.name in html
    assert "P3.1: Fewer fires" in html
    csv = client.get(url("learning_export", "csv")).content.decode()
    assert "P3.1: Fewer fires" in csv and world.council.name in csv


def nav(html) -> str:
    return html[html.index('aria-label="Develop people"'):].split("</nav>")[0]


def test_the_sub_navigation_offers_only_what_is_useful(client, world):
    client.force_login(world.admin)
    links = nav(client.get(url("learning")).content.decode())
    assert ">People settings<" in links and ">Settings<" not in links
    assert ">Set up staff engagement indicators<" in links
    assert url("training_records") not in links  # personal records are off
    keep_personal_records(world.partnership)
    services.add_staff_engagement_indicators(Actor(user=world.editor), world.partnership,
                                             owner=world.health_board)
    links = nav(client.get(url("learning")).content.decode())
    assert url("training_records") in links
    assert url("staff_engagement_template") not in links
    html = client.get(url("people")).content.decode()
    assert "iMatter Employee Engagement Index" in html  # the page still shows them


def test_nothing_left_to_add_is_said_first_with_a_way_back(client, world):
    services.add_staff_engagement_indicators(Actor(user=world.editor), world.partnership,
                                             owner=world.health_board)
    client.force_login(world.editor)
    html = client.get(url("staff_engagement_template")).content.decode()
    said = html.index("there is nothing to add")
    assert said < html.index("<ul class=\"govuk-list govuk-list--bullet\">")
    assert said < html.index(url("people"), html.index("<h1"))
