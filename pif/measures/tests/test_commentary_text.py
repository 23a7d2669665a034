"""Commentary keeps its line breaks and has a length limit, on every path, with the GOV.UK
character count on the form."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pif.actors import COMMAND_LINE
from pif.lib.periods import Period
from pif.measures import rules, services
from pif.measures.forms import CommentaryForm
from pif.measures.models import Commentary

URL = reverse("commentary_edit", args=["alpha", "AE-4HR"])
LIMIT = rules.COMMENTARY_LONGEST


def test_the_limit_is_two_thousand_characters():
    assert LIMIT == 2000


def test_commentary_up_to_the_limit_is_accepted_and_beyond_it_refused():
    assert rules.check_commentary({"what_it_shows": "a" * LIMIT, "why": "", "actions": ""}) == ()
    findings = rules.check_commentary({"what_it_shows": "a", "why": "b" * (LIMIT + 1)})
    assert [(f.field, f.message, f.rule) for f in findings] == [
        ("why", "Why must be 2,000 characters or less", "commentary_length")]


def test_a_line_break_counts_as_one_character_however_it_is_written():
    # Browsers send a line break as \r\n; GOV.UK's character count counts it as one.
    text = "a\r\n" * (LIMIT // 2)
    assert rules.check_commentary({"actions": text}) == ()


def test_the_service_refuses_commentary_too_long_on_every_path(world):
    indicator = world.sample_indicator()
    with pytest.raises(ValidationError) as refused:
        services.save_commentary(COMMAND_LINE, indicator, Period.month(2024, 4),
                                 {"what_it_shows": "x" * (LIMIT + 1)}, loaded_version=0)
    assert refused.value.message_dict == {
        "what_it_shows": ["What the data shows must be 2,000 characters or less"]}
    assert not Commentary.objects.exists()


def test_the_form_shows_a_character_count_for_each_part():
    form = CommentaryForm()
    for name in ("what_it_shows", "why", "actions"):
        assert form[name].max_length == LIMIT


def test_the_form_counts_a_line_break_as_one_and_names_the_field_when_too_long(world):
    world.sample_indicator()
    breaks = _form({"what_it_shows": "a\r\n" * (LIMIT // 2)})
    assert "what_it_shows" not in breaks.errors
    assert breaks.cleaned_data["what_it_shows"].count("\n") == LIMIT // 2 - 1  # the last stripped
    assert "\r" not in breaks.cleaned_data["what_it_shows"]
    long = _form({"what_it_shows": "a" * (LIMIT + 1)})
    assert long.errors["what_it_shows"] == [
        "What the data shows must be 2,000 characters or less"]


def _form(data):
    form = CommentaryForm({"period": "April 2024", "what_it_shows": "Up", "why": "",
                           "actions": "", "version": 0, **data})
    form.is_valid()
    return form


def test_the_page_draws_the_character_count(client, world):
    world.sample_indicator()
    client.force_login(world.contributor)
    text = client.get(URL).content.decode()
    assert text.count('data-module="govuk-character-count"') == 3
    assert 'data-maxlength="2000"' in text
    assert "You can enter up to 2000 characters" in text


def test_the_indicator_page_keeps_line_breaks_and_escapes_the_text(client, world):
    indicator = world.sample_indicator()
    services.save_commentary(
        COMMAND_LINE, indicator, Period.month(2024, 4),
        {"what_it_shows": "First line\nSecond <b>line</b>", "why": "One\r\nTwo",
         "actions": "Do\n\nthis"}, loaded_version=0)
    client.force_login(world.viewer)
    text = client.get(reverse("indicator", args=["alpha", "AE-4HR"])).content.decode()
    assert "First line<br>Second &lt;b&gt;line&lt;/b&gt;" in text
    assert "One<br>Two" in text
    assert "Do<br><br>this" in text
