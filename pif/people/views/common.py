"""What every stage 4 page shares: the sections to move between, and small helpers. Deletes
ask first with pif.outcomes.views.common.confirm_delete, as stages 1 and 2 do."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from pif.partnerships.access import Access

SECTIONS = [
    ("people", "Develop people"),
    ("learning", "Learning activity"),
    ("capability", "Capability counts"),
    ("capability_levels", "Capability levels"),
    ("staff_engagement_template", "Set up staff engagement indicators"),
    ("training_records", "Training records"),
    ("people_settings", "People settings"),
]


def _not_useful(partnership) -> set[str]:
    """The sections with nothing to do: setting up the staff engagement indicators once the
    partnership has them all (the people page shows them), and training records while
    personal records are off. Two queries."""
    from pif.people import services

    hidden = set()
    if not services.staff_engagement_missing(partnership):
        hidden.add("staff_engagement_template")
    if not services.people_settings(partnership).keep_personal_records:
        hidden.add("training_records")
    return hidden


def stage_context(access: Access, **context) -> dict:
    """The sections to move between, each only for those its page lets in and only while it
    has something to do (no dead ends)."""
    hidden = _not_useful(access.partnership)
    sections = [(reverse(name, args=[access.partnership.short_name]), name, label)
                for name, label in SECTIONS if name not in hidden]
    return {"people_sections": [(link, name, label) for link, name, label in sections
                                if access.can_open(link)], **context}


def page(request: HttpRequest, template: str, **context) -> HttpResponse:
    return render(request, f"people/{template}", stage_context(request.access, **context))


def url(name: str, access: Access, *args) -> str:
    return reverse(name, args=[access.partnership.short_name, *args])

