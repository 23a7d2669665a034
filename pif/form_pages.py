"""The one way a page shows a form that saves through a service, and binds a form to what was
posted (`posted(request)`).

`form_page(request, form, save, ...)` shows the form; on a valid POST it calls `save(form)`,
which calls the service (with `Actor.from_request(request)`), and then:

- saved: says `success` and goes to `next_url`;
- `EditConflict` (someone saved the record since the form was loaded): shows the conflict,
  keeping the person's entries (`pif.editing.show_conflict`); when the record already holds
  just what is posted (the same form sent twice), says ALREADY_SAVED and goes to `next_url`;
- `ValidationError` (a rule the service checks): puts it on the form, per field.

`success`, `next_url` and `what` may be functions of the record, when they depend on it:
`success` and `next_url` are given what `save` returned (the record saved), or after a form
sent twice the record as saved now; `what` is given the record as saved now.
See docs/adr/0007-acting-person-and-form-pages.md.
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from pif.actors import Actor
from pif.editing import ALREADY_SAVED, EditConflict, show_conflict
from pif.forms import apply_validation_error

Saved = object
TextOf = str | Callable[[Saved], str]


def _of(value: TextOf, saved: Saved) -> str:
    return value(saved) if callable(value) else value


def posted(request: HttpRequest):
    """The data to bind a form to: a POST's, even an empty one (so it is checked and
    refused, not shown as the page opened afresh), or None for a GET."""
    return request.POST if request.method == "POST" else None


def form_page(request: HttpRequest, form, save: Callable[[object], Saved], *,
              success: TextOf, next_url: TextOf, template: str,
              what: TextOf = "this record", context: dict | None = None) -> HttpResponse:
    """Show `form` with `template`; on a valid POST save it with `save(form)`, then go to
    `next_url`. If someone else saved `what` since the form was loaded, say so and keep the
    person's entries."""
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form)
        except EditConflict as error:
            conflict = show_conflict(form, error, _of(what, error.current),
                                     actor=Actor.from_request(request))
            if conflict.already_saved:  # the same form sent twice
                messages.success(request, ALREADY_SAVED)
                return redirect(_of(next_url, conflict.current))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _of(success, saved))
            return redirect(_of(next_url, saved))
    return render(request, template, {**(context or {}), "form": form, "conflict": conflict})
