"""Single-line text helpers: finding control characters, making a subject one line."""

import pytest

from pif.lib.text import control_characters, describe_character, one_line


@pytest.mark.parametrize("text, found", [
    ("Loch Arden CPP", []),
    ("Café – Ōban’s “board”", []),
    ("Loch\nArden", ["\n"]),
    ("Loch\r\nArden", ["\r", "\n"]),
    ("Loch\tArden\t", ["\t"]),
    ("Loch\x00Arden", ["\x00"]),
    ("Loch\x1bArden", ["\x1b"]),
    ("Loch\u0085Arden", ["\u0085"]),
    ("Loch\u200bArden", ["\u200b"]),
    ("\ufeffLoch Arden", ["\ufeff"]),
    ("Loch \u202eArden", ["\u202e"]),
])
def test_it_finds_control_and_format_characters(text, found):
    assert control_characters(text) == found


def test_it_describes_characters_in_plain_words():
    assert describe_character("\n") == "a line break"
    assert describe_character("\t") == "a tab"
    assert describe_character("\x00") == "a NUL byte"
    assert describe_character("\u200b") == "U+200B (ZERO WIDTH SPACE)"
    assert describe_character("\x1b") == "U+001B"


def test_one_line_makes_any_text_a_single_line():
    assert one_line("Figures due for Loch\r\nArden\t CPP\x00") == "Figures due for Loch Arden CPP"
    assert one_line("Plain") == "Plain"


PERSIAN_NAME = "محمد\u200cرضا"  # Mohammad-Reza: a zero-width non-joiner keeps the letters apart
FAMILY_EMOJI = "\U0001F468\u200d\U0001F469\u200d\U0001F467"  # joined by zero-width joiners


@pytest.mark.parametrize("text", [PERSIAN_NAME, "क्\u200dष", FAMILY_EMOJI])
def test_joiners_used_in_names_and_emoji_are_allowed(text):
    assert control_characters(text) == []
    assert one_line(text) == text


def test_a_persian_name_with_a_non_joiner_passes_validation():
    from pif.validation import validate_single_line

    validate_single_line(PERSIAN_NAME)  # raises ValidationError if refused
