"""Filter forms (pif.forms.FilterForm): GET forms drawn by the one field renderer, whose
values are always usable: a missing, unknown or altered value in the address reads as the
field's default, and the page shows no error for it."""

from datetime import date

import pytest
from django import forms
from django.http import QueryDict
from django.template.loader import render_to_string

from pif.forms import FilterForm
from pif.tests.test_field_renderer import Page


class Filters(FilterForm):
    colour = forms.ChoiceField(label="Colour", initial="",
                               choices=[("", "Any colour"), ("r", "Red"), ("g", "Green")])
    sort = forms.ChoiceField(label="Sort by", initial="name",
                             choices=[("name", "Name"), ("size", "Size")])
    person = forms.TypedChoiceField(label="Changed by", coerce=int, initial=None)
    day = forms.DateField(label="As it stood on", initial=None,
                          help_text="Earlier values as they were.")

    def __init__(self, query, *, people):
        self.people = people
        super().__init__(query)

    def add_fields(self):
        self.fields["person"].choices = [("", "Anyone"), *self.people]


def filters(text: str) -> Filters:
    return Filters(QueryDict(text), people=[(7, "Ann"), (9, "Bob")])


def drawn(form) -> Page:
    return Page(render_to_string("includes/form_fields.html",
                                 {"form": form, "group_class": "pif-inline-group"}))


def test_values_the_address_gives_are_used():
    form = filters("colour=g&sort=size&person=9&day=2026-12-05")
    assert form.values == {"colour": "g", "sort": "size", "person": 9,
                           "day": date(2026, 12, 5)}
    page = drawn(form)
    assert "selected" in page.one("option", value="g").attrs
    assert "selected" in page.one("option", value="9").attrs
    assert page.one("input", name="day").attrs["value"] == "2026-12-05"


@pytest.mark.parametrize("query", [
    "", "colour=&sort=&person=&day=", "colour=blue&sort=drop+table&person=8&day=2026-02-30",
    "person=x&day=tomorrow", "person=99999999999999999999999"])
def test_a_missing_unknown_or_altered_value_reads_as_the_default(query):
    form = filters(query)
    assert form.values == {"colour": "", "sort": "name", "person": None, "day": None}
    page = drawn(form)
    assert "selected" in page.one("option", value="name").attrs
    assert not any("selected" in option.attrs for option in page.find("option", value="r"))
    assert page.find("p", **{"class": "govuk-error-message"}) == []


def test_filters_are_drawn_by_the_field_renderer_side_by_side_without_optional_labels():
    page = drawn(filters("colour=r"))
    select = page.one("select", name="colour")
    assert "govuk-select" in select.classes and "required" not in select.attrs
    assert page.label_for("filter-colour") == "Colour"
    assert select.inside("div", "pif-inline-group") and select.inside("div", "govuk-form-group")
    day = page.one("input", name="day")
    assert day.attrs["type"] == "date" and day.attrs["aria-describedby"] == "filter-day-hint"
    assert page.one("div", id="filter-day-hint").text == "Earlier values as they were."
