"""/api/v1/: the API's own addresses. A token, not a session, says who calls them, so
Django's sign-in redirect does not apply (the API answers 401 itself); the URL walk reads
`access_rule = "api"` and checks them with tokens instead (pif/api/tests/)."""

from pif.api.api import api

patterns, app_name, namespace = api.urls
for pattern in patterns:
    pattern.callback.login_required = False
    pattern.callback.access_rule = "api"

urlpatterns = patterns
app_name = app_name
