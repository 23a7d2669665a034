"""Signing in with an organisation's account, against two fake providers (no network).

People are found by the provider's issuer and subject, never by email; a first sign-in links
only after the PIF password; every refusal is a clear page, never a server error."""

import dataclasses
import time

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from pif.accounts.models import ExternalIdentity
from pif.accounts.sso import clients
from pif.accounts.tests import sso_fakes
from pif.testing import PASSWORD, make_user


@pytest.fixture
def council():
    return sso_fakes.FakeProvider("council", "North Lanarkshire Council",
                                  "https://login.council.test/tenant-1/v2.0", "pif-at-council",
                                  "council.test")


@pytest.fixture
def nhs():
    return sso_fakes.FakeProvider("nhs", "NHS Lanarkshire", "https://id.nhs.test/",
                                  "pif-at-nhs", "nhs.test,lanarkshire.nhs.test")


@pytest.fixture(autouse=True)
def providers(settings, monkeypatch, council, nhs):
    clients.forget_clients()
    sso_fakes.install(monkeypatch, [council, nhs])
    settings.OIDC_PROVIDERS = sso_fakes.configured([council, nhs])
    yield
    clients.forget_clients()


@pytest.fixture
def ann(db):
    return make_user("ann@council.test", "Ann Council")


@pytest.fixture
def bob(db):
    return make_user("bob@nhs.test", "Bob Health")


def start(client, provider, next_url=None):
    url = reverse("sso_start", args=[provider.key])
    response = client.get(url, {"next": next_url} if next_url else {})
    assert response.status_code == 302
    return response["Location"]


def sign_in(client, provider, *, sub, email, next_url=None, **token):
    """Start at PIF, sign in at the fake provider, come back to PIF's callback."""
    location = start(client, provider, next_url)
    code, state = provider.authorize(location, sub=sub, email=email, **token)
    return client.get(reverse("sso_callback", args=[provider.key]),
                      {"code": code, "state": state})


def link(ann, provider, sub):
    return ExternalIdentity.objects.create(user=ann, provider=provider.key,
                                           issuer=provider.issuer, subject=sub,
                                           email=ann.email)


def signed_in_as(client):
    return client.session.get("_auth_user_id")


# -- the sign-in page ---------------------------------------------------------------------------

def test_the_sign_in_page_offers_each_provider(client, db):
    page = client.get(reverse("login")).content.decode()
    assert "Or sign in with your organisation's account" in page
    assert "Sign in with North Lanarkshire Council" in page
    assert "Sign in with NHS Lanarkshire" in page


def test_with_no_providers_the_sign_in_page_is_as_before(client, db, settings):
    settings.OIDC_PROVIDERS = {}
    page = client.get(reverse("login")).content.decode()
    assert "organisation" not in page
    assert client.get(reverse("sso_start", args=["council"])).status_code == 404


def test_starting_sends_the_person_to_the_provider_with_pkce_and_a_nonce(client, db, council):
    location = start(client, council)
    assert location.startswith("https://login.council.test/tenant-1/v2.0/authorize?")
    assert "code_challenge_method=S256" in location
    assert "nonce=" in location
    assert "scope=openid+email+profile" in location


# -- a linked identity --------------------------------------------------------------------------

def test_a_linked_identity_signs_its_person_in_by_issuer_and_subject(client, ann, council):
    identity = link(ann, council, "ann-sub")
    response = sign_in(client, council, sub="ann-sub", email="ann@council.test")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert signed_in_as(client) == str(ann.pk)
    identity.refresh_from_db()
    assert identity.last_used_at is not None


def test_a_linked_identity_signs_in_whatever_email_it_now_gives(client, ann, council):
    link(ann, council, "ann-sub")
    sign_in(client, council, sub="ann-sub", email="ann.renamed@council.test")
    assert signed_in_as(client) == str(ann.pk)


def test_the_same_subject_from_another_issuer_is_another_identity(client, ann, bob,
                                                                   council, nhs):
    link(ann, council, "shared-sub")
    response = sign_in(client, nhs, sub="shared-sub", email="bob@nhs.test")
    assert signed_in_as(client) is None
    assert response["Location"] == reverse("sso_link")
    page = client.get(reverse("sso_link")).content.decode()
    assert "bob@nhs.test" in page and "ann@council.test" not in page


