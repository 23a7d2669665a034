from django.http import Http404

from pif.partnerships.access import partnership_view


@partnership_view("contribute")
def upload_start(request, access):
    raise Http404("Not built yet")


@partnership_view("contribute")
def upload_preview(request, access, upload_id):
    raise Http404("Not built yet")
