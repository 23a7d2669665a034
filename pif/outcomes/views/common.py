"""Helpers shared by the stage 1 and 2 pages: forms that save through a service, deletes
that ask first, and the context every page needs."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from pif.confirming import confirm_removal
from pif.editing import ALREADY_SAVED, EditConflict, show_conflict
from pif.forms import apply_validation_error
from pif.partnerships.access import Access
from pif.partnerships.services import Actor


def actor(request: HttpRequest) -> Actor:
    return Actor(user=request.user)


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


def page(request: HttpRequest, access: Access, template: str, **context) -> HttpResponse:
    return render(request, f"outcomes/{template}", {
        "access": access, "partnership": access.partnership, "outcome_sections": SECTIONS,
        **context})


def form_page(request: HttpRequest, access: Access, form, save: Callable, *,
              success: str, next_url: str, template: str = "form.html",
              what: str = "this record", **context) -> HttpResponse:
    """Show `form`; on a valid POST call `save(form)`, then go to `next_url`. If someone
    else saved `what` since the form was loaded, say so and keep the person's entries."""
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except EditConflict as error:
            conflict = show_conflict(form, error, what, user=request.user)
            if conflict.already_saved:  # the same form sent twice
                messages.success(request, ALREADY_SAVED)
                return redirect(next_url)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, success)
            return redirect(next_url)
    return page(request, access, template, form=form, conflict=conflict, **context)


def model_save(request, service, *, m2m_fields=()) -> Callable:
    """A `save` for form_page: the model form's instance through a conditions service."""
    def save(form):
        m2m = {name: list(form.cleaned_data.get(name) or []) for name in m2m_fields}
        return service(actor(request), form.instance, m2m=m2m,
                       loaded_version=getattr(form, "loaded_version", None))
    return save


def confirm_delete(request: HttpRequest, access: Access, obj, remove: Callable, *,
                   what: str, next_url: str, cancel_url: str, explanation: str = "",
                   ) -> HttpResponse:
    return confirm_removal(
        request, access, remove=lambda: remove(actor(request), obj), done=f"{what} deleted.",
        next_url=next_url, template="outcomes/confirm_delete.html",
        context={"outcome_sections": SECTIONS, "obj": obj, "what": what,
                 "cancel_url": cancel_url, "explanation": explanation})


def url(name: str, access: Access, *args) -> str:
    from django.urls import reverse

    return reverse(name, args=[access.partnership.short_name, *args])


def posted(request: HttpRequest):
    """The form data of a POST (even an empty one), or None for a GET."""
    return request.POST if request.method == "POST" else None
