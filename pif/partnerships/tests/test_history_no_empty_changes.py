"""A "Changed" record that changed no field people see (a save with the same values, or a
field since removed, such as the settings' vision) is left off the History page; paging
still moves past it."""

import pytest

from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE
from pif.partnerships import history, services
from pif.partnerships.models import Partnership


def change_name(world, name):
    services.update_settings(Actor(user=world.admin), world.partnership.pk, {"name": name},
                             loaded_version=PROGRAM_CHANGE)


def save_unchanged(world):
    partnership = Partnership.objects.get(pk=world.partnership.pk)
    Actor(user=world.admin).stamp(partnership)
    partnership.save()


def labels(page):
    return [(change.action, change.label) for change in page.rows]


@pytest.mark.django_db
def test_a_change_of_no_field_is_not_shown(client, world):
    change_name(world, "Renamed")
    save_unchanged(world)
    page = history.changes_page(world.partnership, kind="partnerships.partnership")
    assert labels(page)[0] == ("Changed", "Renamed")
    assert all(change.fields for change in page.rows if change.action == "Changed")
    client.force_login(world.viewer)
    shown = client.get("/p/alpha/history/").context["changes"]
    assert all(change.fields for change in shown if change.action == "Changed")


@pytest.mark.django_db
def test_a_skipped_change_still_moves_the_page_on(world):
    change_name(world, "Renamed")
    save_unchanged(world)
    first = history.changes_page(world.partnership, kind="partnerships.partnership",
                                 limit=1)
    assert first.rows == [] and first.older is not None
    second = history.changes_page(world.partnership, kind="partnerships.partnership",
                                  older_than=first.older, limit=1)
    assert labels(second) == [("Changed", "Renamed")]
    back = history.changes_page(world.partnership, kind="partnerships.partnership",
                                newer_than=second.rows[0].position, limit=1)
    assert back.rows == [] and back.older == first.older
