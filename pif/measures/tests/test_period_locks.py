"""Locked reporting periods: a locked period's figures stay as they are on every path, until
a partnership admin unlocks them."""

import re
from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pif.actors import COMMAND_LINE, Actor
from pif.lib.periods import Period
from pif.measures import grid, locks, rules, writing
from pif.measures.models import Observation, PeriodLock, Upload
from pif.measures.writing import ObservationInput, write_observations
from pif.partnerships.models import Event

MARCH = date(2024, 3, 31)  # locks January to March 2024 of the sample indicator
LOCKED_MESSAGE = ("Values up to 31 March 2024 are locked for PartnershipStat, 12 April 2024. "
                  "Ask a partnership admin to unlock them.")


@pytest.fixture
def ae(world):
    return world.sample_indicator()  # AE-4HR, monthly, January to April 2024


@pytest.fixture
def lock(world, ae):
    return locks.lock_through(Actor(user=world.admin), world.partnership, MARCH,
                              "PartnershipStat, 12 April 2024")


def value_of(indicator, key):
    return Observation.objects.get(indicator=indicator, period=key, breakdown=None).value


def rows(indicator, *pairs):
    return [ObservationInput(indicator, period, value) for period, value in pairs]


# -- the rule --

def test_the_rule_refuses_a_period_ending_on_or_before_the_date_and_names_why():
    found = rules.check_period_not_locked(MARCH, MARCH, "PartnershipStat, 12 April 2024")
    assert [(f.field, f.rule, f.message) for f in found] == [
        ("period", "period_locked", LOCKED_MESSAGE)]
    assert rules.check_period_not_locked(date(2024, 4, 30), MARCH) == ()
    assert rules.check_period_not_locked(MARCH, None) == ()
    assert rules.check_period_not_locked(MARCH, MARCH)[0].message == (
        "Values up to 31 March 2024 are locked. Ask a partnership admin to unlock them.")


# -- the service --

def test_locking_keeps_who_when_and_why_in_history_and_the_event_log(world, lock):
    assert locks.locked_through(world.partnership) == MARCH
    assert lock.locked_by == world.admin and lock.is_active
    assert PeriodLock.history.latest().history_user == world.admin
    event = Event.objects.get(verb="period_locked")
    assert event.actor == world.admin
    assert event.description == ("Values up to 31 March 2024 locked for PartnershipStat, "
                                 "12 April 2024")


def test_locking_no_further_changes_nothing_and_a_later_date_adds_a_lock(world, lock):
    actor = Actor(user=world.admin)
    assert locks.lock_through(actor, world.partnership, date(2024, 2, 29), "Earlier") == lock
    assert locks.lock_through(actor, world.partnership, MARCH, "Same") == lock
    assert PeriodLock.objects.count() == 1
    later = locks.lock_through(actor, world.partnership, date(2024, 4, 30), "Later")
    assert later != lock and locks.locked_through(world.partnership) == date(2024, 4, 30)
    # Unlocking the later lock leaves the earlier one holding its periods.
    locks.unlock(actor, later, "Wrong month")
    assert locks.locked_through(world.partnership) == MARCH


def test_locked_through_is_one_query_and_none_for_another_partnership(world, lock):
    with CaptureQueriesContext(connection) as queries:
        assert locks.locked_through(world.other_partnership) is None
    assert len(queries) == 1


@pytest.mark.parametrize("role", ["viewer", "contributor", "editor"])
def test_only_admins_unlock(world, ae, lock, role):
    actor = Actor(user=getattr(world, role))
    with pytest.raises(PermissionDenied):
        locks.unlock(actor, lock, "Correction")
    with pytest.raises(PermissionDenied):  # another partnership's admin
        locks.unlock(Actor(user=world.outsider), lock, "Correction")
    assert lock.is_active and PeriodLock.objects.count() == 1


@pytest.mark.parametrize("role", ["viewer", "contributor"])
def test_only_editors_and_admins_lock(world, ae, lock, role):
    with pytest.raises(PermissionDenied):
        locks.lock_through(Actor(user=getattr(world, role)), world.partnership,
                           date(2024, 4, 30), "Meeting")
    with pytest.raises(PermissionDenied):  # another partnership's admin
        locks.lock_through(Actor(user=world.outsider), world.partnership, date(2024, 4, 30),
                           "Meeting")
    assert PeriodLock.objects.count() == 1


def test_an_editor_locks_for_a_meeting(world, ae, lock):
    later = locks.lock_through(Actor(user=world.editor), world.partnership, date(2024, 4, 30),
                               "PartnershipStat, 12 May 2024")
    assert later.locked_by == world.editor
    assert locks.locked_through(world.partnership) == later.locked_through


