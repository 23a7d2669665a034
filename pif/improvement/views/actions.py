"""Action plans: the plan with its filters, an action and its log, progress updates,
milestones, closing and sign-off, "my actions", and the partnership's action settings.

Editors manage every action; contributors update (progress, milestones, closing) the actions
their organisation or they themselves own (`services.actions.may_change`), and are refused
(403) any other; viewers read.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from pif.actors import Actor
from pif.confirming import confirm_removal
from pif.form_pages import form_page, posted
from pif.improvement import progress
from pif.improvement.forms.actions import (
    SUGGESTED,
    ActionFilterForm,
    ActionForm,
    ActionSettingsForm,
    CloseActionForm,
    ConfirmForm,
    MilestoneForm,
    ProgressUpdateForm,
)
from pif.improvement.models import (
    Action,
    ActionSettings,
    ActionStatus,
    Milestone,
    ProgressUpdate,
    Verdict,
)
from pif.improvement.services import actions as service
from pif.improvement.stage_facts import stale_name
from pif.outcomes.views.common import model_save
from pif.partnerships.access import Access, partnership_view

CAPTION = "Stage 3: take action"
REFUSED = ("Only editors, the action owner, or contributors from the organisation that owns "
           "this action can change it.")


@dataclass
class Row:
    """An action as the lists show it."""

    action: Action
    expected: int | None  # the progress expected today, or None
    suggested: str | None  # the status PIF suggests today, or None
    overdue: bool
    stale: bool
    waiting: bool  # completed, waiting for an editor's sign-off

    @property
    def suggested_label(self) -> str:
        """The suggested status in words, when it differs from the status chosen and the
        owner has not said why; else ""."""
        if (self.suggested is None or self.suggested == self.action.status
                or self.action.status_overridden):
            return ""
        return ActionStatus(self.suggested).label


def url(name: str, access: Access, *args) -> str:
    return reverse(name, args=[access.partnership.short_name, *args])


def _page(request, template: str, **context) -> HttpResponse:
    return render(request, f"improvement/{template}", {"caption": CAPTION, **context})


def _actions(partnership):
    return (Action.objects.filter(partnership=partnership)
            .select_related("owner", "owner_organisation"))


def rows_of(actions, settings: ActionSettings, today: datetime.date, *,
            found: Action | None = None) -> list[Row]:
    """Each action of the queryset `actions` (or `found`, read already, which it holds)
    with its expectation and flags, in a fixed number of queries: overdue and stale as
    `Action.objects.overdue/stale` define them."""
    overdue = set(actions.overdue(today).values_list("pk", flat=True))
    stale = set(actions.stale(today, settings.stale_after_days).values_list("pk", flat=True))
    return [Row(action=action,
                expected=None if action.is_closed else progress.expected_percent(
                    action.start_date, action.due_date, today, ongoing=action.is_ongoing),
                suggested=None if action.is_closed else service.suggestion(action, settings,
                                                                           today),
                overdue=action.pk in overdue, stale=action.pk in stale,
                waiting=service.waiting_for_sign_off(action, settings))
            for action in ([found] if found is not None else actions)]


def _filtered(partnership, values: dict, settings: ActionSettings, today):
    actions = _actions(partnership)
    status = values["status"]
    if status == "open":
        actions = actions.open()
    elif status == "overdue":
        actions = actions.overdue(today)
    elif status == "stale":
        actions = actions.stale(today, settings.stale_after_days)
    elif status == "waiting":
        actions = (actions.filter(status=Action.Status.COMPLETE, signed_off_on__isnull=True)
                   if settings.closing_needs_sign_off else actions.none())
    elif status:
        actions = actions.filter(status=status)
    for name, lookup in (("outcome", "outcomes__id"), ("owner", "owner_id"),
                         ("organisation", "owner_organisation_id"), ("source", "source"),
                         ("due_after", "due_date__gte"), ("due_before", "due_date__lte")):
        if values[name] not in ("", None):
            actions = actions.filter(**{lookup: values[name]})
    return actions


@partnership_view("read")
def actions(request: HttpRequest, access: Access) -> HttpResponse:
    today = timezone.localdate()
    settings = service.settings_for(access.partnership)
    filters = ActionFilterForm(request.GET, partnership=access.partnership,
                               stale_after_days=settings.stale_after_days)
    rows = rows_of(_filtered(access.partnership, filters.values, settings, today), settings,
                   today)
    everything = _actions(access.partnership)
    counts = {"overdue": everything.overdue(today).count(),
              "stale": everything.stale(today, settings.stale_after_days).count()}
    return _page(request, "actions.html", rows=rows, filters=filters, counts=counts,
                 settings=settings, today=today, filtered=request.GET.urlencode() != "",
                 query=request.GET.urlencode(),
                 any_actions=bool(rows) or everything.exists())


@partnership_view("read")
def my_actions(request: HttpRequest, access: Access) -> HttpResponse:
    today = timezone.localdate()
    settings = service.settings_for(access.partnership)
    rows = rows_of(_actions(access.partnership).open().filter(owner=request.user), settings,
                   today)
    soon = today + datetime.timedelta(days=settings.due_soon_days)
    groups = {"overdue": [], "due_soon": [], "stale": [], "rest": []}
    for row in rows:
        action = row.action
        if row.overdue:
            groups["overdue"].append(row)
        elif not action.is_ongoing and action.due_date and action.due_date <= soon:
            groups["due_soon"].append(row)
        elif row.stale:
            groups["stale"].append(row)
        else:
            groups["rest"].append(row)
    others = groups["overdue"] or groups["due_soon"] or groups["stale"]
    return _page(request, "my_actions.html", groups=groups, count=len(rows),
                 settings=settings, today=today,
                 stale_caption=stale_name(settings.stale_after_days),
                 rest_caption="My other open actions" if others else "My open actions")


def _get(access: Access, action_id: int) -> Action:
    return get_object_or_404(
        Action.objects.select_related("partnership", "owner", "owner_organisation",
                                      "lead_group", "project", "signed_off_by"),
        pk=action_id, partnership=access.partnership)


def _get_to_change(access: Access, action_id: int) -> Action:
    """The action, or 404; and 403 unless this member may change it."""
    action = _get(access, action_id)
    if not service.may_change(access, action):
        raise PermissionDenied(REFUSED)
    return action


@partnership_view("read")
def action(request: HttpRequest, access: Access, action_id: int) -> HttpResponse:
    found = get_object_or_404(
        Action.objects.select_related("partnership", "owner", "owner_organisation",
                                      "lead_group", "project", "signed_off_by")
        .prefetch_related(
            "outcomes", "indicators", "risks", "milestones",
            Prefetch("updates", queryset=ProgressUpdate.objects.select_related("author")),
            Prefetch("verdicts", queryset=Verdict.objects.select_related("indicator"))),
        pk=action_id, partnership=access.partnership)
    today = timezone.localdate()
    settings = service.settings_for(access.partnership)
    row = rows_of(Action.objects.filter(pk=found.pk), settings, today, found=found)[0]
    return _page(request, "action.html", action=found, row=row, settings=settings,
                 today=today, can_change=service.may_change(access, found),
                 verdicts=list(found.verdicts.all()))


def _action_form(request, access: Access, instance: Action) -> HttpResponse:
    form = ActionForm(access.partnership, posted(request), instance=instance,
                      can_publish=access.can("edit"))
    adding = instance.pk is None
    return form_page(
        request, form, model_save(request, service.save_action, m2m_fields=service.M2M),
        success=lambda saved: f"Action {saved.reference} saved.",
        next_url=lambda saved: saved.get_absolute_url(), what="this action",
        template="improvement/action_form.html", context={
            "caption": CAPTION, "title": "Add an action" if adding else
            f"Change action {instance.reference}",
            "back_url": url("actions", access) if adding else instance.get_absolute_url(),
            "back_label": "the action plan" if adding else "the action"})


@partnership_view("edit")
def action_add(request: HttpRequest, access: Access) -> HttpResponse:
    return _action_form(request, access, Action(partnership=access.partnership))


@partnership_view("edit")
def action_edit(request: HttpRequest, access: Access, action_id: int) -> HttpResponse:
    return _action_form(request, access, _get(access, action_id))


@partnership_view("contribute")
def action_update(request: HttpRequest, access: Access, action_id: int) -> HttpResponse:
    found = _get_to_change(access, action_id)
    today = timezone.localdate()
    settings = service.settings_for(access.partnership)
    expected = progress.expected_percent(found.start_date, found.due_date, today,
                                         ongoing=found.is_ongoing)
    form = ProgressUpdateForm(posted(request), action=found, suggesting=expected is not None,
                              initial={"written_on": today})

    def save(form):
        data = form.cleaned_data
        # The service works out "the status PIF suggests" (None), as for the API.
        status = None if data["status"] == SUGGESTED else data["status"]
        return service.add_progress_update(
            Actor.from_request(request), found, loaded_version=form.loaded_version,
            percent_complete=data["percent_complete"], status=status, text=data["text"],
            written_on=data["written_on"], status_reason=data["status_reason"])

    return form_page(request, form, save, success="Progress update added.",
                     next_url=found.get_absolute_url(), what="this action",
                     template="improvement/action_update.html", context={
                         "caption": CAPTION, "action": found, "settings": settings,
                         "thresholds": _thresholds(expected, settings, past_due=(
                             expected is not None and today > found.due_date)),
                         "today": today,
                         "closed": found.is_closed})


def _thresholds(expected: int | None, settings: ActionSettings, *,
                past_due: bool) -> dict | None:
    """The percentages at which the suggestion (`progress.suggested_status`) changes today,
    for the page to say: `expected` is the whole percentage expected by today."""
    if expected is None:
        return None
    on_track = -(-settings.on_track_at * expected // 100)  # rounded up
    off_track = settings.off_track_at * expected // 100  # rounded down
    return {"expected": expected, "on_track_from": on_track, "off_track_to": off_track,
            "past_due": past_due}


@partnership_view("contribute")
def action_close(request: HttpRequest, access: Access, action_id: int) -> HttpResponse:
    found = _get_to_change(access, action_id)
    form = CloseActionForm(posted(request), action=found)
    settings = service.settings_for(access.partnership)

    def save(form):
        data = form.cleaned_data
        return service.close_action(
            Actor.from_request(request), found, loaded_version=form.loaded_version,
            outcome=data["outcome"], evidence=data["completion_evidence"],
            reason=data["status_reason"], completed_on=data["completed_on"])

    def done(saved) -> str:
        if service.waiting_for_sign_off(saved, settings):
            return "Action completed. It is waiting for an editor's sign-off."
        return f"Action {saved.get_status_display().lower()}."

    return form_page(request, form, save, success=done, next_url=found.get_absolute_url(),
                     what="this action", template="improvement/action_close.html",
                     context={"caption": CAPTION, "action": found, "settings": settings})


def _confirm(request, access, found: Action, service_call, *, title: str, intro: str,
             button: str, success: str) -> HttpResponse:
    form = ConfirmForm(posted(request), action=found)
    return form_page(
        request, form, lambda form: service_call(Actor.from_request(request), found,
                                                 loaded_version=form.loaded_version),
        success=success, next_url=found.get_absolute_url(), what="this action",
        template="improvement/action_confirm.html",
        context={"caption": CAPTION, "action": found, "title": title, "intro": intro,
                 "button": button})


@partnership_view("edit")
def action_sign_off(request: HttpRequest, access: Access, action_id: int) -> HttpResponse:
    found = _get(access, action_id)
    return _confirm(request, access, found, service.sign_off,
                    title=f"Sign off action {found.reference}",
                    intro="Sign off the action if the evidence shows it is done. The sign-off "
                          "names you and today's date.",
                    button="Sign it off", success="Action signed off.")


@partnership_view("edit")
def action_reopen(request: HttpRequest, access: Access, action_id: int) -> HttpResponse:
    found = _get(access, action_id)
    return _confirm(request, access, found, service.reopen,
                    title=f"Reopen action {found.reference}",
                    intro="Reopen the action if it is not finished after all. Its status "
                          "becomes the one PIF suggests, and the owner can update it again.",
                    button="Reopen the action", success="Action reopened.")


@partnership_view("edit")
def action_delete(request: HttpRequest, access: Access, action_id: int) -> HttpResponse:
    found = _get(access, action_id)
    return confirm_removal(
        request, remove=lambda: service.remove_action(Actor.from_request(request), found),
        done=f"Action {found.reference} deleted.", next_url=url("actions", access),
        template="improvement/action_delete.html",
        context={"caption": CAPTION, "obj": found, "what": "action",
                 "cancel_url": found.get_absolute_url()})


def _milestone_form(request, access, found: Action, milestone: Milestone) -> HttpResponse:
    form = MilestoneForm(posted(request), instance=milestone)
    return form_page(
        request, form, lambda form: service.save_milestone(
            Actor.from_request(request), form.instance, loaded_version=form.loaded_version),
        success="Milestone saved.", next_url=found.get_absolute_url(), what="this milestone",
        template="improvement/action_milestone_form.html",
        context={"caption": CAPTION, "action": found, "milestone": milestone,
                 "title": "Add a milestone" if milestone.pk is None else "Change a milestone"})


def _milestone(found: Action, milestone_id: int) -> Milestone:
    return get_object_or_404(Milestone, pk=milestone_id, action=found)


@partnership_view("contribute")
def action_milestone_add(request: HttpRequest, access: Access, action_id: int) -> HttpResponse:
    found = _get_to_change(access, action_id)
    return _milestone_form(request, access, found, Milestone(action=found))


@partnership_view("contribute")
def action_milestone_edit(request: HttpRequest, access: Access, action_id: int,
                          milestone_id: int) -> HttpResponse:
    found = _get_to_change(access, action_id)
    return _milestone_form(request, access, found, _milestone(found, milestone_id))


@partnership_view("contribute")
def action_milestone_delete(request: HttpRequest, access: Access, action_id: int,
                            milestone_id: int) -> HttpResponse:
    found = _get_to_change(access, action_id)
    milestone = _milestone(found, milestone_id)
    return confirm_removal(
        request, remove=lambda: service.remove_milestone(Actor.from_request(request),
                                                         milestone),
        done="Milestone deleted.", next_url=found.get_absolute_url(),
        template="improvement/action_delete.html",
        context={"caption": CAPTION, "obj": milestone, "what": "milestone",
                 "cancel_url": found.get_absolute_url()})


@partnership_view("admin")
def action_settings(request: HttpRequest, access: Access) -> HttpResponse:
    settings = service.settings_for(access.partnership)
    form = ActionSettingsForm(posted(request), instance=settings)

    def save(form):
        fields = {name: form.cleaned_data[name] for name in ActionSettingsForm.Meta.fields}
        return service.save_action_settings(Actor.from_request(request), access.partnership,
                                            loaded_version=form.loaded_version, **fields)

    return form_page(request, form, save, success="Action plan settings saved.",
                     next_url=url("actions", access), what="the action plan settings",
                     template="improvement/action_settings.html", context={"caption": CAPTION})
