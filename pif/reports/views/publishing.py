"""Publishing: the public pages as an editor sees them (what the public sees now and what
would change), publishing a new snapshot, the settings, and suppressing an indicator's small
numbers. Every change goes through pif.reports.services.publishing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from pif.actors import Actor
from pif.form_pages import form_page, posted
from pif.measures.models import Breakdown, Indicator
from pif.partnerships.access import Access, partnership_view
from pif.reports import balance, small_numbers
from pif.reports.forms.publishing import PublishForm, SettingsForm
from pif.reports.models import Publication, Suppression
from pif.reports.services import publishing as services

T = "reports/publishing"
SUPPRESS, SHOW = "suppress", "show"


def public_url(partnership) -> str:
    """The address of the public pages (drawn by pif.reports.views.public)."""
    return reverse("public_home", args=[partnership.short_name])


def _last_publication(partnership) -> Publication | None:
    return (Publication.objects.filter(partnership=partnership).select_related("published_by")
            .order_by("-published_at", "-id").first())


def changes_since(last: Publication | None, plan: balance.Plan) -> dict:
    """Indicators published since the last publication, and those no longer published
    (their names as the last publication had them, if they are gone)."""
    if last is None:
        return {"published": [], "unpublished": []}
    was = {row["code"]: row["title"] for row in last.content.get("indicators", [])}
    now = {row.code: row for row in plan.indicators if row.published}
    return {"published": [row for code, row in now.items() if code not in was],
            "unpublished": [f"{code} {title}" for code, title in was.items()
                            if code not in now]}


def _context(access: Access) -> dict:
    partnership = access.partnership
    settings = services.public_settings(partnership)
    plan = balance.plan_indicators(partnership)
    return {"settings": settings, "plan": plan, "balance": balance.weigh(plan),
            "flagged": small_numbers.flagged(partnership, settings.small_number_threshold),
            "public_url": public_url(partnership)}


@partnership_view("read")
def publishing(request: HttpRequest, access: Access) -> HttpResponse:
    context = _context(access)
    last = _last_publication(access.partnership)
    return render(request, T + ".html", {
        **context, "last": last, "changes": changes_since(last, context["plan"]),
        "published_now": sum(1 for row in context["plan"].indicators if row.published)})


def published_words(publication: Publication) -> str:
    shown = len(publication.content.get("indicators", []))
    return (f"The public pages are published: {publication.indicators_published:,} of "
            f"{publication.indicators_in_plan:,} plan indicators, {shown:,} indicator"
            f"{'s' if shown != 1 else ''} shown. The public sees them now.")


@partnership_view("edit")
def publish(request: HttpRequest, access: Access) -> HttpResponse:
    context = _context(access)
    form = PublishForm(posted(request), warned=bool(context["balance"].warnings))
    back = reverse("publishing", args=[access.partnership.short_name])
    return form_page(
        request, form, lambda form: services.publish(
            Actor.from_request(request), access.partnership, note=form.cleaned_data["note"],
            reason=form.cleaned_data.get("reason", "")),
        success=published_words, next_url=back, what="the public pages",
        template=T + "_publish.html", context={**context, "back_url": back})


@partnership_view("admin")
def public_settings(request: HttpRequest, access: Access) -> HttpResponse:
    settings = services.public_settings(access.partnership)
    form = SettingsForm(posted(request), instance=settings)
    back = reverse("publishing", args=[access.partnership.short_name])
    return form_page(
        request, form, lambda form: services.set_public_settings(
            Actor.from_request(request), access.partnership,
            licence=form.cleaned_data["licence"],
            small_number_threshold=form.cleaned_data["small_number_threshold"],
            contact_email=form.cleaned_data["contact_email"],
            loaded_version=form.loaded_version),
        success="Public page settings saved. They apply from the next publishing.",
        next_url=back, what="the public page settings", template=T + "_settings.html",
        context={"title": "Public page settings", "back_url": back,
                 "back_label": "Publishing"})


@partnership_view("edit")
def suppression(request: HttpRequest, access: Access, indicator_id: int) -> HttpResponse:
    """GET asks; POST suppresses or shows again (`want`; without it, it toggles)."""
    indicator = get_object_or_404(Indicator, pk=indicator_id, partnership=access.partnership)
    suppressed = Suppression.objects.filter(indicator=indicator).exists()
    back = reverse("publishing", args=[access.partnership.short_name])
    error = None
    if request.method == "POST":
        want = {SUPPRESS: True, SHOW: False}.get(request.POST.get("want"), not suppressed)
        if want == suppressed:  # the same form sent twice
            messages.success(request, "This was already saved.")
            return redirect(back)
        actor = Actor.from_request(request)
        try:
            (services.suppress if want else services.unsuppress)(actor, indicator)
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            messages.success(request, (
                f"Small numbers of {indicator.code} will be suppressed" if want else
                f"Small numbers of {indicator.code} will be shown")
                + " from the next publishing.")
            return redirect(back)
    settings = services.public_settings(access.partnership)
    found = small_numbers.find(
        indicator, small_numbers.approved_observations([indicator.pk]).get(indicator.pk, []),
        settings.small_number_threshold,
        dict(Breakdown.objects.filter(partnership=access.partnership)
             .values_list("id", "name")))
    return render(request, T + "_suppression.html", {
        "indicator": indicator, "suppressed": suppressed, "numbers": found,
        "settings": settings, "error": error, "back_url": back,
        "want": SHOW if suppressed else SUPPRESS,
        "counts_checked": bool(small_numbers.count_fields(indicator))})
