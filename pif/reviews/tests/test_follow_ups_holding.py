"""Holding and following up a meeting safely: emails
once saved and to members only, a hold whose month is locked, when outcomes are recorded and
the same form sent twice, carry-over against a close, what the commitments share counts, roles,
links, the present chart as of the lock, local dates and words."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE, EditConflict
from pif.improvement.models import Action
from pif.measures.models import Indicator, Observation, PeriodLock
from pif.partnerships.models import Membership
from pif.reviews import commitments
from pif.reviews.models import FollowUp, FollowUpKind, FollowUpStatus, MeetingStage
from pif.reviews.services import follow_ups as services
from pif.reviews.testing import make_follow_up, make_item, make_meeting, make_series
from pif.reviews.views.follow_ups import held_words, issued_words

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 12, 1)


def at(day, hour=10, minute=0):
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, minute))


def d(month, day=9, year=2025):
    return datetime.date(year, month, day)


@pytest.fixture
def series(world):
    return make_series(world.partnership, world.users["admin"], escalate_after=1)


@pytest.fixture
def editor(world):
    return Actor(user=world.users["editor"])


def hold(editor, meeting, today=TODAY):
    return services.hold_meeting(editor, meeting, loaded_version=PROGRAM_CHANGE, today=today)


DUE = d(12, 31)


def commit(editor, item, world, text="Cut delays", due_date=DUE):
    return services.record_outcome(
        editor, item, kind=FollowUpKind.COMMITMENT, text=text,
        owner=world.users["contributor"], due_date=due_date, report_back="The figure")


def with_indicator(world, series):
    commitments.create_indicator(Actor(user=world.users["editor"]), series, code="STAT-C",
                                 owner=world.council, loaded_version=PROGRAM_CHANGE)
    series.refresh_from_db()


# 1 and 13: emails --------------------------------------------------------------------------

def test_the_escalation_email_waits_for_the_hold_to_be_saved(
        world, series, editor, django_capture_on_commit_callbacks):
    october = make_meeting(series, at(d(10)))
    november = make_meeting(series, at(d(11)))
    make_follow_up(october)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            hold(editor, november)
            raise RuntimeError("the hold's transaction rolls back")
    assert not mail.outbox
    november.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        held = hold(editor, november)
        assert not mail.outbox  # not inside the transaction
    for callback in callbacks:
        callback()
    assert held.chair_emailed and [m.to for m in mail.outbox] == [[world.users["admin"].email]]


def test_former_members_are_emailed_nothing(world, series, editor,
                                            django_capture_on_commit_callbacks):
    october = make_meeting(series, at(d(10)))
    november = make_meeting(series, at(d(11)))
    make_follow_up(october)
    make_follow_up(november, owner=world.users["contributor"])
    november.present.set([world.users["viewer"]])
    Membership.objects.filter(user__in=[world.users["admin"], world.users["viewer"]]).delete()
    with django_capture_on_commit_callbacks(execute=True):
        held = hold(editor, november)
        meeting = services.issue_memo(editor, november, loaded_version=PROGRAM_CHANGE)
    assert len(held.escalated) == 1 and not held.chair_emailed  # the chair has left
    assert [m.to for m in mail.outbox] == [[world.users["contributor"].email]]
    assert meeting.emailed == 1


# 2: a hold whose month is locked ------------------------------------------------------------

def test_a_meeting_whose_month_is_locked_is_held_and_says_why_no_value(
        world, series, editor, client):
    with_indicator(world, series)
    october = make_meeting(series, at(d(10)))
    november = make_meeting(series, at(d(11)))
    carried = make_follow_up(october, kind=FollowUpKind.COMMITMENT)
    hold(editor, october)
    PeriodLock.objects.create(partnership=world.partnership, locked_through=d(11, 30),
                              reason="December meeting")
    client.force_login(world.users["editor"])
    response = client.post(reverse("meeting_hold", args=["alpha", november.pk]),
                           {"version": november.version}, follow=True)
    text = response.content.decode()
    november.refresh_from_db()
    carried.refresh_from_db()
    assert november.stage == MeetingStage.HELD and carried.times_carried_over == 1
    assert "The value of STAT-C for November 2025 was not written" in text
    assert "rule period_locked" not in text and "Row 1" not in text
    assert not Observation.objects.exists()


# 3: outcomes: when, and the same form twice ------------------------------------------------

def test_outcomes_are_recorded_while_the_meeting_is_on_only(world, series, editor):
    future = make_meeting(series, at(d(3, year=2099)))
    with pytest.raises(ValidationError, match="once its briefing is issued or on the day"):
        commit(editor, make_item(future), world)
    future.stage = MeetingStage.BRIEFED
    future.save()
    later = d(12, 31, year=2099)
    assert commit(editor, make_item(future), world, due_date=later).action.reference == "M01"
    done = make_meeting(series, at(d(10)), stage=MeetingStage.FOLLOWED_UP)
    with pytest.raises(ValidationError, match="follow-up memo of this meeting has been issued"):
        commit(editor, make_item(done), world, text="Late")


def test_the_same_outcome_sent_twice_is_already_saved(world, series, editor, client):
    meeting = make_meeting(series, at(d(11)), stage=MeetingStage.BRIEFED)
    item = make_item(meeting)
    first = commit(editor, item, world)
    second = commit(editor, item, world)
    assert second.pk == first.pk and services.already_saved(second)
    assert FollowUp.objects.count() == 1 and Action.objects.count() == 1
    client.force_login(world.users["editor"])
    response = client.post(reverse("follow_up_add", args=["alpha", meeting.pk, item.pk]), {
        "kind": "commitment", "text": "Cut delays", "owner": world.users["contributor"].pk,
        "due_date": "2025-12-31", "report_back": "The figure"}, follow=True)
    assert "This was already saved." in response.content.decode()
    assert FollowUp.objects.count() == 1 and Action.objects.count() == 1


# 4: carry-over against a close -------------------------------------------------------------

def test_a_close_loaded_before_a_carry_over_is_a_conflict_not_an_overwrite(series, editor):
    october = make_meeting(series, at(d(10)))
    november = make_meeting(series, at(d(11)))
    follow_up = make_follow_up(october)
    loaded = follow_up.version
    hold(editor, november)
    follow_up.refresh_from_db()
    assert follow_up.version == loaded + 1 and follow_up.escalated_on == TODAY
    stale = FollowUp.objects.get(pk=follow_up.pk)
    stale.version = loaded
    with pytest.raises(EditConflict):
        services.close_follow_up(editor, stale, outcome="done", note="Sent", meeting=november,
                                 loaded_version=loaded)
    services.close_follow_up(editor, follow_up, outcome="done", note="Sent",
                             meeting=november, loaded_version=follow_up.version)
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.times_carried_over, follow_up.escalated_on) == (
        FollowUpStatus.DONE, 1, TODAY)


# 5: what the share counts ------------------------------------------------------------------

def test_closed_at_the_meeting_counts_even_when_recorded_the_day_after(series, editor):
    october = make_meeting(series, at(d(10)), stage=MeetingStage.HELD)
    make_meeting(series, at(d(10, 20)))  # scheduled by mistake, never held
    november = make_meeting(series, at(d(11)), stage=MeetingStage.HELD)
    follow_up = make_follow_up(october, kind=FollowUpKind.COMMITMENT)
    make_follow_up(october, kind=FollowUpKind.COMMITMENT)
    services.close_follow_up(editor, follow_up, outcome="done", note="Done",
                             meeting=november, loaded_version=PROGRAM_CHANGE,
                             today=d(11, 10))
    assert commitments.share_at(november) == commitments.Share(1, 2)


def test_a_close_recorded_after_the_hold_rewrites_the_month_value(world, series, editor):
    with_indicator(world, series)
    october = make_meeting(series, at(d(10)))
    november = make_meeting(series, at(d(11)))
    follow_up = make_follow_up(october, kind=FollowUpKind.COMMITMENT)
    hold(editor, october)
    hold(editor, november)
    assert Observation.objects.get().numerator == 0
    follow_up.refresh_from_db()
    closed = services.close_follow_up(editor, follow_up, outcome="done", note="Done",
                                      meeting=november, loaded_version=PROGRAM_CHANGE,
                                      today=d(11, 10))
    value = Observation.objects.get()
    assert (value.numerator, value.denominator) == (1, 1) and not closed.indicator_problem


# 7 and 8: roles and links ------------------------------------------------------------------

def test_the_follow_up_services_need_an_editor(world, series):
    viewer = Actor(user=world.users["viewer"])
    meeting = make_meeting(series, at(d(11)))
    for call in (lambda: commit(viewer, make_item(meeting), world),
                 lambda: hold(viewer, meeting),
                 lambda: services.issue_memo(viewer, meeting, loaded_version=PROGRAM_CHANGE),
                 lambda: commitments.create_indicator(
                     Actor(user=world.users["contributor"]), series, code="X",
                     owner=world.council, loaded_version=PROGRAM_CHANGE)):
        with pytest.raises(ValidationError, match="Only editors and admins"):
            call()
    assert not FollowUp.objects.exists() and not Indicator.objects.exists()


def test_a_follow_up_closes_at_a_meeting_of_its_series_not_before_it(world, series, editor):
    october = make_meeting(series, at(d(10)))
    november = make_meeting(series, at(d(11)))
    other = make_meeting(make_series(world.partnership, world.users["admin"], name="Other"),
                         at(d(11)))
    follow_up = make_follow_up(november)
    for meeting, words in ((other, "of this series"), (october, "or a later one")):
        with pytest.raises(ValidationError, match=words):
            services.close_follow_up(editor, follow_up, outcome="done", note="x",
                                     meeting=meeting, loaded_version=PROGRAM_CHANGE)


def test_the_indicator_belongs_to_an_organisation_of_the_partnership(world, series, editor):
    with pytest.raises(ValidationError):
        commitments.create_indicator(editor, series, code="STAT-C", owner=world.other_council,
                                     loaded_version=PROGRAM_CHANGE)
    assert not Indicator.objects.exists()


# 9: the present chart ----------------------------------------------------------------------

def test_the_present_chart_is_drawn_as_of_the_lock(world, series, client, monkeypatch):
    from pif.reviews.views import present

    indicator = Indicator.objects.create(partnership=world.partnership, code="DD",
                                         title="Delays", owner=world.council)
    locked_at = at(d(11, 1))
    meeting = make_meeting(series, at(d(11)), period_locked_at=locked_at)
    make_item(meeting, indicator=indicator, section="exception")
    seen = []
    monkeypatch.setattr(present, "indicator_chart",
                        lambda indicator, as_of=None: seen.append(as_of))
    client.force_login(world.users["viewer"])
    assert client.get(reverse("meeting_present", args=["alpha", meeting.pk])).status_code == 200
    assert seen == [locked_at]


# 16-19: dates and words --------------------------------------------------------------------

def test_a_meeting_just_after_midnight_in_summer_is_named_by_its_local_day(world, series,
                                                                            editor):
    meeting = make_meeting(series, at(d(7, 1), hour=0, minute=30),
                           stage=MeetingStage.BRIEFED)
    assert services.meeting_words(meeting) == "PartnershipStat meeting of 1 July 2025"
    assert commit(editor, make_item(meeting), world).action.start_date == d(7, 1)


def test_success_messages_say_emails_went_only_when_they_did(series):
    meeting = make_meeting(series)
    assert "Nobody on it could be emailed" in issued_words(meeting)
    meeting.emailed = 1
    assert "1 person has been emailed" in issued_words(meeting)
    held = services.Held(meeting, escalated=[make_follow_up(meeting)], chair_emailed=False)
    assert held_words(held) == ("The meeting is marked as held. 1 follow-up was escalated "
                                "to the chair.")


def test_the_escalation_email_counts_in_words(world, series, editor,
                                              django_capture_on_commit_callbacks):
    october = make_meeting(series, at(d(10)))
    make_follow_up(october)
    with django_capture_on_commit_callbacks(execute=True):
        hold(editor, make_meeting(series, at(d(11))))
    body = mail.outbox[0].body
    assert "carried over 1 time)" in body and "1 time or more" in body
    assert "this follow-up was still open" in body and "times" not in body


def test_the_notes_page_says_what_notes_are(world, series, client):
    meeting = make_meeting(series, at(d(11)))
    item = make_item(meeting)
    client.force_login(world.users["editor"])
    text = client.get(reverse("meeting_item_notes", args=["alpha", meeting.pk, item.pk])
                      ).content.decode()
    assert "What was said about this item" in text and "A commitment becomes" not in text


# 23: two commitments taking the same reference at once -------------------------------------

def test_a_racing_reference_is_refused_in_words_not_a_server_error(world, series, editor,
                                                                     monkeypatch):
    meeting = make_meeting(series, at(d(11)), stage=MeetingStage.BRIEFED)
    commit(editor, make_item(meeting), world)
    monkeypatch.setattr(services, "_next_reference", lambda partnership: "M01")
    monkeypatch.setattr(Action, "validate_constraints", lambda self, exclude=None: None)
    with pytest.raises(ValidationError, match="at the same moment"):
        commit(editor, make_item(meeting, "Home care"), world, text="Another")
    assert FollowUp.objects.count() == 1
