"""pif.partnerships.events: only registered verbs are written."""

import pytest

from pif.actors import Actor
from pif.partnerships.events import EVENT_VERBS, record_event, register_verb
from pif.partnerships.models import Event


def test_an_unknown_verb_is_refused(world):
    with pytest.raises(ValueError, match="Unknown event verb 'exploded'"):
        record_event(world.partnership, "exploded", "Boom", actor=Actor())
    assert not Event.objects.exists()


def test_a_registered_verb_is_written_with_its_label(world, monkeypatch):
    monkeypatch.setitem(EVENT_VERBS, "placeholder", "")  # so monkeypatch removes it after
    monkeypatch.delitem(EVENT_VERBS, "placeholder")
    register_verb("placeholder", "Something happened")
    register_verb("placeholder", "Another label")
    event = record_event(world.partnership, "placeholder", "It happened",
                         actor=Actor(user=world.admin), obj=world.council)
    event.refresh_from_db()
    assert event.verb_label == "Something happened"
    assert (event.actor, event.via, event.object_kind, event.object_id) == (
        world.admin, "web", "organisation", str(world.council.pk))


def test_an_anonymous_actor_is_stored_as_no_one(world):
    from django.contrib.auth.models import AnonymousUser

    event = Actor(user=AnonymousUser()).event(world.partnership, "member_added", "Added")
    assert event.actor is None