def test_locking_and_unlocking_need_a_reason(world, lock):
    with pytest.raises(ValidationError) as refused:
        locks.lock_through(Actor(user=world.admin), world.partnership, date(2024, 4, 30), " ")
    assert "reason" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        locks.unlock(Actor(user=world.admin), lock, "")
    assert "unlock_reason" in refused.value.message_dict
    lock.refresh_from_db()
    assert lock.is_active


def test_unlocking_keeps_who_why_and_reopens_the_periods(world, ae, lock):
    locks.unlock(Actor(user=world.admin), lock, "Figure for March corrected by the board")
    lock.refresh_from_db()
    assert (lock.unlocked_by, lock.unlock_reason) == (
        world.admin, "Figure for March corrected by the board")
    assert lock.unlocked_at is not None and locks.locked_through(world.partnership) is None
    latest = PeriodLock.history.latest()
    assert latest.history_user == world.admin and "Unlocked" in latest.history_change_reason
    assert Event.objects.get(verb="period_unlocked").actor == world.admin
    write_observations(Actor(user=world.editor), rows(ae, (Period.month(2024, 3), 88.0)),
                       approve=True, partnership=world.partnership)
    assert value_of(ae, "M2024-03") == 88.0


# -- write_observations, the last guard --

def test_writing_refuses_a_change_or_a_new_value_in_a_locked_period(world, ae, lock):
    with pytest.raises(rules.ObservationRefused) as refused:
        write_observations(Actor(user=world.editor), rows(
            ae, (Period.month(2024, 3), 70.0), (Period.month(2024, 4), 71.0),
            (Period.month(2023, 12), 72.0)), approve=True, partnership=world.partnership)
    assert {index: [f.rule for f in found] for index, found in refused.value.findings.items()} \
        == {0: ["period_locked"], 2: ["period_locked"]}
    assert value_of(ae, "M2024-03") == 89.5 and value_of(ae, "M2024-04") == 92.0  # all or none
    assert not Observation.objects.filter(period="M2023-12").exists()


def test_sending_a_locked_figure_again_is_no_change_and_is_allowed(world, ae, lock):
    result = write_observations(Actor(user=world.editor), rows(
        ae, (Period.month(2024, 3), 89.5), (Period.month(2024, 4), 93.0)), approve=True,
        partnership=world.partnership)
    assert (result.unchanged, result.changed) == (1, 1)


def test_another_partnerships_lock_does_not_hold_here(world, ae):
    locks.lock_through(COMMAND_LINE, world.other_partnership, MARCH, "Their meeting")
    write_observations(Actor(user=world.editor), rows(ae, (Period.month(2024, 3), 70.0)),
                       approve=True, partnership=world.partnership)
    assert value_of(ae, "M2024-03") == 70.0


def test_approving_a_locked_value_is_allowed_and_rejecting_it_is_refused(world, ae):
    write_observations(Actor(user=world.contributor), rows(ae, (Period.month(2024, 3), 70.0),
                                                           (Period.month(2024, 2), 71.0)),
                       approve=False, partnership=world.partnership)
    locks.lock_through(Actor(user=world.admin), world.partnership, MARCH, "Meeting")
    march, february = Observation.objects.filter(
        indicator=ae, period__in=["M2024-03", "M2024-02"]).order_by("period")[::-1]
    with pytest.raises(ValidationError) as refused:
        writing.reject(Actor(user=world.editor), [march], partnership=world.partnership,
                       reason="Wrong")
    assert "Values up to 31 March 2024 are locked for Meeting." in str(refused.value)
    assert value_of(ae, "M2024-03") == 70.0
    result = writing.approve(Actor(user=world.editor), [march, february],
                             partnership=world.partnership)
    assert result.count == 2 and value_of(ae, "M2024-03") == 70.0


# -- the entry form and the grid --

