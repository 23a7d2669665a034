"""Error pages in the GOV.UK pattern, rendered with the site layout.

The 500 and 503 pages are rendered without the request, so no context processor runs and
nothing reads the session or the user: they must work when the database does not.
"""

import sys

import psycopg
from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader

# The PostgreSQL SQLSTATEs that mean the database cannot be reached, so "try again later"
# is true: class 08 (connection exceptions), 57P01 to 57P05 (the server shutting down,
# starting up or ending the session) and 53300 (too many connections). A deadlock (40P01),
# a statement timeout (57014) and the like are faults of one request: the 500 page.
UNREACHABLE_SQLSTATES = ("08", "57P0", "53300")


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def forbidden(request, exception=None):
    reason = str(exception) if exception and str(exception) else ""
    return render(request, "errors/403.html", {"reason": reason}, status=403)


def csrf_failure(request, reason=""):
    return render(request, "errors/csrf.html", status=403)


def not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    if database_unreachable(sys.exc_info()[1]):
        return database_unavailable()
    return _without_database("errors/500.html", status=500)


def database_unreachable(error) -> bool:
    """Whether the error says PostgreSQL cannot be reached.

    Django raises its own OperationalError, caused by psycopg's. psycopg's has no SQLSTATE
    when the connection itself failed: refused, timed out, turned away at sign-in or lost.
    SQLite is a file beside PIF, with no server to be out of reach, so none of its errors
    counts.
    """
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    if not isinstance(cause, psycopg.OperationalError):
        return False
    return cause.sqlstate is None or cause.sqlstate.startswith(UNREACHABLE_SQLSTATES)


def database_unavailable():
    response = _without_database("errors/503.html", status=503)
    response["Retry-After"] = "60"
    return response


def _without_database(template: str, *, status: int) -> HttpResponse:
    html = loader.get_template(template).render({"site_name": settings.SITE_NAME})
    return HttpResponse(html, status=status)
