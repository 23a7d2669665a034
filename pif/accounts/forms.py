from django.contrib.auth import forms as auth_forms

from pif.forms import GovukStyle


class LoginForm(GovukStyle, auth_forms.AuthenticationForm):
    pass


class SetPasswordForm(GovukStyle, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(GovukStyle, auth_forms.PasswordChangeForm):
    pass
