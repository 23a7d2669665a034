"""Variation and assurance icons: accessible SVG with the words in a title."""

import re

import pytest

from pif.measures import icons


def luminance(colour):
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_white(colour):
    return 1.05 / (luminance(colour) + 0.05)


@pytest.mark.parametrize(("status", "text"), [
    ("common_cause", "Common cause variation"),
    ("improvement_high", "Special cause variation: improvement (higher)"),
    ("improvement_low", "Special cause variation: improvement (lower)"),
    ("concern_high", "Special cause variation: concern (higher)"),
    ("concern_low", "Special cause variation: concern (lower)"),
    ("neutral_high", "Special cause variation: neither improvement nor concern (higher)"),
    ("neutral_low", "Special cause variation: neither improvement nor concern (lower)"),
    ("", "Not enough data"),
    (None, "Not enough data"),
])
def test_each_variation_icon_is_an_image_titled_in_words(status, text):
    svg = icons.variation_icon(status)
    assert icons.variation_text(status) == text
    assert 'role="img"' in svg and f'aria-label="{text}"' in svg
    assert f"<title>{text}</title>" in svg
    assert svg.index("<title>") < svg.index("<circle")


@pytest.mark.parametrize(("status", "text"), [
    ("consistent_pass", "Target consistently met"),
    ("consistent_fail", "Target consistently not met"),
    ("inconsistent", "Target may or may not be met"),
    ("", "No target"),
    (None, "No target"),
    ("none", "No target"),
    ("not_enough_data", "Not enough data"),
])
def test_each_assurance_icon_is_an_image_titled_in_words(status, text):
    svg = icons.assurance_icon(status)
    assert icons.assurance_text(status) == text
    assert 'role="img"' in svg and f"<title>{text}</title>" in svg


def test_every_icon_looks_different():
    drawings = [re.sub(r"<title>.*</title>|aria-label=\"[^\"]*\"|class=\"[^\"]*\"", "",
                       icons.variation_icon(status)) for status in icons.VARIATION_STATUSES]
    drawings += [re.sub(r"<title>.*</title>|aria-label=\"[^\"]*\"|class=\"[^\"]*\"", "",
                        icons.assurance_icon(status)) for status in icons.ASSURANCE_STATUSES]
    assert len(set(drawings)) == len(drawings)


def test_improvement_and_concern_differ_by_more_than_colour():
    def shapes(svg):
        return re.findall(r'd="([^"]+)"', svg)

    assert shapes(icons.variation_icon("improvement_high")) == shapes(
        icons.variation_icon("concern_high"))  # same letter and arrow: the title says which
    assert shapes(icons.variation_icon("improvement_high")) != shapes(
        icons.variation_icon("improvement_low"))
    assert shapes(icons.assurance_icon("consistent_pass")) != shapes(
        icons.assurance_icon("consistent_fail"))


def test_icon_colours_have_3_to_1_contrast_with_white():
    for colour in icons.COLOURS.values():
        assert contrast_with_white(colour) >= 4.5
    every_fill = set()
    for status in icons.VARIATION_STATUSES:
        every_fill |= set(re.findall(r'fill="(#[0-9a-f]{6})"', icons.variation_icon(status)))
    for status in icons.ASSURANCE_STATUSES:
        every_fill |= set(re.findall(r'fill="(#[0-9a-f]{6})"', icons.assurance_icon(status)))
    assert all(contrast_with_white(c) >= 3 for c in every_fill - {"#ffffff"})


def test_icons_take_a_size_and_keep_their_view_box():
    svg = icons.assurance_icon("inconsistent", size=24)
    assert 'width="24" height="24"' in svg and 'viewBox="0 0 40 40"' in svg


def test_icons_are_not_focusable_and_carry_classes_for_styling():
    svg = icons.variation_icon("concern_low")
    assert 'focusable="false"' in svg
    assert 'class="pif-icon pif-icon--variation pif-icon--concern_low"' in svg


def test_an_unknown_status_is_an_error_that_names_it():
    with pytest.raises(ValueError, match="'sideways' is not a variation status"):
        icons.variation_icon("sideways")
    with pytest.raises(ValueError, match="'maybe' is not an assurance status"):
        icons.assurance_text("maybe")
