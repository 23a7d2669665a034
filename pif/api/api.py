"""The REST API at /api/v1/: one NinjaAPI, its token check and its error answers.

Every request carries `Authorization: Bearer TOKEN` (a personal or service token, see
pif/api/tokens.py); without a usable one the answer is 401. The token's user then goes
through the same access layer, services and rules as a person on the web
(pif/api/common.py), so refusals are the web's, in JSON:

| raised | status | body |
|---|---|---|
| no token, or an expired or revoked one | 401 | ErrorOut |
| PermissionDenied (a role too low) | 403 | ErrorOut |
| Http404 (not found, or another partnership's) | 404 | ErrorOut |
| EditConflict (changed since the version sent) | 409 | ErrorOut |
| RequestDataTooBig (a body over DATA_UPLOAD_MAX_MEMORY_SIZE) | 413 | ErrorOut |
| ValidationError from a rule, or a request not fitting the schema | 422 | ValidationErrorOut |

The resources live in pif/api/routers/, one module each.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError
from ninja.security import HttpBearer

from pif.api import tokens
from pif.api.routers import ROUTERS
from pif.editing import EditConflict

DESCRIPTION = """\
PIF's figures, outcomes, risks and actions for systems that feed PIF or read from it.

Send a personal or service token in every request: `Authorization: Bearer pif_…`. Make a
personal token on your account page, or ask a partnership admin for a service token.
A token sees and changes exactly what its person (or its service role) may on the web.
Lists are paged with `limit` and `offset`; `modified_since` returns only what was made or
changed after a moment, for incremental sync. It looks at each record's own changes and at
those of the follow-ups, agreed scores and change ideas listed inside meetings, assessments
and projects; deletions and many-to-many links (tags, the links between indicators and
outcomes) are not covered, so read everything again now and then.
"""


class TokenAuth(HttpBearer):
    """Reads the bearer token; the request then acts as the token's user."""

    openapi_description = "A PIF token: `pif_` followed by 43 characters."

    def authenticate(self, request, token):
        found = tokens.authenticate(token)
        if found is None:
            return None
        request.user = tokens.acting_user(found)
        request.api_token = found
        return found


api = NinjaAPI(
    title="PIF API",
    version="1",
    description=DESCRIPTION,
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url="/docs",
)


def _error(request, status: int, detail: str, **extra):
    response = api.create_response(request, {"detail": detail, **extra}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = "Bearer"
    return response


def _message(error: ValidationError) -> str:
    """The message as Django shows it: formatted only when it has params, so a "%" in the
    words ("100%") is kept as written."""
    # str(): Django's own messages ("This field cannot be blank.") are lazy strings.
    return str(error.message % error.params if error.params else error.message)


def _field_errors(error: ValidationError) -> list[dict]:
    if not hasattr(error, "error_dict"):
        return [{"field": "", "message": _message(message), "rule": message.code or ""}
                for message in error.error_list]
    return [{"field": "" if field == "__all__" else field, "message": _message(message),
             "rule": message.code or ""}
            for field, messages in error.error_dict.items() for message in messages]


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _error(request, 401, "Send a usable token: Authorization: Bearer pif_…. It may "
                  "have expired or been revoked.")


@api.exception_handler(HttpError)
def _http_error(request, exc):
    # ninja's own refusal of a body that is not JSON (400) is a request not fitting the
    # schema, answered like every other (422), as the schema documents.
    if exc.status_code == 400:
        return _error(request, 422, "The request body is not JSON; nothing was changed.",
                      errors=[{"field": "", "message": str(exc), "rule": "not_json"}])
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _error(request, 403, str(exc) or "Your role does not allow this.")


NOT_FOUND = "Not found, or not in this partnership."


@api.exception_handler(Http404)
def _not_found(request, exc):
    # PIF's own words rather than get_object_or_404's "No Outcome matches the given query.";
    # the answer is the same for "missing" and "another partnership's".
    message = str(exc)
    if not message or message.startswith("No ") and message.endswith("matches the given query."):
        message = NOT_FOUND
    return _error(request, 404, message)


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024
    return _error(request, 413, f"The request is larger than {limit:.1f} MB; nothing was "
                  "changed. Send fewer rows in each request.")


@api.exception_handler(EditConflict)
def _conflict(request, exc):
    return _error(request, 409, str(exc))


@api.exception_handler(ValidationError)
def _refused(request, exc):
    errors = _field_errors(exc)
    return _error(request, 422, "Nothing was changed: " + "; ".join(
        error["message"] for error in errors), errors=errors)


@api.exception_handler(SchemaError)
def _does_not_fit(request, exc):
    errors = [{"field": ".".join(str(part) for part in error.get("loc", ())[1:]),
               "message": error.get("msg", "Not valid."), "rule": error.get("type", "")}
              for error in exc.errors]
    return _error(request, 422, "The request does not fit the schema; nothing was changed.",
                  errors=errors)


for prefix, router in ROUTERS:
    api.add_router(prefix, router)
