"""Signing in with an organisation's account (OpenID Connect), and linking it to a PIF account.

/account/sso/<provider>/ sends the person to their organisation's sign-in; the provider sends
them back to /account/sso/<provider>/callback/. A known identity (issuer and subject) signs its
person in. A first sign-in goes to /account/sso/link/, where the person proves the PIF account
with its password before the link is made (ADR 0020). Every refusal is a page saying why and
what to do, never a server error.
"""

import logging
import time

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.common.security import generate_token
from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model, login
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from joserfc.errors import JoseError

from pif.accounts.sso import clients, rules, services
from pif.accounts.sso.services import Claims
from pif.actors import Actor
from pif.forms import GovukForm
from pif.partnerships.access import site_view

logger = logging.getLogger(__name__)

NEXT_KEY = "sso_next"
PENDING_KEY = "sso_pending_link"
# A first sign-in waits this long for the person to type their PIF password.
PENDING_SECONDS = 15 * 60
PASSWORD_BACKEND = "django.contrib.auth.backends.ModelBackend"

# What can go wrong talking to a provider or checking what it sent: a wrong or replayed
# state, an error from the provider, an ID token badly signed, expired, for another client or
# with the wrong nonce, a provider that cannot be reached or answers nonsense.
PROVIDER_ERRORS = (AuthlibBaseError, JoseError, requests.RequestException, ValueError,
                   KeyError, TypeError, RuntimeError)


def provider_or_404(key: str):
    provider = settings.OIDC_PROVIDERS.get(key)
    if provider is None:
        raise Http404("No such organisation sign-in")
    return provider


def safe_next(candidate: str | None) -> str:
    """A path on this site to go to after signing in, or the home page. Never another site:
    a link could otherwise send someone through PIF's sign-in to a look-alike page."""
    if (candidate and candidate.startswith("/") and not candidate.startswith("//")
            and "\\" not in candidate
            and url_has_allowed_host_and_scheme(candidate, allowed_hosts=None)):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def callback_url(provider) -> str:
    """The address registered at the provider. From SITE_URL, not the request's Host header,
    which the person asking could choose."""
    site = settings.SITE_URL.rstrip("/")
    origin = site.split("/", 3)
    return "/".join(origin[:3]) + reverse("sso_callback", args=[provider.key])


def problem(request, heading: str, message: str, *, provider=None, status: int = 400):
    return render(request, "accounts/sso_problem.html",
                  {"heading": heading, "message": message, "provider": provider},
                  status=status)


@site_view("public")
def start(request, provider):
    provider = provider_or_404(provider)
    request.session[NEXT_KEY] = safe_next(request.GET.get("next"))
    client = clients.client_for(provider)
    try:
        return client.authorize_redirect(request, callback_url(provider),
                                         nonce=generate_token(24))
    except PROVIDER_ERRORS as error:
        logger.warning("Could not start sign-in with %s: %r", provider.key, error)
        return problem(request, f"{provider.name} sign-in is not available",
                       f"PIF could not reach {provider.name}'s sign-in service. Try again in a "
                       "few minutes, or sign in with your email address and password.",
                       provider=provider, status=502)


@site_view("public")
def callback(request, provider):
    provider = provider_or_404(provider)
    try:
        claims = _checked_claims(request, provider)
    except PROVIDER_ERRORS as error:
        logger.warning("Refused a sign-in from %s: %r", provider.key, error)
        return problem(request, "Your sign-in could not be checked",
                       f"PIF could not confirm your sign-in with {provider.name}. This happens "
                       "when a sign-in page was left open too long, was used twice, or was "
                       "started in another browser. Start again from the sign-in page.",
                       provider=provider)
    next_url = request.session.pop(NEXT_KEY, None) or safe_next(None)
    identity = services.find_identity(claims)
    if identity is not None:
        return _sign_in_known(request, identity, next_url)
    return _first_sign_in(request, provider, claims, next_url)


