"""pif.forms: every error names its field, as GOV.UK's error messages do."""

from django import forms

from pif.forms import GovukForm


class NumbersAndDates(GovukForm):
    numerator = forms.FloatField(label="Numerator", required=False)
    people = forms.IntegerField(label="People", required=False)
    cost = forms.DecimalField(label="Cost", required=False)
    review_date = forms.DateField(label="Review date", required=False)
    likelihood = forms.IntegerField(label="Likelihood", required=False,
                                    error_messages={"invalid": "Enter a whole number from 1 to 5"})


def test_a_number_or_date_that_is_not_one_names_its_field():
    form = NumbersAndDates({"numerator": "lots", "people": "2.5", "cost": "£", "review_date":
                            "31 February", "likelihood": "x"})
    assert form.errors == {"numerator": ["Numerator must be a number"],
                           "people": ["People must be a whole number"],
                           "cost": ["Cost must be a number"],
                           "review_date": ["Review date must be a real date"],
                           "likelihood": ["Enter a whole number from 1 to 5"]}
