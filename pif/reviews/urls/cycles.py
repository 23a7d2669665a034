"""Stage 6 addresses: the stage's landing page and the cycles."""

from django.urls import path

from pif.reviews.views import cycles as views
from pif.reviews.views import home

P = "p/<slug:short_name>/review/"
C = P + "cycles/"
ONE = C + "<int:review_cycle_id>/"

urlpatterns = [
    path(P, home.reviews, name="reviews"),
    path(C, views.cycles, name="cycles"),
    path(C + "start/", views.cycle_start, name="cycle_start"),
    path(ONE, views.cycle, name="cycle"),
    path(ONE + "review/", views.cycle_review, name="cycle_review"),
    path(ONE + "next/", views.cycle_next, name="cycle_next"),
]
