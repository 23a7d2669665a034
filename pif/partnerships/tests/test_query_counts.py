"""Pages must cost the same number of queries however many rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE
from pif.partnerships import history, services
from pif.partnerships.models import Organisation, Partnership
from pif.testing import make_user

PAGES = ["/p/alpha/", "/p/alpha/members/", "/p/alpha/organisations/", "/p/alpha/history/",
         "/p/alpha/activity/", "/p/alpha/stages/conditions/", "/"]


def grow(world, start, stop):
    """Add organisations, members and changes of every kind, numbered start..stop-1."""
    actor = Actor(user=world.admin)
    for n in range(start, stop):
        organisation = services.add_organisation(actor, world.partnership, name=f"Org {n}",
                                                 kind="other", short_code=f"ORG{n}")
        services.change_organisation(actor, organisation, name=f"Org {n} renamed",
                                     kind="community", short_code=f"ORG{n}",
                                     loaded_version=PROGRAM_CHANGE)
        user = make_user(f"person{n}@alpha.test", f"Person {n}")
        membership, _ = services.add_member(actor, world.partnership, email=user.email,
                                            role="viewer", organisation=organisation)
        services.change_membership(actor, membership, role="editor", organisation=organisation,
                                   loaded_version=PROGRAM_CHANGE)
        services.update_settings(actor, world.partnership.pk,
                                 {"name": f"Alpha {n}"}, loaded_version=Partnership.objects.get(
                                     pk=world.partnership.pk).version)


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.parametrize("url", PAGES)
def test_the_page_costs_the_same_with_3_or_30_rows(client, world, url):
    grow(world, 0, 3)
    client.force_login(world.viewer)
    count_queries(client, url)  # warm up the session and caches
    few = count_queries(client, url)
    grow(world, 3, 30)
    assert Organisation.objects.filter(partnership=world.partnership).count() == 32
    many = count_queries(client, url)
    if url.endswith("/history/"):
        # The history page reads the rows it shows once for each kind of change on it, and
        # the older changes of the world fall off the page as more are made.
        assert many <= few, f"{url}: {few} queries with 3 rows, {many} with 30"
    else:
        assert many == few, f"{url}: {few} queries with 3 rows, {many} with 30"


@pytest.mark.parametrize("url", ["/p/alpha/members/", "/p/alpha/organisations/",
                                 "/p/alpha/activity/"])
def test_the_list_pages_need_few_queries(client, world, url, django_assert_max_num_queries):
    grow(world, 0, 5)
    client.force_login(world.viewer)
    client.get(url)
    # Session, user, membership, rows (and a count for the paged activity log).
    with django_assert_max_num_queries(6):
        assert client.get(url).status_code == 200


def test_the_history_page_needs_at_most_two_queries_per_kind_of_record(
        client, world, django_assert_max_num_queries):
    grow(world, 0, 5)
    client.force_login(world.viewer)
    client.get("/p/alpha/history/")
    # Session, user, membership, people for the filter; records and earlier records per kind.
    with django_assert_max_num_queries(4 + 2 * len(history.kinds())):
        assert client.get("/p/alpha/history/").status_code == 200