def test_a_deactivated_person_cannot_sign_in_with_a_linked_identity(client, ann, council):
    link(ann, council, "ann-sub")
    ann.is_active = False
    ann.save()
    response = sign_in(client, council, sub="ann-sub", email="ann@council.test")
    assert response.status_code == 403
    assert "deactivated" in response.content.decode()
    assert signed_in_as(client) is None


def test_signing_in_gives_a_new_session_key(client, ann, council):
    # Against session fixation: a key planted before the sign-in must not be signed in.
    link(ann, council, "ann-sub")
    client.get(reverse("login"))
    before = client.session.session_key
    sign_in(client, council, sub="ann-sub", email="ann@council.test")
    assert signed_in_as(client) == str(ann.pk)
    assert client.session.session_key != before


def test_a_sign_in_is_recorded_in_the_access_log(client, ann, council):
    from axes.models import AccessLog

    link(ann, council, "ann-sub")
    sign_in(client, council, sub="ann-sub", email="ann@council.test")
    assert AccessLog.objects.filter(username="ann@council.test").exists()


# -- a first sign-in ----------------------------------------------------------------------------

@pytest.mark.parametrize("verified", [True, False])
def test_a_matching_email_never_signs_in_without_the_password(client, ann, council, verified):
    response = sign_in(client, council, sub="ann-sub", email="ann@council.test",
                       email_verified=verified)
    assert response["Location"] == reverse("sso_link")
    assert signed_in_as(client) is None
    assert not ExternalIdentity.objects.exists()
    assert client.get(reverse("home")).status_code == 302  # still sent to sign in


def test_the_link_page_asks_for_the_pif_password(client, ann, council):
    sign_in(client, council, sub="ann-sub", email="ann@council.test")
    page = client.get(reverse("sso_link")).content.decode()
    assert "Link your North Lanarkshire Council account to PIF" in page
    assert 'type="password"' in page


