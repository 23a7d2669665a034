"""Approval: values awaiting approval never count until an editor approves them; rejecting
withdraws them with a reason; contributors cannot mark values final; racing first entries."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from pif.actors import Actor
from pif.lib.periods import Period
from pif.measures import writing
from pif.measures.models import Observation, Rejection
from pif.measures.rules import ObservationRefused
from pif.measures.testing import make_indicator
from pif.measures.writing import ObservationInput, approve, reject, write_observations
from pif.partnerships.models import Event

JUNE = Period.month(2024, 6)


@pytest.fixture
def indicator(world):
    """Five approved monthly percentages, January to May 2024."""
    return make_indicator(world.partnership, owner=world.health_board, code="AP1",
                          values=[90.0, 91.0, 92.0, 91.0, 90.0])


def submit(world, indicator, value, period=JUNE, **fields):
    row = ObservationInput(indicator=indicator, period=period, value=value, **fields)
    return write_observations(Actor(user=world.contributor), [row], approve=False,
                              partnership=world.partnership)


def edit(world, indicator, value, period=JUNE, **fields):
    row = ObservationInput(indicator=indicator, period=period, value=value, **fields)
    return write_observations(Actor(user=world.editor), [row], approve=True,
                              partnership=world.partnership)


def stored_status(indicator):
    indicator.refresh_from_db()
    return indicator.status


def test_a_first_value_awaiting_approval_does_not_count_in_the_status(world, indicator):
    before = stored_status(indicator)
    submit(world, indicator, 99.5)
    after = stored_status(indicator)
    assert after.latest_period == Period.month(2024, 5).key
    assert after.latest_value == 90.0
    assert (after.rag, after.variation, after.direction) == (
        before.rag, before.variation, before.direction)
    assert (after.mean, after.lower_limit, after.upper_limit) == (
        before.mean, before.lower_limit, before.upper_limit)
    assert after.sparkline == before.sparkline
    assert after.points == 5
    assert after.awaiting_approval == 1


def test_approving_it_makes_it_count(world, indicator):
    submit(world, indicator, 93.0)
    approve(Actor(user=world.editor), list(Observation.objects.filter(approved_at__isnull=True)),
            partnership=world.partnership)
    status = stored_status(indicator)
    assert status.latest_period == JUNE.key and status.latest_value == 93.0
    assert status.awaiting_approval == 0


def test_a_revision_awaiting_approval_leaves_the_approved_value_counting(world, indicator):
    edit(world, indicator, 93.0)
    submit(world, indicator, 99.5)
    observation = Observation.objects.get(indicator=indicator, period=JUNE.key)
    assert observation.value == 99.5 and observation.approved_at is None
    status = stored_status(indicator)
    assert status.latest_value == 93.0
    assert max(status.sparkline) == 93.0
    approve(Actor(user=world.editor), [observation], partnership=world.partnership)
    assert stored_status(indicator).latest_value == 99.5


def test_revising_twice_still_counts_the_approved_value(world, indicator):
    edit(world, indicator, 93.0)
    submit(world, indicator, 94.0)
    submit(world, indicator, 95.0)
    assert stored_status(indicator).latest_value == 93.0


def test_a_contributor_cannot_mark_a_new_value_final(world, indicator):
    submit(world, indicator, 93.0, status=Observation.Status.FINAL)
    observation = Observation.objects.get(indicator=indicator, period=JUNE.key)
    assert observation.status == Observation.Status.PROVISIONAL
    assert observation.approved_at is None


def test_a_contributor_cannot_keep_a_value_final_when_changing_it(world, indicator):
    edit(world, indicator, 93.0, status=Observation.Status.FINAL)
    submit(world, indicator, 94.0, status=Observation.Status.FINAL)
    observation = Observation.objects.get(indicator=indicator, period=JUNE.key)
    assert observation.status != Observation.Status.FINAL
    assert observation.approved_at is None


def test_an_editor_may_mark_a_value_final(world, indicator):
    edit(world, indicator, 93.0, status=Observation.Status.FINAL)
    observation = Observation.objects.get(indicator=indicator, period=JUNE.key)
    assert observation.status == Observation.Status.FINAL and observation.approved_at


def test_re_entering_a_value_keeps_its_numerator_and_denominator(world, indicator):
    edit(world, indicator, 93.0, numerator=93, denominator=100)
    submit(world, indicator, 93.0, note="Checked again")
    observation = Observation.objects.get(indicator=indicator, period=JUNE.key)
    assert (observation.numerator, observation.denominator) == (93, 100)
    assert observation.note == "Checked again"


def test_re_entering_a_final_value_keeps_its_numerator_and_denominator(world, indicator):
    edit(world, indicator, 93.0, numerator=93, denominator=100, status="final")
    edit(world, indicator, 93.0, status="estimated")
    observation = Observation.objects.get(indicator=indicator, period=JUNE.key)
    assert (observation.numerator, observation.denominator) == (93, 100)
    assert observation.status == Observation.Status.ESTIMATED


def test_changing_the_numerator_and_denominator_changes_them(world, indicator):
    edit(world, indicator, 93.0, numerator=93, denominator=100)
    edit(world, indicator, 93.0, numerator=186, denominator=200)
    observation = Observation.objects.get(indicator=indicator, period=JUNE.key)
    assert (observation.numerator, observation.denominator) == (186, 200)


def test_a_new_value_without_them_drops_the_old_numerator_and_denominator(world, indicator):
    edit(world, indicator, 93.0, numerator=93, denominator=100)
    edit(world, indicator, 50.0)
    observation = Observation.objects.get(indicator=indicator, period=JUNE.key)
    assert (observation.value, observation.numerator, observation.denominator) == (
        50.0, None, None)


# Rejecting


def test_rejecting_a_first_value_withdraws_it_and_keeps_the_reason(world, indicator):
    submit(world, indicator, 99.5)
    observation = Observation.objects.get(indicator=indicator, period=JUNE.key)
    pk = observation.pk
    count = reject(Actor(user=world.editor), [observation], partnership=world.partnership,
                   reason="Should be the four-hour figure")
    assert count == 1
    assert not Observation.objects.filter(indicator=indicator, period=JUNE.key).exists()
    rejection = Rejection.objects.get(indicator=indicator, period=JUNE.key)
    assert rejection.value == 99.5
    assert rejection.reason == "Should be the four-hour figure"
    assert rejection.entered_by == world.contributor and rejection.rejected_by == world.editor
    assert rejection.cleared_at is None
    deleted = Observation.history.filter(id=pk).order_by("-history_id").first()
    assert deleted.history_type == "-" and deleted.history_user == world.editor
    assert "four-hour figure" in deleted.history_change_reason
    event = Event.objects.get(verb="data_rejected")
    assert event.actor == world.editor and "four-hour figure" in event.description
    assert stored_status(indicator).awaiting_approval == 0


def test_rejecting_a_revision_restores_the_approved_value(world, indicator):
    edit(world, indicator, 93.0, numerator=93, denominator=100)
    approved = Observation.objects.get(indicator=indicator, period=JUNE.key)
    submit(world, indicator, 12.0, numerator=12, denominator=100)
    reject(Actor(user=world.editor), [Observation.objects.get(pk=approved.pk)],
           partnership=world.partnership, reason="Wrong month")
    restored = Observation.objects.get(pk=approved.pk)
    assert (restored.value, restored.numerator, restored.denominator) == (93.0, 93, 100)
    assert restored.approved_at == approved.approved_at
    assert restored.approved_by == world.editor
    assert Rejection.objects.get(indicator=indicator).value == 12.0
    assert restored.history.count() == 3
    assert stored_status(indicator).latest_value == 93.0


def test_a_rejection_needs_a_reason(world, indicator):
    submit(world, indicator, 93.0)
    observation = Observation.objects.get(indicator=indicator, period=JUNE.key)
    with pytest.raises(ValidationError) as caught:
        reject(Actor(user=world.editor), [observation], partnership=world.partnership, reason="  ")
    [refusal] = caught.value.error_dict["reason"]
    assert refusal.code == "rejection_reason"
    assert Observation.objects.filter(pk=observation.pk, approved_at__isnull=True).exists()
    assert not Rejection.objects.exists()


def test_rejecting_an_approved_value_does_nothing(world, indicator):
    observation = Observation.objects.filter(indicator=indicator).first()
    assert reject(Actor(user=world.editor), [observation], partnership=world.partnership,
                  reason="No") == 0
    assert Observation.objects.filter(pk=observation.pk).exists()


def test_entering_the_value_again_clears_the_rejection(world, indicator):
    submit(world, indicator, 99.5)
    reject(Actor(user=world.editor), list(Observation.objects.filter(approved_at__isnull=True)),
           partnership=world.partnership, reason="Too high")
    submit(world, indicator, 93.0, period=Period.month(2024, 7))
    assert Rejection.objects.get().cleared_at is None  # another period
    submit(world, indicator, 93.0)
    assert Rejection.objects.get().cleared_at is not None


# Two people entering the first value for a period at once


def _insert_between_read_and_write(monkeypatch, world, indicator):
    """Someone else's first value for June lands after this write has read what is
    stored and before it inserts."""
    real, calls = writing._existing, []

    def existing_then_someone_else_writes(rows):
        found = real(rows)
        if not calls:
            other = Observation(indicator=indicator, value=50.0, entered_by=world.editor)
            other.set_period(JUNE)
            other.save()
        calls.append(rows)
        return found

    monkeypatch.setattr(writing, "_existing", existing_then_someone_else_writes)


def test_a_racing_first_entry_is_refused_with_a_clear_message(world, indicator, monkeypatch):
    _insert_between_read_and_write(monkeypatch, world, indicator)
    with pytest.raises(ObservationRefused) as refused:
        submit(world, indicator, 93.0)
    message = " ".join(refused.value.messages)
    assert "June 2024" in message and "at the same time" in message
    assert [f.rule for f in refused.value.findings[0]] == ["entered_at_the_same_time"]
    # the connection is still usable: PostgreSQL refuses every query in a transaction that
    # an error aborted
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    assert Observation.objects.filter(indicator=indicator).count() == 5


def test_a_racing_first_entry_inside_a_callers_transaction_leaves_it_usable(
        world, indicator, monkeypatch):
    _insert_between_read_and_write(monkeypatch, world, indicator)
    with transaction.atomic():
        with pytest.raises(ObservationRefused):
            submit(world, indicator, 93.0)
        # the test's own insert was inside the refused write, so it went too
        assert Observation.objects.filter(indicator=indicator).count() == 5
    assert not Event.objects.filter(verb="data_submitted").exists()


def test_a_racing_first_entry_on_the_entry_form_says_so_instead_of_failing(
        client, world, indicator, monkeypatch):
    from django.urls import reverse

    _insert_between_read_and_write(monkeypatch, world, indicator)
    client.force_login(world.contributor)
    response = client.post(reverse("enter_value", args=["alpha", "AP1"]),
                           {"period": "June 2024", "value": "93", "status": "provisional",
                            "loaded_period": "M2024-06", "loaded": ""})
    assert response.status_code == 200
    text = response.content.decode()
    assert "There is a problem" in text
    assert "Someone else entered a value for June 2024 at the same time" in text


def test_reminders_do_not_ask_for_a_figure_awaiting_approval(world):
    from django.core import mail
    from django.core.management import call_command

    ae = world.sample_indicator()  # latest approved April 2024
    write_observations(Actor(user=world.contributor),
                       [ObservationInput(ae, Period.month(2024, 5), 93.0)],
                       approve=False, partnership=world.partnership)
    call_command("send_reminders", "--partnership", "alpha")
    body = mail.outbox[0].body
    assert "May 2024" not in body
    # Silent since then, so listed as a series not updated for more than a year.
    assert "missing, from June 2024 (due 30 July 2024)" in body


def test_only_editors_and_above_may_approve_or_reject(world, indicator):
    from django.core.exceptions import PermissionDenied

    submit(world, indicator, 93.0)
    observation = Observation.objects.get(indicator=indicator, period=JUNE.key)
    for person in (world.contributor, world.viewer, world.outsider):
        with pytest.raises(PermissionDenied):
            approve(Actor(user=person), [observation], partnership=world.partnership)
        with pytest.raises(PermissionDenied):
            reject(Actor(user=person), [observation], partnership=world.partnership, reason="No")
    observation.refresh_from_db()
    assert observation.approved_at is None
    assert approve(Actor(user=world.admin), [observation], partnership=world.partnership).count == 1


# Approval records who and when; it does not make a figure for a period still running final


def this_month():
    today = timezone.localdate()
    return Period.month(today.year, today.month)


def test_an_editors_figure_so_far_for_a_running_period_stays_provisional(world, indicator):
    edit(world, indicator, 93.0, period=this_month())
    observation = Observation.objects.get(indicator=indicator, period=this_month().key)
    assert observation.status == Observation.Status.PROVISIONAL
    assert (observation.approved_by, observation.approved_at is not None) == (world.editor, True)


def test_approving_a_figure_so_far_records_who_and_when_and_keeps_it_provisional(
        world, indicator):
    submit(world, indicator, 93.0, period=this_month())
    observation = Observation.objects.get(indicator=indicator, period=this_month().key)
    before = timezone.now()
    assert approve(Actor(user=world.editor), [observation],
                   partnership=world.partnership).count == 1
    observation.refresh_from_db()
    assert observation.status == Observation.Status.PROVISIONAL
    assert observation.approved_by == world.editor and observation.approved_at >= before
    assert observation.history.latest("history_id").history_user == world.editor


def test_approving_a_provisional_figure_for_an_ended_period_makes_it_final(world, indicator):
    submit(world, indicator, 93.0)
    observation = Observation.objects.get(indicator=indicator, period=JUNE.key)
    approve(Actor(user=world.editor), [observation], partnership=world.partnership)
    observation.refresh_from_db()
    assert observation.status == Observation.Status.FINAL
    edit(world, indicator, 94.0, period=Period.month(2024, 7))
    assert Observation.objects.get(indicator=indicator, period="M2024-07").status == "final"


def test_changing_an_approved_figure_so_far_keeps_it_provisional(world, indicator):
    edit(world, indicator, 93.0, period=this_month())
    submit(world, indicator, 94.0, period=this_month())
    observation = Observation.objects.get(indicator=indicator, period=this_month().key)
    assert observation.status == Observation.Status.PROVISIONAL
    assert observation.approved_at is None


# A revision stays a revision until it is approved


def test_a_second_revision_awaiting_approval_stays_revised(world, indicator):
    edit(world, indicator, 93.0)
    submit(world, indicator, 94.0)
    observation = Observation.objects.get(indicator=indicator, period=JUNE.key)
    assert observation.status == Observation.Status.REVISED
    submit(world, indicator, 95.0)
    observation.refresh_from_db()
    assert (observation.value, observation.status) == (95.0, Observation.Status.REVISED)
    edit(world, indicator, 96.0)
    observation.refresh_from_db()
    assert (observation.status, observation.approved_at is not None) == (
        Observation.Status.REVISED, True)


# Rejections are kept in history like every partnership record


def _reject_june(world, indicator):
    submit(world, indicator, 99.5)
    reject(Actor(user=world.editor), list(Observation.objects.filter(approved_at__isnull=True)),
           partnership=world.partnership, reason="Too high")
    return Rejection.objects.get()


def test_a_rejection_is_in_history_with_who_rejected_it(world, indicator):
    rejection = _reject_june(world, indicator)
    record = rejection.history.get()
    assert (record.history_type, record.history_user, record.reason) == (
        "+", world.editor, "Too high")


def test_clearing_a_rejection_is_in_history_with_who_cleared_it(world, indicator):
    rejection = _reject_june(world, indicator)
    submit(world, indicator, 93.0)
    record = rejection.history.latest("history_id")
    assert (record.history_type, record.history_user) == ("~", world.contributor)
    assert record.cleared_at is not None


def test_the_history_page_lists_rejections(client, world, indicator):
    from pif.partnerships import history

    assert ("measures.rejection", "Rejected value") in history.kinds()
    _reject_june(world, indicator)
    client.force_login(world.viewer)
    change = client.get("/p/alpha/history/", {"kind": "measures.rejection"}).context[
        "changes"][0]
    assert (change.who, change.action) == ("Editor", "Created")
    assert change.label == "AP1, June 2024"


def test_a_person_who_entered_or_rejected_a_value_cannot_be_deleted_behind_history(
        world, indicator):
    from django.db.models import ProtectedError

    _reject_june(world, indicator)
    with pytest.raises(ProtectedError):
        world.editor.delete()


def _approved_figure_so_far(world, indicator):
    """June's figure so far, approved while June was still running."""
    observation = Observation(indicator=indicator, value=60.0, status="provisional",
                              approved_by=world.editor, approved_at=timezone.now())
    observation.set_period(JUNE)
    observation.save()
    return observation


