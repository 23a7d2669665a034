"""Error pages in the GOV.UK pattern, rendered with the site layout."""

from django.shortcuts import render


def forbidden(request, exception=None):
    reason = str(exception) if exception and str(exception) else ""
    return render(request, "errors/403.html", {"reason": reason}, status=403)


def not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    return render(request, "errors/500.html", status=500)
