"""services.add_organisation, change_organisation and remove_organisation."""

import pytest
from django.core.exceptions import ValidationError

from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE
from pif.partnerships import services
from pif.partnerships.models import Event, Organisation


@pytest.fixture
def actor(world):
    return Actor(user=world.admin)


def test_it_adds_an_organisation_with_history_and_an_event(world, actor):
    organisation = services.add_organisation(actor, world.partnership, name=" Alpha Police ",
                                             kind="police", short_code=" apol ")
    organisation.refresh_from_db()
    assert (organisation.name, organisation.kind, organisation.short_code) == (
        "Alpha Police", "police", "APOL")
    record = organisation.history.get()
    assert record.history_type == "+"
    assert record.history_user == world.admin
    event = Event.objects.get(verb="organisation_added")
    assert event.actor == world.admin
    assert event.partnership == world.partnership
    assert event.description == "Alpha Police (police) added"


def test_it_refuses_a_duplicate_name_in_the_same_partnership(world, actor):
    with pytest.raises(ValidationError) as caught:
        services.add_organisation(actor, world.partnership, name="Alpha Council",
                                  kind="council", short_code="AC2")
    assert "This partnership already has an organisation with that name." in (
        caught.value.messages)
    assert Organisation.objects.filter(partnership=world.partnership).count() == 2


def test_it_refuses_a_duplicate_code_in_the_same_partnership(world, actor):
    with pytest.raises(ValidationError) as caught:
        services.add_organisation(actor, world.partnership, name="Alpha College",
                                  kind="other", short_code="nhsa")
    assert "This partnership already has an organisation with that code." in (
        caught.value.messages)
    assert not Organisation.objects.filter(name="Alpha College").exists()


def test_the_same_name_and_code_are_allowed_in_another_partnership(world, actor):
    organisation = services.add_organisation(actor, world.other_partnership,
                                             name="Alpha Council", kind="council",
                                             short_code="AC")
    assert organisation.partnership == world.other_partnership


def test_it_refuses_an_unknown_type_and_a_bad_code(world, actor):
    with pytest.raises(ValidationError) as caught:
        services.add_organisation(actor, world.partnership, name="Odd", kind="castle",
                                  short_code="A B")
    assert set(caught.value.message_dict) == {"kind", "short_code"}
    assert not Organisation.objects.filter(name="Odd").exists()


def test_it_changes_an_organisation(world, actor):
    services.change_organisation(actor, world.council, name="Alpha City Council",
                                 kind="council", short_code="acc",
                                 loaded_version=PROGRAM_CHANGE)
    world.council.refresh_from_db()
    assert world.council.name == "Alpha City Council"
    assert world.council.short_code == "ACC"
    record = world.council.history.latest("history_id")
    assert record.history_type == "~"
    assert record.history_user == world.admin
    event = Event.objects.get(verb="organisation_changed")
    assert event.actor == world.admin
    assert event.object_id == str(world.council.pk)


def test_it_refuses_to_rename_to_a_name_already_taken(world, actor):
    with pytest.raises(ValidationError):
        services.change_organisation(actor, world.council, name="NHS Alpha", kind="council",
                                     short_code="AC",
                                     loaded_version=PROGRAM_CHANGE)
    world.council.refresh_from_db()
    assert world.council.name == "Alpha Council"
    assert not Event.objects.filter(verb="organisation_changed").exists()


def test_it_removes_an_organisation_without_members(world, actor):
    empty = Organisation.objects.create(partnership=world.partnership, name="Empty",
                                        kind="other", short_code="EM")
    pk = empty.pk
    services.remove_organisation(actor, empty)
    assert not Organisation.objects.filter(pk=pk).exists()
    record = Organisation.history.filter(id=pk).latest("history_id")
    assert record.history_type == "-"
    assert record.history_user == world.admin
    event = Event.objects.get(verb="organisation_removed")
    assert event.actor == world.admin
    assert event.description == "Empty removed"


def test_it_refuses_to_remove_an_organisation_with_members(world, actor):
    with pytest.raises(ValidationError) as caught:
        services.remove_organisation(actor, world.council)
    assert "Alpha Council still has members" in caught.value.messages[0]
    assert Organisation.objects.filter(pk=world.council.pk).exists()
    assert not Event.objects.filter(verb="organisation_removed").exists()


def test_it_refuses_to_remove_an_organisation_that_owns_an_indicator(world, actor):
    from pif.measures.testing import make_indicator

    owner = Organisation.objects.create(partnership=world.partnership, name="Owner",
                                        kind="other", short_code="OW")
    make_indicator(world.partnership, owner=owner)
    with pytest.raises(ValidationError) as caught:
        services.remove_organisation(actor, owner)
    assert caught.value.messages[0].startswith("Owner still owns indicators.")
    assert Organisation.objects.filter(pk=owner.pk).exists()
