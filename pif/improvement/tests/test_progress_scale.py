from decimal import Decimal

import pytest

from pif.improvement import progress_scale


def test_the_scale_runs_from_half_to_five_in_half_steps():
    assert progress_scale.SCORES[0] == Decimal("0.5")
    assert progress_scale.SCORES[-1] == Decimal("5.0")
    assert len(progress_scale.SCORES) == 10


def test_the_current_version_has_the_ihi_wording_for_every_half_step():
    scale = progress_scale.current()
    assert scale.key == "ihi-standard"
    assert [step.score for step in scale.steps] == list(progress_scale.SCORES)
    assert scale.step("0.5").label == "Intent to participate"
    assert scale.step(Decimal("3.0")).label == "Modest improvement"
    assert scale.step("5.0").label == "Outstanding sustainable results"
    assert all(step.description for step in scale.steps)
    assert scale.source and scale.licence


def test_versions_differ_and_each_keeps_its_own_words():
    versions = progress_scale.versions()
    assert set(versions) == {"ihi-standard", "team-forming-variant"}
    assert versions["ihi-standard"].step("1.0").label == "Charter and team established"
    assert versions["team-forming-variant"].step("1.0").label == "Forming team"


@pytest.mark.parametrize("odd", ["0.25", "6", "nonsense", "", None])
def test_a_score_not_on_the_scale_has_no_words(odd):
    assert progress_scale.current().step(odd) is None


def test_an_unknown_version_is_none():
    assert progress_scale.version("1999") is None


def test_a_version_with_a_missing_step_is_refused():
    with pytest.raises(ValueError, match="half steps"):
        progress_scale._version({"key": "bad", "label": "Bad", "steps": [
            {"score": "0.5", "label": "A", "description": "B"}]})
