"""The API keeps its word: schemathesis sends generated requests to every operation of the
demo partnership and checks each answer against /api/v1/openapi.json.

- no request makes a server error, whatever it sends;
- every answer's status is one the schema documents, and its body fits that status's schema.

The demo (`pif demo`'s Loch Arden, about five seconds to build) is loaded once for the module;
path parameters name its objects, so the requests reach real indicators, observations,
commentary, outcomes, risks and actions. Each operation gets a few examples, derandomized, so
the run is short and the same every time. The requests carry the demo editor's token, who
may read everything and write most things; the refusals for others are walked in
test_access_walk.py.

And the schema itself documents every answer: 401, 403, 404 and 422 on every operation (and
409 on writes), with a tag and a description for each.
"""

from datetime import timedelta

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections, transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from pif.api.tests.conftest import API_ROOT, api_operations, openapi_schema

SCHEMA_PATH = f"{API_ROOT}/openapi.json"
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


def _demo_picks(partnership) -> dict:
    """A value for each path parameter the demo has an object for: the richest one."""
    from django.db.models import Count

    from pif.improvement.models import Action, PdsaCycle, Project
    from pif.measures.models import Commentary, Indicator
    from pif.outcomes.models import Outcome, Risk

    indicator = (Indicator.objects.filter(partnership=partnership)
                 .annotate(values=Count("observations")).order_by("-values", "pk").first())
    action = (Action.objects.filter(partnership=partnership)
              .annotate(written=Count("updates")).order_by("-written", "pk").first())
    picks = {
        "short_name": partnership.short_name,
        "indicator_id": indicator.pk,
        "code": indicator.code,
        "outcome_id": Outcome.objects.filter(partnership=partnership).order_by("pk").first().pk,
        "risk_id": Risk.objects.filter(partnership=partnership).order_by("pk").first().pk,
        "action_id": action.pk,
        "project_id": Project.objects.filter(partnership=partnership).order_by("pk").first().pk,
        "cycle_id": PdsaCycle.objects.filter(project__partnership=partnership)
        .order_by("pk").first().pk,
    }
    commentary = Commentary.objects.filter(indicator__partnership=partnership).first()
    if commentary:
        picks["commentary_id"] = commentary.pk
    picks.update(_review_picks(partnership))
    return picks


def _review_picks(partnership) -> dict:
    from pif.reviews import models as reviews

    picks = {}
    meeting = reviews.Meeting.objects.filter(series__partnership=partnership).first()
    if meeting:
        picks.update(meeting_id=meeting.pk, series_id=meeting.series_id)
    assessment = reviews.Assessment.objects.filter(partnership=partnership).first()
    if assessment:
        picks["assessment_id"] = assessment.pk
    return picks


@pytest.fixture(scope="module")
def demo_api(django_db_setup, django_db_blocker):
    """The demo partnership and its editor's token, once for the module."""
    from pif.actors import COMMAND_LINE
    from pif.api import tokens
    from pif.partnerships import demo

    with django_db_blocker.unblock(), transaction.atomic():
        partnership = demo.load(reset=True)
        editor = partnership.memberships.get(role="editor").user
        _, secret = tokens.create_personal(COMMAND_LINE, editor, "Schemathesis",
                                           timezone.now() + timedelta(days=1))
        yield partnership, secret, _demo_picks(partnership)
        transaction.set_rollback(True)


@pytest.fixture
def _no_connection_closing():
    """Requests go straight to Django's WSGI handler, whose request signals would close the
    test's connection (and with it its transaction); Django's test client unhooks them too."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _loaded_schema():
    """The served schema, sent to Django's WSGI handler. Read when the module is collected:
    schemathesis's fixture-based loader does not run under pytest 9 (it reads a private
    attribute pytest no longer has), so the demo's token and ids go in at each call instead."""
    from django.core.wsgi import get_wsgi_application

    loaded = schemathesis.openapi.from_dict(openapi_schema())
    loaded.app = get_wsgi_application()
    loaded.location = SCHEMA_PATH
    return loaded


schema = _loaded_schema()


@schema.parametrize()
@settings(max_examples=15, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_the_api_answers_as_its_schema_says(case, demo_api, db, _no_connection_closing):
    _, secret, picks = demo_api
    case.path_parameters = {**(case.path_parameters or {}),
                            **{name: value for name, value in picks.items()
                               if name in (case.path_parameters or {})}}
    case.call_and_validate(headers={"Authorization": f"Bearer {secret}"}, checks=CHECKS)


# The schema documents every answer.

OPERATIONS = api_operations(openapi_schema())
EVERY_OPERATION = {"401", "403", "404", "422"}


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.id for op in OPERATIONS])
def test_every_operation_documents_its_refusals(operation):
    documented = set(operation.spec["responses"])
    expected = EVERY_OPERATION | ({"409"} if operation.method != "get" else set())
    assert expected <= documented, f"{operation.id} does not document {expected - documented}"
    assert documented & {"200", "201", "204"}, f"{operation.id} documents no success"


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.id for op in OPERATIONS])
def test_every_operation_is_described_and_tagged(operation):
    """Ninja makes a summary from the function's name; the description is its docstring,
    which says what the operation is for (its filters, what a write checks)."""
    assert operation.spec.get("summary"), operation.id
    assert operation.spec.get("description", "").strip(), (
        f"{operation.id} has no description: give its function a docstring")
    assert operation.spec.get("tags"), f"{operation.id} has no tag: give its Router tags"


def test_every_answer_has_a_body_schema():
    """So clients can generate types for errors too."""
    bare = [f"{op.id} {status}" for op in OPERATIONS
            for status, answer in op.spec["responses"].items()
            if status != "204" and "application/json" not in answer.get("content", {})]
    assert bare == []


def test_the_schema_is_served_as_the_api_describes_itself(client, db):
    served = client.get(SCHEMA_PATH).json()
    assert served["info"]["title"] == "PIF API"
    assert sorted(served["paths"]) == sorted({op.path for op in OPERATIONS})


WRITES = [op for op in OPERATIONS if op.method != "get"]


@pytest.mark.parametrize("operation", WRITES, ids=[op.id for op in WRITES])
def test_a_body_that_is_not_json_is_refused_as_documented(client, walk_world, operation):
    url = operation.url(walk_world.samples)
    response = client.generic(operation.method.upper(), url, data=b"&~\x19&",
                              content_type="application/json",
                              headers=walk_world.headers("admin"))
    assert response.status_code == 422
    assert set(response.json()) == {"detail", "errors"}  # ValidationErrorOut
