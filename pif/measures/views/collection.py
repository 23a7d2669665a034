from django.http import Http404

from pif.partnerships.access import partnership_view


@partnership_view("contribute")
def my_data(request, access):
    raise Http404("Not built yet")


@partnership_view("edit")
def approvals(request, access):
    raise Http404("Not built yet")
