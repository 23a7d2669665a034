"""services.create_partnership: validation, history and the event log."""

import pytest
from django.core.exceptions import ValidationError

from pif.actors import COMMAND_LINE, Actor
from pif.partnerships import services
from pif.partnerships.models import Event, Partnership


def test_it_creates_a_partnership_with_history_and_an_event(world):
    actor = Actor(user=world.admin)
    partnership = services.create_partnership(actor, name="  Gamma Partnership ",
                                              short_name="gamma",
                                              reporting_year_start_month=1)
    partnership.refresh_from_db()
    assert partnership.name == "Gamma Partnership"
    assert partnership.reporting_year_start_month == 1
    assert partnership.version == 1
    record = partnership.history.get()
    assert record.history_type == "+"
    assert record.history_user == world.admin
    event = Event.objects.get(partnership=partnership)
    assert event.verb == "partnership_created"
    assert event.actor == world.admin
    assert event.via == "web"
    assert event.object_kind == "partnership"
    assert event.object_id == str(partnership.pk)


def test_it_refuses_a_duplicate_short_name_with_a_clear_message(world):
    with pytest.raises(ValidationError) as caught:
        services.create_partnership(Actor(user=world.admin), name="Another",
                                    short_name="alpha")
    assert caught.value.message_dict["short_name"] == [
        "A partnership with this short name already exists."]
    assert Partnership.objects.filter(short_name="alpha").count() == 1
    assert not Event.objects.filter(verb="partnership_created").exists()


@pytest.mark.parametrize("short_name", ["Loch Arden", "x", "-leading", "UPPER", "a" * 41,
                                        "under_score"])
def test_it_refuses_a_bad_short_name(world, short_name):
    with pytest.raises(ValidationError) as caught:
        services.create_partnership(Actor(user=world.admin), name="Bad",
                                    short_name=short_name)
    assert "short_name" in caught.value.message_dict
    assert not Partnership.objects.filter(name="Bad").exists()


def test_it_refuses_a_blank_name(world):
    with pytest.raises(ValidationError) as caught:
        services.create_partnership(Actor(user=world.admin), name="   ",
                                    short_name="gamma")
    assert "name" in caught.value.message_dict
    assert not Partnership.objects.filter(short_name="gamma").exists()


def test_the_command_line_actor_leaves_a_change_reason_and_no_user(db):
    partnership = services.create_partnership(COMMAND_LINE, name="Gamma",
                                              short_name="gamma")
    record = partnership.history.get()
    assert record.history_user is None
    assert record.history_change_reason == "Changed through command line"
    event = Event.objects.get(partnership=partnership)
    assert event.actor is None
    assert event.via == "command line"
