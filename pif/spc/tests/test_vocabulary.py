"""The status words (pif/spc/vocabulary.py): each value with its label, in one place."""

import pytest

from pif import spc
from pif.spc.vocabulary import (
    NO_TARGET,
    NOT_ENOUGH_DATA,
    Assurance,
    Direction,
    PointSignal,
    PointType,
    Rag,
    Signal,
    Variation,
)

VOCABULARIES = [Variation, Assurance, Rag, Direction, Signal, PointType, PointSignal]


@pytest.mark.parametrize("vocabulary", VOCABULARIES)
def test_every_word_has_a_label_and_a_description(vocabulary):
    for member in vocabulary:
        assert member.label.strip() and member.description.strip(), member
        assert not member.label[0].islower(), member  # "2 of 3 near a limit" is fine
    if vocabulary is not PointType:  # both neutral sides read "Special cause: neutral"
        assert len({m.label for m in vocabulary}) == len(vocabulary)


@pytest.mark.parametrize("vocabulary", VOCABULARIES)
def test_a_member_is_its_stored_string(vocabulary):
    for member in vocabulary:
        assert member == member.value and str(member) == member.value
        assert vocabulary(member.value) is member


def test_choices_are_value_and_label_pairs_in_order():
    assert Rag.choices() == [("red", "Red"), ("amber", "Amber"), ("green", "Green")]
    assert Variation.choices()[0] == ("common_cause", "Common cause")


def test_the_words_read_as_before():
    assert Variation.IMPROVEMENT_HIGH.label == "Improvement (high)"
    assert Variation.IMPROVEMENT_HIGH.description == (
        "Special cause variation: improvement (higher)")
    assert Assurance.CONSISTENT_PASS.label == "Consistently meets target"
    assert Assurance.CONSISTENT_PASS.description == "Target consistently met"
    assert Direction.NO_CHANGE.label == "No change"


def test_an_empty_stored_value_has_no_member_and_an_unknown_one_is_an_error():
    assert Variation.of("") is None and Variation.of(None) is None
    assert Variation.label_of("") == "" and Assurance.description_of("", NO_TARGET) == NO_TARGET
    assert Variation.description_of(None, NOT_ENOUGH_DATA) == NOT_ENOUGH_DATA
    with pytest.raises(ValueError, match="bogus"):
        Variation.of("bogus")


@pytest.mark.parametrize(("variation", "meaning", "side", "improvement", "concern"), [
    ("common_cause", "common", "", False, False),
    ("improvement_high", "improvement", "high", True, False),
    ("improvement_low", "improvement", "low", True, False),
    ("concern_high", "concern", "high", False, True),
    ("concern_low", "concern", "low", False, True),
    ("neutral_high", "neutral", "high", False, False),
    ("neutral_low", "neutral", "low", False, False),
])
def test_variation_knows_its_meaning_and_side(variation, meaning, side, improvement, concern):
    word = Variation(variation)
    assert (word.meaning, word.side, word.is_improvement, word.is_concern) == (
        meaning, side, improvement, concern)
    assert word.is_special_cause == (variation != "common_cause")
    if side:
        assert Variation.special_cause(meaning, side == "high") is word


def test_point_types_read_as_in_the_chart_legend():
    assert [p.label for p in PointType] == [
        "Common cause", "Special cause: improvement", "Special cause: concern",
        "Special cause: neutral", "Special cause: neutral"]
    assert len(PointType) == 5  # the neutral sides are two members, not aliases


def test_assurance_knows_pass_and_fail():
    assert [a.meaning for a in Assurance] == ["improvement", "concern", "common"]
    assert Assurance.CONSISTENT_PASS.is_pass and not Assurance.INCONSISTENT.is_pass
    assert Assurance.CONSISTENT_FAIL.is_fail and not Assurance.CONSISTENT_PASS.is_fail


def test_rag_ranks_red_first():
    assert sorted(Rag, key=lambda r: r.rank) == [Rag.RED, Rag.AMBER, Rag.GREEN]


@pytest.mark.parametrize(("variation", "points", "signal"), [
    ("improvement_low", 5, Signal.IMPROVING),
    ("concern_high", 5, Signal.CONCERN),
    ("common_cause", 5, Signal.NO_SIGNAL),
    ("neutral_high", 5, Signal.NO_SIGNAL),
    ("", 1, Signal.NO_SIGNAL),
    ("improvement_high", 0, Signal.NO_DATA),
    ("", 0, Signal.NO_DATA),
])
def test_the_signal_of_a_stored_variation(variation, points, signal):
    assert Signal.of_status(variation, points) is signal


def test_the_engine_answers_in_the_vocabulary():
    steady = spc.xmr([50, 51, 49, 50, 52, 48, 50, 51, 49, 50, 50, 51, 49, 50], target=40)
    assert Variation(steady.variation) is Variation.COMMON_CAUSE
    assert Assurance(steady.assurance) is Assurance.CONSISTENT_PASS
    assert Rag(spc.rag(50, 40, improvement="increase")) is Rag.GREEN
    assert Direction(spc.direction_of_travel(50, 40, improvement="decrease")) is (
        Direction.WORSENING)


def test_the_vocabulary_does_not_import_django():
    import ast
    from pathlib import Path

    import pif.spc.vocabulary as module

    tree = ast.parse(Path(module.__file__).read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name.startswith("django") for name in imported)


def test_point_signals_are_the_rules_that_flag_single_points():
    assert [(s.value, s.label) for s in PointSignal] == [
        ("outside_limits", "Outside the process limits"),
        ("trend", "Run of 7 rising or falling"),
        ("two_in_three", "2 of 3 near a limit"),
        ("shift", "Run of 7 on one side of the mean")]


def test_the_engine_names_points_and_their_signals_in_the_vocabulary():
    values = [50, 51, 49, 50, 52, 48, 50, 51, 49, 50, 50, 51, 49, 50, 90]
    xmr = spc.xmr(values, improvement="increase")
    assert all(type(kind) is PointType for kind in xmr.point_type)
    assert all(signal is None or type(signal) is PointSignal for signal in xmr.signal)
    assert xmr.point_type[-1] is PointType.SPECIAL_CAUSE_IMPROVEMENT
    assert xmr.signal[-1] is PointSignal.OUTSIDE_LIMITS
    qic = spc.qic(values, chart="i")
    kinds = spc.qic_point_types(qic, "increase")
    assert kinds[-1] == (PointType.SPECIAL_CAUSE_IMPROVEMENT, PointSignal.OUTSIDE_LIMITS)
    assert type(kinds[-1][1]) is PointSignal and type(kinds[0][0]) is PointType
