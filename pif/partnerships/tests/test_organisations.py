"""The organisations pages: list, add, change and remove."""

import pytest
from django.urls import reverse

from pif.partnerships.models import Event, Organisation


def url(name, *args):
    return reverse(name, args=["alpha", *args])


def test_members_see_the_organisations_but_only_admins_see_the_actions(client, world):
    client.force_login(world.editor)
    response = client.get(url("organisations"))
    page = response.content.decode()
    assert "Alpha Council" in page and "NHS Alpha" in page
    assert "Beta Council" not in page
    assert url("organisation_add") not in page
    client.force_login(world.admin)
    page = client.get(url("organisations")).content.decode()
    assert url("organisation_add") in page
    assert url("organisation_edit", world.council.pk) in page


def test_it_adds_an_organisation(client, world):
    client.force_login(world.admin)
    response = client.post(url("organisation_add"), {"name": "Alpha Police", "kind": "police",
                                                     "short_code": "apol"}, follow=True)
    assert response.redirect_chain == [(url("organisations"), 302)]
    assert "Alpha Police saved." in response.content.decode()
    organisation = Organisation.objects.get(partnership=world.partnership, name="Alpha Police")
    assert organisation.short_code == "APOL"
    assert organisation.history.get().history_user == world.admin
    assert Event.objects.get(verb="organisation_added").actor == world.admin


def test_it_shows_the_error_summary_for_an_empty_form(client, world):
    client.force_login(world.admin)
    response = client.post(url("organisation_add"), {"name": "", "short_code": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter a name" in page
    assert "Select a type" in page
    assert "Enter a short code" in page
    assert 'href="#id_kind_0"' in page
    assert Organisation.objects.filter(partnership=world.partnership).count() == 2


def test_it_shows_a_duplicate_name_as_a_problem(client, world):
    client.force_login(world.admin)
    response = client.post(url("organisation_add"), {"name": "NHS Alpha", "kind": "other",
                                                     "short_code": "NEW"})
    assert response.status_code == 200
    assert "This partnership already has an organisation with that name." in (
        response.content.decode())
    assert not Organisation.objects.filter(short_code="NEW").exists()


def test_it_shows_a_bad_short_code_against_the_field(client, world):
    client.force_login(world.admin)
    response = client.post(url("organisation_add"), {"name": "Odd", "kind": "other",
                                                     "short_code": "A B"})
    assert response.status_code == 200
    assert response.context["form"].errors["short_code"] == [
        "Use 2 to 12 capital letters, numbers or hyphens, for example NHSLA"]


def test_the_edit_form_is_filled_in(client, world):
    client.force_login(world.admin)
    form = client.get(url("organisation_edit", world.council.pk)).context["form"]
    assert form["name"].value() == "Alpha Council"
    assert form["short_code"].value() == "AC"


def test_it_changes_an_organisation(client, world):
    client.force_login(world.admin)
    response = client.post(url("organisation_edit", world.council.pk),
                           {"name": "Alpha City Council", "kind": "council",
                            "short_code": "ACC", "version": 1}, follow=True)
    assert response.redirect_chain == [(url("organisations"), 302)]
    assert "Alpha City Council saved." in response.content.decode()
    world.council.refresh_from_db()
    assert (world.council.name, world.council.short_code) == ("Alpha City Council", "ACC")
    assert world.council.history.latest("history_id").history_user == world.admin


def test_a_refused_rename_keeps_the_saved_name_in_the_heading(client, world):
    client.force_login(world.admin)
    response = client.post(url("organisation_edit", world.council.pk),
                           {"name": "NHS Alpha", "kind": "council", "short_code": "AC",
                            "version": 1})
    assert response.status_code == 200
    world.council.refresh_from_db()
    assert world.council.name == "Alpha Council"
    assert "Change Alpha Council" in response.content.decode()


def test_it_removes_an_organisation_without_members(client, world):
    empty = Organisation.objects.create(partnership=world.partnership, name="Empty",
                                        kind="other", short_code="EM")
    client.force_login(world.admin)
    assert "Remove Empty?" in client.get(url("organisation_remove", empty.pk)).content.decode()
    response = client.post(url("organisation_remove", empty.pk), follow=True)
    assert response.redirect_chain == [(url("organisations"), 302)]
    assert "Empty removed." in response.content.decode()
    assert not Organisation.objects.filter(name="Empty").exists()
    assert Event.objects.get(verb="organisation_removed").actor == world.admin


def test_it_refuses_to_remove_an_organisation_with_members(client, world):
    client.force_login(world.admin)
    response = client.post(url("organisation_remove", world.council.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Alpha Council still has members" in page
    assert Organisation.objects.filter(pk=world.council.pk).exists()


@pytest.mark.parametrize("role", ["viewer", "contributor", "editor"])
def test_only_admins_may_add_change_or_remove(client, world, role):
    client.force_login(world.users[role])
    data = {"name": "Taken", "kind": "council", "short_code": "TK"}
    assert client.post(url("organisation_add"), data).status_code == 403
    assert client.post(url("organisation_edit", world.council.pk), data).status_code == 403
    assert client.post(url("organisation_remove", world.health_board.pk)).status_code == 403
    assert Organisation.objects.filter(partnership=world.partnership).count() == 2
    world.council.refresh_from_db()
    assert world.council.name == "Alpha Council"


def test_an_outsider_gets_404(client, world):
    client.force_login(world.outsider)
    assert client.get(url("organisations")).status_code == 404
    assert client.post(url("organisation_remove", world.health_board.pk)).status_code == 404
    assert Organisation.objects.filter(pk=world.health_board.pk).exists()


def test_it_refuses_to_remove_an_organisation_that_owns_records(client, world):
    from pif.measures.testing import make_indicator

    owner = Organisation.objects.create(partnership=world.partnership, name="Owner",
                                        kind="other", short_code="OW")
    make_indicator(world.partnership, owner=owner)
    client.raise_request_exception = False
    client.force_login(world.admin)
    response = client.post(url("organisation_remove", owner.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Owner still owns indicators." in page
    assert Organisation.objects.filter(pk=owner.pk).exists()
    assert not Event.objects.filter(verb="organisation_removed").exists()
