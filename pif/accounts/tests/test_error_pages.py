"""Styled GOV.UK error pages: 400, 403, 404, 500, CSRF failure, and 503 when the database
cannot be reached. The 500 and 503 pages never touch the database."""

import psycopg
import pytest
from django.contrib.auth.decorators import login_not_required
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.db.utils import ConnectionHandler
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import include, path

from pif import errors


def broken(request):
    raise RuntimeError("a fault in PIF")


@login_not_required
def database_down(request):
    # As Django raises it: its own class, caused by psycopg's (which has no SQLSTATE when
    # no server answered).
    refused = psycopg.OperationalError("connection to server at 127.0.0.1, port 9 failed")
    raise OperationalError(*refused.args) from refused


@login_not_required
def missing_table(request):
    raise OperationalError("no such table: measures_observation")


@login_not_required
def closed_port(request):
    """Query a database server that is not there: a closed port on this machine."""
    closed = {"ENGINE": "django.db.backends.postgresql", "HOST": "127.0.0.1", "PORT": "9",
              "NAME": "pif", "USER": "pif", "OPTIONS": {"connect_timeout": 2}}
    unreachable = ConnectionHandler({"default": closed})["default"]
    try:
        unreachable.cursor()
    finally:
        unreachable.close()
    return HttpResponse("unreachable")


urlpatterns = [
    path("broken/", broken),
    path("database-down/", database_down),
    path("missing-table/", missing_table),
    path("closed-port/", closed_port),
    path("", include("pif.urls")),
]
handler400 = "pif.errors.bad_request"
handler403 = "pif.errors.forbidden"
handler404 = "pif.errors.not_found"
handler500 = "pif.errors.server_error"


def assert_styled(response, status, heading):
    page = response.content.decode()
    assert response.status_code == status
    assert 'class="govuk-header' in page
    assert 'class="govuk-footer' in page
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in page
    assert f"<title>{heading} – PIF</title>" in page


@pytest.fixture
def quiet_client():
    return Client(raise_request_exception=False)


def test_400(quiet_client, db):
    response = quiet_client.get("/account/login/", headers={"host": "evil.example"})
    assert_styled(response, 400, "Sorry, there is a problem with your request")


def test_403(client, world):
    client.force_login(world.viewer)
    assert_styled(client.get("/p/alpha/members/add/"), 403, "You cannot do this")


def test_404(client, world):
    client.force_login(world.viewer)
    assert_styled(client.get("/no-such-page/"), 404, "Page not found")


def test_csrf_failure(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/account/login/", {"username": "viewer@alpha.test",
                                                "password": "anything"})
    assert_styled(response, 403, "Sorry, your form could not be sent")


@pytest.mark.urls(__name__)
def test_500(quiet_client, world):
    quiet_client.force_login(world.viewer)
    response = quiet_client.get("/broken/")
    assert_styled(response, 500, "Sorry, there is a problem with the service")


def test_the_500_page_makes_no_database_query(world, django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = world.viewer
    request.session = {}
    with django_assert_num_queries(0):
        try:
            raise RuntimeError("a fault in PIF")
        except RuntimeError:
            response = errors.server_error(request)
    assert response.status_code == 500


@pytest.mark.urls(__name__)
def test_a_database_that_cannot_be_reached_gives_a_styled_503(quiet_client, db):
    response = quiet_client.get("/database-down/")
    assert_styled(response, 503, "Sorry, the service is unavailable")
    assert response["Retry-After"] == "60"


@pytest.mark.urls(__name__)
def test_a_closed_database_port_gives_a_styled_503(quiet_client, db):
    response = quiet_client.get("/closed-port/")
    assert_styled(response, 503, "Sorry, the service is unavailable")


def test_the_site_database_down_for_a_signed_in_person_gives_503(world, monkeypatch):
    # The session is read from the database on every signed-in page, before any view runs.
    client = Client(raise_request_exception=False)
    client.force_login(world.viewer)

    def refuse(*args, **kwargs):
        refused = psycopg.OperationalError("connection to server at 127.0.0.1, port 5432 failed")
        raise OperationalError(*refused.args) from refused

    monkeypatch.setattr(SessionStore, "_get_session_from_db", refuse)
    response = client.get("/")
    assert_styled(response, 503, "Sorry, the service is unavailable")


@pytest.mark.urls(__name__)
def test_a_missing_table_is_a_fault_not_an_outage(quiet_client, db):
    # SQLite reports it as OperationalError too; saying "try again later" would mislead.
    response = quiet_client.get("/missing-table/")
    assert_styled(response, 500, "Sorry, there is a problem with the service")
