"""The review fixes' pages in a browser: a meeting unlocked after locking, the lock page
refusing a data date still to come, and a briefed meeting's change form (only the place
can change); axe and the 320-pixel check."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE
from pif.measures import locks
from pif.reviews import models as m
from pif.reviews.services import meetings as services
from pif.reviews.testing import make_meeting, make_series
from pif.testing import PASSWORD, build_world
from tests.browser.conftest import check_page, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def look(page, name: str) -> None:
    check_page(page, f"review-meeting-fixes-{name}")


def test_unlocked_meeting_future_data_and_briefed_change(page, transactional_db):
    world = build_world()
    series = make_series(world.partnership, world.editor)
    meeting = make_meeting(series)
    services.lock_period(Actor(user=world.editor), meeting, loaded_version=PROGRAM_CHANGE)
    locks.unlock(Actor(user=world.admin), locks.active_lock(world.partnership), "Correction")
    later = make_meeting(series, starts_at=meeting.starts_at + datetime.timedelta(days=90),
                         data_to=datetime.date.today() + datetime.timedelta(days=40))
    briefed = make_meeting(series, starts_at=meeting.starts_at + datetime.timedelta(days=30),
                           stage=m.MeetingStage.BRIEFED)
    sign_in(page, world.editor.email, PASSWORD)
    page.goto(reverse("meeting", args=["alpha", meeting.pk]))
    expect(page.get_by_text("Unlocked since it was locked on")).to_be_visible()
    look(page, "01-meeting-unlocked")
    page.get_by_role("button", name="Lock the reporting period").click()
    page.get_by_role("button", name="Lock the period").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Reporting period locked")
    page.goto(reverse("meeting_lock", args=["alpha", later.pk]))
    page.get_by_role("button", name="Lock the period").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("“Data up to” date")
    look(page, "02-lock-future-data")
    page.goto(reverse("meeting_edit", args=["alpha", briefed.pk]))
    expect(page.get_by_label("Date", exact=True)).to_be_disabled()
    look(page, "03-briefed-change")
