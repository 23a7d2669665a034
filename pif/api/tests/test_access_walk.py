"""Walk every API operation with every kind of token and check the answer.

The operations are read from the API's own OpenAPI schema, so a route added later is walked
without changing this file; a route whose path takes a parameter with no sample fails and
says to add one to pif/api/tests/samples.py.

- A token of the other partnership (its admin's, or its service token) gets 404 for this
  partnership's objects, for reads and writes alike, and a write changes nothing.
- This partnership's admin gets 404 for the other partnership's ids under this partnership's
  short name, and nothing changes.
- Every role can read what it is a member of (a viewer's read answers 200), and a service
  token answers as a person of the same role does.
- A viewer, personal or service, can change nothing at all.

The world is built once for the module (see `api_walk_world`); each test runs in a savepoint
rolled back after it.
"""

import pytest

from pif.api.tests.conftest import (
    OTHER,
    PERSONAL,
    SERVICE_ROLES,
    api_operations,
    changed_tables,
    openapi_schema,
    row_counts,
    send,
)
from pif.api.tests.samples import missing_samples

SCHEMA = openapi_schema()
OPERATIONS = api_operations(SCHEMA)
IN_A_PARTNERSHIP = [op for op in OPERATIONS if "short_name" in op.path_parameters]
READS = [op for op in IN_A_PARTNERSHIP if op.method == "get"]
WRITES = [op for op in IN_A_PARTNERSHIP if op.method != "get"]
WITH_IDS = [op for op in IN_A_PARTNERSHIP if len(op.path_parameters) > 1]
RANK = {"viewer": 1, "contributor": 2, "editor": 3, "admin": 4}

# Reads a viewer may not make, as on the web (the page is for editors), by operation:
# {"GET /api/v1/partnerships/{short_name}/...": "why"}. Empty while every read is for viewers.
NOT_FOR_VIEWERS: dict[str, str] = {}


def ids(operations):
    return [operation.id for operation in operations]


def _send(client, operation, url, headers):
    return send(client, operation, url, SCHEMA, headers)


def _samples(samples, operation) -> dict:
    missing = missing_samples(operation.path_parameters)
    assert not missing, (f"{operation.id} takes {missing}: add a sample for each to "
                         "API_PATH_SAMPLES in pif/api/tests/samples.py")
    return samples


def _is_error_out(response) -> bool:
    body = response.json()
    return isinstance(body, dict) and isinstance(body.get("detail"), str) and body["detail"]


def test_the_walk_finds_the_api_operations():
    assert any(operation.path == "/api/v1/partnerships" for operation in OPERATIONS), (
        "the API lists no /partnerships route; is the schema read from the right API?")


def test_every_path_parameter_has_a_sample():
    missing = {operation.id: missing_samples(operation.path_parameters)
               for operation in OPERATIONS if missing_samples(operation.path_parameters)}
    assert missing == {}, ("add a sample for each to API_PATH_SAMPLES in "
                           "pif/api/tests/samples.py")


@pytest.mark.parametrize("holder", OTHER)
@pytest.mark.parametrize("operation", IN_A_PARTNERSHIP, ids=ids(IN_A_PARTNERSHIP))
def test_another_partnerships_token_finds_nothing_and_changes_nothing(
        client, walk_world, operation, holder):
    url = operation.url(_samples(walk_world.samples, operation))
    before = row_counts()
    response = _send(client, operation, url, walk_world.headers(holder))
    assert response.status_code == 404, f"{operation.id} as {holder}: {url}"
    assert _is_error_out(response)
    assert changed_tables(before, row_counts()) == {}, f"{url} as {holder} changed the data"


# Words only Beta's data hold (see build_other_world): none may appear in Alpha's answers.
BETA_MARKERS = ("BT-DTOC", "NHS Beta", "Beta Council", "Beta Partnership", "@beta.test")


def test_beta_sees_its_own_marked_data(client, walk_world):
    """The markers below are in Beta's answers, so their absence from Alpha's means something."""
    response = client.get("/api/v1/partnerships/beta/indicators",
                          headers=walk_world.headers("other viewer"))
    assert response.status_code == 200
    assert "BT-DTOC" in response.content.decode()