def test_an_editor_can_make_an_approved_figure_so_far_final_once_its_period_ends(
        world, indicator):
    observation = _approved_figure_so_far(world, indicator)
    edit(world, indicator, 93.0, status=Observation.Status.FINAL)
    observation.refresh_from_db()
    assert (observation.value, observation.status) == (93.0, Observation.Status.FINAL)


def test_the_whole_periods_figure_after_a_figure_so_far_is_not_a_revision(world, indicator):
    observation = _approved_figure_so_far(world, indicator)
    submit(world, indicator, 93.0)
    observation.refresh_from_db()
    assert (observation.status, observation.approved_at) == (Observation.Status.PROVISIONAL,
                                                             None)
    approve(Actor(user=world.editor), [observation], partnership=world.partnership)
    observation.refresh_from_db()
    assert observation.status == Observation.Status.FINAL


def test_a_value_entered_again_after_it_was_read_is_not_approved(world, indicator):
    """The approvals page reads the values, then approves them: a re-entry in between must
    not be approved unseen (the rows are locked and the entry compared under the lock)."""
    submit(world, indicator, 93.0)
    read = list(Observation.objects.filter(approved_at__isnull=True))
    shown = {o.pk: o.entered_token for o in read}
    submit(world, indicator, 99.5)
    result = approve(Actor(user=world.editor), read, partnership=world.partnership, seen=shown)
    assert result.count == 0 and [o.pk for o in result.entered_again] == list(shown)
    observation = Observation.objects.get(indicator=indicator, period=JUNE.key)
    assert observation.value == 99.5 and observation.approved_at is None


def test_a_value_that_breaks_a_rule_now_is_not_approved(world, indicator):
    submit(world, indicator, 93.0)
    type(indicator).objects.filter(pk=indicator.pk).update(upper_bound=90)
    observation = Observation.objects.get(indicator=indicator, period=JUNE.key)
    result = approve(Actor(user=world.editor), [observation], partnership=world.partnership)
    assert result.count == 0
    [(refused, findings)] = result.refused
    assert refused.pk == observation.pk and findings[0].rule == "upper_bound"
    observation.refresh_from_db()
    assert observation.approved_at is None


def test_a_value_entered_again_after_it_was_read_is_not_rejected(world, indicator):
    submit(world, indicator, 93.0)
    read = list(Observation.objects.filter(approved_at__isnull=True))
    shown = {o.pk: o.entered_token for o in read}
    submit(world, indicator, 99.5)
    assert reject(Actor(user=world.editor), read, partnership=world.partnership, reason="Wrong",
                  seen=shown) == 0
    observation = Observation.objects.get(indicator=indicator, period=JUNE.key)
    assert observation.value == 99.5 and observation.approved_at is None
