"""`pif token create|list|revoke`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from pif.api import tokens
from pif.api.models import ApiToken


def run(*args) -> str:
    out = StringIO()
    call_command("token", *args, stdout=out)
    return out.getvalue()


def test_create_prints_the_token_as_its_last_line_and_it_authenticates(world):
    output = run("create", "Editor@alpha.test", "--name", "Nightly feed", "--days", "7")
    assert output.endswith("\n")
    secret = output.splitlines()[-1]
    token = tokens.authenticate(secret)
    assert (token.user, token.name) == (world.editor, "Nightly feed")
    assert tokens.acting_user(token) == world.editor
    assert "Nightly feed" in output.splitlines()[0]


@pytest.mark.parametrize(("args", "message"), [
    (["nobody@alpha.test", "--name", "X"], "No one has the email address"),
    (["editor@alpha.test", "--name", " "], "Enter a name"),
    (["editor@alpha.test", "--name", "X", "--days", "seven"], "whole number"),
    (["editor@alpha.test", "--name", "X", "--days", "0"], "--days must be 1 to 366"),
    (["editor@alpha.test", "--name", "X", "--days", "367"], "--days must be 1 to 366"),
])
def test_create_refuses_clearly(world, args, message):
    with pytest.raises(CommandError, match=message):
        run("create", *args)
    assert not ApiToken.objects.exists()


def test_list_shows_prefixes_and_states_never_secrets(world):
    secret = run("create", "editor@alpha.test", "--name", "Feed").splitlines()[-1]
    output = run("list", "editor@alpha.test")
    assert secret[:10] in output and "Active" in output and "Feed" in output
    assert secret not in output


def test_revoke_by_prefix(world):
    secret = run("create", "editor@alpha.test", "--name", "Feed").splitlines()[-1]
    assert "Revoked" in run("revoke", secret[:10])
    assert tokens.authenticate(secret) is None
    assert "Revoked" in run("list", "editor@alpha.test")


def test_revoke_an_unknown_prefix_is_refused(world):
    with pytest.raises(CommandError, match="No token starts with"):
        run("revoke", "pif_nothing")


def test_create_refuses_a_person_whose_account_is_not_active(world):
    world.editor.is_active = False
    world.editor.save(update_fields=["is_active"])
    with pytest.raises(CommandError, match="account is not active"):
        run("create", "editor@alpha.test", "--name", "Nightly feed")
    assert not ApiToken.objects.filter(user=world.editor).exists()