def _checked_claims(request, provider) -> Claims:
    """The ID token's claims, once Authlib has checked state, PKCE, signature, issuer,
    audience, expiry and nonce. Raises one of PROVIDER_ERRORS otherwise."""
    token = clients.client_for(provider).authorize_access_token(
        request, claims_options=clients.claims_options(provider))
    userinfo = token.get("userinfo")
    if not userinfo:
        raise ValueError("The provider sent no ID token")
    email = userinfo.get("email") or ""
    if not email and "@" in str(userinfo.get("preferred_username") or ""):
        # Microsoft Entra ID often gives the work address only as the sign-in name.
        email = userinfo["preferred_username"]
    return Claims(issuer=str(userinfo["iss"]), subject=str(userinfo["sub"]),
                  email=str(email).strip().lower())


def _sign_in_known(request, identity, next_url: str):
    if not identity.user.is_active:
        return _deactivated(request)
    services.record_use(Actor(user=identity.user), identity)
    login(request, identity.user, backend=PASSWORD_BACKEND)
    return redirect(next_url)


def _first_sign_in(request, provider, claims: Claims, next_url: str):
    if not claims.email:
        return problem(request, "Your organisation did not give an email address",
                       f"{provider.name} did not tell PIF your email address, so PIF cannot "
                       "find your account. Ask your IT team to release the email claim to PIF, "
                       "or sign in with your email address and password.", provider=provider)
    try:
        rules.check_domain(provider, claims.email)
    except ValidationError as error:
        return problem(request, "You cannot sign in with this organisation", error.messages[0]
                       + ". Sign in with your own organisation's account, or with your email "
                       "address and password.", provider=provider, status=403)
    user = get_user_model().objects.filter(email=claims.email).first()
    if user is None:
        return render(request, "accounts/sso_no_account.html",
                      {"provider": provider, "email": claims.email}, status=403)
    if not user.is_active:
        return _deactivated(request)
    if not user.has_usable_password():
        return problem(request, "Accept your invitation first",
                       f"Your PIF account for {claims.email} has not been set up yet. Open the "
                       "invitation email PIF sent you and choose a password; then you can link "
                       f"your {provider.name} account to it.", provider=provider, status=403)
    request.session[PENDING_KEY] = {
        "provider": provider.key, "issuer": claims.issuer, "subject": claims.subject,
        "email": claims.email, "user_id": user.pk, "next": next_url, "at": time.time()}
    return redirect("sso_link")


def _deactivated(request):
    return problem(request, "Your PIF account is closed",
                   "Your PIF account has been deactivated, so you cannot sign in. Ask a "
                   "partnership admin if you need it again.", status=403)


class LinkForm(GovukForm):
    password = forms.CharField(label="Your PIF password", strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete":
                                                                 "current-password"}))


def pending_link(request):
    """The first sign-in waiting for its password, with its provider, or (None, None)."""
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None, None
    provider = settings.OIDC_PROVIDERS.get(pending["provider"])
    if provider is None:  # taken out of the settings since
        return None, None
    return pending, provider


@site_view("public")
def link(request):
    pending, provider = pending_link(request)
    if pending is None:
        return render(request, "accounts/sso_link_none.html")
    form = LinkForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # Through authenticate, so django-axes counts a wrong password and locks out as
        # the sign-in page does.
        user = authenticate(request, username=pending["email"],
                            password=form.cleaned_data["password"])
        if user is not None and user.pk == pending["user_id"]:
            claims = Claims(pending["issuer"], pending["subject"], pending["email"])
            try:
                services.link_identity(Actor(user=user), provider, claims)
            except (ValidationError, IntegrityError):
                # Rare races in the minutes the page was open: the provider's domains
                # changed, or this sign-in was linked to another PIF account.
                del request.session[PENDING_KEY]
                return problem(request, "Your organisation sign-in could not be linked",
                               f"This {provider.name} account cannot be linked to your PIF "
                               "account now. Sign in with your email address and password.",
                               provider=provider, status=409)
            del request.session[PENDING_KEY]
            login(request, user, backend=PASSWORD_BACKEND)
            return redirect(pending["next"])
        form.add_error("password", "The password is not right for this PIF account. Enter "
                                   "the password you use to sign in to PIF.")
    return render(request, "accounts/sso_link.html",
                  {"form": form, "provider": provider, "email": pending["email"]})
