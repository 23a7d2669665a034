"""pif.forms: GOV.UK classes, specific required messages and errors from services."""

from django import forms
from django.core.exceptions import ValidationError

from pif.forms import GovukForm, apply_validation_error


class ExampleForm(GovukForm):
    name = forms.CharField(label="Name", help_text="Your full name")
    email = forms.EmailField(label="Email address")
    colour = forms.ChoiceField(label="Colour", choices=[("r", "Red")], widget=forms.RadioSelect)
    the_date = forms.CharField(label="The date")
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)


def test_required_messages_say_what_to_do():
    form = ExampleForm({})
    assert form.errors == {"name": ["Enter a name"], "email": ["Enter an email address"],
                           "colour": ["Select a colour"], "the_date": ["Enter the date"]}


def test_widgets_get_govuk_classes_and_error_classes():
    form = ExampleForm({"name": "", "email": "x@example.org", "colour": "r", "the_date": "1"})
    assert form.fields["notes"].widget.attrs["class"] == "govuk-textarea"
    assert 'aria-describedby="id_name-hint"' in str(ExampleForm()["name"])
    assert not form.is_valid()
    name = str(form["name"])
    assert 'class="govuk-input govuk-input--error"' in name
    assert 'aria-describedby="id_name-hint id_name-error"' in name
    assert 'class="govuk-input"' in str(form["email"])


def test_service_errors_go_on_the_field_they_name_or_the_whole_form():
    form = ExampleForm({"name": "A", "email": "a@example.org", "colour": "r", "the_date": "1"})
    assert form.is_valid()
    apply_validation_error(form, ValidationError({"email": "Taken.", "other": "Odd."}))
    apply_validation_error(form, ValidationError("Broken."))
    assert form.errors["email"] == ["Taken."]
    assert form.non_field_errors() == ["Odd.", "Broken."]
