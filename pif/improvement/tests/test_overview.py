"""Stage 3 on the partnership overview: your own overdue and due-soon actions, the
partnership's overdue and stale actions, projects needing an update and, for editors,
projects waiting for approval; links only to pages the person may open."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pif.improvement import models as m
from pif.improvement import overview as stage3
from pif.improvement.testing import make_action, make_cycle, make_project
from pif.partnerships import overview
from pif.partnerships.access import get_access
from pif.partnerships.models import Partnership

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
QUIET = TODAY - datetime.timedelta(days=stage3.PROJECT_QUIET_DAYS + 1)


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def panel(world, role="viewer") -> dict[str, int]:
    found = stage3.action_panels(get_access(world.users[role], "alpha"))
    assert [p.title for p in found] == ["Take action"]
    return {item.words: item.count for item in found[0].counts}


def home(client, world, role) -> str:
    client.force_login(world.users[role])
    return client.get(reverse("partnership", args=["alpha"])).content.decode()


def test_your_actions_counts_your_overdue_and_due_soon_actions(world):
    me = world.contributor
    make_action(world.partnership, world.health_board, "A01", owner=me, due_date=days(-1))
    make_action(world.partnership, world.health_board, "A02", owner=me, due_date=days(14))
    make_action(world.partnership, world.health_board, "A03", owner=me, due_date=days(15))
    make_action(world.partnership, world.health_board, "A04", owner=me, due_date=days(-5),
                status=m.ActionStatus.COMPLETE)
    make_action(world.partnership, world.health_board, "A05", owner=world.editor,
                due_date=days(-1))
    tasks = stage3.my_actions(get_access(me, "alpha"))
    assert tasks == [overview.Task("Your actions", reverse("my_actions", args=["alpha"]),
                                   "1 overdue, 1 due within 14 days")]


def test_with_nothing_due_there_is_no_task(world):
    make_action(world.partnership, world.health_board, owner=world.contributor,
                due_date=days(60))
    assert stage3.my_actions(get_access(world.contributor, "alpha")) == []


def test_the_overview_shows_your_actions_linked_to_my_actions(client, world):
    make_action(world.partnership, world.health_board, owner=world.viewer, due_date=days(-1))
    page = home(client, world, "viewer")
    assert f'<a class="govuk-link" href="{reverse("my_actions", args=["alpha"])}">' \
           "Your actions</a>: 1 overdue" in page


def test_the_panel_counts_overdue_and_stale_actions(world):
    make_action(world.partnership, world.health_board, "A01", due_date=days(-1),
                last_progress_on=TODAY)
    make_action(world.partnership, world.health_board, "A02", due_date=days(10),
                last_progress_on=days(-61))
    make_action(world.other_partnership, world.other_council, "A01", due_date=days(-1))
    found = panel(world)
    assert found["action overdue"] == 1
    assert found["action with no update for 60 days"] == 1


def test_a_project_needs_an_update_after_30_quiet_days(world):
    quiet = make_project(world.partnership, world.health_board, "Quiet",
                         status=m.Project.Status.ACTIVE, approved_on=QUIET)
    m.Project.objects.filter(pk=quiet.pk).update(
        created=timezone.now() - datetime.timedelta(days=90))
    busy = make_project(world.partnership, world.health_board, "Busy",
                        status=m.Project.Status.ACTIVE, approved_on=QUIET)
    m.Project.objects.filter(pk=busy.pk).update(
        created=timezone.now() - datetime.timedelta(days=90))
    make_cycle(busy, start_date=QUIET)  # added today: the project is not quiet
    scored = make_project(world.partnership, world.health_board, "Scored",
                          status=m.Project.Status.ACTIVE, approved_on=QUIET)
    m.Project.objects.filter(pk=scored.pk).update(
        created=timezone.now() - datetime.timedelta(days=90))
    m.ProgressScore.objects.create(project=scored, scored_on=days(-3), score="1.5",
                                   scale_version="2026")
    assert stage3.quiet_projects(world.partnership) == 1
    assert panel(world)["project with nothing new for 30 days"] == 1


def test_a_new_project_is_not_quiet(world):
    make_project(world.partnership, world.health_board, status=m.Project.Status.ACTIVE)
    assert stage3.quiet_projects(world.partnership) == 0


def test_only_editors_see_projects_waiting_for_approval(world):
    make_project(world.partnership, world.health_board)
    assert "projects waiting for approval" not in panel(world, "contributor")
    assert "project waiting for approval" not in panel(world, "contributor")
    assert panel(world, "editor")["project waiting for approval"] == 1


@pytest.mark.parametrize("role", ["viewer", "contributor", "editor", "admin"])
def test_the_panel_links_only_to_pages_the_role_may_open(client, world, role):
    make_action(world.partnership, world.health_board, due_date=days(-1))
    page = home(client, world, role)
    url = reverse("actions", args=["alpha"]) + "?status=overdue"
    assert "action overdue" in page
    access = get_access(world.users[role], "alpha")
    assert (f'href="{url}"' in page) == access.can_open(url)


def test_when_all_is_well_the_panel_says_so(client, world):
    page = home(client, world, "viewer")
    assert ("No action is overdue, every action has had an update in the last 60 days, and "
            "every active project is up to date.") in page


def grow(world, start, stop):
    for n in range(start, stop):
        make_action(world.partnership, world.health_board, f"A{n:03}", owner=world.editor,
                    due_date=days(-1))
        make_action(world.partnership, world.health_board, f"B{n:03}", owner=world.editor,
                    due_date=days(3))
        project = make_project(world.partnership, world.health_board, f"Project {n}",
                               status=m.Project.Status.ACTIVE)
        make_cycle(project)
        m.ProgressScore.objects.create(project=project, scored_on=days(-40), score="1.0",
                                       scale_version="2026")
        make_project(world.partnership, world.health_board, f"Waiting {n}")


def providers_queries(world) -> tuple[int, overview.Overview]:
    partnership = Partnership.objects.get(pk=world.partnership.pk)  # nothing kept on it
    access = get_access(world.editor, "alpha")
    access = type(access)(partnership=partnership, membership=access.membership)
    with CaptureQueriesContext(connection) as context:
        found = [*stage3.my_actions(access), *stage3.action_panels(access)]
    return len(context.captured_queries), found


def test_the_providers_cost_the_same_with_3_or_30_rows(world):
    grow(world, 0, 3)
    few, found = providers_queries(world)
    assert found[0].summary == "3 overdue, 3 due within 14 days"
    grow(world, 3, 30)
    many, found = providers_queries(world)
    assert found[0].summary == "30 overdue, 30 due within 14 days"
    assert {c.words: c.count for c in found[1].counts}["projects waiting for approval"] == 30
    assert many == few <= 6


def test_an_outsider_gets_no_overview(client, world):
    client.force_login(world.outsider)
    assert client.get(reverse("partnership", args=["alpha"])).status_code == 404
