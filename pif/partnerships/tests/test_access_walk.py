"""Walk every URL pattern of the project as each kind of person and check the answer.

A new page is covered automatically: if its view has no access rule, or its URL takes a
keyword with no sample value, this test fails and says what to add.
"""

from importlib import import_module

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from pif import testing


def _merged(name: str) -> dict:
    """pif.testing's table plus those of each app's own `testing` module, if it has one."""
    merged = dict(getattr(testing, name))
    for config in apps.get_app_configs():
        if config.name.startswith("pif."):
            try:
                module = import_module(f"{config.name}.testing")
            except ModuleNotFoundError:
                continue
            merged.update(getattr(module, name, {}))
    return merged


URL_KWARG_SAMPLES = _merged("URL_KWARG_SAMPLES")
URL_STATUS_OVERRIDES = _merged("URL_STATUS_OVERRIDES")

PEOPLE = ("anonymous", "outsider", "viewer", "contributor", "editor", "admin")
RANK = {"viewer": 1, "contributor": 2, "editor": 3, "admin": 4}
NEED = {"read": 1, "contribute": 2, "edit": 3, "admin": 4}


def all_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from all_patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield entry


def expected_get_status(rule: str, person: str) -> int:
    if rule == "public":
        return 200
    if person == "anonymous":
        return 302
    if rule == "login":
        return 200
    if rule == "staff":
        return 403
    if person == "outsider":
        return 404
    return 200 if RANK[person] >= NEED[rule] else 403


def client_for(client, world, person):
    if person == "outsider":
        client.force_login(world.outsider)
    elif person != "anonymous":
        client.force_login(world.users[person])
    return client


def url_for(pattern, world) -> str:
    keywords = pattern.pattern.converters.keys()
    missing = [k for k in keywords if k not in URL_KWARG_SAMPLES]
    assert not missing, (f"URL '{pattern.name}' takes {missing}: add sample values to "
                         "URL_KWARG_SAMPLES in pif/testing.py or the app's testing.py")
    return reverse(pattern.name, kwargs={k: URL_KWARG_SAMPLES[k](world) for k in keywords})


PATTERNS = [p for p in all_patterns() if p.name]


def test_every_url_pattern_is_named():
    unnamed = [str(p.pattern) for p in all_patterns() if not p.name]
    assert unnamed == []


@pytest.mark.parametrize("pattern", PATTERNS, ids=[p.name for p in PATTERNS])
def test_every_view_declares_an_access_rule(pattern):
    assert getattr(pattern.callback, "access_rule", None), (
        f"View for '{pattern.name}' has no access rule: decorate it with partnership_view() "
        "or site_view() from pif.partnerships.access")


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("pattern", PATTERNS, ids=[p.name for p in PATTERNS])
def test_get_answers_each_person_as_the_rule_says(client, world, pattern, person):
    rule = pattern.callback.access_rule
    url = url_for(pattern, world)
    expected = URL_STATUS_OVERRIDES.get((pattern.name, "GET"), {}).get(
        person, expected_get_status(rule, person))
    response = client_for(client, world, person).get(url)
    assert response.status_code == expected, f"GET {url} as {person}"
    if expected == 302 and person == "anonymous":
        assert response["Location"].startswith(reverse("login"))


def history_count(world) -> int:
    from pif.partnerships.models import Event, Membership, Organisation, Partnership
    return (Partnership.history.count() + Organisation.history.count()
            + Membership.history.count() + Event.objects.count())


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("pattern", [p for p in PATTERNS
                                     if p.callback.access_rule in NEED],
                         ids=[p.name for p in PATTERNS if p.callback.access_rule in NEED])
def test_post_is_refused_and_changes_nothing_for_those_the_rule_keeps_out(
        client, world, pattern, person):
    rule = pattern.callback.access_rule
    url = url_for(pattern, world)
    before = history_count(world)
    response = client_for(client, world, person).post(url, {"name": "Changed", "role": "admin"})
    if person == "anonymous":
        assert response.status_code == 302
    elif person == "outsider":
        assert response.status_code == 404
    elif RANK[person] < NEED[rule]:
        assert response.status_code == 403
    elif rule == "read":
        assert response.status_code == 405
    else:
        return  # allowed: the view's own tests check what it does
    assert history_count(world) == before


def test_an_admin_of_one_partnership_cannot_reach_anothers_organisation(client, world):
    client.force_login(world.admin)
    url = reverse("organisation_edit", args=["alpha", world.other_council.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "Taken", "kind": "council",
                             "short_code": "TK"}).status_code == 404
    world.other_council.refresh_from_db()
    assert world.other_council.name == "Beta Council"


def test_a_member_of_one_partnership_gets_404_for_anothers_pages(client, world):
    client.force_login(world.admin)
    assert client.get(reverse("partnership", args=["beta"])).status_code == 404
    assert client.get(reverse("members", args=["beta"])).status_code == 404
    assert client.get(reverse("partnership", args=["no-such"])).status_code == 404
