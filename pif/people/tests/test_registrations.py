"""Stage 4 in the shared places: the stage page's facts, the menu, History and Activity."""

import datetime

import pytest
from django.urls import reverse

from pif.actors import Actor
from pif.partnerships import stages
from pif.partnerships.context_processors import PARTNERSHIP_SECTIONS
from pif.people import services
from pif.people.testing import levels_of, make_activity, make_count

pytestmark = pytest.mark.django_db


def test_stage_4_is_built_and_lists_real_facts(client, world):
    assert stages.STAGES_BY_SLUG["people"].is_built
    foundation = levels_of(world.partnership)[1]
    make_count(world.partnership, world.council, foundation, 30, datetime.date(2026, 9, 30))
    make_activity(world.partnership, participants=9, start_date=datetime.date(2026, 6, 1))
    make_activity(world.partnership, "Last year", participants=50,
                  start_date=datetime.date(2025, 6, 1))
    services.add_staff_engagement_indicators(Actor(user=world.editor), world.partnership,
                                             owner=world.health_board)
    facts = {fact.label: fact.count for fact in stages.summary(world.partnership, "people").facts}
    assert facts["Learning activities in 2026/27"] == 1
    assert facts["Places taken on learning in 2026/27"] == 9
    assert facts["People at Foundation level (latest counts)"] == 30
    assert facts["People at Board members level (latest counts)"] == 0
    assert facts["Staff engagement indicators"] == 3
    client.force_login(world.viewer)
    html = client.get(reverse("stage", args=["alpha", "people"])).content.decode()
    assert "Learning activities in 2026/27" in html
    assert "comes in a later version" not in html


def test_the_menu_has_develop_people_after_the_earlier_stages(client, world):
    names = [name for name, _ in PARTNERSHIP_SECTIONS]
    assert "people" in names
    assert names.index("people") > names.index("outcomes")
    assert names.index("people") < names.index("organisations")
    assert names.index("people") == names.index("scorecard") - 1  # stage 4, then stage 5
    client.force_login(world.viewer)
    html = client.get(reverse("partnership", args=["alpha"])).content.decode()
    assert reverse("people", args=["alpha"]) in html


def test_changes_show_on_history_and_activity(client, world):
    activity = make_activity(world.partnership, "Coaching for leads")
    services.remove_activity(Actor(user=world.editor), activity)
    client.force_login(world.viewer)
    html = client.get(reverse("history", args=["alpha"])).content.decode()
    assert "Learning activity" in html and "Coaching for leads" in html
    html = client.get(reverse("events", args=["alpha"])).content.decode()
    assert "Learning activity removed" in html


def test_a_training_records_history_names_the_level_not_the_person(client, world):
    from pif.people.testing import keep_personal_records

    keep_personal_records(world.partnership)
    level = levels_of(world.partnership)[2]
    record = services.save_training_record(Actor(user=world.editor), services.TrainingRecord(
        partnership=world.partnership, person_name="Ann Other", organisation=world.council,
        level=level, achieved_on=datetime.date(2026, 5, 1)))
    assert record.pk
    client.force_login(world.viewer)
    html = client.get(reverse("history", args=["alpha"]), {"kind": "people.trainingrecord"}
                      ).content.decode()
    assert "Training record, Practitioner" in html
