"""The token services: made, shown once, kept as a hash, checked, revoked, and acting with
the right roles."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from pif.actors import COMMAND_LINE, Actor
from pif.api import tokens
from pif.api.models import ApiToken
from pif.partnerships.access import access_for, get_access, partnerships_for_user


def in_days(days: int):
    return timezone.now() + timedelta(days=days)


@pytest.fixture
def personal(world):
    return tokens.create_personal(Actor(world.editor), world.editor, "Dashboard", in_days(30))


def test_only_the_hash_of_a_token_is_kept(personal):
    token, secret = personal
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret.startswith("pif_")
    assert stored.token_hash == tokens.hash_secret(secret)
    assert secret not in {str(value) for value in stored.__dict__.values()}
    assert stored.prefix == secret[:10]


def test_two_tokens_differ(world, personal):
    _, other = tokens.create_personal(COMMAND_LINE, world.editor, "Second", in_days(30))
    assert other != personal[1]


def test_a_secret_authenticates_its_token(personal):
    token, secret = personal
    assert tokens.authenticate(secret) == token


def test_a_wrong_or_malformed_secret_authenticates_nothing(personal):
    _, secret = personal
    assert tokens.authenticate(secret + "x") is None
    assert tokens.authenticate("pif_nothing") is None
    assert tokens.authenticate(secret[4:]) is None
    assert tokens.authenticate("") is None


def test_an_expired_token_authenticates_nothing(personal):
    token, secret = personal
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert tokens.authenticate(secret) is None


def test_a_revoked_token_authenticates_nothing(world, personal):
    token, secret = personal
    tokens.revoke(Actor(world.editor), token)
    assert tokens.authenticate(secret) is None
    token.refresh_from_db()
    assert token.state == "Revoked"
    assert token.revoked_by == world.editor


def test_a_personal_token_stops_with_its_persons_account(world, personal):
    _, secret = personal
    world.editor.is_active = False
    world.editor.save()
    assert tokens.authenticate(secret) is None


def test_last_used_is_noted_at_most_once_a_minute(personal):
    token, secret = personal
    assert token.last_used_at is None
    history_rows = token.history.count()
    first = tokens.authenticate(secret).last_used_at
    assert first is not None
    assert tokens.authenticate(secret).last_used_at == first
    earlier = first - timedelta(minutes=2)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=earlier)
    assert tokens.authenticate(secret).last_used_at > earlier
    token.refresh_from_db()
    assert token.last_used_at > earlier
    assert token.history.count() == history_rows  # use is not a change anyone made


def test_a_token_is_refused_without_a_name_or_beyond_the_most_days(world, settings):
    settings.API_TOKEN_MAX_DAYS = 30
    with pytest.raises(ValidationError) as refused:
        tokens.create_personal(COMMAND_LINE, world.editor, "  ", in_days(31))
    codes = {field: [error.code for error in errors]
             for field, errors in refused.value.error_dict.items()}
    assert codes == {"name": ["token_name"], "expires_at": ["token_expiry"]}
    assert not ApiToken.objects.exists()


def test_a_service_token_is_refused_an_admin_role(world):
    with pytest.raises(ValidationError) as refused:
        tokens.create_service(Actor(world.admin), world.council, "Feed", "admin", in_days(30))
    assert refused.value.error_dict["role"][0].code == "service_role"
    assert not ApiToken.objects.exists()


def test_history_keeps_changes_to_a_token_but_never_its_hash(world, personal):
    token, _ = personal
    tokens.revoke(Actor(world.editor), token)
    rows = list(token.history.order_by("history_date"))
    assert [row.history_type for row in rows] == ["+", "~"]
    assert rows[-1].revoked_at is not None
    assert rows[-1].history_user == world.editor
    assert rows[-1].history_change_reason == "Revoked"
    assert not hasattr(rows[-1], "token_hash")


def test_a_token_made_on_the_command_line_says_so_in_history(world):
    token, _ = tokens.create_personal(COMMAND_LINE, world.editor, "Script", in_days(3))
    row = token.history.get()
    assert row.history_user is None
    assert row.history_change_reason == "Changed through command line"


def test_a_personal_token_acts_as_its_person(world, personal):
    token, _ = personal
    user = tokens.acting_user(token)
    assert user == world.editor
    assert access_for(user, world.partnership).role == "editor"
    assert access_for(user, world.other_partnership) is None


@pytest.mark.parametrize("role", ["viewer", "contributor", "editor"])
def test_a_service_token_acts_with_its_role_in_its_partnership_only(world, role):
    token, secret = tokens.create_service(Actor(world.admin), world.health_board, "Feed", role,
                                          in_days(30))
    user = tokens.acting_user(tokens.authenticate(secret))
    access = access_for(user, world.partnership)
    assert access.role == role
    assert access.membership.organisation == world.health_board
    assert access_for(user, world.other_partnership) is None
    assert list(partnerships_for_user(user)) == [world.partnership]
    assert get_access(user, "alpha").role == role


def test_a_service_tokens_own_user_cannot_sign_in(world):
    token, _ = tokens.create_service(Actor(world.admin), world.council, "Feed", "viewer",
                                     in_days(30))
    assert not token.user.is_active
    assert not token.user.has_usable_password()
    assert token.user.memberships.count() == 0
    assert "service token of Alpha Council" in token.user.full_name
    assert token.created_by == world.admin


def test_deleting_the_person_who_made_a_service_token_empties_made_by_in_history(world):
    from pif import history_writes

    token, _ = tokens.create_service(Actor(world.admin), world.council, "Feed", "viewer",
                                     in_days(30))
    tokens.revoke(Actor(world.admin), token)
    history_writes.delete(COMMAND_LINE, world.admin)
    token.refresh_from_db()
    assert (token.created_by, token.revoked_by) == (None, None)
    assert token.history.first().created_by is None


def test_a_personal_token_is_refused_for_an_account_that_is_not_active(world):
    world.editor.is_active = False
    world.editor.save(update_fields=["is_active"])
    with pytest.raises(ValidationError, match="account is not active"):
        tokens.create_personal(COMMAND_LINE, world.editor, "Dashboard", in_days(30))
    assert not ApiToken.objects.filter(user=world.editor).exists()


def test_a_personal_token_is_refused_for_a_service_tokens_own_user(world):
    service, _ = tokens.create_service(Actor(world.admin), world.council, "Feed", "viewer",
                                       in_days(30))
    with pytest.raises(ValidationError, match="service token's own user"):
        tokens.create_personal(COMMAND_LINE, service.user, "Sneaky", in_days(30))
    assert ApiToken.objects.filter(user=service.user).count() == 1


def _organisation_with_a_service_token(world):
    from pif.partnerships.models import Organisation

    organisation = Organisation.objects.create(partnership=world.partnership, name="Ferry Co",
                                               kind="other", short_code="FERRY")
    token, _ = tokens.create_service(Actor(world.admin), organisation, "Feed", "viewer",
                                     in_days(30))
    return organisation, token


def test_deleting_an_organisation_deletes_its_service_tokens_own_users(world):
    from pif import history_writes
    from pif.accounts.models import User

    organisation, token = _organisation_with_a_service_token(world)
    history_writes.delete(Actor(world.admin), organisation)
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert not User.objects.filter(pk=token.user_id).exists()
    assert User.objects.filter(pk=world.admin.pk).exists()


def test_a_service_tokens_user_that_history_names_is_kept(world):
    from pif import history_writes
    from pif.accounts.models import User

    organisation, token = _organisation_with_a_service_token(world)
    # The token changed something: history names its user, so that must still say who.
    world.council.name = "Alpha Council (renamed by the feed)"
    Actor(token.user).stamp(world.council)
    world.council.save()
    history_writes.delete(Actor(world.admin), organisation)
    assert User.objects.filter(pk=token.user_id).exists()
    assert world.council.history.first().history_user_id == token.user_id
