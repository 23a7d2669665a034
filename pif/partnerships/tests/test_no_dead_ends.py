"""No dead ends: crawl the demo partnership as each demo role and check that no link or form
on any page leads that person to a page their role refuses.

A link is a dead end when its view needs a stronger role than the person has (read from the
rule `partnership_view` stores on the view), or when following it answers 403 (a contributor
sent to something another organisation owns). The crawl follows every link within the
partnership, but opens only a few pages of each kind (one indicator page is like another),
and checks the rule of every link it sees.
"""

from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import Resolver404, resolve

from pif.partnerships import demo
from pif.partnerships.access import RULES, Access

PAGES_OF_EACH_KIND = 2
PREFIX = f"/p/{demo.SHORT_NAME}/"


class _Targets(HTMLParser):
    """The addresses a page sends people to: links, and the forms' actions."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.forms: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form" and attrs.get("action"):
            self.forms.append(attrs["action"])


def _targets(html: str) -> _Targets:
    parser = _Targets()
    parser.feed(html)
    return parser


def _path(address: str, page: str) -> str | None:
    """The path of an address within the partnership, or None for one elsewhere."""
    address = urldefrag(address).url
    if not address or address.startswith("?"):
        return None  # the same page, filtered or paged
    parts = urlsplit(address)
    if parts.scheme or parts.netloc or not parts.path.startswith(PREFIX):
        return None
    return parts.path


def _need(path: str) -> str:
    try:
        return getattr(resolve(path).func, "access_rule", "read")
    except Resolver404:
        pytest.fail(f"a link to {path}, which is no page")


def _kind(path: str) -> tuple:
    """Pages of one kind: the same view with the same words in its address, whatever the
    record (each stage page is its own kind; each indicator page is one kind)."""
    match = resolve(path)
    return match.url_name, tuple(sorted(
        (name, value) for name, value in match.kwargs.items() if not str(value).isdigit()))


def _crawl(client, access: Access) -> tuple[int, list[str]]:
    """Visit the partnership as one person; return the pages visited and the dead ends."""
    dead_ends = []
    seen: set[str] = {PREFIX}
    opened_of_kind: Counter = Counter()
    queue = deque([PREFIX])
    visited = 0
    while queue:
        page = queue.popleft()
        response = client.get(page)
        visited += 1
        if response.status_code == 403:
            dead_ends.append(f"{page} answers 403")
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        found = _targets(response.content.decode())
        for address in found.links + found.forms:
            path = _path(address, page)
            if path is None:
                continue
            need = _need(path)
            if not access.has_role(RULES[need]):
                dead_ends.append(f"{page} leads to {path}, which needs {need}")
            elif address in found.links and path not in seen:
                seen.add(path)
                kind = _kind(path)
                if opened_of_kind[kind] < PAGES_OF_EACH_KIND:
                    opened_of_kind[kind] += 1
                    queue.append(path)
    return visited, dead_ends


@pytest.fixture(scope="module")
def demo_partnership(django_db_setup, django_db_blocker):
    from django.db import transaction

    with django_db_blocker.unblock(), transaction.atomic():
        yield demo.load()
        transaction.set_rollback(True)


@pytest.mark.parametrize("demo_user", demo.DEMO_USERS, ids=lambda user: user.role)
def test_no_link_leads_a_member_to_a_page_their_role_refuses(demo_partnership, demo_user,
                                                             client, db):
    from pif.partnerships.access import get_access
    from pif.partnerships.models import Membership

    membership = Membership.objects.get(partnership=demo_partnership,
                                        user__email=demo_user.email)
    client.force_login(membership.user)
    access = get_access(membership.user, demo.SHORT_NAME)
    visited, dead_ends = _crawl(client, access)
    assert visited > 30  # the crawl reached the partnership's pages, not just its overview
    assert dead_ends == [], "\n".join(dead_ends)
