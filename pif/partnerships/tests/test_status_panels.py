"""The overview registry (pif/partnerships/overview.py): status counts and tasks, one
provider list, links filtered by what the person may open."""

import pytest
from django.urls import reverse

from pif.partnerships import overview

pytestmark = pytest.mark.django_db


def test_a_count_links_only_to_a_page_the_person_may_open(client, world, monkeypatch):
    name = world.partnership.short_name
    panel = overview.Panel("Data", (
        overview.Count(2, "value waiting", "values waiting", reverse("approvals", args=[name])),
        overview.Count(3, "member", "members", reverse("members", args=[name])),
        overview.Count(0, "risk", "risks", reverse("risks", args=[name]))))
    monkeypatch.setattr(overview, "_providers", [lambda access: [panel]])
    client.force_login(world.viewer)
    page = client.get(reverse("partnership", args=[name])).content.decode()
    assert "values waiting" in page and reverse("approvals", args=[name]) not in page
    assert f'href="{reverse("members", args=[name])}"' in page
    assert f'href="{reverse("risks", args=[name])}"' not in page  # nothing there to open
    assert "0</span> risks" in page


def test_one_provider_gives_tasks_and_counts_each_in_its_place(world, monkeypatch):
    from pif.partnerships.access import get_access

    task = overview.Task("Data you need to submit", "/somewhere/", "3 figures")
    panel = overview.Panel("Risks", (overview.Count(1, "risk review overdue"),))
    monkeypatch.setattr(overview, "_providers", [lambda access: [task, panel]])
    found = overview.for_person(get_access(world.viewer, "alpha"))
    assert found.tasks == (task,)
    assert found.panels == (panel,)


def test_with_nothing_registered_the_overview_has_no_block(client, world, monkeypatch):
    monkeypatch.setattr(overview, "_providers", [])
    client.force_login(world.viewer)
    page = client.get(reverse("partnership", args=[world.partnership.short_name]))
    assert "How the partnership is doing" not in page.content.decode()
