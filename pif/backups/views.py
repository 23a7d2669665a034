"""The partnership's exit download: a page that says what the zip holds and a button that
makes it (pif/backups/exit_data.py). Partnership admins only.

The button POSTs, so a download is deliberate and carries the CSRF token, and each one is
written to the event log (Activity shows who took the partnership's data, and when).
"""

import tempfile

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render

from pif.actors import Actor
from pif.backups import exit_data
from pif.partnerships.access import Access, partnership_view
from pif.partnerships.models import Event


@partnership_view("admin")
def partnership_exit(request: HttpRequest, access: Access) -> HttpResponse:
    if request.method == "POST":
        return _download(request, access)
    return render(request, "backups/exit.html", {"last_download": _last_download(access)})


def _download(request: HttpRequest, access: Access) -> FileResponse:
    # A temporary file, not memory: the zip holds every table and uploaded file. FileResponse
    # closes it when sent, and a temporary file is deleted when closed.
    spool = tempfile.TemporaryFile()
    try:
        exit_data.write_exit_zip(Actor.from_request(request), access.partnership, spool)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return FileResponse(spool, as_attachment=True,
                        filename=exit_data.exit_filename(access.partnership),
                        content_type="application/zip")


def _last_download(access: Access) -> Event | None:
    return (Event.objects.select_related("actor")
            .filter(partnership=access.partnership, verb=exit_data.EVENT_VERB).first())
