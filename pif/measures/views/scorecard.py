from django.http import Http404

from pif.partnerships.access import partnership_view


@partnership_view("read")
def scorecard(request, access):
    raise Http404("Not built yet")


@partnership_view("read")
def scorecard_export(request, access, fmt):
    raise Http404("Not built yet")
