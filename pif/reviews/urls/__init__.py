"""Stage 6's addresses: each area keeps its own list."""

from pif.reviews.urls import (
               assessments,
               cycles,
               evidence,
               follow_ups,
               frameworks,
               meetings,
               surveys,
)

urlpatterns = [*meetings.urlpatterns, *follow_ups.urlpatterns, *frameworks.urlpatterns,
               *assessments.urlpatterns, *surveys.urlpatterns, *evidence.urlpatterns,
               *cycles.urlpatterns]
