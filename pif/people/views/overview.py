"""The stage 4 page: capability, learning this year and staff engagement at a glance."""

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from pif.partnerships.access import Access, partnership_view
from pif.people import queries, services
from pif.people.models import LearningActivity
from pif.people.views.common import page

RECENT = 10


@partnership_view("read")
def people(request: HttpRequest, access: Access) -> HttpResponse:
    partnership = access.partnership
    today = timezone.localdate()
    year = queries.learning_this_year(partnership, today)
    recent = list(LearningActivity.objects.filter(
        partnership=partnership, start_date__range=(year["period"].start, year["period"].end))
        .prefetch_related("organisations")[:RECENT])
    indicators = services.staff_engagement_indicators(partnership)
    return page(request, "people.html", summary=queries.capability_summary(partnership),
                year=year, recent=recent, indicators=indicators,
                template_done=not services.staff_engagement_missing(partnership),
                settings=services.people_settings(partnership))
