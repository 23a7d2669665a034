"""The one way into a partnership's public pages and open data: no sign-in, and only what the
partnership last published.

``@public_page`` marks a view open to everyone (``site_view("public")``, so the URL walk
expects anonymous visitors to be let in), answers only GET and HEAD (any other method is
"405 Method not allowed", not a CSRF failure: the pages only read, so they are
``csrf_exempt``), and hands the view the
partnership's latest ``Publication`` in place of its ``short_name``. A partnership that has
never published, or an address the snapshot does not hold, answers a plain "Page not found"
that says nothing of sign-in or membership.

The pages read nothing live and nothing of the person asking: ``render_public`` draws them
as an anonymous visitor sees them (no signed-in navigation, no messages from the session),
so what one person sees is what everyone sees and a shared cache may keep it for five
minutes (``Cache-Control: public, max-age=300``). A signed-in person's pages are still made
``private, no-store`` by ``pif.middleware.SecurityHeaders``.
"""

from dataclasses import dataclass
from functools import cached_property, wraps

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from pif.partnerships.access import SAFE_METHODS, site_view
from pif.reports.models import Publication

__all__ = ["CACHE_CONTROL", "Public", "latest_publication", "public_page", "public_site_page",
           "render_public"]

CACHE_CONTROL = "public, max-age=300"
NOT_FOUND_TEMPLATE = "public/not_found.html"


@dataclass(frozen=True)
class Public:
    """What a public page may read: the latest publication of one partnership."""

    publication: Publication

    @property
    def content(self) -> dict:
        return self.publication.content

    @property
    def short_name(self) -> str:
        return self.publication.partnership.short_name

    @property
    def name(self) -> str:
        return self.content.get("partnership", {}).get("name") or self.publication.partnership.name

    @property
    def partnership_id(self) -> int:
        return self.publication.partnership_id

    @cached_property
    def indicators_by_code(self) -> dict[str, dict]:
        return {indicator["code"]: indicator for indicator in self.content.get("indicators", [])}

    def indicator(self, code: str) -> dict:
        """A published indicator of the snapshot; any other code is "Page not found"."""
        try:
            return self.indicators_by_code[code]
        except KeyError:
            raise Http404("No such published indicator") from None


def latest_publication(short_name: str) -> Publication:
    """The partnership's latest publication, with its partnership, in one query; 404 if it
    has never published (or there is no such partnership)."""
    publication = (Publication.objects.select_related("partnership")
                   .filter(partnership__short_name=short_name)
                   .order_by("-published_at", "-id").first())
    if publication is None:
        raise Http404("This partnership has not published its public pages")
    return publication


def render_public(request: HttpRequest, template: str, context: dict | None = None,
                  status: int = 200) -> HttpResponse:
    """Draw a public page as any visitor sees it: the site's context processors would give the
    template the person signed in and their messages, which a public page never shows."""
    return render(request, template, {
        "user": AnonymousUser(), "messages": (), "public_page": True, **(context or {}),
    }, status=status)


def not_found(request: HttpRequest) -> HttpResponse:
    return render_public(request, NOT_FOUND_TEMPLATE, status=404)


def _public_response(response: HttpResponse) -> HttpResponse:
    if response.status_code == 200:
        response["Cache-Control"] = CACHE_CONTROL
    return response


def public_page(view):
    """Decorate a view taking ``short_name``: it receives a ``Public`` in its place."""

    @wraps(view)
    def wrapper(request: HttpRequest, short_name: str, *args, **kwargs) -> HttpResponse:
        if request.method not in SAFE_METHODS:
            return HttpResponseNotAllowed(SAFE_METHODS)
        try:
            public = Public(latest_publication(short_name))
            response = view(request, public, *args, **kwargs)
        except Http404:
            return not_found(request)
        return _public_response(response)

    # Only GET and HEAD get past the wrapper, so no form is checked: a POST is told 405.
    return csrf_exempt(site_view("public")(wrapper))


def public_site_page(view):
    """Decorate a public view of the whole site (the accessibility statement)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in SAFE_METHODS:
            return HttpResponseNotAllowed(SAFE_METHODS)
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return not_found(request)
        return _public_response(response)

    # Only GET and HEAD get past the wrapper, so no form is checked: a POST is told 405.
    return csrf_exempt(site_view("public")(wrapper))
