"""Web pages; see the module docstrings of the views."""

from django.urls import path

from pif.api import views

urlpatterns = [
    path("account/tokens/", views.api_tokens, name="api_tokens"),
    path("account/tokens/<int:token_id>/revoke/", views.api_token_revoke,
         name="api_token_revoke"),
    path("p/<slug:short_name>/settings/service-tokens/", views.service_tokens,
         name="service_tokens"),
    path("p/<slug:short_name>/settings/service-tokens/<int:service_token_id>/revoke/",
         views.service_token_revoke, name="service_token_revoke"),
]
