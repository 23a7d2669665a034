"""Actions and PDSA cycles on indicators' charts (pif/improvement/chart_marks.py), and "did it
work?" verdicts kept when they close (pif/improvement/verdicts.py)."""

import datetime

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from pif.actors import Actor
from pif.improvement import chart_marks, verdicts
from pif.improvement import models as m
from pif.improvement.testing import make_action, make_cycle, make_project
from pif.measures.charts import marks
from pif.measures.testing import make_indicator
from pif.outcomes.testing import make_outcome
from pif.partnerships.access import get_access
from pif.spc.shift import shift_since
from pif.spc.vocabulary import ChangeVerdict

pytestmark = pytest.mark.django_db

BEFORE = [20, 21, 19, 20, 22, 18, 20, 21, 19, 20, 22, 18]  # January to December 2024
AFTER = [25, 26, 24, 25, 26, 25, 24]  # January to July 2025


@pytest.fixture
def registered(monkeypatch):
    """The provider as registrations.py registers it, in a registry of its own."""
    monkeypatch.setattr(marks, "_providers", [])
    chart_marks.register()
    chart_marks.register()
    assert marks._providers == [chart_marks.provider]
    return marks._providers[0]


def _indicators(world, count, prefix="FALL"):
    return [make_indicator(world.partnership, owner=world.council, code=f"{prefix}{i}")
            for i in range(count)]


def test_actions_are_marked_at_their_start_open_or_complete_as_verdicts_judge_them(
        world, registered):
    falls = make_indicator(world.partnership, owner=world.council, code="FALL")
    started = make_action(world.partnership, world.health_board, "A01",
                          start_date=datetime.date(2024, 5, 6))
    done = make_action(world.partnership, world.health_board, "A02", title="Huddles",
                       start_date=datetime.date(2024, 7, 1),
                       status=m.ActionStatus.COMPLETE, completed_on=datetime.date(2024, 9, 9))
    dropped = make_action(world.partnership, world.health_board, "A03",
                          status=m.ActionStatus.CANCELLED)
    for action in (started, done, dropped):
        action.indicators.add(falls)
    found = registered([falls])[falls.pk]
    assert [(mark.date, mark.kind, mark.label) for mark in found] == [
        (datetime.date(2024, 5, 6), "Action started", "A01 Open a falls prevention clinic"),
        (datetime.date(2024, 7, 1), "Action started", "A02 Huddles")]
    assert found[0].url == started.get_absolute_url()
    assert verdicts.change_date_of_action(done) == found[1].date


def test_cycles_are_marked_on_their_indicators_or_else_on_the_projects_measures(
        world, registered):
    named, measure, other = _indicators(world, 3)
    project = make_project(world.partnership, world.health_board)
    m.ProjectMeasure.objects.create(project=project, indicator=measure, kind="outcome")
    with_named = make_cycle(project, title="Cycle 1", start_date=datetime.date(2024, 6, 3))
    with_named.indicators.add(named)
    make_cycle(project, title="Cycle 2", start_date=datetime.date(2024, 8, 5))
    found = registered([named, measure, other])
    assert [(mk.date, mk.label, mk.kind) for mk in found[named.pk]] == [
        (datetime.date(2024, 6, 3), "PDSA: Cycle 1", "PDSA cycle started")]
    assert [mk.label for mk in found[measure.pk]] == ["PDSA: Cycle 2"]
    assert other.pk not in found
    assert found[named.pk][0].url == with_named.get_absolute_url()


def test_another_partnerships_changes_never_mark_these_charts(world, registered):
    ours = make_indicator(world.partnership, owner=world.council, code="FALL")
    theirs = make_action(world.other_partnership, world.other_council, "B01")
    theirs.indicators.add(ours)  # a link that should never exist
    assert registered([ours]) == {}


