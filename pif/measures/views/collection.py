"""Data collection: what a contributor needs to submit, and the editors' approval queue."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from pif.measures import writing
from pif.measures.access import changeable_indicators
from pif.measures.collection import outstanding
from pif.measures.models import Observation
from pif.measures.scorecard import status_of
from pif.partnerships.access import Access, partnership_view

APPROVAL_PAGE = 200


@partnership_view("contribute")
def my_data(request: HttpRequest, access: Access) -> HttpResponse:
    indicators = changeable_indicators(access).select_related("status", "owner")
    due = [item for indicator in indicators
           for item in outstanding(indicator, status_of(indicator).latest_period)]
    no_data = [i for i in indicators if not status_of(i).latest_period]
    waiting = (Observation.objects.filter(indicator__in=changeable_indicators(access),
                                          approved_at__isnull=True)
               .select_related("indicator", "breakdown", "entered_by")
               .order_by("indicator__code", "period_start")[:APPROVAL_PAGE])
    return render(request, "measures/my_data.html", {
        "access": access, "partnership": access.partnership,
        "due": sorted(due, key=lambda item: (item.due, item.indicator.code)),
        "no_data": no_data, "waiting": waiting,
    })


@partnership_view("edit")
def approvals(request: HttpRequest, access: Access) -> HttpResponse:
    waiting = (Observation.objects.filter(indicator__partnership=access.partnership,
                                          approved_at__isnull=True)
               .select_related("indicator", "breakdown", "entered_by")
               .order_by("indicator__code", "period_start"))
    if request.method == "POST":
        chosen = [int(pk) for pk in request.POST.getlist("observation") if pk.isdigit()]
        selected = waiting.filter(pk__in=chosen)
        count = writing.approve(list(selected), user=request.user,
                                partnership=access.partnership)
        if count:
            messages.success(request, f"{count} value{'s' if count != 1 else ''} approved.")
        else:
            messages.info(request, "Choose the values to approve.")
        return redirect("approvals", access.partnership.short_name)
    return render(request, "measures/approvals.html", {
        "access": access, "partnership": access.partnership,
        "waiting": waiting[:APPROVAL_PAGE], "total": waiting.count(),
    })
