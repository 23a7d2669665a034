"""Partnership pages: home, the six stages, settings, organisations, members, history."""

import logging
import smtplib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from pif import paging
from pif.actors import Actor
from pif.confirming import confirm_removal
from pif.form_pages import form_page, posted
from pif.forms import apply_validation_error
from pif.partnerships import activity, history, overview, services, stages
from pif.partnerships.access import Access, partnership_view, site_view
from pif.partnerships.forms import (
    HistoryFilterForm,
    MemberAddForm,
    MemberChangeForm,
    OrganisationForm,
    PartnershipCreateForm,
    PartnershipSettingsForm,
)
from pif.partnerships.invitations import send_invitation
from pif.partnerships.models import Membership, Organisation
from pif.partnerships.names import known_names

HISTORY_PAGE_SIZE = 50
logger = logging.getLogger(__name__)


@site_view("login")
def home(request: HttpRequest) -> HttpResponse:
    memberships = (Membership.objects.filter(user=request.user)
                   .select_related("partnership", "organisation")
                   .order_by("partnership__name"))
    return render(request, "partnerships/home.html", {"memberships": memberships})


@site_view("staff")
def partnership_create(request: HttpRequest) -> HttpResponse:
    form = PartnershipCreateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            partnership = services.create_partnership(Actor.from_request(request),
                                                      **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            services.add_member(Actor.from_request(request), partnership, email=request.user.email,
                                role=Membership.Role.ADMIN)
            messages.success(request, f"{partnership.name} created. Add its organisations next.")
            return redirect("organisations", partnership.short_name)
    return render(request, "partnerships/partnership_create.html", {"form": form})


@partnership_view("read")
def partnership(request: HttpRequest, access: Access) -> HttpResponse:
    summaries = stages.summaries(access.partnership)
    return render(request, "partnerships/partnership.html", {
        "summaries": summaries,
        "vision": next(s.statement for s in summaries if s.stage.slug == "vision"),
        "overview": overview.for_person(access),
    })


@partnership_view("read")
def stage(request: HttpRequest, access: Access, slug: str) -> HttpResponse:
    if slug not in stages.STAGES_BY_SLUG:
        raise Http404("No such stage")
    return render(request, "partnerships/stage.html", {
        "summary": stages.summary(access.partnership, slug),
    })


@partnership_view("admin")
def partnership_settings(request: HttpRequest, access: Access) -> HttpResponse:
    partnership = access.partnership
    form = PartnershipSettingsForm.for_partnership(partnership, posted(request))

    def save(form):
        changes = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        return services.update_settings(Actor.from_request(request), partnership.pk, changes,
                                        loaded_version=form.loaded_version)

    return form_page(request, form, save, success="Settings saved.", what="these settings",
                     next_url=_url("partnership", access), template="partnerships/settings.html",
                     context={"vision": stages.summary(partnership, "vision")})


@partnership_view("read")
def organisations(request: HttpRequest, access: Access) -> HttpResponse:
    rows = Organisation.objects.filter(partnership=access.partnership)
    return render(request, "partnerships/organisations.html", {"organisations": rows})


def _url(name: str, access: Access) -> str:
    return reverse(name, args=[access.partnership.short_name])


def _get_organisation(access: Access, organisation_id: int) -> Organisation:
    return get_object_or_404(Organisation, pk=organisation_id, partnership=access.partnership)


def _organisation_form_page(request, access, organisation=None) -> HttpResponse:
    initial = {} if organisation is None else {
        "name": organisation.name, "kind": organisation.kind,
        "short_code": organisation.short_code}
    form = OrganisationForm(posted(request), initial=initial, record=organisation)

    def save(form):
        fields = {name: form.cleaned_data[name] for name in ("name", "kind", "short_code")}
        if organisation is None:
            return services.add_organisation(Actor.from_request(request), access.partnership,
                                             **fields)
        return services.change_organisation(Actor.from_request(request), organisation,
                                            **fields, loaded_version=form.loaded_version)

    return form_page(request, form, save, success=lambda saved: f"{saved.name} saved.",
                     what="this organisation", next_url=_url("organisations", access),
                     template="partnerships/organisation_form.html",
                     context={"organisation": organisation})


@partnership_view("admin")
def organisation_add(request: HttpRequest, access: Access) -> HttpResponse:
    return _organisation_form_page(request, access)


@partnership_view("admin")
def organisation_edit(request: HttpRequest, access: Access, organisation_id: int) -> HttpResponse:
    return _organisation_form_page(request, access, _get_organisation(access, organisation_id))


@partnership_view("admin")
def organisation_remove(request: HttpRequest, access: Access,
                        organisation_id: int) -> HttpResponse:
    organisation = _get_organisation(access, organisation_id)
    return confirm_removal(
        request,
        remove=lambda: services.remove_organisation(Actor.from_request(request), organisation),
        done=f"{organisation.name} removed.", next_url=_url("organisations", access),
        template="partnerships/organisation_remove.html", context={"organisation": organisation})


@partnership_view("read")
def members(request: HttpRequest, access: Access) -> HttpResponse:
    rows = (Membership.objects.filter(partnership=access.partnership)
            .select_related("user", "organisation"))
    return render(request, "partnerships/members.html", {
        "members": rows,
        "role_descriptions": [(role.label, Membership.ROLE_DESCRIPTIONS[role])
                              for role in Membership.Role],
    })


@partnership_view("admin")
def member_add(request: HttpRequest, access: Access) -> HttpResponse:
    form = MemberAddForm(access.partnership, posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            membership, new_account = services.add_member(
                Actor.from_request(request), access.partnership, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if new_account:
                _invite(request, membership)
            else:
                messages.success(request, f"{membership.known_name} added.")
            return redirect("members", access.partnership.short_name)
    return render(request, "partnerships/member_add.html", {"form": form})


def _invite(request: HttpRequest, membership: Membership) -> None:
    email = membership.user.email
    try:
        send_invitation(request, membership)
    except (smtplib.SMTPException, OSError):
        # The membership is saved already: say what happened rather than fail the page.
        logger.exception("Invitation to %s not sent", email)
        messages.warning(request, f"{email} has been added, but the invitation email could "
                                  "not be sent. Check the address; to send it again, remove "
                                  "the member and invite them again.")
    else:
        messages.success(request, f"{email} has been sent an invitation to set a password.")


def _get_membership(access: Access, membership_id: int) -> Membership:
    return get_object_or_404(Membership.objects.select_related("user", "organisation"),
                             pk=membership_id, partnership=access.partnership)


@partnership_view("admin")
def member_edit(request: HttpRequest, access: Access, membership_id: int) -> HttpResponse:
    membership = _get_membership(access, membership_id)
    form = MemberChangeForm(access.partnership, posted(request), initial={
        "role": membership.role, "organisation": membership.organisation}, record=membership)

    def save(form):
        return services.change_membership(Actor.from_request(request), membership,
                                          role=form.cleaned_data["role"],
                                          organisation=form.cleaned_data["organisation"],
                                          loaded_version=form.loaded_version)

    return form_page(request, form, save, success=f"{membership.known_name}'s role saved.",
                     what=f"{membership.known_name}'s role", next_url=_url("members", access),
                     template="partnerships/member_edit.html",
                     context={"membership": membership})


@partnership_view("admin")
def member_remove(request: HttpRequest, access: Access, membership_id: int) -> HttpResponse:
    membership = _get_membership(access, membership_id)
    return confirm_removal(
        request,
        remove=lambda: services.remove_member(Actor.from_request(request), membership),
        done=f"{membership.known_name} removed.", next_url=_url("members", access),
        template="partnerships/member_remove.html", context={"membership": membership})


@partnership_view("read")
def history_page(request: HttpRequest, access: Access) -> HttpResponse:
    filters = HistoryFilterForm(request.GET, people=known_names(access.partnership).people(),
                                kinds=history.kinds())
    user_id, kind = filters.values["user"], filters.values["kind"]
    # A malformed or altered position reads as none: the newest page.
    page = history.changes_page(access.partnership, user_id=user_id, kind=kind or None,
                                limit=HISTORY_PAGE_SIZE,
                                **paging.positions(request.GET, history.Position.decode))
    return render(request, "partnerships/history.html", {
        "changes": page.rows, **paging.links(page, filters.values),
        "filters": filters,
        "selected_user": user_id, "selected_kind": kind,
    })


@partnership_view("read")
def events(request: HttpRequest, access: Access) -> HttpResponse:
    # A malformed or altered position reads as none: the newest page.
    page = activity.events_page(access.partnership, limit=HISTORY_PAGE_SIZE,
                                **paging.positions(request.GET, activity.EventPosition.decode))
    return render(request, "partnerships/events.html", {"events": page.rows,
                                                        **paging.links(page)})


