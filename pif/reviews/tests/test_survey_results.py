"""The checklist survey's sums, without a database."""

import pytest

from pif.reviews import survey_results as sr


def test_percent_rounds_half_up_and_is_none_of_nothing():
    assert sr.percent(1, 8) == 13  # 12.5
    assert sr.percent(1, 3) == 33
    assert sr.percent(2, 3) == 67
    assert sr.percent(0, 0) is None


def test_spread_counts_each_answer_and_leaves_dont_know_out_of_the_shares():
    found = sr.spread([4, 4, 3, 2, 1, 0, 0])
    assert found.counts == {4: 2, 3: 1, 2: 1, 1: 1, 0: 2}
    assert (found.total, found.with_view) == (7, 5)
    assert (found.agree, found.disagree) == (60, 40)
    assert (found.strongly_agree, found.strongly_disagree) == (40, 20)
    assert found.divided


def test_a_statement_everyone_agrees_with_is_not_divided():
    found = sr.spread([4, 3, 3, 3, 2])
    assert (found.agree, found.disagree) == (80, 20)
    assert not found.divided


def test_only_dont_know_gives_no_share():
    found = sr.spread([0, 0])
    assert found.agree is None and found.disagree is None
    assert not found.divided


def test_bands_run_end_to_end_and_add_up_to_100():
    found = sr.spread([4, 3, 3, 2, 2, 2, 0])
    assert [b.label for b in found.bands] == [
        "Strongly agree", "Agree", "Disagree", "Strongly disagree", "Don't know"]
    assert sum(b.share for b in found.bands) == 100
    assert [b.start for b in found.bands] == [0, 14, 43, 86, 86]
    assert found.summary == ("Strongly agree 1, Agree 2, Disagree 3, Strongly disagree 0, "
                             "Don't know 1")


def test_no_answers_draws_an_empty_bar():
    found = sr.spread([])
    assert found.total == 0
    assert sum(b.share for b in found.bands) == 0


def test_a_rating_out_of_range_is_refused():
    with pytest.raises(ValueError):
        sr.spread([5])


def test_results_per_statement_and_section_totals():
    one, two, three = (sr.Statement(1, "1.1", "A"), sr.Statement(2, "1.2", "B"),
                       sr.Statement(3, "2.1", "C"))
    sections = [sr.Section(10, "1", "First", (one, two)), sr.Section(20, "2", "Second", (three,))]
    answers = [(1, 4), (1, 3), (2, 1), (2, 0), (3, 2), (99, 4)]
    first, second = sr.results(sections, answers)
    assert [r.spread.total for r in first.statements] == [2, 2]
    assert first.statements[0].spread.agree == 100
    assert first.spread.counts == {4: 1, 3: 1, 2: 0, 1: 1, 0: 1}
    assert first.spread.agree == 67
    assert second.spread.disagree == 100


def test_response_rate():
    assert sr.response_rate(25, 40) == 63
    assert sr.response_rate(0, 0) is None


def test_stable_order_is_the_same_every_time_and_not_the_order_given():
    items = list(range(20))
    once = sr.stable_order(items, key=lambda i: i, salt="7")
    assert once == sr.stable_order(reversed(items), key=lambda i: i, salt="7")
    assert once != items
    assert sorted(once) == items
