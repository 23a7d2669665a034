"""A service token acts as a person of its role (ADR 0021), in the services too: the
approval and lock checks read the role through the access layer, which knows the token's
unsaved membership, so an editor's token approves, rejects and locks, and a viewer's does
not (review-api SHOULD 8)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from pif.actors import COMMAND_LINE, Actor
from pif.api import tokens
from pif.lib.periods import Period
from pif.measures import locks
from pif.measures.models import Observation, PeriodLock, Rejection
from pif.measures.writing import ObservationInput, approve, reject, write_observations

MAY = Period.month(2024, 5)
PASSED = date(2024, 3, 31)


def service_actor(organisation, role) -> Actor:
    """The actor an API request made with a new service token of `role` acts as."""
    token, _ = tokens.create_service(COMMAND_LINE, organisation, f"Feed as {role}", role,
                                     timezone.now() + timedelta(days=30))
    return Actor(user=tokens.acting_user(token), via="API")


@pytest.fixture
def submitted(world):
    """A first value for May 2024 awaiting approval, entered by the contributor."""
    indicator = world.sample_indicator()  # AE-4HR, monthly, January to April 2024
    write_observations(Actor(user=world.contributor),
                       [ObservationInput(indicator, MAY, 77.0)], approve=False,
                       partnership=world.partnership)
    return Observation.objects.get(indicator=indicator, period=MAY.key, breakdown=None)


def test_an_editors_service_token_approves(world, submitted):
    actor = service_actor(world.council, "editor")
    assert approve(actor, [submitted], partnership=world.partnership).count == 1
    submitted.refresh_from_db()
    assert submitted.approved_at is not None


def test_an_editors_service_token_rejects(world, submitted):
    actor = service_actor(world.council, "editor")
    assert reject(actor, [submitted], partnership=world.partnership,
                  reason="Figure is for April") == 1
    assert Rejection.objects.get().reason == "Figure is for April"


def test_an_editors_service_token_locks(world, submitted):
    lock = locks.lock_through(service_actor(world.council, "editor"), world.partnership,
                              PASSED, "PartnershipStat, 12 April 2024")
    assert locks.locked_through(world.partnership) == PASSED
    assert PeriodLock.objects.get() == lock


@pytest.mark.parametrize("role", ["viewer", "contributor"])
def test_a_lower_roles_service_token_may_not_approve_reject_or_lock(world, submitted, role):
    actor = service_actor(world.health_board, role)
    with pytest.raises(PermissionDenied):
        approve(actor, [submitted], partnership=world.partnership)
    with pytest.raises(PermissionDenied):
        reject(actor, [submitted], partnership=world.partnership, reason="Wrong")
    with pytest.raises(PermissionDenied):
        locks.lock_through(actor, world.partnership, PASSED, "Meeting")
    submitted.refresh_from_db()  # still there, still waiting
    assert submitted.approved_at is None
    assert not Rejection.objects.exists() and not PeriodLock.objects.exists()


def test_an_editors_service_token_may_not_unlock(world, submitted):
    lock = locks.lock_through(Actor(user=world.admin), world.partnership, PASSED, "Meeting")
    with pytest.raises(PermissionDenied):
        locks.unlock(service_actor(world.council, "editor"), lock, "Correction")
    lock.refresh_from_db()
    assert lock.is_active


def test_another_partnerships_editor_token_may_not_approve_or_lock(world, submitted):
    actor = service_actor(world.other_council, "editor")
    with pytest.raises(PermissionDenied):
        approve(actor, [submitted], partnership=world.partnership)
    with pytest.raises(PermissionDenied):
        locks.lock_through(actor, world.partnership, PASSED, "Meeting")
    submitted.refresh_from_db()
    assert submitted.approved_at is None and not PeriodLock.objects.exists()
