"""Shared fixtures for the API's tests: two partnerships with data, and a token for everyone.

`api_world` (one test) and `api_walk_world` (built once for a module, rolled back at its end)
give an `ApiWorld`:

- `world`: pif.testing's world (Alpha, with a viewer, contributor, editor and admin) and
  `other`: the same shape for Beta, whose admin is the world's outsider;
- each partnership holds an indicator with values and commentary, a target, an outcome, a
  risk and an action with a progress update;
- `secrets[holder]` a token secret for each holder in `HOLDERS`, and `headers(holder)`, the
  request headers carrying it.

    def test_something(client, api_world):
        response = client.get("/api/v1/partnerships", headers=api_world.headers("viewer"))
"""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from pif.actors import COMMAND_LINE
from pif.testing import ROLES, World, build_world, make_user

API_ROOT = "/api/v1"

SERVICE_ROLES = ("viewer", "contributor", "editor")  # a service token cannot be an admin
PERSONAL = ROLES
SERVICE = tuple(f"service {role}" for role in SERVICE_ROLES)
# Tokens of Beta, the other partnership.
OTHER = ("other admin", "other viewer", "other service viewer", "other service editor")
HOLDERS = PERSONAL + SERVICE + OTHER


@dataclass
class ApiWorld:
    world: World
    other: World
    secrets: dict = field(default_factory=dict)
    # A value for every path parameter of the API, naming objects of each partnership.
    samples: dict = field(default_factory=dict)
    other_samples: dict = field(default_factory=dict)

    def headers(self, holder: str) -> dict:
        return {"Authorization": f"Bearer {self.secrets[holder]}"}


def build_other_world(world: World) -> World:
    """Beta seen as a world of its own: its admin is `world.outsider`; a viewer, contributor
    and editor are added, and a health board for the contributor."""
    from pif.measures.testing import make_indicator
    from pif.partnerships.models import Membership, Organisation

    beta = world.other_partnership
    health_board = Organisation.objects.create(partnership=beta, name="NHS Beta",
                                               kind="health_board", short_code="NHSB")
    users = {"admin": world.outsider}
    for role in SERVICE_ROLES:
        users[role] = make_user(f"{role}@beta.test", f"Beta {role}")
        Membership.objects.create(partnership=beta, user=users[role], role=role,
                                  organisation=health_board if role == "contributor"
                                  else world.other_council, name_given_here=True)
    other = World(beta, world.partnership, world.other_council, health_board, world.council,
                  users, world.admin)
    # A code of Beta's own: Alpha's "AE-4HR" exists in both, so Beta's would find Alpha's own.
    other._indicator = make_indicator(beta, owner=health_board, code="BT-DTOC",
                                      values=[41.0, 38.5, 40.2, 36.9])
    return other


def add_sample_data(world: World) -> dict:
    """An indicator with values and commentary, a target, an outcome, a risk, and an action
    with a progress update, all in `world.partnership`; and a sample of every path parameter
    the API takes. Returns the samples."""
    from pif.api.tests import samples

    wanted = {"indicator_id", "commentary_id", "target_id", "update_id", "outcome_id",
              "risk_id", "action_id"}
    wanted |= {name for operation in api_operations() for name in operation.path_parameters}
    return samples.build_samples(world, wanted)


def make_tokens(world: World, other: World) -> dict:
    from pif.api import tokens

    expires = timezone.now() + timedelta(days=30)
    secrets = {}
    for role in PERSONAL:
        secrets[role] = tokens.create_personal(COMMAND_LINE, world.users[role], role,
                                               expires)[1]
    organisation_of = {"contributor": world.health_board}
    for role in SERVICE_ROLES:
        secrets[f"service {role}"] = tokens.create_service(
            COMMAND_LINE, organisation_of.get(role, world.council), f"Feed as {role}", role,
            expires)[1]
    secrets["other admin"] = tokens.create_personal(COMMAND_LINE, other.admin, "Beta's",
                                                    expires)[1]
    secrets["other viewer"] = tokens.create_personal(COMMAND_LINE, other.viewer, "Beta's",
                                                     expires)[1]
    for role in ("viewer", "editor"):
        secrets[f"other service {role}"] = tokens.create_service(
            COMMAND_LINE, other.council, f"Beta's feed as {role}", role, expires)[1]
    return secrets


