"""The briefing memo PIF drafts: order, scope of each focus, exceptions, rebuilding without
losing the analyst's work, and a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pif import history_writes
from pif.actors import COMMAND_LINE
from pif.improvement.testing import make_action
from pif.lib.periods import Period
from pif.measures.models import IndicatorStatus, Tag
from pif.measures.testing import make_indicator
from pif.outcomes.testing import make_outcome, make_risk
from pif.reviews import briefing
from pif.reviews import models as m
from pif.reviews.services import meetings as services
from pif.reviews.status_words import question_lines
from pif.reviews.testing import make_follow_up, make_item, make_meeting, make_series
from pif.spc.vocabulary import Assurance, Rag, Variation

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 20)
Reason = m.ExceptionReason


def on_time(world, code, owner=None, **status):
    """An indicator whose figures are up to date on TODAY, with `status` stored."""
    indicator = make_indicator(world.partnership, owner=owner or world.health_board, code=code,
                               values=[1, 2, 3], first_period=Period.month(2026, 8))
    if status:
        IndicatorStatus.objects.filter(indicator=indicator).update(**status)
    return indicator


@pytest.fixture
def meeting(world):
    series = make_series(world.partnership, world.editor)
    return make_meeting(series)


def drafted(meeting):
    return briefing.draft(meeting, TODAY)


def test_follow_ups_come_first_commitments_before_decisions(world, meeting):
    earlier = make_meeting(meeting.series, starts_at=meeting.starts_at - datetime.timedelta(30))
    make_follow_up(earlier, "Agree the new rota", kind=m.FollowUpKind.DECISION)
    make_follow_up(earlier, "Report on waits", kind=m.FollowUpKind.COMMITMENT)
    on_time(world, "IND-1")
    drafts = drafted(meeting)
    assert [d.section for d in drafts] == ["follow_up", "follow_up", "standing"]
    assert drafts[0].title == "Commitment: Report on waits"


def test_only_open_follow_ups_of_earlier_meetings_of_the_series(world, meeting):
    earlier = make_meeting(meeting.series, starts_at=meeting.starts_at - datetime.timedelta(30))
    later = make_meeting(meeting.series, starts_at=meeting.starts_at + datetime.timedelta(30))
    other = make_meeting(make_series(world.partnership, world.editor, name="Other"),
                         starts_at=earlier.starts_at)
    make_follow_up(earlier, "Still open")
    make_follow_up(earlier, "Done already", status=m.FollowUpStatus.DONE)
    make_follow_up(later, "Raised later")
    make_follow_up(other, "Another series")
    make_follow_up(meeting, "Raised at this meeting")
    assert [d.title for d in drafted(meeting)] == ["Data request: Still open"]


def test_a_carried_over_follow_up_says_how_often_as_it_is_now(world, meeting):
    earlier = make_meeting(meeting.series, starts_at=meeting.starts_at - datetime.timedelta(30))
    follow_up = make_follow_up(earlier, times_carried_over=1)
    assert "carried over" not in drafted(meeting)[0].questions  # worded when shown, not saved
    item = make_item(meeting, section=m.ItemSection.FOLLOW_UP, follow_up=follow_up,
                     questions=drafted(meeting)[0].questions)
    follow_up.times_carried_over = 2
    follow_up.save()
    item.refresh_from_db()
    assert question_lines(item)[-1].startswith("This has been carried over 2 times:")


def test_exceptions_by_reason_most_serious_first(world, meeting):
    concern = on_time(world, "A", variation=Variation.CONCERN_HIGH, rag=Rag.RED)
    failing = on_time(world, "B", assurance=Assurance.CONSISTENT_FAIL)
    red = on_time(world, "C", rag=Rag.RED)
    late = make_indicator(world.partnership, owner=world.health_board, code="D", values=[1])
    missing = make_indicator(world.partnership, owner=world.health_board, code="E")
    fine = on_time(world, "F")
    drafts = {d.indicator_id: d for d in drafted(meeting)}
    assert drafts[concern.pk].reason == Reason.SPECIAL_CAUSE_CONCERN
    assert drafts[concern.pk].also == [Reason.RED_STATUS]
    assert "Why is it off target?" in drafts[concern.pk].questions
    assert drafts[failing.pk].reason == Reason.FAILING_ASSURANCE
    assert drafts[red.pk].reason == Reason.RED_STATUS
    assert drafts[late.pk].reason == Reason.LATE_DATA
    assert drafts[missing.pk].reason == Reason.MISSING_DATA
    assert drafts[fine.pk].section == "standing" and drafts[fine.pk].reason == ""


def test_overdue_actions_and_risks_past_review_are_exceptions(world, meeting):
    action = make_action(world.partnership, world.council, due_date=datetime.date(2026, 10, 1))
    make_action(world.partnership, world.council, reference="A02",
                due_date=datetime.date(2027, 1, 1))
    risk = make_risk(world.partnership, world.council, review_date=datetime.date(2026, 9, 1))
    make_risk(world.partnership, world.council, reference="R02",
              review_date=datetime.date(2026, 9, 1), status="closed")
    drafts = drafted(meeting)
    assert [(d.reason, d.action_id, d.risk_id) for d in drafts] == [
        (Reason.OVERDUE_ACTION, action.pk, None), (Reason.RISK_PAST_REVIEW, None, risk.pk)]


def test_an_organisation_focus_takes_its_own_indicators_actions_and_risks(world, meeting):
    mine = on_time(world, "MINE", owner=world.council)
    on_time(world, "THEIRS", owner=world.health_board)
    make_action(world.partnership, world.health_board, due_date=datetime.date(2026, 1, 1))
    meeting.focus_kind, meeting.organisation = m.FocusKind.ORGANISATION, world.council
    assert [d.indicator_id for d in drafted(meeting)] == [mine.pk]


def test_an_outcome_focus_takes_the_outcome_and_those_below(world, meeting):
    top = make_outcome(world.partnership, "Top", level=1)
    below = make_outcome(world.partnership, "Below", parent=top)
    make_outcome(world.partnership, "Elsewhere")
    a, b, c = (on_time(world, code) for code in ("A", "B", "C"))
    top.indicators.add(a)
    below.indicators.add(b, a)
    meeting.focus_kind, meeting.outcome = m.FocusKind.OUTCOME, top
    assert [d.indicator_id for d in drafted(meeting)] == [a.pk, b.pk]
    meeting.outcome = below
    assert sorted(d.indicator_id for d in drafted(meeting)) == sorted([a.pk, b.pk])


def test_a_service_focus_matches_titles_and_tags(world, meeting):
    by_title = on_time(world, "A")
    by_title.title = "Roads repaired on time"
    by_title.save()
    by_tag = on_time(world, "B")
    tag = Tag.objects.create(partnership=world.partnership, name="Roads")
    by_tag.tags.add(tag)
    on_time(world, "C")
    meeting.focus_kind, meeting.service = m.FocusKind.SERVICE, "roads"
    assert [d.indicator_id for d in drafted(meeting)] == [by_title.pk, by_tag.pk]


def test_another_partnerships_rows_never_appear(world, meeting):
    make_indicator(world.other_partnership, owner=world.other_council, code="B-1")
    make_action(world.other_partnership, world.other_council, due_date=datetime.date(2026, 1, 1))
    assert drafted(meeting) == []


def build(meeting):
    return services.build_briefing(COMMAND_LINE, meeting, today=TODAY)


def test_rebuilding_keeps_edited_questions_and_the_analysts_items(world, meeting):
    kept = on_time(world, "A")
    gone = on_time(world, "B")
    build(meeting)
    item = meeting.items.get(indicator=kept)
    item.questions = "My own question"
    item.save()
    manual = m.MeetingItem.objects.create(meeting=meeting, section="standing",
                                          reason=Reason.OTHER, title="Winter plan")
    history_writes.delete(COMMAND_LINE, gone)
    on_time(world, "C", rag=Rag.RED)
    change = build(meeting)
    items = list(meeting.items.order_by("position"))
    assert [i.title for i in items] == ["A Indicator A", "Winter plan", "C Indicator C"]
    assert items[0].pk == item.pk and items[0].questions == "My own question"
    assert items[1].pk == manual.pk
    assert len(change.create) == 1


def test_a_stale_item_is_removed_in_history(world, meeting):
    indicator = on_time(world, "A")
    build(meeting)
    IndicatorStatus.objects.filter(indicator=indicator).update(rag=Rag.RED)
    build(meeting)
    assert [i.reason for i in meeting.items.all()] == [Reason.RED_STATUS]
    assert m.MeetingItem.history.filter(history_type="-").count() == 1


def test_building_is_history_with_an_event(world, meeting):
    on_time(world, "A")
    build(meeting)
    record = m.MeetingItem.history.get()
    assert record.history_type == "+"
    from pif.partnerships.models import Event
    assert Event.objects.filter(verb="briefing_drafted").count() == 1


def _build_counting(world, count, organisation):
    """`count` items of each kind, in a meeting looking at `organisation`."""
    series = make_series(world.partnership, world.editor, name=f"S{count}")
    meeting = make_meeting(series, focus_kind=m.FocusKind.ORGANISATION,
                           organisation=organisation)
    earlier = make_meeting(series, starts_at=meeting.starts_at - datetime.timedelta(30))
    for n in range(count):
        on_time(world, f"N{count}-{n}", owner=organisation, rag=Rag.RED if n % 2 else "")
        make_follow_up(earlier, f"Follow-up {n}")
        make_action(world.partnership, organisation, reference=f"A{count}-{n}",
                    due_date=datetime.date(2026, 1, 1))
    with CaptureQueriesContext(connection) as queries:
        build(meeting)
    assert meeting.items.count() == count * 3  # a follow-up, an indicator, an action each
    return len(queries)


def test_building_3_or_30_items_takes_the_same_number_of_queries(world):
    assert _build_counting(world, 1, world.health_board) == _build_counting(
        world, 10, world.council)
