"""The one field renderer (templates/includes/field.html): every kind of widget in the
GOV.UK pattern, with its label or legend, hint, error message and aria-describedby."""

from html.parser import HTMLParser

import pytest
from django import forms
from django.template.loader import render_to_string

from pif.forms import GovukForm


class Element:
    def __init__(self, tag: str, attrs: dict, parents: list):
        self.tag, self.attrs, self.parents, self.text = tag, attrs, parents, ""

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def inside(self, tag: str, css: str = "") -> bool:
        return any(p.tag == tag and (not css or css in p.classes) for p in self.parents)


class Page(HTMLParser):
    """Every element of a rendered fragment, with its open parents and its text."""

    VOID = {"input", "br", "img", "hr", "meta", "link"}

    def __init__(self, html: str):
        super().__init__()
        self.elements: list[Element] = []
        self.open: list[Element] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), list(self.open))
        self.elements.append(element)
        if tag not in self.VOID:
            self.open.append(element)

    def handle_endtag(self, tag):
        while self.open:
            if self.open.pop().tag == tag:
                break

    def handle_data(self, data):
        for element in self.open:
            element.text += data

    def find(self, tag: str, **attrs) -> list[Element]:
        return [e for e in self.elements if e.tag == tag
                and all(e.attrs.get(k.rstrip("_").replace("_", "-")) == v
                        for k, v in attrs.items())]

    def one(self, tag: str, **attrs) -> Element:
        found = self.find(tag, **attrs)
        assert len(found) == 1, f"{len(found)} <{tag} {attrs}>"
        return found[0]

    def label_for(self, element_id: str) -> str:
        return " ".join(self.one("label", for_=element_id).text.split())


class EveryWidget(GovukForm):
    name = forms.CharField(label="Name", max_length=50, help_text="Your full name",
                           widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}))
    count = forms.IntegerField(label="Count", required=False)
    email = forms.EmailField(label="Email address", required=False)
    summary = forms.CharField(label="Summary", max_length=200, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea)
    colour = forms.ChoiceField(label="Colour", choices=[("", "None"), ("r", "Red")],
                               required=False)
    agree = forms.BooleanField(label="I agree", required=False, help_text="Tick to agree")
    tags = forms.MultipleChoiceField(label="Tags", required=False,
                                     choices=[("1", "Customer"), ("2", "Finance")],
                                     widget=forms.CheckboxSelectMultiple,
                                     help_text="Choose any that apply")
    size = forms.ChoiceField(label="Size", choices=[("s", "Small"), ("l", "Large")],
                             widget=forms.RadioSelect)
    due = forms.DateField(label="Review date", required=False)
    upload = forms.FileField(label="File", required=False)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)


def rendered(form) -> Page:
    return Page(render_to_string("includes/form_fields.html", {"form": form}))


VALID = {"name": "Ann", "size": "s"}


def test_a_text_input_has_its_label_hint_width_and_described_by():
    page = rendered(EveryWidget())
    field = page.one("input", name="name")
    assert field.attrs["type"] == "text"
    assert {"govuk-input", "govuk-input--width-20"} <= field.classes
    assert page.label_for("id_name") == "Name"
    assert page.one("div", id="id_name-hint").text == "Your full name"
    assert field.attrs["aria-describedby"] == "id_name-hint"


def test_number_and_email_inputs_are_govuk_inputs_marked_optional():
    page = rendered(EveryWidget())
    assert page.one("input", name="count").attrs["type"] == "number"
    assert "govuk-input" in page.one("input", name="email").classes
    assert page.label_for("id_email") == "Email address (optional)"


def test_an_error_has_a_hidden_prefix_an_error_class_and_is_described():
    form = EveryWidget({"size": "s"})
    assert not form.is_valid()
    page = rendered(form)
    error = page.one("p", id="id_name-error")
    assert "govuk-error-message" in error.classes
    assert " ".join(error.text.split()) == "Error: Enter a name"
    assert page.one("span", **{"class": "govuk-visually-hidden"}).text == "Error:"
    field = page.one("input", name="name")
    assert "govuk-input--error" in field.classes
    assert field.attrs["aria-describedby"] == "id_name-hint id_name-error"
    assert field.inside("div", "govuk-form-group--error")


def test_a_textarea_with_a_maximum_length_counts_characters():
    page = rendered(EveryWidget())
    area = page.one("textarea", name="summary")
    assert {"govuk-textarea", "govuk-js-character-count"} <= area.classes
    assert "maxlength" not in area.attrs  # the count tells; a cut-off paste would not
    group = [p for p in area.parents if "govuk-character-count" in p.classes][0]
    assert group.attrs["data-module"] == "govuk-character-count"
    assert group.attrs["data-maxlength"] == "200"
    info = page.one("div", id="id_summary-info")
    assert "govuk-character-count__message" in info.classes
    assert "You can enter up to 200 characters" in info.text
    assert area.attrs["aria-describedby"] == "id_summary-info"


