"""Two people edit the settings at once: the second save is refused, then kept on resubmit."""

import pytest
from django.urls import reverse

from pif.actors import Actor
from pif.editing import EditConflict
from pif.partnerships import services
from pif.partnerships.models import Event, Membership, Partnership

URL = "/p/alpha/settings/"


@pytest.fixture
def second_admin(world):
    Membership.objects.filter(user=world.editor, partnership=world.partnership).update(
        role="admin")
    return world.editor


def form_data(response, **changes):
    form = response.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data.update(changes)
    return data


def test_update_settings_refuses_a_stale_version_and_names_who_saved(world):
    services.update_settings(Actor(user=world.admin), world.partnership.pk,
                             {"name": "First name"},
                             loaded_version=1)
    with pytest.raises(EditConflict) as caught:
        services.update_settings(Actor(user=world.editor), world.partnership.pk,
                                 {"name": "Second name", "reporting_year_start_month": 1},
                                 loaded_version=1)
    conflict = caught.value
    assert [who for who, _ in conflict.changed_by] == ["Admin"]
    world.partnership.refresh_from_db()
    assert (world.partnership.name, world.partnership.reporting_year_start_month) == (
        "First name", 4)
    assert world.partnership.version == 2


def test_update_settings_saves_bumps_the_version_and_writes_an_event(world):
    services.update_settings(Actor(user=world.admin), world.partnership.pk,
                             {"name": "Alpha CPP", "reporting_year_start_month": 1},
                             loaded_version=1)
    world.partnership.refresh_from_db()
    assert (world.partnership.name, world.partnership.reporting_year_start_month) == (
        "Alpha CPP", 1)
    assert world.partnership.version == 2
    assert world.partnership.history.latest("history_id").history_user == world.admin
    event = Event.objects.get(verb="settings_changed")
    assert event.actor == world.admin
    assert event.description == "Settings changed: name, reporting year start month"


def test_update_settings_with_nothing_changed_keeps_the_version(world):
    services.update_settings(Actor(user=world.admin), world.partnership.pk,
                             {"name": "Alpha Partnership"},
                             loaded_version=1)
    world.partnership.refresh_from_db()
    assert world.partnership.version == 1
    assert not Event.objects.filter(verb="settings_changed").exists()


def test_the_second_save_is_refused_then_kept_when_submitted_again(client, world,
                                                                   second_admin):
    from django.test import Client

    first, second = client, Client()
    first.force_login(world.admin)
    second.force_login(second_admin)
    first_form, second_form = first.get(URL), second.get(URL)
    assert first_form.context["form"]["version"].value() == 1
    assert second_form.context["form"]["version"].value() == 1

    response = first.post(URL, form_data(first_form, name="The first person's name"))
    assert response.status_code == 302

    response = second.post(URL, form_data(second_form, name="The second person's name",
                                          reporting_year_start_month=1))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved these settings" in page
    assert "Admin saved these settings at" in page
    assert "What is different" in page
    assert "The first person&#x27;s name" in page
    assert "The second person&#x27;s name" in page
    assert [c.label for c in response.context["conflict"].conflicts] == [
        "Name", "Reporting year starts in"]
    world.partnership.refresh_from_db()
    assert world.partnership.name == "The first person's name"
    assert world.partnership.reporting_year_start_month == 4
    assert response.context["form"]["version"].value() == 2

    response = second.post(URL, form_data(response))
    assert response.status_code == 302
    assert response["Location"] == reverse("partnership", args=["alpha"])
    world.partnership.refresh_from_db()
    assert world.partnership.name == "The second person's name"
    assert world.partnership.reporting_year_start_month == 1
    assert world.partnership.version == 3
    latest = Partnership.history.filter(id=world.partnership.pk).latest("history_id")
    assert latest.history_user == second_admin


def test_a_save_shows_a_message_on_the_partnership_page(client, world):
    client.force_login(world.admin)
    response = client.post(URL, form_data(client.get(URL), name="New"), follow=True)
    assert "Settings saved." in response.content.decode()


def test_an_invalid_settings_form_shows_the_error_summary(client, world):
    client.force_login(world.admin)
    response = client.post(URL, form_data(client.get(URL), name=""))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter a name" in page
    world.partnership.refresh_from_db()
    assert world.partnership.name == "Alpha Partnership"


@pytest.mark.parametrize("role", ["viewer", "contributor", "editor"])
def test_only_admins_may_change_settings(client, world, role):
    client.force_login(world.users[role])
    assert client.post(URL, {"version": 1, "name": "X",
                             "reporting_year_start_month": 4}).status_code == 403
    world.partnership.refresh_from_db()
    assert world.partnership.name == "Alpha Partnership"
