"""Only a database that cannot be reached gives the 503 page ("try again later"): the
connection refused or lost, the server shutting down, too many connections. Any other
database error (SQLite's "database is locked", a PostgreSQL deadlock or statement timeout,
a missing table) is a fault of that request and gives the styled 500 page.

Each error is raised as Django raises it: Django's own class, caused by the driver's.
"""

import sqlite3

import psycopg
import pytest
from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError, ProgrammingError, connection, transaction
from django.db.utils import ConnectionHandler, DatabaseErrorWrapper
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import include, path
from psycopg import errors as pg

from pif import errors

UNAVAILABLE = "Sorry, the service is unavailable"
PROBLEM = "Sorry, there is a problem with the service"


class _Driver:
    """Just enough of a Django connection for DatabaseErrorWrapper to wrap a driver's error."""

    def __init__(self, module):
        self.Database = module


def raise_as_django(driver_error, driver=psycopg):
    with DatabaseErrorWrapper(_Driver(driver)):
        raise driver_error


def page_for(driver_error, driver=psycopg):
    request = RequestFactory().get("/")
    try:
        raise_as_django(driver_error, driver)
    except Exception:  # noqa: BLE001 - the handler reads the error being handled
        return errors.server_error(request)


def assert_page(response, status, heading):
    assert response.status_code == status
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in response.content.decode()


@pytest.mark.parametrize("driver_error", [
    psycopg.OperationalError('connection failed: connection to server at "10.0.0.5", port 5432 '
                             "failed: Connection refused"),
    psycopg.OperationalError("consuming input failed: server closed the connection unexpectedly"),
    psycopg.OperationalError("the connection is closed"),
    pg.ConnectionFailure("connection failure"),                           # 08006
    pg.SqlclientUnableToEstablishSqlconnection("unable to connect"),      # 08001
    pg.AdminShutdown("terminating connection due to administrator command"),  # 57P01
    pg.CrashShutdown("terminating connection because of crash"),          # 57P02
    pg.CannotConnectNow("the database system is starting up"),            # 57P03
    pg.TooManyConnections("sorry, too many clients already"),             # 53300
], ids=lambda e: f"{type(e).__name__}-{e.sqlstate}")
def test_a_database_that_cannot_be_reached_gives_503(driver_error):
    response = page_for(driver_error)
    assert_page(response, 503, UNAVAILABLE)
    assert response["Retry-After"] == "60"


@pytest.mark.parametrize("driver_error", [
    pg.DeadlockDetected("deadlock detected"),                             # 40P01
    pg.SerializationFailure("could not serialize access"),                # 40001
    pg.QueryCanceled("canceling statement due to statement timeout"),     # 57014
    pg.LockNotAvailable("could not obtain lock on row"),                  # 55P03
    pg.DiskFull("could not extend file"),                                 # 53100
    pg.UndefinedTable('relation "measures_observation" does not exist'),  # 42P01
    pg.ProgramLimitExceeded("index row size exceeds maximum"),            # 54000
], ids=lambda e: f"{type(e).__name__}-{e.sqlstate}")
def test_any_other_postgresql_error_gives_500(driver_error):
    assert_page(page_for(driver_error), 500, PROBLEM)


@pytest.mark.parametrize("message", [
    "database is locked", "database table is locked", "no such table: measures_observation",
    "no such column: value", "disk I/O error", "unable to open database file",
])
def test_no_sqlite_error_gives_503(message):
    # SQLite is a file beside PIF: there is no server to be out of reach.
    assert_page(page_for(sqlite3.OperationalError(message), sqlite3), 500, PROBLEM)


@pytest.mark.parametrize("error", [
    OperationalError("connection to server at 127.0.0.1, port 5432 failed"),
    InterfaceError("connection already closed"),
    ProgrammingError("syntax error"),
    RuntimeError("a fault in PIF"),
])
def test_an_error_not_raised_by_a_database_driver_gives_500(error):
    request = RequestFactory().get("/")
    try:
        raise error
    except Exception:  # noqa: BLE001
        response = errors.server_error(request)
    assert_page(response, 500, PROBLEM)


# Real errors, through the whole stack.

@login_not_required
def sqlite_locked(request):
    """Write to a SQLite file while another connection holds its write lock."""
    name = request.GET["file"]
    handler = ConnectionHandler({
        alias: {"ENGINE": "django.db.backends.sqlite3", "NAME": name,
                "OPTIONS": {"timeout": 0}} for alias in ("default", "writer")})
    holder, writer = handler["default"], handler["writer"]
    try:
        holder.cursor().execute("CREATE TABLE IF NOT EXISTS t (x integer)")
        holder.cursor().execute("BEGIN IMMEDIATE")
        writer.cursor().execute("INSERT INTO t VALUES (1)")
    finally:
        holder.close()
        writer.close()
    return HttpResponse("not locked")


@login_not_required
def statement_timeout(request):
    # A savepoint, so the test's transaction is still usable afterwards.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 1")
        cursor.execute("SELECT pg_sleep(1)")
    return HttpResponse("no timeout")


@login_not_required
def connection_ended(request):
    """The server ends a connection (as on a restart), which is then used."""
    doomed = ConnectionHandler({"default": connection.settings_dict})["default"]
    try:
        pid = doomed.cursor().connection.info.backend_pid
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        doomed.cursor().execute("SELECT 1")
    finally:
        doomed.close()
    return HttpResponse("still connected")


urlpatterns = [
    path("sqlite-locked/", sqlite_locked),
    path("statement-timeout/", statement_timeout),
    path("connection-ended/", connection_ended),
    path("", include("pif.urls")),
]
handler500 = "pif.errors.server_error"

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="needs PostgreSQL")


@pytest.fixture
def quiet_client():
    return Client(raise_request_exception=False)


@pytest.mark.urls(__name__)
def test_a_locked_sqlite_database_gives_500(quiet_client, client, db, tmp_path):
    where = {"file": str(tmp_path / "locked.sqlite3")}
    with pytest.raises(OperationalError, match="database is locked"):
        client.get("/sqlite-locked/", where)
    assert_page(quiet_client.get("/sqlite-locked/", where), 500, PROBLEM)


@on_postgresql
@pytest.mark.urls(__name__)
def test_a_statement_timeout_gives_500(quiet_client, client, db):
    with pytest.raises(OperationalError, match="statement timeout"):
        client.get("/statement-timeout/")
    assert_page(quiet_client.get("/statement-timeout/"), 500, PROBLEM)


@on_postgresql
@pytest.mark.urls(__name__)
def test_a_connection_the_server_ended_gives_503(quiet_client, client, db):
    with pytest.raises(OperationalError, match="administrator command"):
        client.get("/connection-ended/")
    assert_page(quiet_client.get("/connection-ended/"), 503, UNAVAILABLE)