def build_api_world() -> ApiWorld:
    world = build_world()
    other = build_other_world(world)
    ours, theirs = add_sample_data(world), add_sample_data(other)
    return ApiWorld(world, other, make_tokens(world, other), ours, theirs)


@pytest.fixture
def api_world(db) -> ApiWorld:
    return build_api_world()


@pytest.fixture(scope="module")
def api_walk_world(django_db_setup, django_db_blocker):
    """One ApiWorld for a whole module, in a transaction rolled back at its end. Use it with
    `db` in each test, so each test's changes are rolled back too (see `walk_world`)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_api_world()
        transaction.set_rollback(True)


@pytest.fixture
def walk_world(api_walk_world, db) -> ApiWorld:
    return api_walk_world


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


def changed_tables(before: dict, after: dict) -> dict:
    return {table: (before[table], after[table]) for table in before
            if before[table] != after[table]}


# The API's operations, read from its OpenAPI schema, so a route added later is walked too.

def openapi_schema() -> dict:
    """The schema as /api/v1/openapi.json serves it (status codes as strings, as in JSON)."""
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    from pif.api.api import api

    return json.loads(json.dumps(api.get_openapi_schema(path_prefix=API_ROOT),
                                 cls=DjangoJSONEncoder))


@dataclass(frozen=True)
class Operation:
    method: str  # "get", "post"...
    path: str  # "/api/v1/partnerships/{short_name}/risks"
    spec: dict = field(compare=False, repr=False)

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def path_parameters(self) -> list[str]:
        return [parameter["name"] for parameter in self.spec.get("parameters", ())
                if parameter["in"] == "path"]

    def url(self, values: dict) -> str:
        return self.path.format(**{name: values[name] for name in self.path_parameters})


def api_operations(schema: dict | None = None) -> list[Operation]:
    schema = schema or openapi_schema()
    return [Operation(method, path, spec)
            for path, methods in schema["paths"].items()
            for method, spec in methods.items()]


def _resolve(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def minimal_value(schema: dict, components: dict):
    """The smallest value that fits a JSON schema: required properties only, one item where
    an array needs one. It lets a request pass the schema so the route's own checks answer."""
    schema = _resolve(schema, components)
    for choice in ("anyOf", "oneOf", "allOf"):
        if choice in schema:
            return minimal_value(schema[choice][0], components)
    if "default" in schema:
        return schema["default"]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type", "object")
    if kind == "object":
        return {name: minimal_value(schema["properties"][name], components)
                for name in schema.get("required", ())}
    if kind == "array":
        return [minimal_value(schema.get("items", {}), components)
                for _ in range(schema.get("minItems", 0))]
    if kind == "string":
        return {"date": "2026-11-27", "date-time": "2026-11-27T09:00:00+00:00"}.get(
            schema.get("format"), "x" * max(1, schema.get("minLength", 1)))
    if kind in ("integer", "number"):
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return False
    return None


def minimal_body(operation: Operation, schema: dict) -> dict | None:
    content = operation.spec.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    return minimal_value(content["application/json"]["schema"],
                         schema.get("components", {}).get("schemas", {}))


def send(client, operation: Operation, url: str, schema: dict, headers=None):
    """The operation's request to `url`, with the smallest body that fits its schema."""
    import json

    body = minimal_body(operation, schema)
    if body is None:
        return client.generic(operation.method.upper(), url, headers=headers)
    return client.generic(operation.method.upper(), url, data=json.dumps(body),
                          content_type="application/json", headers=headers)