def test_a_textarea_without_a_maximum_length_is_a_plain_textarea():
    page = rendered(EveryWidget())
    area = page.one("textarea", name="notes")
    assert area.classes == {"govuk-textarea"}
    assert not area.inside("div", "govuk-character-count")


def test_a_select_is_a_govuk_select():
    page = rendered(EveryWidget())
    assert "govuk-select" in page.one("select", name="colour").classes
    assert page.label_for("id_colour") == "Colour (optional)"


def test_a_single_checkbox_is_one_labelled_govuk_checkbox():
    page = rendered(EveryWidget())
    box = page.one("input", name="agree")
    assert box.attrs["type"] == "checkbox" and "govuk-checkboxes__input" in box.classes
    assert box.inside("div", "govuk-checkboxes__item")
    assert page.label_for("id_agree") == "I agree"
    assert box.attrs["aria-describedby"] == "id_agree-hint"


def test_many_checkboxes_are_a_fieldset_with_one_labelled_box_each():
    form = EveryWidget({**VALID, "tags": ["1", "2"]})
    assert form.is_valid() and form.cleaned_data["tags"] == ["1", "2"]
    page = rendered(form)
    boxes = page.find("input", name="tags")
    assert [(b.attrs["value"], page.label_for(b.attrs["id"])) for b in boxes] == [
        ("1", "Customer"), ("2", "Finance")]
    assert all("checked" in b.attrs and b.inside("div", "govuk-checkboxes") for b in boxes)
    fieldset = [p for p in boxes[0].parents if p.tag == "fieldset"][0]
    assert fieldset.attrs["aria-describedby"] == "id_tags-hint"
    legend = [e for e in page.find("legend") if fieldset in e.parents][0]
    assert " ".join(legend.text.split()) == "Tags (optional)"
    assert "aria-describedby" not in boxes[0].attrs  # the fieldset says it once


def test_an_error_on_checkboxes_is_in_the_fieldset_and_described():
    form = EveryWidget({**VALID, "tags": ["9"]})
    assert not form.is_valid()
    page = rendered(form)
    fieldset = [p for p in page.find("input", name="tags")[0].parents if p.tag == "fieldset"][0]
    assert fieldset.attrs["aria-describedby"] == "id_tags-hint id_tags-error"
    assert page.one("p", id="id_tags-error").inside("fieldset")


def test_checkboxes_with_nothing_to_choose_say_so():
    form = EveryWidget()
    form.fields["tags"].choices = []
    page = rendered(form)
    assert page.find("input", name="tags") == []
    fieldset = [e for e in page.find("fieldset") if "Tags" in e.text][0]
    assert "None to choose from yet." in fieldset.text


def test_radios_are_a_fieldset_with_a_legend():
    form = EveryWidget({"name": "Ann"})
    assert not form.is_valid()
    page = rendered(form)
    radios = page.find("input", name="size")
    assert [page.label_for(r.attrs["id"]) for r in radios] == ["Small", "Large"]
    assert all("govuk-radios__input" in r.classes for r in radios)
    fieldset = [p for p in radios[0].parents if p.tag == "fieldset"][0]
    assert fieldset.attrs["aria-describedby"] == "id_size-error"
    assert "Size" in [" ".join(e.text.split()) for e in page.find("legend")]


def test_a_date_is_a_native_date_input():
    page = rendered(EveryWidget(initial={"due": "2026-12-05"}))
    field = page.one("input", name="due")
    assert field.attrs["type"] == "date" and field.attrs["value"] == "2026-12-05"
    assert {"govuk-input", "govuk-input--width-10"} <= field.classes
    assert page.label_for("id_due") == "Review date (optional)"


def test_a_file_upload_is_a_govuk_file_upload():
    page = rendered(EveryWidget())
    field = page.one("input", name="upload")
    assert field.attrs["type"] == "file" and "govuk-file-upload" in field.classes
    assert page.label_for("id_upload") == "File (optional)"


def test_a_hidden_field_is_only_its_input():
    page = rendered(EveryWidget(initial={"secret": "7"}))
    field = page.one("input", name="secret")
    assert field.attrs["type"] == "hidden" and not field.inside("div")
    assert page.find("label", for_="id_secret") == []


def test_a_prefixed_form_names_its_hints_and_errors_by_the_prefixed_id():
    form = EveryWidget({"size": "s"}, prefix="p")
    assert not form.is_valid()
    page = rendered(form)
    assert page.one("input", name="p-name").attrs["aria-describedby"] == (
        "id_p-name-hint id_p-name-error")
    assert page.one("p", id="id_p-name-error")


@pytest.mark.parametrize("field", ["name", "tags", "size"])
def test_the_error_summary_links_to_the_first_control(field):
    form = EveryWidget({"tags": ["9"]})
    assert not form.is_valid()
    page = Page(render_to_string("includes/error_summary.html", {"form": form}))
    target = {"name": "#id_name", "tags": "#id_tags_0", "size": "#id_size_0"}[field]
    assert page.find("a", href=target)
