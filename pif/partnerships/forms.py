from django import forms

from pif.accounts.forms import EMAIL_MAX_LENGTH, EMAIL_TOO_LONG
from pif.editing import VersionedForm
from pif.forms import FilterForm, GovukForm
from pif.partnerships.models import MONTHS, Membership, Organisation, Partnership
from pif.partnerships.rules import short_name_validator


class PartnershipCreateForm(GovukForm):
    name = forms.CharField(label="Name", max_length=200,
                           help_text="The partnership's full name, for example Loch Arden "
                                     "Community Planning Partnership.")
    short_name = forms.CharField(
        label="Short name", max_length=40, validators=[short_name_validator],
        help_text="Used in web addresses, for example loch-arden.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )
    reporting_year_start_month = forms.TypedChoiceField(
        label="Reporting year starts in", choices=MONTHS, coerce=int, initial=4,
        help_text="Most public bodies report from April to March.")


class PartnershipSettingsForm(VersionedForm, GovukForm):
    name = forms.CharField(label="Name", max_length=200)
    reporting_year_start_month = forms.TypedChoiceField(
        label="Reporting year starts in", choices=MONTHS, coerce=int,
        help_text="Most public bodies report from April to March.")

    @classmethod
    def for_partnership(cls, partnership: Partnership, data=None):
        initial = {"name": partnership.name,
                   "reporting_year_start_month": partnership.reporting_year_start_month}
        return cls(data, initial=initial, record=partnership)


class OrganisationForm(VersionedForm, GovukForm):
    name = forms.CharField(label="Name", max_length=200)
    kind = forms.ChoiceField(label="Type", choices=Organisation.Kind.choices,
                             widget=forms.RadioSelect)
    short_code = forms.CharField(
        label="Short code", max_length=12,
        help_text="2 to 12 capital letters, numbers or hyphens, used in tables and uploads, "
                  "for example NHSLA.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}))


def _organisation_field(partnership: Partnership, required: bool):
    return forms.ModelChoiceField(
        label="Organisation", required=required,
        queryset=Organisation.objects.filter(partnership=partnership),
        empty_label="No organisation",
        help_text="Contributors enter data only for the items their organisation owns.",
    )


def _role_field():
    return forms.ChoiceField(
        label="Role", widget=forms.RadioSelect,
        choices=[(role.value, role.label) for role in Membership.Role],
    )


class MemberAddForm(GovukForm):
    email = forms.EmailField(label="Email address", max_length=EMAIL_MAX_LENGTH,
                             error_messages={"max_length": EMAIL_TOO_LONG},
                             widget=forms.EmailInput(attrs={"autocomplete": "off",
                                                            "spellcheck": "false"}))
    full_name = forms.CharField(label="Full name", required=False, max_length=150,
                                help_text="Used if this person does not have an account yet.")

    def __init__(self, partnership, *args, **kwargs):
        self.partnership = partnership
        super().__init__(*args, **kwargs)

    def add_fields(self) -> None:
        self.fields["role"] = _role_field()
        self.fields["organisation"] = _organisation_field(self.partnership, required=False)


class MemberChangeForm(VersionedForm, MemberAddForm):
    def add_fields(self) -> None:
        super().add_fields()
        del self.fields["email"]
        del self.fields["full_name"]


class HistoryFilterForm(FilterForm):
    """The History page's filters: who made the change and the kind of record."""

    user = forms.TypedChoiceField(label="Changed by", coerce=int, initial=None)
    kind = forms.ChoiceField(label="Kind of record", initial="")

    def __init__(self, query, *, people: list[tuple[int, str]], kinds: list[tuple[str, str]]):
        self.people, self.kinds = people, kinds
        super().__init__(query)

    def add_fields(self) -> None:
        self.fields["user"].choices = [("", "Anyone"), *self.people]
        self.fields["kind"].choices = [("", "All kinds"), *self.kinds]
