"""Stage 3's addresses: each area keeps its own list."""

from pif.improvement.urls import actions, projects

urlpatterns = [*actions.urlpatterns, *projects.urlpatterns]
