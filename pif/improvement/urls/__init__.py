"""Stage 3's addresses: each area keeps its own list."""

from pif.improvement.urls import action_io, actions, projects

urlpatterns = [*action_io.urlpatterns, *actions.urlpatterns, *projects.urlpatterns]
