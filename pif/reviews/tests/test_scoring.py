"""The pure arithmetic of scoring: rounding, suggestions, spread, the summary and the
comparison, including EFQM's worked example (frameworks.md §3.3)."""

from collections import Counter
from decimal import Decimal

from pif.reviews import radar, scoring
from pif.reviews.scoring import Node


def test_round_to_step_rounds_halves_up():
    assert scoring.round_to_step(Decimal("36.43")) == 35
    assert scoring.round_to_step(Decimal("37.5")) == 40
    assert scoring.round_to_step(Decimal("37.4")) == 35
    assert scoring.round_to_step(None) is None


def test_the_worked_example_part_suggestion():
    # 1a attributes: Sound 50, Integrated 40, Implemented 45, Structured 35, Measurement 30,
    # Learning 25, Improvement 30 → mean ≈36 → 35 %
    assert scoring.suggest([50, 40, 45, 35, 30, 25, 30]) == 35


def test_suggest_ignores_blanks_and_is_none_without_values():
    assert scoring.suggest([50, None, "", 60]) == 55
    assert scoring.suggest([]) is None


def test_spread_flags_a_range_of_twenty_or_more():
    assert scoring.spread([40, 55]).discuss is False
    wide = scoring.spread([35, 60, 40])
    assert (wide.lowest, wide.highest, wide.range, wide.discuss) == (35, 60, 25, True)
    assert scoring.spread([30, 50]).discuss is True
    assert scoring.spread([None]) is None


def _efqm_example():
    leadership = Node(1, "1", "Leadership", points=Decimal(100))
    parts = [Node(10 + i, f"1{c}", c, parent_id=1, is_scored=True)
             for i, c in enumerate("abcde")]
    customers = Node(6, "6", "Customer results", points=Decimal(150))
    six_a = Node(61, "6a", "Perceptions", parent_id=6, weight=Decimal("0.75"), is_scored=True)
    six_b = Node(62, "6b", "Performance", parent_id=6, weight=Decimal("0.25"), is_scored=True)
    return [leadership, *parts, customers, six_a, six_b]


def test_the_worked_example_comes_out_right():
    agreed = {10: 35, 11: 40, 12: 30, 13: 45, 14: 35, 61: 50, 62: 40}
    summary = scoring.summarise(_efqm_example(), agreed)
    leadership, customers = summary.criteria
    assert leadership.percent == 37 and leadership.points == 37
    assert customers.percent == Decimal("47.5") and customers.points == Decimal("71.25")
    assert summary.total == Decimal("108.25") and summary.out_of == 250
    assert summary.complete


def test_missing_parts_are_named_and_the_rest_scaled_up():
    summary = scoring.summarise(_efqm_example(), {10: 40, 11: 20, 62: 40}, out_of=1000)
    leadership, customers = summary.criteria
    assert leadership.percent == 30 and leadership.missing == ["1c", "1d", "1e"]
    assert customers.percent == 40 and customers.missing == ["6a"]
    assert not summary.complete and summary.out_of == 1000
    assert summary.missing == ["1c", "1d", "1e", "6a"]


def test_nothing_agreed_gives_no_total():
    summary = scoring.summarise(_efqm_example(), {})
    assert summary.total is None and all(c.percent is None for c in summary.criteria)


def test_blank_weights_share_what_is_left():
    assert scoring.shares([Decimal("0.5"), None, None]) == [Decimal("0.5"), Decimal("0.25"),
                                                            Decimal("0.25")]
    assert scoring.shares([None, None]) == [Decimal("0.5"), Decimal("0.5")]


def test_deeper_trees_roll_up_and_frameworks_without_points_use_top_nodes():
    nodes = [Node(1, "1", "Leadership"), Node(2, "1a", "Part", parent_id=1),
             Node(3, "1a1", "Q1", parent_id=2, is_scored=True),
             Node(4, "1a2", "Q2", parent_id=2, is_scored=True),
             Node(5, "1b", "Part b", parent_id=1, is_scored=True)]
    summary = scoring.summarise(nodes, {3: 20, 4: 40, 5: 70})
    assert summary.criteria[0].percent == 50 and summary.total is None


def test_compliance_counts_per_criterion():
    nodes = [Node(1, "1", "Customer insight"), Node(2, "1.1", "Element", 1, is_scored=True),
             Node(3, "1.2", "Element", 1, is_scored=True),
             Node(4, "1.3", "Element", 1, is_scored=True)]
    [(criterion, counts)] = scoring.compliance_counts(
        nodes, {2: "compliance", 3: "compliance", 4: ""})
    assert criterion.code == "1" and counts == Counter({"compliance": 2, "": 1})


def test_compare_matches_criteria_by_code():
    then = scoring.summarise(_efqm_example(), {10: 30, 11: 30, 12: 30, 13: 30, 14: 30})
    now = scoring.summarise(_efqm_example(), {10: 35, 11: 40, 12: 30, 13: 45, 14: 35,
                                              61: 50})
    rows = scoring.compare(then, now)
    assert [(r.code, r.then, r.now, r.change) for r in rows] == [
        ("1", 30, 37, 7), ("6", None, 50, None)]


def test_radar_attributes_by_node_type():
    enabler = radar.attributes_for("efqm", "2013", "enabler")  # the fallback, any slug
    assert [a.key for a in enabler] == ["sound", "integrated", "implemented", "structured",
                                        "measurement", "learning", "improvement"]
    assert len(radar.attributes_for("psif", "2020", "result")) == 7
    assert radar.attributes_for("own", "1", "") == enabler