def _fill(world, count):
    indicators = _indicators(world, count)
    project = make_project(world.partnership, world.health_board)
    for i, indicator in enumerate(indicators):
        action = make_action(world.partnership, world.health_board, f"A{i:02}")
        action.indicators.add(indicator)
        cycle = make_cycle(project, title=f"Cycle {i}")
        cycle.indicators.add(indicator)
        m.ProjectMeasure.objects.create(project=project, indicator=indicator, kind="process")
    make_cycle(project, title="On every measure")
    return indicators


def test_the_provider_uses_a_fixed_number_of_queries_for_3_and_30_indicators(world,
                                                                             registered):
    counts = []
    for size, prefix in ((3, "S"), (30, "L")):
        m.PdsaCycle.objects.all().delete()
        indicators = _fill(world, size) if prefix == "S" else _more(world, size)
        with CaptureQueriesContext(connection) as queries:
            found = marks.marks_for(indicators)
        counts.append(len(queries))
        assert all(len(found[indicator.pk]) == 3 for indicator in indicators)
    assert counts[0] == counts[1] == 3


def _more(world, count):
    indicators = [make_indicator(world.partnership, owner=world.council, code=f"L{i}")
                  for i in range(count)]
    project = make_project(world.partnership, world.health_board, title="Second")
    for i, indicator in enumerate(indicators):
        action = make_action(world.partnership, world.health_board, f"L{i:02}")
        action.indicators.add(indicator)
        cycle = make_cycle(project, title=f"L cycle {i}")
        cycle.indicators.add(indicator)
        m.ProjectMeasure.objects.create(project=project, indicator=indicator, kind="process")
    make_cycle(project, title="On every measure")
    return indicators


# ------------------------------------------------------------------------------ verdicts


@pytest.fixture
def shifted(world):
    return make_indicator(world.partnership, owner=world.council, code="SHIFT",
                          values=BEFORE + AFTER, improvement="higher")


def test_judge_reads_the_points_since_the_change_against_the_old_limits(world, shifted):
    judged = verdicts.judge(shifted, datetime.date(2025, 1, 10), datetime.date(2025, 8, 1))
    assert judged.result == shift_since(BEFORE, AFTER, improvement="increase")
    assert judged.verdict is ChangeVerdict.SUSTAINED_IMPROVEMENT
    assert judged.period_start == datetime.date(2025, 1, 1)
    # judged earlier, only the periods that had started count
    early = verdicts.judge(shifted, datetime.date(2025, 1, 10), datetime.date(2025, 3, 31))
    assert early.result.points_after == 3
    assert early.verdict is ChangeVerdict.IMPROVEMENT


def test_a_change_with_no_data_after_it_is_too_few_points(world, shifted):
    judged = verdicts.judge(shifted, datetime.date(2026, 1, 1), datetime.date(2026, 2, 1))
    assert judged.verdict is ChangeVerdict.TOO_FEW_POINTS
    assert judged.period_start is None


def test_closing_an_action_keeps_a_verdict_per_indicator_with_history(world, shifted):
    empty = make_indicator(world.partnership, owner=world.council, code="EMPTY")
    action = make_action(world.partnership, world.health_board, "A01",
                         start_date=datetime.date(2025, 1, 6),
                         status=m.ActionStatus.COMPLETE,
                         completed_on=datetime.date(2025, 8, 4))
    action.indicators.add(shifted, empty)
    kept = verdicts.record_for_action(Actor(user=world.editor), action)
    assert [(v.indicator.code, v.verdict) for v in kept] == [
        ("EMPTY", "too_few_points"), ("SHIFT", "sustained_improvement")]
    verdict = m.Verdict.objects.get(indicator=shifted)
    assert (verdict.action, verdict.cycle, verdict.partnership) == (action, None,
                                                                    world.partnership)
    assert verdict.judged_on == datetime.date(2025, 8, 4)
    assert verdict.change_period_start == datetime.date(2025, 1, 1)
    assert (verdict.points_before, verdict.points_after) == (12, 7)
    assert verdict.recorded_by == world.editor
    assert verdict.explanation.startswith(
        "Since A01 Open a falls prevention clinic started on 6 January 2025: the process has "
        "shifted for the better, and the shift is sustained. All ")
    assert verdict.history.get().history_user == world.editor


