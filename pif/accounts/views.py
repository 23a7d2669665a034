"""Signing in and out, the person's account page, accepting an invitation, changing or
resetting a password. Organisation sign-in (OpenID Connect) is in pif/accounts/sso/."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy

from pif.accounts.forms import (
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from pif.accounts.models import ExternalIdentity
from pif.accounts.sso import services as sso_services
from pif.accounts.tokens import password_reset_token_generator
from pif.actors import Actor
from pif.confirming import confirm_removal
from pif.partnerships.access import site_view


class LoginView(auth_views.LoginView):
    """Django's sign-in page, with a button for each organisation's sign-in (if any)."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sso_providers=list(settings.OIDC_PROVIDERS.values()), **kwargs)


# Django's sign-in page would call the site by the server's address; PIF uses its own name.
login = site_view("public")(LoginView.as_view(
    redirect_authenticated_user=True, authentication_form=LoginForm,
    extra_context={"site_name": settings.SITE_NAME}))


@site_view("login")
def account(request):
    """The person's own account: name, email, password, organisation sign-ins, API tokens."""
    identities = [(identity, settings.OIDC_PROVIDERS.get(identity.provider))
                  for identity in request.user.external_identities.all()]
    return render(request, "accounts/account.html", {
        "identities": identities,
        "sso_providers": list(settings.OIDC_PROVIDERS.values()),
    })


@site_view("login")
def sso_unlink(request, identity_id):
    identity = get_object_or_404(ExternalIdentity, pk=identity_id, user=request.user)
    provider = settings.OIDC_PROVIDERS.get(identity.provider)
    name = provider.name if provider else identity.provider
    return confirm_removal(
        request,
        remove=lambda: sso_services.unlink_identity(Actor.from_request(request), identity),
        done=f"Your {name} sign-in is unlinked. It can no longer sign you in to PIF.",
        next_url=reverse("account"), template="accounts/sso_unlink_confirm.html",
        context={"identity": identity, "provider_name": name,
                 "cancel_url": reverse("account")})

logout = site_view("login")(auth_views.LogoutView.as_view())
invitation_accept = site_view("public")(auth_views.PasswordResetConfirmView.as_view(
    template_name="registration/invitation_accept.html",
    form_class=SetPasswordForm,
    success_url=reverse_lazy("invitation_done"),
    post_reset_login=True,
    post_reset_login_backend="django.contrib.auth.backends.ModelBackend",
))
invitation_done = site_view("login")(auth_views.PasswordResetCompleteView.as_view(
    template_name="registration/invitation_done.html"))
password_change = site_view("login")(auth_views.PasswordChangeView.as_view(
    form_class=PasswordChangeForm,
    success_url=reverse_lazy("password_change_done")))
password_change_done = site_view("login")(auth_views.PasswordChangeDoneView.as_view())

# Django's reset views: the same page follows a request whether or not the address has an
# account. The link's one-use token has its own generator, lasting an hour (invitations: 7 days).
password_reset = site_view("public")(auth_views.PasswordResetView.as_view(
    form_class=PasswordResetForm,
    token_generator=password_reset_token_generator,
    email_template_name="registration/password_reset_email.txt",
    # Not Django's own name: django.contrib.auth, listed first, has a template by that name.
    subject_template_name="registration/password_reset_email_subject.txt",
    extra_email_context={"site_name": settings.SITE_NAME}))
password_reset_done = site_view("public")(auth_views.PasswordResetDoneView.as_view())
password_reset_confirm = site_view("public")(auth_views.PasswordResetConfirmView.as_view(
    form_class=SetPasswordForm, token_generator=password_reset_token_generator))
password_reset_complete = site_view("public")(auth_views.PasswordResetCompleteView.as_view())
