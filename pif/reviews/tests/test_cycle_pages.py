"""The cycle pages: the list and switcher, starting, closing with a review, correcting it,
starting the next cycle, and a closed cycle read from its snapshot only."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pif.improvement.testing import make_action
from pif.measures.testing import make_indicator
from pif.reviews.models import Cycle
from pif.reviews.testing import make_assessment, make_cycle

REVIEW = {"what_worked": "Daily huddles", "lessons": "Start data early",
          "performance_summary": "A steady year"}


def url(name, *args):
    return reverse(name, args=["alpha", *args])


def test_cycles_page_offers_the_first_cycle_to_editors_only(client, world):
    client.force_login(world.users["viewer"])
    page = client.get(url("cycles")).content.decode()
    assert "No cycle yet" in page and url("cycle_start") not in page
    client.force_login(world.users["editor"])
    page = client.get(url("cycles")).content.decode()
    assert url("cycle_start") in page


def test_starting_a_cycle(client, world):
    client.force_login(world.users["editor"])
    assert "the year we are in" in client.get(url("cycle_start")).content.decode()
    response = client.post(url("cycle_start"), {"first_year": "2026"})
    assert response.status_code == 302
    cycle = Cycle.objects.get(partnership=world.partnership)
    assert cycle.label == "2026/27"
    page = client.post(url("cycle_start"), {"first_year": "2027"}).content.decode()
    assert "Cycle 2026/27 is open" in page


def test_closing_drafts_the_summary_and_checks_the_review(client, world):
    make_indicator(world.partnership, owner=world.council, code="A1", values=[1, 2, 3])
    cycle = make_cycle(world.partnership)
    client.force_login(world.users["editor"])
    page = client.get(url("cycle_review", cycle.pk)).content.decode()
    assert "In 2026/27 the partnership tracked 1 indicator." in page
    assert "Did it work?" in page
    page = client.post(url("cycle_review", cycle.pk),
                       {"version": cycle.version, "what_worked": "", "lessons": "x",
                        "performance_summary": "y"}).content.decode()
    assert "Enter what worked this year" in page
    cycle.refresh_from_db()
    assert not cycle.is_closed


def test_closing_another_partnerships_assessment_is_refused(client, world):
    cycle = make_cycle(world.partnership)
    theirs = make_assessment(world.other_partnership)
    client.force_login(world.users["editor"])
    page = client.post(url("cycle_review", cycle.pk),
                       {**REVIEW, "version": cycle.version, "assessment": theirs.pk}
                       ).content.decode()
    assert "Select a valid choice" in page


def test_a_stale_review_is_refused(client, world):
    cycle = make_cycle(world.partnership)
    client.force_login(world.users["editor"])
    cycle.lessons = "Someone else"
    cycle.version += 1
    cycle.save()
    response = client.post(url("cycle_review", cycle.pk), {**REVIEW, "version": 1})
    assert response.status_code == 200
    cycle.refresh_from_db()
    assert not cycle.is_closed


def test_close_then_read_the_snapshot_then_start_the_next(client, world):
    indicator = make_indicator(world.partnership, owner=world.council, code="A1",
                               values=[1, 2, 3])
    make_action(world.partnership, world.council, title="Open the clinic")
    cycle = make_cycle(world.partnership)
    client.force_login(world.users["editor"])
    response = client.post(url("cycle_review", cycle.pk), {**REVIEW, "version": 1})
    assert response.status_code == 302
    indicator.title = "A later title"
    indicator.save()
    page = client.get(url("cycle", cycle.pk)).content.decode()
    assert "Indicator A1" in page and "A later title" not in page
    assert "A01 Open the clinic" in page and "Daily huddles" in page
    assert url("cycle_next", cycle.pk) in page
    # The live landing page links to the closed cycle.
    page = client.get(url("reviews")).content.decode()
    assert "See the closed cycle 2026/27" in page
    response = client.post(url("cycle_next", cycle.pk))
    assert response.status_code == 302
    following = Cycle.objects.get(partnership=world.partnership, first_year=2027)
    assert not following.is_closed
    page = client.get(url("cycles"), follow=True).content.decode()
    assert "Cycle 2027/28 started" in page and "1 open action carried over" in page


def test_correcting_a_closed_review(client, world):
    cycle = make_cycle(world.partnership, state=Cycle.State.CLOSED, **REVIEW,
                       snapshot={"indicators": [], "actions": [], "outcomes": [],
                                 "register": [], "counts": {}, "follow_ups": {}})
    client.force_login(world.users["editor"])
    assert "Correct the review of 2026/27" in client.get(
        url("cycle_review", cycle.pk)).content.decode()
    client.post(url("cycle_review", cycle.pk), {**REVIEW, "lessons": "Fixed", "version": 1})
    cycle.refresh_from_db()
    assert cycle.lessons == "Fixed" and cycle.is_closed


def test_next_on_an_open_cycle_says_close_first(client, world):
    cycle = make_cycle(world.partnership)
    client.force_login(world.users["editor"])
    page = client.post(url("cycle_next", cycle.pk)).content.decode()
    assert "Close this cycle with a review before starting the next one." in page
    assert not Cycle.objects.filter(first_year=2027).exists()


def test_the_switcher_goes_to_the_chosen_cycle(client, world):
    first = make_cycle(world.partnership, first_year=2025, state=Cycle.State.CLOSED)
    make_cycle(world.partnership)
    client.force_login(world.users["viewer"])
    response = client.get(url("cycles"), {"cycle": first.pk})
    assert response["Location"] == url("cycle", first.pk)
    other = make_cycle(world.other_partnership)
    assert client.get(url("cycles"), {"cycle": other.pk}).status_code == 200
    assert client.get(url("cycle", other.pk)).status_code == 404


def _cycles_page_queries(client, world, first_year, count) -> int:
    for year in range(first_year, first_year + count):
        make_cycle(world.partnership, first_year=year, state=Cycle.State.CLOSED,
                   closed_by=world.users["editor"],
                   closed_at=datetime.datetime(year + 1, 4, 2, tzinfo=datetime.UTC))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("cycles")).status_code == 200
    return len(queries)


def test_the_cycles_page_reads_a_fixed_number_of_queries(client, world):
    client.force_login(world.users["viewer"])
    few = _cycles_page_queries(client, world, 2000, 3)
    assert _cycles_page_queries(client, world, 2003, 27) == few


def test_each_page_answers_each_role_as_its_rule_says(client, world):
    """A small walk of this area's pages (the project's walk covers them too)."""
    cycle = make_cycle(world.partnership)
    pages = {"reviews": (), "cycles": (), "cycle": (cycle.pk,), "cycle_start": (),
             "cycle_review": (cycle.pk,), "cycle_next": (cycle.pk,)}
    edit = {"cycle_start", "cycle_review", "cycle_next"}
    for name, args in pages.items():
        for role in ("viewer", "contributor", "editor", "admin"):
            client.force_login(world.users[role])
            status = client.get(url(name, *args)).status_code
            needed = 200 if name not in edit or role in ("editor", "admin") else 403
            assert status == needed, (name, role)
        client.force_login(world.outsider)
        assert client.get(url(name, *args)).status_code == 404, name


def test_the_cycles_page_says_when_the_open_cycle_is_due_to_close(client, world):
    from django.utils import timezone

    from pif.reviews.testing import make_cycle

    today = timezone.localdate()
    cycle = make_cycle(world.partnership, first_year=today.year - 1)
    cycle.ends_on = today
    cycle.save()
    client.force_login(world.viewer)
    page = client.get(f"/p/{world.partnership.short_name}/review/cycles/").content.decode()
    assert "It is due to close." in page
