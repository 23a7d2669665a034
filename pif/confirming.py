"""The "are you sure?" page before something is removed or deleted, for every app.

Templates extend ``confirm_removal.html`` and fill in its heading, explanation, button and
cancel link.
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def confirm_removal(request: HttpRequest, *, remove: Callable[[], object], done: str,
                    next_url: str, template: str, context: dict) -> HttpResponse:
    """On POST call `remove` (a service that raises ValidationError when it must not) and go
    to `next_url` saying `done`, or show why not; otherwise ask."""
    error = None
    if request.method == "POST":
        try:
            remove()
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            messages.success(request, done)
            return redirect(next_url)
    return render(request, template, {"error": error, **context})
