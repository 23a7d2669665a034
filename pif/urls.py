from django.urls import include, path

urlpatterns = [
    path("account/", include("pif.accounts.urls")),
    path("api/v1/", include("pif.api.urls", namespace="api")),
    path("", include("pif.partnerships.urls")),
    path("", include("pif.measures.urls")),
    path("", include("pif.outcomes.urls")),
    path("", include("pif.improvement.urls")),
    path("", include("pif.people.urls")),
    path("", include("pif.reviews.urls")),
    path("", include("pif.reports.urls")),
    path("", include("pif.api.web_urls")),
    path("", include("pif.backups.urls")),
]

handler400 = "pif.errors.bad_request"
handler403 = "pif.errors.forbidden"
handler404 = "pif.errors.not_found"
handler500 = "pif.errors.server_error"
