"""RAG, trajectories, direction of travel and NPF status (frameworks.md §2.5, §10.1-10.3)."""

import datetime

import pytest

from pif.spc import (
    SPCError,
    direction_of_travel,
    linear_trajectory,
    npf_status,
    rag,
    trajectory_target,
)


def test_rag_is_green_at_or_better_than_target_in_either_direction():
    assert rag(95, 95, improvement="increase") == "green"
    assert rag(96, 95, improvement="increase") == "green"
    assert rag(20, 24, improvement="decrease") == "green"


def test_rag_is_amber_within_a_relative_tolerance_of_the_target():
    # frameworks §10.3 worked example: 25.0 against 24.0, lower is better, 5 % -> amber
    assert rag(25.0, 24.0, improvement="decrease", tolerance=0.05) == "amber"
    assert rag(25.3, 24.0, improvement="decrease", tolerance=0.05) == "red"


def test_rag_amber_band_edge_counts_as_amber_despite_floating_point():
    assert rag(24.0 * 1.05, 24.0, improvement="decrease", tolerance=0.05) == "amber"
    assert rag(0.9, 1.0, improvement="increase", tolerance=0.1) == "amber"


def test_rag_with_an_absolute_tolerance_uses_units_of_the_measure():
    assert rag(93.5, 95, improvement="increase", tolerance=2, tolerance_kind="absolute") == "amber"
    assert rag(92.5, 95, improvement="increase", tolerance=2, tolerance_kind="absolute") == "red"


def test_rag_without_tolerance_has_no_amber():
    assert rag(94.9, 95, improvement="increase") == "red"


def test_rag_without_a_target_or_value_or_direction_gives_no_colour():
    assert rag(10, None, improvement="increase") is None
    assert rag(None, 10, improvement="increase") is None
    assert rag(float("nan"), 10, improvement="increase") is None
    assert rag(10, 10, improvement="neutral") is None


def test_rag_rejects_bad_options_by_name():
    with pytest.raises(SPCError, match="tolerance=-1"):
        rag(1, 2, improvement="increase", tolerance=-1)
    with pytest.raises(SPCError, match="tolerance_kind='percent'"):
        rag(1, 2, improvement="increase", tolerance=1, tolerance_kind="percent")
    with pytest.raises(SPCError, match="improvement='higher'"):
        rag(1, 2, improvement="higher")


def test_linear_trajectory_reproduces_the_temporary_accommodation_milestones():
    periods = ["2023/24", "2024/25", "2025/26", "2026/27", "2027/28"]
    milestones = linear_trajectory(30.0, 18.0, periods)
    assert list(milestones.values()) == pytest.approx([30.0, 27.0, 24.0, 21.0, 18.0])


def test_trajectory_target_steps_from_the_latest_milestone_in_force():
    plan = {"2024/25": 27.0, "2026/27": 21.0}
    assert trajectory_target(plan, "2024/25") == 27.0
    assert trajectory_target(plan, "2025/26") == 27.0
    assert trajectory_target(plan, "2030/31") == 21.0
    assert trajectory_target(plan, "2023/24") is None


def test_trajectory_target_interpolates_linearly_between_dated_milestones():
    plan = {datetime.date(2024, 1, 1): 10.0, datetime.date(2024, 1, 11): 20.0}
    assert trajectory_target(plan, datetime.date(2024, 1, 6), method="linear") == 15.0
    assert trajectory_target({2024: 1.0, 2026: 3.0}, 2025, method="linear") == 2.0
    assert trajectory_target({2024: 1.0}, 2025, method="linear") is None


def test_direction_of_travel_respects_the_direction_of_improvement():
    assert direction_of_travel(25.0, 26.1, improvement="decrease") == "improving"
    assert direction_of_travel(27.0, 26.1, improvement="decrease") == "worsening"
    assert direction_of_travel(27.0, 26.1, improvement="increase") == "improving"
    assert direction_of_travel(26.1, 26.1, improvement="increase") == "no_change"


def test_direction_of_travel_treats_changes_within_the_threshold_as_no_change():
    assert direction_of_travel(10.1, 10.0, improvement="increase", threshold=0.1) == "no_change"
    assert direction_of_travel(10.3, 10.0, improvement="increase", threshold=0.1) == "improving"
    assert direction_of_travel(10.4, 10.0, improvement="increase", threshold=0.05,
                               threshold_kind="relative") == "no_change"


def test_direction_of_travel_without_data_or_direction_is_none():
    assert direction_of_travel(None, 1, improvement="increase") is None
    assert direction_of_travel(1, 2, improvement="neutral") is None


def test_npf_economic_growth_example_is_worsening_against_the_prior_three_year_mean():
    values = [8.1, 3.0, 0.6, 1.0]  # frameworks §2.5: prior mean 3.9, latest 1.0
    assert npf_status(values, improvement="increase", threshold=0.1, prior_points=3) == (
        "worsening")


def test_npf_status_improves_at_the_threshold_and_maintains_within_it():
    assert npf_status([2.0, 2.1], improvement="increase", threshold=0.1) == "improving"
    assert npf_status([2.0, 2.05], improvement="increase", threshold=0.1) == "maintaining"
    assert npf_status([2.0, 1.9], improvement="increase", threshold=0.1) == "worsening"
    assert npf_status([2.0, 2.0], improvement="decrease") == "maintaining"
    assert npf_status([2.0, 1.0], improvement="decrease") == "improving"


def test_npf_status_is_to_be_confirmed_without_enough_data():
    assert npf_status([1.0], improvement="increase") == "to_be_confirmed"
    assert npf_status([1.0, None], improvement="increase") == "to_be_confirmed"
    assert npf_status([1.0, 2.0], improvement="increase", prior_points=3) == "to_be_confirmed"
    assert npf_status([1.0, 2.0], improvement="neutral") is None


def test_npf_status_rejects_a_bad_prior_point_count():
    with pytest.raises(SPCError, match="prior_points=0"):
        npf_status([1, 2], improvement="increase", prior_points=0)
