from django.http import Http404

from pif.partnerships.access import partnership_view


@partnership_view("edit")
def indicator_create(request, access):
    raise Http404("Not built yet")


@partnership_view("read")
def indicator_page(request, access, code):
    raise Http404("Not built yet")


@partnership_view("edit")
def indicator_edit(request, access, code):
    raise Http404("Not built yet")


@partnership_view("read")
def indicator_chart_spec(request, access, code):
    raise Http404("Not built yet")


@partnership_view("read")
def indicator_breakdown(request, access, code):
    raise Http404("Not built yet")


@partnership_view("edit")
def indicator_targets(request, access, code):
    raise Http404("Not built yet")


@partnership_view("edit")
def annotation_add(request, access, code):
    raise Http404("Not built yet")
