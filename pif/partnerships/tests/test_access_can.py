"""`Access.can(need)` and `Access.can_open(url)`: the one answer to "may this member do X",
in the words views declare with `partnership_view`."""

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse, set_script_prefix

from pif.partnerships.access import get_access

ROLES = ["viewer", "contributor", "editor", "admin"]


@pytest.mark.parametrize(("need", "lowest"), [("read", "viewer"), ("contribute", "contributor"),
                                              ("edit", "editor"), ("admin", "admin")])
def test_can_answers_by_role(world, need, lowest):
    allowed = [role for role in ROLES if get_access(world.users[role], "alpha").can(need)]
    assert allowed == ROLES[ROLES.index(lowest):]


@pytest.mark.parametrize(("url_name", "lowest"), [("members", "viewer"),
                                                   ("approvals", "editor"),
                                                   ("partnership_settings", "admin")])
def test_can_open_reads_the_rule_of_the_view_behind_the_address(world, url_name, lowest):
    url = reverse(url_name, args=["alpha"])
    allowed = [role for role in ROLES if get_access(world.users[role], "alpha").can_open(url)]
    assert allowed == ROLES[ROLES.index(lowest):]


def test_an_address_outside_the_partnerships_pages_is_left_to_its_own_page(world):
    access = get_access(world.viewer, "alpha")
    assert access.can_open("https://www.gov.scot/")
    assert access.can_open(reverse("home"))


def test_templates_ask_with_the_can_open_filter(world):
    template = Template("{% load access %}{% if access|can_open:url %}link{% endif %}")
    url = reverse("partnership_settings", args=["alpha"])
    rendered = [template.render(Context({"access": get_access(world.users[role], "alpha"),
                                         "url": url})) for role in ROLES]
    assert rendered == ["", "", "", "link"]


@pytest.fixture
def behind_a_proxy():
    """Served under /pif/, as with FORCE_SCRIPT_NAME: every reversed address carries it. (The
    test client does not set the prefix from the setting, so set it as Django's handler does.)"""
    with override_settings(FORCE_SCRIPT_NAME="/pif"):
        set_script_prefix("/pif/")
        try:
            yield
        finally:
            set_script_prefix("/")


def test_can_open_reads_the_rule_behind_an_address_under_a_script_prefix(world, behind_a_proxy):
    url = reverse("partnership_settings", args=["alpha"])
    assert url.startswith("/pif/p/")
    allowed = [role for role in ROLES if get_access(world.users[role], "alpha").can_open(url)]
    assert allowed == ["admin"]


def test_the_menu_hides_sections_under_a_script_prefix(client, world, behind_a_proxy):
    """The partnership menu shows a section only to those its page lets in."""
    client.force_login(world.viewer)
    page = client.get("/p/alpha/").content.decode()  # the path after the prefix
    scorecard, my_data = (reverse(name, args=["alpha"]) for name in ("scorecard", "my_data"))
    assert f'href="{scorecard}"' in page and scorecard.startswith("/pif/")
    assert my_data not in page  # a contributor's page


def test_a_staff_page_opens_only_for_staff(world):
    url = reverse("partnership_create")
    access = get_access(world.admin, "alpha")
    assert not access.can_open(url)
    world.admin.is_staff = True
    world.admin.save()
    assert get_access(world.admin, "alpha").can_open(url)