def test_the_right_password_links_and_signs_in(client, ann, council):
    sign_in(client, council, sub="ann-sub", email="Ann@Council.test", next_url="/p/alpha/")
    response = client.post(reverse("sso_link"), {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/p/alpha/"
    assert signed_in_as(client) == str(ann.pk)
    identity = ExternalIdentity.objects.get()
    assert (identity.user, identity.issuer, identity.subject, identity.provider) == (
        ann, council.issuer, "ann-sub", "council")
    assert identity.email == "ann@council.test"
    # Next time the provider alone signs her in.
    client.logout()
    sign_in(client, council, sub="ann-sub", email="ann@council.test")
    assert signed_in_as(client) == str(ann.pk)


def test_linking_gives_a_new_session_key(client, ann, council):
    sign_in(client, council, sub="ann-sub", email="ann@council.test")
    before = client.session.session_key
    assert before
    client.post(reverse("sso_link"), {"password": PASSWORD})
    assert signed_in_as(client) == str(ann.pk)
    assert client.session.session_key != before


def link_refused(client, response):
    """The link page's race ended on the problem page: nothing linked, nobody signed in, and
    nothing left pending."""
    assert response.status_code == 409
    assert "Your organisation sign-in could not be linked" in response.content.decode()
    assert signed_in_as(client) is None
    assert "No organisation sign-in to link" in client.get(reverse("sso_link")).content.decode()


def test_a_sign_in_linked_to_another_account_meanwhile_is_a_clear_page(client, ann, council):
    sign_in(client, council, sub="ann-sub", email="ann@council.test")
    # While Ann's link page is open, the same sign-in is linked to another PIF account, so
    # her link breaks the unique issuer and subject (an IntegrityError).
    other = make_user("ann.other@council.test", "Another Ann")
    link(other, council, "ann-sub")
    link_refused(client, client.post(reverse("sso_link"), {"password": PASSWORD}))
    assert ExternalIdentity.objects.get().user == other


def test_a_domain_taken_off_the_provider_meanwhile_is_a_clear_page(client, ann, council,
                                                                  settings):
    sign_in(client, council, sub="ann-sub", email="ann@council.test")
    narrowed = dataclasses.replace(settings.OIDC_PROVIDERS["council"], domains=("other.test",))
    settings.OIDC_PROVIDERS = {**settings.OIDC_PROVIDERS, "council": narrowed}
    link_refused(client, client.post(reverse("sso_link"), {"password": PASSWORD}))
    assert not ExternalIdentity.objects.exists()


def test_a_wrong_password_links_nothing_and_counts_towards_the_lockout(client, ann, council):
    sign_in(client, council, sub="ann-sub", email="ann@council.test")
    response = client.post(reverse("sso_link"), {"password": "not-her-password"})
    assert response.status_code == 200
    assert "The password is not right" in response.content.decode()
    assert not ExternalIdentity.objects.exists()
    assert signed_in_as(client) is None
    assert AccessAttempt.objects.get(username="ann@council.test").failures_since_start == 1


def test_five_wrong_passwords_lock_the_link_page_even_for_the_right_one(client, ann, council):
    sign_in(client, council, sub="ann-sub", email="ann@council.test")
    for _ in range(5):
        client.post(reverse("sso_link"), {"password": "not-her-password"})
    response = client.post(reverse("sso_link"), {"password": PASSWORD})
    assert response.status_code == 429
    assert not ExternalIdentity.objects.exists()
    assert signed_in_as(client) is None


def test_a_domain_outside_the_providers_list_is_refused(client, bob, council):
    response = sign_in(client, council, sub="bob-sub", email="bob@nhs.test")
    assert response.status_code == 403
    assert ("North Lanarkshire Council cannot sign in people with nhs.test addresses"
            in response.content.decode())
    assert reverse("sso_link") not in response.get("Location", "")
    assert client.get(reverse("sso_link")).content.decode().count("No organisation") >= 1


def test_a_look_alike_domain_is_refused(client, council, db):
    make_user("eve@evilcouncil.test")
    response = sign_in(client, council, sub="eve", email="eve@evilcouncil.test")
    assert response.status_code == 403


def test_no_pif_account_makes_no_account_and_says_how_to_get_one(client, council, db):
    response = sign_in(client, council, sub="new", email="newcomer@council.test")
    page = response.content.decode()
    assert response.status_code == 403
    assert "PIF accounts come by invitation from a partnership admin" in page
    assert "newcomer@council.test" in page
    assert not ExternalIdentity.objects.exists()
    from django.contrib.auth import get_user_model
    assert not get_user_model().objects.filter(email="newcomer@council.test").exists()


def test_a_deactivated_account_cannot_be_linked(client, ann, council):
    ann.is_active = False
    ann.save()
    response = sign_in(client, council, sub="ann-sub", email="ann@council.test")
    assert response.status_code == 403
    assert "deactivated" in response.content.decode()


def test_an_invitation_not_yet_accepted_is_told_to_accept_it_first(client, ann, council):
    ann.set_unusable_password()
    ann.save()
    response = sign_in(client, council, sub="ann-sub", email="ann@council.test")
    assert response.status_code == 403
    assert "invitation email" in response.content.decode()
    assert not ExternalIdentity.objects.exists()


def test_no_email_claim_is_refused_clearly(client, council, db):
    response = sign_in(client, council, sub="x", email=None)
    assert response.status_code == 400
    assert "did not give an email address" in response.content.decode()


def test_the_link_page_with_nothing_pending_says_so(client, db):
    response = client.get(reverse("sso_link"))
    assert response.status_code == 200
    assert "No organisation sign-in to link" in response.content.decode()
    response = client.post(reverse("sso_link"), {"password": PASSWORD})
    assert "No organisation sign-in to link" in response.content.decode()


def test_a_pending_link_expires(client, ann, council, monkeypatch):
    sign_in(client, council, sub="ann-sub", email="ann@council.test")
    later = time.time() + 16 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    client.post(reverse("sso_link"), {"password": PASSWORD})
    assert not ExternalIdentity.objects.exists()
    assert signed_in_as(client) is None


# -- tokens PIF must refuse ---------------------------------------------------------------------

def refused(response):
    assert response.status_code == 400
    assert "Your sign-in could not be checked" in response.content.decode()
    return True


def test_a_bad_state_is_refused(client, ann, council):
    link(ann, council, "ann-sub")
    location = start(client, council)
    code, _ = council.authorize(location, sub="ann-sub", email="ann@council.test")
    response = client.get(reverse("sso_callback", args=["council"]),
                          {"code": code, "state": "forged"})
    assert refused(response) and signed_in_as(client) is None


def test_a_callback_with_no_sign_in_started_is_refused(client, council, db):
    response = client.get(reverse("sso_callback", args=["council"]), {"code": "x"})
    assert refused(response)


def test_a_state_is_used_only_once(client, ann, council):
    link(ann, council, "ann-sub")
    location = start(client, council)
    code, state = council.authorize(location, sub="ann-sub", email="ann@council.test")
    url = reverse("sso_callback", args=["council"])
    client.get(url, {"code": code, "state": state})
    client.logout()
    assert refused(client.get(url, {"code": code, "state": state}))


def test_a_bad_nonce_is_refused(client, ann, council):
    link(ann, council, "ann-sub")
    response = sign_in(client, council, sub="ann-sub", email="ann@council.test",
                       nonce="replayed-from-another-sign-in")
    assert refused(response) and signed_in_as(client) is None


def test_an_expired_id_token_is_refused(client, ann, council):
    link(ann, council, "ann-sub")
    past = int(time.time()) - 3600
    response = sign_in(client, council, sub="ann-sub", email="ann@council.test",
                       iat=past - 300, exp=past)
    assert refused(response) and signed_in_as(client) is None


def test_an_id_token_signed_with_another_key_is_refused(client, ann, council):
    link(ann, council, "ann-sub")
    response = sign_in(client, council, sub="ann-sub", email="ann@council.test",
                       sign_with=sso_fakes.rsa_key("an-attacker"))
    assert refused(response) and signed_in_as(client) is None


def test_an_id_token_signed_by_the_other_provider_is_refused(client, ann, council, nhs):
    link(ann, council, "ann-sub")
    response = sign_in(client, council, sub="ann-sub", email="ann@council.test",
                       sign_with=nhs.signing_key)
    assert refused(response) and signed_in_as(client) is None


def test_an_id_token_for_another_client_is_refused(client, ann, council):
    link(ann, council, "ann-sub")
    response = sign_in(client, council, sub="ann-sub", email="ann@council.test",
                       aud="some-other-application")
    assert refused(response) and signed_in_as(client) is None


def test_an_id_token_from_another_issuer_is_refused(client, ann, council, nhs):
    link(ann, nhs, "ann-sub")
    response = sign_in(client, council, sub="ann-sub", email="ann@council.test",
                       iss=nhs.issuer)
    assert refused(response) and signed_in_as(client) is None


def test_an_error_from_the_provider_is_refused(client, council, db):
    start(client, council)
    response = client.get(reverse("sso_callback", args=["council"]),
                          {"error": "access_denied", "error_description": "Cancelled"})
    assert refused(response)


def test_a_provider_that_cannot_be_reached_is_a_clear_page(client, council, db, monkeypatch):
    sso_fakes.install(monkeypatch, [])
    response = client.get(reverse("sso_start", args=["council"]))
    assert response.status_code == 502
    assert "could not reach North Lanarkshire Council" in response.content.decode()


def test_the_token_request_carries_the_pkce_verifier(client, ann, council):
    link(ann, council, "ann-sub")
    sign_in(client, council, sub="ann-sub", email="ann@council.test")
    assert council.token_requests[0]["code_verifier"]
    assert signed_in_as(client) == str(ann.pk)


# -- where the person goes next -----------------------------------------------------------------

@pytest.mark.parametrize("next_url", [
    "https://evil.test/", "//evil.test/", "/\\evil.test", "http:/evil.test", "javascript:x"])
def test_next_to_another_site_is_ignored(client, ann, council, next_url):
    link(ann, council, "ann-sub")
    response = sign_in(client, council, sub="ann-sub", email="ann@council.test",
                       next_url=next_url)
    assert response["Location"] == reverse("home")


def test_next_on_this_site_is_kept(client, ann, council):
    link(ann, council, "ann-sub")
    response = sign_in(client, council, sub="ann-sub", email="ann@council.test",
                       next_url="/p/alpha/indicators/?page=2")
    assert response["Location"] == "/p/alpha/indicators/?page=2"


def test_the_login_page_passes_next_to_each_provider(client, db):
    page = client.get(reverse("login"), {"next": "/p/alpha/"}).content.decode()
    assert reverse("sso_start", args=["council"]) + "?next=/p/alpha/" in page
