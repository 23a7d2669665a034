"""Walk every URL pattern of the project as each kind of person and check the answer.

A new page is covered automatically: if its view has no access rule, or its URL takes a
keyword with no sample value, this test fails and says what to add.

The walk makes over a thousand requests, so it builds its world (and every URL sample) once
for the module, in a transaction rolled back at the end; each test runs in a savepoint of its
own inside it, so no request can change what the next one sees.
"""

from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection, transaction
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


@pytest.fixture(scope="module")
def walk_world(django_db_setup, django_db_blocker):
    """The world and a sample for every URL keyword, made once for the whole walk."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = testing.build_world()
        samples = {keyword: sample(world) for keyword, sample in URL_KWARG_SAMPLES.items()}
        yield world, samples, row_counts()
        transaction.set_rollback(True)


@pytest.fixture
def world(walk_world, db):
    """The module's world. `db` runs each test in a savepoint rolled back after it, so each
    test starts from the world as it was built."""
    world, _, counts_as_built = walk_world
    assert row_counts() == counts_as_built, "an earlier test left changes in the world"
    return world


@pytest.fixture
def samples(walk_world, db):
    return walk_world[1]


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


def url_for(pattern, samples) -> str:
    keywords = pattern.pattern.converters.keys()
    missing = [k for k in keywords if k not in samples]
    assert not missing, (f"URL '{pattern.name}' takes {missing}: add sample values to "
                         "URL_KWARG_SAMPLES in pif/testing.py or the app's testing.py")
    return reverse(pattern.name, kwargs={k: samples[k] for k in keywords})


# The API's routes answer tokens, not sessions: pif/api/tests/test_access_walk.py walks
# them with every role's token and another partnership's.
PATTERNS = [p for p in all_patterns()
            if p.name and getattr(p.callback, "access_rule", None) != "api"]


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
def test_get_answers_each_person_as_the_rule_says(client, world, samples, pattern, person):
    rule = pattern.callback.access_rule
    url = url_for(pattern, samples)
    expected = URL_STATUS_OVERRIDES.get((pattern.name, "GET"), {}).get(
        person, expected_get_status(rule, person))
    response = client_for(client, world, person).get(url)
    assert response.status_code == expected, f"GET {url} as {person}"
    if expected == 302 and person == "anonymous":
        assert response["Location"].startswith(reverse("login"))


def row_counts() -> dict:
    """How many rows each table holds, in one query. A refused request must not add or remove
    a row anywhere, and a change to any tracked record would add a row to its history."""
    quote = connection.ops.quote_name
    tables = sorted({model._meta.db_table
                     for model in apps.get_models(include_auto_created=True)})
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("pattern", [p for p in PATTERNS
                                     if p.callback.access_rule in NEED],
                         ids=[p.name for p in PATTERNS if p.callback.access_rule in NEED])
def test_post_is_refused_and_changes_nothing_for_those_the_rule_keeps_out(
        client, world, samples, pattern, person):
    rule = pattern.callback.access_rule
    url = url_for(pattern, samples)
    client = client_for(client, world, person)
    before = row_counts()
    response = client.post(url, {"name": "Changed", "role": "admin"})
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
    assert row_counts() == before, f"POST {url} as {person} changed the database"


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
