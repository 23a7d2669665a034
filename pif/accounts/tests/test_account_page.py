"""The person's own account page: who they are, how they sign in, unlinking an organisation's
sign-in (never the last way in), and the way to their API tokens."""

import pytest
from django.urls import reverse

from pif.accounts.models import ExternalIdentity
from pif.accounts.sso.config import providers_from_env

ENVIRON = {
    "OIDC_PROVIDERS": "council",
    "OIDC_COUNCIL_NAME": "North Lanarkshire Council",
    "OIDC_COUNCIL_ISSUER": "https://login.council.test",
    "OIDC_COUNCIL_CLIENT_ID": "client",
    "OIDC_COUNCIL_CLIENT_SECRET": "secret",
    "OIDC_COUNCIL_DOMAINS": "alpha.test",
}


@pytest.fixture(autouse=True)
def council(settings):
    settings.OIDC_PROVIDERS = providers_from_env(ENVIRON)


@pytest.fixture
def identity(world):
    return ExternalIdentity.objects.create(
        user=world.editor, provider="council", issuer="https://login.council.test",
        subject="editor-sub", email="editor@alpha.test")


def test_the_account_page_needs_signing_in(client, db):
    response = client.get(reverse("account"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_account_page_shows_who_and_how(client, world, identity):
    client.force_login(world.editor)
    page = client.get(reverse("account")).content.decode()
    assert "Editor" in page and "editor@alpha.test" in page
    assert reverse("password_change") in page
    assert "North Lanarkshire Council" in page
    assert "Not yet" in page  # never used
    assert reverse("sso_unlink", args=[identity.pk]) in page
    assert reverse("api_tokens") in page


def test_without_a_link_the_page_says_how_to_make_one(client, world):
    client.force_login(world.editor)
    page = client.get(reverse("account")).content.decode()
    assert "You have not linked an organisation" in page


def test_unlinking_removes_the_identity(client, world, identity):
    client.force_login(world.editor)
    url = reverse("sso_unlink", args=[identity.pk])
    assert "Unlink your North Lanarkshire Council sign-in?" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("account")
    assert not ExternalIdentity.objects.exists()


def test_unlinking_the_last_way_to_sign_in_is_refused(client, world, identity):
    world.editor.set_unusable_password()
    world.editor.save()
    client.force_login(world.editor)
    response = client.post(reverse("sso_unlink", args=[identity.pk]))
    assert response.status_code == 200
    assert "the only way you have to sign in" in response.content.decode()
    assert ExternalIdentity.objects.filter(pk=identity.pk).exists()


def test_with_another_identity_the_last_password_free_link_may_go(client, world, identity):
    ExternalIdentity.objects.create(user=world.editor, provider="council",
                                    issuer="https://other.test", subject="s")
    world.editor.set_unusable_password()
    world.editor.save()
    client.force_login(world.editor)
    client.post(reverse("sso_unlink", args=[identity.pk]))
    assert not ExternalIdentity.objects.filter(pk=identity.pk).exists()


def test_nobody_can_unlink_another_persons_identity(client, world, identity):
    client.force_login(world.admin)
    url = reverse("sso_unlink", args=[identity.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert ExternalIdentity.objects.filter(pk=identity.pk).exists()
