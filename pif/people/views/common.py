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
    ("staff_engagement_template", "Staff engagement indicators"),
    ("training_records", "Training records"),
    ("people_settings", "Settings"),
]


def stage_context(access: Access, **context) -> dict:
    """The sections to move between, each only for those its page lets in (no dead ends)."""
    sections = [(reverse(name, args=[access.partnership.short_name]), name, label)
                for name, label in SECTIONS]
    return {"people_sections": [(link, name, label) for link, name, label in sections
                                if access.can_open(link)], **context}


def page(request: HttpRequest, template: str, **context) -> HttpResponse:
    return render(request, f"people/{template}", stage_context(request.access, **context))


def url(name: str, access: Access, *args) -> str:
    return reverse(name, args=[access.partnership.short_name, *args])

