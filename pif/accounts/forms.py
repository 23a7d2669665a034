from django.contrib.auth import forms as auth_forms
from django.core.validators import MaxLengthValidator

from pif.forms import GovukStyle

# The longest address an email system delivers to, and the length of User.email.
EMAIL_MAX_LENGTH = 254
EMAIL_TOO_LONG = f"Email address must be {EMAIL_MAX_LENGTH} characters or fewer"


def email_length_validator() -> MaxLengthValidator:
    return MaxLengthValidator(EMAIL_MAX_LENGTH, message=EMAIL_TOO_LONG)


class LoginForm(GovukStyle, auth_forms.AuthenticationForm):
    def add_fields(self) -> None:
        # Django sets only the input's maxlength attribute; a longer address must be a form
        # error before it reaches the lockout's records, whose column is 255 characters.
        self.fields["username"].validators.append(email_length_validator())


class SetPasswordForm(GovukStyle, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(GovukStyle, auth_forms.PasswordChangeForm):
    pass
