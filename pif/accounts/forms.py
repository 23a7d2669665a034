import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.core.mail import EmailMessage
from django.core.validators import MaxLengthValidator
from django.template.loader import render_to_string

from pif.accounts import reset_limits
from pif.accounts.addresses import client_address
from pif.forms import GovukStyle

logger = logging.getLogger(__name__)

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


class PasswordResetForm(GovukStyle, auth_forms.PasswordResetForm):
    def add_fields(self) -> None:
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages["required"] = "Enter your email address"

    def save(self, **kwargs) -> None:
        # The link points at SITE_URL, never at the request's Host header, which the person
        # asking could choose.
        site = urlsplit(settings.SITE_URL)
        kwargs.update(domain_override=site.netloc, use_https=site.scheme == "https")
        self.client = client_address(kwargs["request"])
        super().save(**kwargs)

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None) -> None:
        # Django sends only to an address with an account; the page says the same either
        # way, whether this sends, is over a limit or fails.
        if not reset_limits.may_send(to_email, self.client):
            return
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        try:
            EmailMessage(subject, body, from_email, [to_email]).send()
        except Exception:
            # Unlike Django's own send_mail, this one knows a send failed and so does not
            # count it: the person can try again at once.
            logger.exception("Failed to send password reset email to %s", context["user"].pk)
            return
        reset_limits.record_sent(to_email, self.client)
