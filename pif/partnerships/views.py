"""Partnership pages: home, the six stages, settings, organisations, members, history."""

import logging
import smtplib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from pif.confirming import confirm_removal
from pif.editing import ALREADY_SAVED, EditConflict, show_conflict
from pif.forms import apply_validation_error
from pif.lib.text import parse_id
from pif.partnerships import history, services, stages
from pif.partnerships.access import Access, partnership_view, site_view
from pif.partnerships.forms import (
    MemberAddForm,
    MemberChangeForm,
    OrganisationForm,
    PartnershipCreateForm,
    PartnershipSettingsForm,
)
from pif.partnerships.invitations import send_invitation
from pif.partnerships.models import Event, Membership, Organisation
from pif.partnerships.names import known_names

HISTORY_PAGE_SIZE = 50
logger = logging.getLogger(__name__)


def _actor(request: HttpRequest) -> services.Actor:
    return services.Actor(user=request.user)


@site_view("login")
def home(request: HttpRequest) -> HttpResponse:
    memberships = (Membership.objects.filter(user=request.user)
                   .select_related("partnership", "organisation")
                   .order_by("partnership__name"))
    return render(request, "partnerships/home.html", {"memberships": memberships})


@site_view("staff")
def partnership_create(request: HttpRequest) -> HttpResponse:
    form = PartnershipCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partnership = services.create_partnership(_actor(request), **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            services.add_member(_actor(request), partnership, email=request.user.email,
                                role=Membership.Role.ADMIN)
            messages.success(request, f"{partnership.name} created. Add its organisations next.")
            return redirect("organisations", partnership.short_name)
    return render(request, "partnerships/partnership_create.html", {"form": form})


@partnership_view("read")
def partnership(request: HttpRequest, access: Access) -> HttpResponse:
    return render(request, "partnerships/partnership.html", {
        "access": access, "partnership": access.partnership,
        "summaries": stages.summaries(access.partnership),
    })


@partnership_view("read")
def stage(request: HttpRequest, access: Access, slug: str) -> HttpResponse:
    if slug not in stages.STAGES_BY_SLUG:
        raise Http404("No such stage")
    return render(request, "partnerships/stage.html", {
        "access": access, "partnership": access.partnership,
        "summary": stages.summary(access.partnership, slug),
    })


@partnership_view("admin")
def partnership_settings(request: HttpRequest, access: Access) -> HttpResponse:
    partnership = access.partnership
    form = PartnershipSettingsForm.for_partnership(partnership, request.POST or None)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        del data["version"]
        try:
            services.update_settings(_actor(request), partnership.pk, data,
                                     loaded_version=form.loaded_version)
        except EditConflict as error:
            conflict = show_conflict(form, error, "these settings", user=request.user)
            if conflict.already_saved:  # the same form sent twice
                messages.success(request, ALREADY_SAVED)
                return redirect("partnership", partnership.short_name)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Settings saved.")
            return redirect("partnership", partnership.short_name)
    return render(request, "partnerships/settings.html", {
        "access": access, "partnership": partnership, "form": form, "conflict": conflict,
    })


@partnership_view("read")
def organisations(request: HttpRequest, access: Access) -> HttpResponse:
    rows = Organisation.objects.filter(partnership=access.partnership)
    return render(request, "partnerships/organisations.html", {
        "access": access, "partnership": access.partnership, "organisations": rows,
    })


def _get_organisation(access: Access, organisation_id: int) -> Organisation:
    return get_object_or_404(Organisation, pk=organisation_id, partnership=access.partnership)


def _organisation_form_page(request, access, organisation=None) -> HttpResponse:
    initial = {} if organisation is None else {
        "name": organisation.name, "kind": organisation.kind,
        "short_code": organisation.short_code}
    form = OrganisationForm(request.POST or None, initial=initial, record=organisation)
    conflict = None
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ("name", "kind", "short_code")}
        try:
            if organisation is None:
                saved = services.add_organisation(_actor(request), access.partnership, **fields)
            else:
                saved = services.change_organisation(_actor(request), organisation, **fields,
                                                     loaded_version=form.loaded_version)
        except EditConflict as error:
            conflict = show_conflict(form, error, "this organisation", user=request.user)
            if conflict.already_saved:  # the same form sent twice
                messages.success(request, ALREADY_SAVED)
                return redirect("organisations", access.partnership.short_name)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{saved.name} saved.")
            return redirect("organisations", access.partnership.short_name)
    return render(request, "partnerships/organisation_form.html", {
        "access": access, "partnership": access.partnership, "form": form,
        "organisation": organisation, "conflict": conflict,
    })


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
        request, access, remove=lambda: services.remove_organisation(_actor(request), organisation),
        done=f"{organisation.name} removed.",
        next_url=reverse("organisations", args=[access.partnership.short_name]),
        template="partnerships/organisation_remove.html", context={"organisation": organisation})