def test_the_entry_form_refuses_a_locked_period_on_its_field(client, world, ae, lock):
    client.force_login(world.editor)
    url = reverse("enter_value", args=["alpha", "AE-4HR"])
    response = client.post(url, {"period": "March 2024", "value": "70", "numerator": "",
                                 "denominator": "", "status": "final", "note": "",
                                 "loaded_period": "", "loaded": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["period"] == [LOCKED_MESSAGE]
    assert value_of(ae, "M2024-03") == 89.5


def test_the_grid_refuses_a_locked_cell_and_saves_nothing(client, world, ae, lock):
    shown = {row.field_name: row.text for row in grid.grid_rows(ae)}
    data = shown | {f"loaded-{key[6:]}": text for key, text in shown.items()}
    data |= {"value-M2024-03": "70", "value-M2024-04": "71"}
    client.force_login(world.editor)
    response = client.post(reverse("enter_grid", args=["alpha", "AE-4HR"]), data)
    assert response.status_code == 200
    assert [p.message for p in response.context["problems"]] == [
        f"March 2024: {LOCKED_MESSAGE}"]
    assert value_of(ae, "M2024-03") == 89.5 and value_of(ae, "M2024-04") == 92.0


# -- uploads and the command line --

def test_an_upload_names_the_row_column_and_why_and_imports_nothing(client, world, ae, lock):
    content = (b"Indicator,Period,Value\nAE-4HR,April 2024,93\nAE-4HR,March 2024,70\n"
               b"AE-4HR,February 2024,91.2\n")  # February sent again unchanged: no problem
    client.force_login(world.editor)
    response = client.post(reverse("upload", args=["alpha"]),
                           {"file": SimpleUploadedFile("v.csv", content)}, follow=True)
    problems = response.context["checked"].problems
    assert [(p.row, p.column) for p in problems] == [(3, '"Period"')]
    assert problems[0].message == f"March 2024: {LOCKED_MESSAGE}"
    assert "nothing" in response.text.lower() or "problem" in response.text.lower()
    assert value_of(ae, "M2024-04") == 92.0 and Upload.objects.get().imported_at is None


def test_a_lock_made_after_the_preview_refuses_the_import(client, world, ae):
    client.force_login(world.editor)
    client.post(reverse("upload", args=["alpha"]), {"file": SimpleUploadedFile(
        "v.csv", b"Indicator,Period,Value\nAE-4HR,March 2024,70\n")})
    upload = Upload.objects.get()
    locks.lock_through(Actor(user=world.admin), world.partnership, MARCH, "Meeting")
    response = client.post(reverse("upload_preview", args=["alpha", upload.pk]))
    assert response.status_code == 200
    assert "Values up to 31 March 2024 are locked for Meeting." in response.text
    assert value_of(ae, "M2024-03") == 89.5


def test_pif_import_refuses_a_locked_period(world, ae, lock, tmp_path):
    path = tmp_path / "values.csv"
    path.write_text("Indicator,Period,Value\nAE-4HR,April 2024,93\nAE-4HR,March 2024,70\n")
    err = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import", str(path), "--partnership", "alpha", stdout=StringIO(),
                     stderr=err)
    assert str(refused.value) == "1 problem in values.csv: nothing was imported."
    assert err.getvalue().strip() == f'Row 3, column "Period": March 2024: {LOCKED_MESSAGE}'
    assert value_of(ae, "M2024-04") == 92.0


# -- what the entry pages show --

def test_the_grid_shows_locked_periods_without_an_input(client, world, ae, lock):
    client.force_login(world.contributor)
    response = client.get(reverse("enter_grid", args=["alpha", "AE-4HR"]))
    assert 'name="value-M2024-03"' not in response.text
    assert 'name="value-M2024-04"' in response.text
    assert "are locked for PartnershipStat, 12 April 2024" in response.text
    assert "ask a partnership admin to unlock it" in response.text


def test_the_entry_form_says_what_is_locked_and_admins_are_offered_the_unlock(client, world,
                                                                              ae, lock):
    client.force_login(world.admin)
    response = client.get(reverse("enter_value", args=["alpha", "AE-4HR"]))
    assert "ending on or before 31 March 2024 are locked" in response.text
    assert "unlock the period</a>" in response.text


# -- the Locked periods pages --

LIST = reverse("locked_periods", args=["alpha"])
LOCK = reverse("lock_periods", args=["alpha"])


def unlock_url(lock):
    return reverse("unlock_periods", args=["alpha", lock.pk])


def test_an_admin_locks_periods_through_the_page(client, world, ae):
    client.force_login(world.admin)
    assert client.get(LOCK).status_code == 200
    response = client.post(LOCK, {"through": "2024-03-31", "reason": "PartnershipStat"},
                           follow=True)
    assert response.redirect_chain[-1][0] == LIST
    assert "Values up to 31 March 2024 are locked." in response.text
    assert locks.locked_through(world.partnership) == MARCH
    assert PeriodLock.history.latest().history_user == world.admin


def test_the_lock_form_refuses_a_date_to_come_and_a_missing_reason(client, world):
    client.force_login(world.admin)
    response = client.post(LOCK, {"through": "2024-03-31", "reason": " "})
    assert list(response.context["form"].errors) == ["reason"]
    response = client.post(LOCK, {"through": "2999-01-31", "reason": "Meeting"})
    assert response.context["form"].errors["through"] == [
        "Enter today's date or earlier: periods are locked once they have ended, and "
        "31 January 2999 is still to come"]
    assert not PeriodLock.objects.exists()


def test_an_admin_unlocks_with_a_reason_and_the_list_shows_who_when_and_why(client, world,
                                                                          lock):
    client.force_login(world.admin)
    response = client.post(unlock_url(lock), {"unlock_reason": ""})
    assert response.status_code == 200 and "unlock_reason" in response.context["form"].errors
    response = client.post(unlock_url(lock), {"unlock_reason": "March corrected"}, follow=True)
    assert "Values up to 31 March 2024 are unlocked." in response.text
    assert "March corrected" in response.text and "No period is locked" in response.text
    assert locks.locked_through(world.partnership) is None
    # Sent twice (a double click, or Back and submit): the second says so, not 404.
    response = client.post(unlock_url(lock), {"unlock_reason": "March corrected"}, follow=True)
    assert response.status_code == 200 and "already unlocked" in response.text
    assert client.get(unlock_url(lock), follow=True).status_code == 200


def test_the_list_says_approving_a_locked_value_still_counts_it(client, world, lock):
    client.force_login(world.viewer)
    assert "approving one counts it in the scorecards" in client.get(LIST).text


@pytest.mark.parametrize("role", ["viewer", "contributor", "editor"])
def test_members_see_the_list_but_only_admins_unlock(client, world, lock, role):
    client.force_login(getattr(world, role))
    response = client.get(LIST)
    assert response.status_code == 200
    assert "31 March 2024" in response.text and "PartnershipStat, 12 April 2024" in response.text
    assert unlock_url(lock) not in response.text
    assert client.post(unlock_url(lock), {"unlock_reason": "x"}).status_code == 403
    assert locks.locked_through(world.partnership) == MARCH


@pytest.mark.parametrize("role", ["viewer", "contributor"])
def test_only_editors_and_admins_are_offered_the_lock(client, world, lock, role):
    client.force_login(getattr(world, role))
    assert LOCK not in client.get(LIST).text
    assert client.get(LOCK).status_code == 403
    assert client.post(LOCK, {"through": "2024-04-30", "reason": "x"}).status_code == 403
    client.force_login(world.editor)
    assert LOCK in client.get(LIST).text and client.get(LOCK).status_code == 200


def test_another_partnerships_lock_is_not_found(client, world):
    theirs = locks.lock_through(COMMAND_LINE, world.other_partnership, MARCH, "Theirs")
    client.force_login(world.admin)
    assert client.get(unlock_url(theirs)).status_code == 404
    assert client.post(unlock_url(theirs), {"unlock_reason": "x"}).status_code == 404
    assert client.get(LIST).status_code == 200 and "Theirs" not in client.get(LIST).text
    assert client.get(reverse("locked_periods", args=[world.other_partnership.short_name])
                      ).status_code == 404


def test_the_list_takes_the_same_queries_for_3_locks_as_for_30(client, world, ae):
    client.force_login(world.admin)

    def queries_with(count):
        for day in range(PeriodLock.objects.count(), count):
            lock = locks.lock_through(Actor(user=world.admin), world.partnership,
                                      date(2020, 1, 1 + day), f"Meeting {day}")
            if day % 2:
                locks.unlock(Actor(user=world.admin), lock, "Wrong")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    assert queries_with(3) == queries_with(30)


# A column for each thing a lock records -----------------------------------------------------

def test_the_locked_periods_table_has_who_when_and_status_columns(client, world):
    lock = locks.lock_through(Actor(user=world.admin), world.partnership,
                              date(2024, 3, 31), "PartnershipStat, 12 April 2024")
    locks.lock_through(Actor(user=world.admin), world.partnership,
                       date(2024, 4, 30), "PartnershipStat, 12 May 2024")
    locks.unlock(Actor(user=world.admin), lock, "Correction")
    client.force_login(world.viewer)
    page = client.get(reverse("locked_periods", args=["alpha"])).content.decode()
    headers = re.findall(r'<th scope="col" class="govuk-table__header">([^<]*)</th>', page)
    assert headers == ["Locked up to", "For", "Locked by", "Locked on", "Status"]
    assert "Unlocked on " in page and ": Correction" in page
    assert "Stage 6: review the cycle" in page
