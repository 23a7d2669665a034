"""The forms that make API tokens: a personal one (name and expiry) and a partnership's service
one (organisation, name, role and expiry). They only read what was typed; the rules (a name,
an expiry within API_TOKEN_MAX_DAYS, a service role) are checked by pif/api/tokens.py."""

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone

from pif.api.models import SERVICE_ROLES
from pif.api.rules import NAME_LENGTH, check_token_expiry
from pif.forms import GovukForm
from pif.lib.periods.dates import format_long_date

DEFAULT_DAYS = 90
# What each role lets a service token do, in the words of the members page.
ROLE_CHOICES = [
    (value, f"{label}: {text}") for (value, label), text in zip(SERVICE_ROLES, (
        "reads everything in the partnership and changes nothing",
        "also enters data and commentary for its organisation's items",
        "also changes the partnership's outcomes, indicators, plans and reports",
    ), strict=True)]


def expiry_moment(day: datetime.date) -> datetime.datetime:
    """A token chosen to stop working on `day` stops at the start of that day, local time, so
    the last day it can be chosen is exactly API_TOKEN_MAX_DAYS from today."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class TokenForm(GovukForm):
    name = forms.CharField(
        label="Name", max_length=NAME_LENGTH, strip=True,
        help_text="What will use the token, so you can tell it apart later. For example, "
                  "'Monthly figures to the council's dashboard'.")
    expires_on = forms.DateField(label="Stops working on", widget=forms.DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["expires_on"].initial = today + datetime.timedelta(days=DEFAULT_DAYS)
        latest = today + datetime.timedelta(days=settings.API_TOKEN_MAX_DAYS)
        self.fields["expires_on"].help_text = (
            f"The token works until the start of this day. At most "
            f"{settings.API_TOKEN_MAX_DAYS} days from today: {format_long_date(latest)} or sooner.")

    def clean_expires_on(self) -> datetime.date:
        # The service checks it again; asked here too so a form with a missing name shows
        # both problems at once.
        day = self.cleaned_data["expires_on"]
        findings = check_token_expiry(expiry_moment(day), timezone.now(),
                                      settings.API_TOKEN_MAX_DAYS)
        if findings:
            raise forms.ValidationError(findings[0].message, code=findings[0].rule)
        return day

    @property
    def expires_at(self) -> datetime.datetime:
        return expiry_moment(self.cleaned_data["expires_on"])


class ServiceTokenForm(TokenForm):
    """A service token for one of the partnership's organisations: only those are offered,
    and another partnership's organisation is refused as not one of the choices."""

    organisation = forms.ModelChoiceField(
        label="Organisation", queryset=None, empty_label="Choose an organisation",
        help_text="The organisation that owns the feed. The token keeps working when the "
                  "person who made it leaves.")
    role = forms.ChoiceField(
        label="Role", choices=ROLE_CHOICES, widget=forms.RadioSelect,
        help_text="What the token may do. A service token cannot manage members or settings.")
    field_order = ["organisation", "name", "role", "expires_on"]

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = partnership.organisations.order_by("name")
