from django.http import Http404

from pif.partnerships.access import partnership_view


@partnership_view("contribute")
def enter_value(request, access, code):
    raise Http404("Not built yet")


@partnership_view("contribute")
def enter_grid(request, access, code):
    raise Http404("Not built yet")


@partnership_view("contribute")
def commentary_edit(request, access, code):
    raise Http404("Not built yet")
