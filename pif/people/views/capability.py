"""Capability: counts of people per organisation and level on a date (a grid, saved all at
once or not at all), and the levels themselves."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone

from pif.actors import Actor
from pif.form_pages import form_page, posted
from pif.forms import apply_validation_error
from pif.outcomes.views.common import confirm_delete, model_save
from pif.partnerships.access import Access, partnership_view
from pif.people import services
from pif.people.forms import CountDateForm, CountGridForm, LevelForm
from pif.people.models import CapabilityCount, CapabilityLevel
from pif.people.views.common import page, stage_context, url


def _allowed(access: Access):
    """The organisations the person may count for: None for all (editors), else their own."""
    return None if access.can_edit else {access.membership.organisation_id}


@partnership_view("contribute")
def capability(request: HttpRequest, access: Access) -> HttpResponse:
    partnership = access.partnership
    today = timezone.localdate()
    chooser = CountDateForm(request.GET, initial={"counted_on": today})
    counted_on = chooser.values["counted_on"]
    if counted_on > today:
        counted_on = today
    levels = list(CapabilityLevel.objects.filter(partnership=partnership))
    organisations = list(partnership.organisations.all())
    allowed = _allowed(access)
    editable = [o for o in organisations if allowed is None or o.pk in allowed]
    stored = services.stored_counts(partnership, counted_on)
    editable_ids = {o.pk for o in editable}
    initial = {CountGridForm.cell(o, lv): stored.get((o.pk, lv.pk))
               for o in editable for lv in levels}
    initial["counted_on"] = counted_on
    initial["loaded"] = services.fingerprint(
        (o, lv, people) for (o, lv), people in stored.items() if o in editable_ids)
    form = CountGridForm(editable, levels, posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.save_counts(
                Actor.from_request(request), partnership,
                counted_on=form.cleaned_data["counted_on"], values=form.values(),
                allowed_organisation_ids=allowed, loaded=form.cleaned_data["loaded"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            saved_on = form.cleaned_data["counted_on"]
            messages.success(request, f"Counts for {saved_on:%-d %B %Y} saved "
                                      f"({changed} changed)." if changed else
                             "Nothing changed: the counts were already saved.")
            return redirect(url("capability", access) + f"?counted_on={saved_on:%Y-%m-%d}")
    dates = list(CapabilityCount.objects.filter(partnership=partnership)
                 .values_list("counted_on", flat=True).distinct().order_by("-counted_on")[:12])
    rows = [(o, [(lv, stored.get((o.pk, lv.pk))) for lv in levels],
             [form[CountGridForm.cell(o, lv)] for lv in levels] if o.pk in editable_ids
             else None) for o in organisations]
    return page(request, "capability.html", chooser=chooser, form=form, levels=levels,
                rows=rows, counted_on=counted_on, dates=dates, can_count=bool(editable))


@partnership_view("edit")
def capability_levels(request: HttpRequest, access: Access) -> HttpResponse:
    levels = CapabilityLevel.objects.filter(partnership=access.partnership).annotate(
        count_rows=Count("counts", distinct=True),
        record_rows=Count("training_records", distinct=True))
    return page(request, "levels.html", levels=list(levels),
                source=services.read_template(services.LEVELS_TEMPLATE))


def _level_form(request, access, instance) -> HttpResponse:
    form = LevelForm(access.partnership, posted(request), instance=instance)
    return form_page(request, form, model_save(request, lambda actor, level, m2m,
                                               loaded_version: services.save_level(
                                                   actor, level,
                                                   loaded_version=loaded_version)),
                     success="Level saved.", what="this level",
                     next_url=url("capability_levels", access), template="people/form.html",
                     context=stage_context(
                         access,
                         title=f"Change the level “{instance.name}”" if instance.pk
                         else "Add a capability level",
                         intro="Levels are the steps of improvement skills the partnership "
                               "counts people at. Its position says where it comes in the "
                               "list: the others move along.",
                         back_url=url("capability_levels", access),
                         back_label="capability levels"))


def _get_level(access, level_id) -> CapabilityLevel:
    return get_object_or_404(CapabilityLevel, pk=level_id, partnership=access.partnership)


@partnership_view("edit")
def capability_level_add(request: HttpRequest, access: Access) -> HttpResponse:
    position = CapabilityLevel.objects.filter(partnership=access.partnership).count() + 1
    return _level_form(request, access, CapabilityLevel(partnership=access.partnership,
                                                        position=position))


@partnership_view("edit")
def capability_level_edit(request: HttpRequest, access: Access, level_id: int) -> HttpResponse:
    return _level_form(request, access, _get_level(access, level_id))


@partnership_view("edit")
def capability_level_delete(request: HttpRequest, access: Access,
                            level_id: int) -> HttpResponse:
    back = url("capability_levels", access)
    return confirm_delete(request, _get_level(access, level_id), services.remove_level,
                          what="Capability level", next_url=back, cancel_url=back,
                          explanation="A level that counts or training records use cannot "
                                      "be removed: rename it instead.")