def test_the_partnerships_list_shows_only_the_tokens_own(client, walk_world):
    answers = {holder: client.get("/api/v1/partnerships", headers=walk_world.headers(holder))
               for holder in ("viewer", "service viewer", "other viewer")}
    assert all(response.status_code == 200 for response in answers.values())
    shown = {holder: [item["short_name"] for item in response.json()["items"]]
             for holder, response in answers.items()}
    assert shown == {"viewer": ["alpha"], "service viewer": ["alpha"],
                     "other viewer": ["beta"]}


@pytest.mark.parametrize("operation", READS, ids=ids(READS))
def test_reads_show_nothing_of_the_other_partnership(client, walk_world, operation):
    url = operation.url(_samples(walk_world.samples, operation))
    response = client.get(url, headers=walk_world.headers("admin"))
    assert response.status_code == 200
    text = response.content.decode()
    leaked = [marker for marker in BETA_MARKERS if marker in text]
    assert leaked == [], f"{url} shows Beta's {leaked}"


@pytest.mark.parametrize("operation", WITH_IDS, ids=ids(WITH_IDS))
def test_the_other_partnerships_ids_give_404_and_change_nothing(client, walk_world,
                                                                 operation):
    ours = _samples(walk_world.samples, operation)
    theirs = _samples(walk_world.other_samples, operation)
    swapped = [name for name in operation.path_parameters
               if name != "short_name" and theirs[name] != ours[name]]
    if not swapped:
        pytest.skip(f"{operation.id} takes no id that differs between partnerships")
    for name in swapped:
        url = operation.url({**ours, name: theirs[name]})
        before = row_counts()
        response = _send(client, operation, url, walk_world.headers("admin"))
        assert response.status_code == 404, (
            f"{operation.id} with the other partnership's {name}: {url} answered "
            f"{response.status_code}")
        assert changed_tables(before, row_counts()) == {}, f"{url} changed the data"


@pytest.mark.parametrize("operation", IN_A_PARTNERSHIP, ids=ids(IN_A_PARTNERSHIP))
def test_an_unknown_partnership_gives_404(client, walk_world, operation):
    url = operation.url({**_samples(walk_world.samples, operation), "short_name": "no-such"})
    response = _send(client, operation, url, walk_world.headers("admin"))
    assert response.status_code == 404, url


@pytest.mark.parametrize("operation", READS, ids=ids(READS))
def test_each_role_reads_as_its_role_allows(client, walk_world, operation):
    url = operation.url(_samples(walk_world.samples, operation))
    answers = {holder: client.get(url, headers=walk_world.headers(holder)).status_code
               for holder in PERSONAL + tuple(f"service {role}" for role in SERVICE_ROLES)}
    assert answers["admin"] == 200, f"{url}: {answers}"
    viewer_answer = 403 if operation.id in NOT_FOR_VIEWERS else 200
    assert answers["viewer"] == viewer_answer, f"{url}: {answers}"
    assert set(answers.values()) <= {200, 403}, f"{url}: {answers}"
    allowed = [RANK[role] for role in PERSONAL if answers[role] == 200]
    assert allowed == list(range(min(allowed), 5)), f"a higher role is refused: {answers}"
    for role in SERVICE_ROLES:
        assert answers[f"service {role}"] == answers[role], (
            f"{url}: a service token answers unlike a person of its role: {answers}")


@pytest.mark.parametrize("holder", ("viewer", "service viewer"))
@pytest.mark.parametrize("operation", WRITES, ids=ids(WRITES))
def test_a_viewer_changes_nothing(client, walk_world, operation, holder):
    url = operation.url(_samples(walk_world.samples, operation))
    before = row_counts()
    response = _send(client, operation, url, walk_world.headers(holder))
    assert response.status_code in (403, 404), (
        f"{operation.id} as {holder}: {url} answered {response.status_code}")
    assert _is_error_out(response)
    assert changed_tables(before, row_counts()) == {}, f"{url} as {holder} changed the data"


def test_the_walk_builds_a_body_that_fits_each_write(client, walk_world):
    """The refusals above mean something only if the request got past the schema: an
    admin's minimal request must not be refused for its shape (a 422 from the schema)."""
    misfits = {}
    for operation in WRITES:
        url = operation.url(_samples(walk_world.samples, operation))
        response = _send(client, operation, url, walk_world.headers("admin"))
        if response.status_code == 422 and "does not fit the schema" in response.json()["detail"]:
            misfits[operation.id] = response.json()["errors"]
    assert misfits == {}
