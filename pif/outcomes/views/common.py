"""Helpers shared by the stage 1 and 2 pages: the sections every page shows, forms that save
through a conditions service, and deletes that ask first. Forms are shown with
pif.form_pages.form_page."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pif.actors import Actor
from pif.confirming import confirm_removal
from pif.partnerships.access import Access

SECTIONS = [
    ("vision", "Vision"),
    ("outcomes", "Outcomes"),
    ("strategy_map", "Strategy map"),
    ("driver_diagrams", "Driver diagrams"),
    ("localities", "Localities"),
    ("risks", "Risks"),
    ("governance", "Governance"),
    ("resources", "Resources"),
    ("frameworks", "Frameworks"),
    ("plan", "Plan to print"),
]


def stage_context(**context) -> dict:
    """The context of a stage 1 or 2 page: its own, and the sections to move between (the
    partnership and access come from pif.partnerships.context_processors)."""
    return {"outcome_sections": SECTIONS, **context}


def page(request: HttpRequest, template: str, **context) -> HttpResponse:
    return render(request, f"outcomes/{template}", stage_context(**context))


def model_save(request, service, *, m2m_fields=()) -> Callable:
    """A `save` for form_page: the model form's instance through a conditions service."""
    def save(form):
        m2m = {name: list(form.cleaned_data.get(name) or []) for name in m2m_fields}
        return service(Actor.from_request(request), form.instance, m2m=m2m,
                       loaded_version=getattr(form, "loaded_version", None))
    return save


def confirm_delete(request: HttpRequest, obj, remove: Callable, *,
                   what: str, next_url: str, cancel_url: str, explanation: str = "",
                   ) -> HttpResponse:
    return confirm_removal(
        request, remove=lambda: remove(Actor.from_request(request), obj),
        done=f"{what} deleted.", next_url=next_url, template="outcomes/confirm_delete.html",
        context=stage_context(obj=obj, what=what, cancel_url=cancel_url,
                              explanation=explanation))


def url(name: str, access: Access, *args) -> str:
    from django.urls import reverse

    return reverse(name, args=[access.partnership.short_name, *args])
