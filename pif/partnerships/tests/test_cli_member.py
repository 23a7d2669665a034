"""`pif member add|list`."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command

from pif import cli
from pif.partnerships.models import Event, Membership


def run(*args) -> str:
    out = StringIO()
    call_command("member", *args, stdout=out)
    return out.getvalue()


def test_it_adds_a_new_member_and_emails_them(world, settings):
    settings.SITE_URL = "https://pif.example.org"
    output = run("add", "alpha", "New@Alpha.test", "--role", "Contributor",
                 "--organisation", "nhsa", "--name", "New Person")
    assert output == ("Added new@alpha.test to alpha as contributor\n"
                      "They have been emailed a link to set their password.\n")
    membership = Membership.objects.get(user__email="new@alpha.test")
    assert (membership.role, membership.organisation) == ("contributor", world.health_board)
    assert membership.user.full_name == "New Person"
    record = membership.history.get()
    assert record.history_user is None
    assert "command line" in record.history_change_reason
    event = Event.objects.get(verb="member_added")
    assert (event.via, event.actor, event.partnership) == (
        "command line", None, world.partnership)
    assert len(mail.outbox) == 1
    assert "https://pif.example.org/account/invitation/" in mail.outbox[0].body
    assert "An operator has invited you" in mail.outbox[0].body


def test_an_existing_account_gets_no_email(world):
    output = run("add", "beta", "viewer@alpha.test", "--role", "viewer")
    assert output == "Added viewer@alpha.test to beta as viewer\n"
    assert Membership.objects.filter(partnership=world.other_partnership,
                                     user=world.viewer).exists()
    assert mail.outbox == []


def test_a_bad_role_says_which_roles_exist(world):
    with pytest.raises(CommandError) as caught:
        run("add", "alpha", "new@alpha.test", "--role", "boss")
    assert str(caught.value) == (
        "role: 'boss' is not a role. Use one of: viewer, contributor, editor, admin.")
    assert not get_user_model().objects.filter(email="new@alpha.test").exists()


def test_an_unknown_organisation_lists_the_partnerships_organisations(world):
    with pytest.raises(CommandError) as caught:
        run("add", "alpha", "new@alpha.test", "--role", "viewer", "--organisation", "Beta Council")
    assert str(caught.value) == ("--organisation 'Beta Council' is not an organisation of "
                                 "alpha. Its organisations: Alpha Council, NHS Alpha.")
    assert not get_user_model().objects.filter(email="new@alpha.test").exists()


def test_a_contributor_needs_an_organisation(world):
    with pytest.raises(CommandError) as caught:
        run("add", "alpha", "new@alpha.test", "--role", "contributor")
    assert "organisation: Choose the organisation a contributor enters data for." == str(
        caught.value)


def test_a_duplicate_member_is_refused(world):
    with pytest.raises(CommandError) as caught:
        run("add", "alpha", "editor@alpha.test", "--role", "admin")
    assert "editor@alpha.test is already a member of Alpha Partnership." in str(caught.value)
    assert world.membership("editor").role == "editor"


def test_it_lists_members(world):
    lines = run("list", "alpha").splitlines()
    assert "contributor@alpha.test\tcontributor\tNHS Alpha" in lines
    assert len(lines) == 4


def test_the_pif_command_adds_a_member(world, capsys):
    cli.main(["pif", "member", "add", "alpha", "outsider@beta.test", "--role", "editor"])
    assert "Added outsider@beta.test to alpha as editor" in capsys.readouterr().out
    assert Membership.objects.get(partnership=world.partnership,
                                  user=world.outsider).role == "editor"
