"""Signing in and out, accepting an invitation, changing or resetting a password."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from pif.accounts.forms import (
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from pif.accounts.tokens import password_reset_token_generator
from pif.partnerships.access import site_view

# Django's sign-in page would call the site by the server's address; PIF uses its own name.
login = site_view("public")(auth_views.LoginView.as_view(
    redirect_authenticated_user=True, authentication_form=LoginForm,
    extra_context={"site_name": settings.SITE_NAME}))
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
