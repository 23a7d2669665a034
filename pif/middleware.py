"""Response headers and request checks that apply to every page.

- A NUL byte in the path or query string is "Page not found": no page has one, and
  PostgreSQL refuses NUL in text, so it must never reach a view.
- A Content-Security-Policy with no inline script, so injected markup cannot run code.
  Pages drawing charts with vega-embed also allow 'unsafe-eval': Vega compiles its
  expressions with the Function constructor (see CSP_EVAL_URL_NAMES in settings).
- Signed-in pages and downloads are `Cache-Control: private, no-store`: they hold a
  partnership's data, which no shared cache or back button on a shared computer may keep.
- HTML pages vary on HX-Request: a page asked for by htmx may answer with a fragment
  (the scorecard's filters), which a cache must not serve as the whole page.
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, JsonResponse
from django.utils.cache import patch_vary_headers

NUL_REFUSED = "A web address cannot contain a NUL byte"


class RefuseNulBytes:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request.path_info) or _has_nul(request.META.get("QUERY_STRING", "")):
            if request.path_info.startswith("/api/"):
                # The API answers in JSON, as its schema says (pif/api/common.py ErrorOut).
                return JsonResponse({"detail": NUL_REFUSED}, status=404)
            raise Http404(NUL_REFUSED)
        return self.get_response(request)


def _has_nul(text: str) -> bool:
    return "\x00" in text or b"\x00" in unquote_to_bytes(text)


class SecurityHeaders:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", content_security_policy(request))
        user = getattr(request, "user", None)
        if user is not None and _signed_in(user):
            response["Cache-Control"] = "private, no-store"
        if response.get("Content-Type", "").startswith("text/html"):
            patch_vary_headers(response, ["HX-Request"])
        return response


def content_security_policy(request) -> str:
    policy = dict(settings.CONTENT_SECURITY_POLICY)
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name in settings.CSP_EVAL_URL_NAMES:
        policy["script-src"] = f"{policy['script-src']} 'unsafe-eval'"
    return "; ".join(f"{directive} {sources}" for directive, sources in policy.items())


def _signed_in(user) -> bool:
    # Reading the user loads the session; if that fails (the database is down), the error
    # page that follows holds no partnership data.
    try:
        return user.is_authenticated
    except DatabaseError:
        return False
