"""Signing in and out, accepting an invitation, changing a password."""

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy

from pif.accounts.forms import LoginForm, PasswordChangeForm, SetPasswordForm
from pif.partnerships.access import site_view

login = site_view("public")(auth_views.LoginView.as_view(
    redirect_authenticated_user=True, authentication_form=LoginForm))
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
