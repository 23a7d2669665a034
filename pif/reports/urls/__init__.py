"""Reports, the public pages and open data: each area keeps its own list of addresses."""

from pif.reports.urls import open_data, public, publishing, reports, schedules

urlpatterns = [*reports.urlpatterns, *schedules.urlpatterns, *publishing.urlpatterns,
               *public.urlpatterns, *open_data.urlpatterns]
