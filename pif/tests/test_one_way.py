"""One way of doing each thing (issue 9 review): every edit is checked against the version
the person loaded, program-made changes say so explicitly, and every delete and bulk change
of partnership data goes through pif/history_writes.py."""

import inspect

import pytest

from pif import history_writes
from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE, EditConflict, claim_version
from pif.lib.periods import Period
from pif.measures import services as measures_services
from pif.measures.models import Observation
from pif.measures.writing import ObservationInput, reject, write_observations
from pif.outcomes.models import Outcome, Vision
from pif.outcomes.services import common, conditions, plan
from pif.outcomes.services import outcomes as outcome_service
from pif.outcomes.testing import make_outcome
from pif.partnerships import services


def someone_else_saves(outcome: Outcome, title: str) -> None:
    fresh = Outcome.objects.get(pk=outcome.pk)
    fresh.title = title
    fresh.version += 1
    fresh.save()


def spy_on(monkeypatch, name: str) -> list:
    """Record the ids of the rows and the keywords of each call of history_writes.`name`,
    still calling it."""
    calls = []
    real = getattr(history_writes, name)

    def spy(actor, rows, **kwargs):
        rows = list(rows) if name == "update" else rows
        calls.append(([row.pk for row in rows] if name == "update" else rows.pk, kwargs))
        return real(actor, rows, **kwargs)

    monkeypatch.setattr(history_writes, name, spy)
    return calls


# The bulk helper checks versions like any other edit


@pytest.mark.django_db
def test_the_bulk_helper_refuses_a_row_someone_changed_since_it_was_read(world):
    outcome = make_outcome(world.partnership, "Safer streets")
    stale = Outcome.objects.get(pk=outcome.pk)
    someone_else_saves(outcome, "Safer streets for all")
    with pytest.raises(EditConflict):
        history_writes.update(Actor(user=world.editor), [stale], code="SS1")
    outcome.refresh_from_db()
    assert (outcome.title, outcome.code, outcome.version) == ("Safer streets for all", "", 2)


@pytest.mark.django_db
def test_making_a_vision_current_retires_the_other_through_the_bulk_helper(world, monkeypatch):
    actor = Actor(user=world.editor)
    old = plan.save_vision(actor, world.partnership, loaded_version=None, first_year=2016,
                           last_year=2025, statement="Old vision", is_current=True)
    updates = spy_on(monkeypatch, "update")
    plan.save_vision(actor, world.partnership, loaded_version=None, first_year=2026,
                     last_year=2035, statement="New vision", is_current=True)
    assert updates == [
        ([old.pk], {"is_current": False, "reason": "Another vision was made current"})]
    old.refresh_from_db()
    assert (old.is_current, old.version) == (False, 2)
    assert Vision.history.filter(id=old.pk).latest("history_id").history_user == world.editor


# Every service that saves an edit must be told the version the person loaded


EDIT_SERVICES = [common.save, conditions.save, outcome_service.update_outcome,
                 plan.save_vision, plan.rename_levels, services.change_organisation,
                 services.change_membership, services.update_settings,
                 measures_services.save_commentary]


@pytest.mark.parametrize("service", EDIT_SERVICES, ids=lambda s: s.__qualname__)
def test_edit_services_require_the_loaded_version(service):
    parameter = inspect.signature(inspect.unwrap(service)).parameters["loaded_version"]
    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
    assert parameter.default is inspect.Parameter.empty


@pytest.mark.django_db
def test_a_saved_record_without_a_loaded_version_is_refused_not_saved_unchecked(world):
    outcome = make_outcome(world.partnership, "Safer streets")
    with pytest.raises(ValueError, match="PROGRAM_CHANGE"):
        claim_version(outcome, None)


@pytest.mark.django_db
def test_a_program_change_is_checked_against_the_version_it_read(world):
    outcome = make_outcome(world.partnership, "Safer streets")
    claim_version(outcome, PROGRAM_CHANGE)
    assert outcome.version == 2
    stale = Outcome.objects.get(pk=outcome.pk)
    someone_else_saves(outcome, "Safer streets for all")
    with pytest.raises(EditConflict):
        claim_version(stale, PROGRAM_CHANGE)


# Deletes go through history_writes.delete


@pytest.mark.django_db
def test_removing_a_member_deletes_through_the_history_helper(world, monkeypatch):
    deletes = spy_on(monkeypatch, "delete")
    membership = world.membership("viewer")
    pk = membership.pk
    services.remove_member(Actor(user=world.admin), membership)
    assert deletes == [(pk, {})]
    record = type(membership).history.filter(id=pk).latest("history_id")
    assert (record.history_type, record.history_user) == ("-", world.admin)


@pytest.mark.django_db
def test_withdrawing_a_rejected_first_value_deletes_through_the_history_helper(
        world, monkeypatch):
    indicator = world.sample_indicator()
    write_observations(Actor(user=world.contributor),
                       [ObservationInput(indicator, Period.month(2024, 6), 93.0)],
                       approve=False, partnership=world.partnership)
    waiting = Observation.objects.get(indicator=indicator, period=Period.month(2024, 6).key)
    pk = waiting.pk
    deletes = spy_on(monkeypatch, "delete")
    reject(Actor(user=world.editor), [waiting], partnership=world.partnership, reason="Wrong month")
    assert deletes == [(pk, {"reason": "Rejected: Wrong month"})]
    record = Observation.history.filter(id=pk).latest("history_id")
    assert (record.history_type, record.history_user) == ("-", world.editor)
    assert record.history_change_reason == "Rejected: Wrong month"