@partnership_view("read")
def members(request: HttpRequest, access: Access) -> HttpResponse:
    rows = (Membership.objects.filter(partnership=access.partnership)
            .select_related("user", "organisation"))
    return render(request, "partnerships/members.html", {
        "access": access, "partnership": access.partnership, "members": rows,
        "role_descriptions": [(role.label, Membership.ROLE_DESCRIPTIONS[role])
                              for role in Membership.Role],
    })


@partnership_view("admin")
def member_add(request: HttpRequest, access: Access) -> HttpResponse:
    form = MemberAddForm(access.partnership, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership, new_account = services.add_member(
                _actor(request), access.partnership, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if new_account:
                _invite(request, membership)
            else:
                messages.success(request, f"{membership.known_name} added.")
            return redirect("members", access.partnership.short_name)
    return render(request, "partnerships/member_add.html", {
        "access": access, "partnership": access.partnership, "form": form,
    })


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
    form = MemberChangeForm(access.partnership, request.POST or None, initial={
        "role": membership.role, "organisation": membership.organisation}, record=membership)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.change_membership(_actor(request), membership,
                                       role=form.cleaned_data["role"],
                                       organisation=form.cleaned_data["organisation"],
                                       loaded_version=form.loaded_version)
        except EditConflict as error:
            conflict = show_conflict(form, error, f"{membership.known_name}'s role",
                                     user=request.user)
            if conflict.already_saved:  # the same form sent twice
                messages.success(request, ALREADY_SAVED)
                return redirect("members", access.partnership.short_name)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{membership.known_name}'s role saved.")
            return redirect("members", access.partnership.short_name)
    return render(request, "partnerships/member_edit.html", {
        "access": access, "partnership": access.partnership, "form": form,
        "membership": membership, "conflict": conflict,
    })


@partnership_view("admin")
def member_remove(request: HttpRequest, access: Access, membership_id: int) -> HttpResponse:
    membership = _get_membership(access, membership_id)
    return confirm_removal(
        request, access, remove=lambda: services.remove_member(_actor(request), membership),
        done=f"{membership.known_name} removed.",
        next_url=reverse("members", args=[access.partnership.short_name]),
        template="partnerships/member_remove.html", context={"membership": membership})


MAX_PAGE = 1_000


def _page_number(request: HttpRequest) -> int:
    number = parse_id(request.GET.get("page", "1"))
    return min(MAX_PAGE, max(1, number)) if number is not None else 1


@partnership_view("read")
def history_page(request: HttpRequest, access: Access) -> HttpResponse:
    page = _page_number(request)
    user_id = parse_id(request.GET.get("user", ""))
    kind = request.GET.get("kind", "")
    kind_choices = history.kinds()
    if kind not in {key for key, _ in kind_choices}:
        kind = ""
    rows = history.changes(access.partnership, user_id=user_id, kind=kind or None,
                           offset=(page - 1) * HISTORY_PAGE_SIZE, limit=HISTORY_PAGE_SIZE + 1)
    return render(request, "partnerships/history.html", {
        "access": access, "partnership": access.partnership,
        "changes": rows[:HISTORY_PAGE_SIZE], "page": page,
        "has_next": len(rows) > HISTORY_PAGE_SIZE,
        "people": known_names(access.partnership).people(), "kinds": kind_choices,
        "selected_user": user_id, "selected_kind": kind,
    })


@partnership_view("read")
def events(request: HttpRequest, access: Access) -> HttpResponse:
    rows = Event.objects.filter(partnership=access.partnership).select_related("actor")
    page = Paginator(rows, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "partnerships/events.html", {
        "access": access, "partnership": access.partnership, "page_obj": page,
    })