def test_finishing_a_cycle_judges_its_projects_measures_when_it_names_none(world, shifted):
    project = make_project(world.partnership, world.health_board)
    m.ProjectMeasure.objects.create(project=project, indicator=shifted, kind="outcome")
    cycle = make_cycle(project, title="Huddles", start_date=datetime.date(2025, 4, 7),
                       completed_on=datetime.date(2025, 8, 1))
    kept = verdicts.record_for_cycle(Actor(user=world.contributor), cycle)
    # April 2025: 15 points before (the first three of the new level among them), 4 after
    expected = shift_since(BEFORE + AFTER[:3], AFTER[3:], improvement="increase")
    assert [(v.indicator, v.cycle, v.verdict, v.points_before) for v in kept] == [
        (shifted, cycle, expected.verdict.value, 15)]
    assert kept[0].history.get().history_user == world.contributor
    other = make_indicator(world.partnership, owner=world.council, code="NAMED")
    cycle.indicators.add(other)
    assert [v.indicator for v in verdicts.record_for_cycle(Actor(user=world.editor), cycle,
                                                           datetime.date(2025, 9, 1))] == [
        other]


def _register(world, outcome, count, prefix):
    indicators = [make_indicator(world.partnership, owner=world.council, code=f"{prefix}{i}",
                                 values=BEFORE + AFTER) for i in range(count)]
    project = make_project(world.partnership, world.health_board, title=prefix,
                           outcome=outcome)
    actor = Actor(user=world.editor)
    for i, indicator in enumerate(indicators):
        action = make_action(world.partnership, world.health_board, f"{prefix}{i}",
                             start_date=datetime.date(2025, 1, 1),
                             status=m.ActionStatus.COMPLETE,
                             completed_on=datetime.date(2025, 8, 1))
        action.outcomes.add(outcome)
        action.indicators.add(indicator)
        verdicts.record_for_action(actor, action)
        cycle = make_cycle(project, title=f"{prefix} cycle {i}",
                           start_date=datetime.date(2025, 1, 1),
                           completed_on=datetime.date(2025, 7, 1), decision="adopt")
        cycle.indicators.add(indicator)
        verdicts.record_for_cycle(actor, cycle)


def test_the_register_has_a_fixed_number_of_queries_for_3_and_30_rows(world):
    counts = []
    for size, prefix in ((3, "S"), (30, "L")):
        outcome = make_outcome(world.partnership, f"Outcome {prefix}")
        _register(world, outcome, size, prefix)
        with CaptureQueriesContext(connection) as queries:
            rows = verdicts.register_rows([outcome.pk])
        counts.append(len(queries))
        assert len(rows) == 2 * size
    assert counts[0] == counts[1] == 2
    first = rows[0]
    assert (first.kind, first.closed_on, first.verdict) == (
        "Action", datetime.date(2025, 8, 1), ChangeVerdict.SUSTAINED_IMPROVEMENT)
    assert rows[-1].kind == "PDSA cycle (adopt)"
    assert verdicts.register_rows([]) == []


def test_the_register_include_lists_what_was_tried_and_what_the_data_said(world):
    outcome = make_outcome(world.partnership, "Fewer falls")
    _register(world, outcome, 1, "F")
    other_outcome = make_outcome(world.partnership, "Something else")
    assert verdicts.verdicts_for_outcome(other_outcome) == []
    rows = verdicts.verdicts_for_outcome(outcome)
    html = render_to_string("improvement/includes/verdict_register.html", {
        "rows": rows, "access": get_access(world.viewer, "alpha"),
        "partnership": world.partnership})
    for words in ("What was tried", "Kind", "Closed on", "Indicator", "Verdict",
                  "What the data said", "F0 Open a falls prevention clinic", "1 August 2025",
                  "Sustained improvement", "PDSA cycle (adopt)"):
        assert words in html
    assert 'href="/p/alpha/indicators/F0/"' in html
    empty = render_to_string("improvement/includes/verdict_register.html", {"rows": []})
    assert "Nothing has been judged yet." in empty
