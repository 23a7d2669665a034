"""An indicator's page, its chart, its breakdown, and the forms that define it."""

from datetime import datetime, time

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date

from pif.editing import ALREADY_SAVED, EditConflict, show_conflict
from pif.forms import apply_validation_error
from pif.measures import breakdowns, charts, services
from pif.measures.access import get_indicator
from pif.measures.forms import AnnotationForm, IndicatorForm, TargetForm, read_period
from pif.measures.models import Indicator, Target
from pif.measures.scorecard import status_of
from pif.measures.targets import TargetSchedule, schedules_for
from pif.partnerships.access import Access, partnership_view

HISTORY_ROWS = 20


def _as_of(request: HttpRequest):
    try:
        day = parse_date(request.GET.get("as_of", "") or "")
    except ValueError:  # a well-formed but impossible date, such as 30 February
        return None
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time.max))


def _chart(indicator: Indicator, as_of=None):
    if as_of is not None:
        observations = charts.observations_as_of(indicator, as_of)
    else:
        observations = list(indicator.observations.filter(breakdown__isnull=True)
                            .order_by("period_start", "period_end"))
    schedule = schedules_for(indicator.targets.prefetch_related("points")).get(indicator.pk)
    annotations = (charts.annotations_as_of(indicator, as_of) if as_of is not None
                   else list(indicator.annotations.all()))
    return charts.build_chart(indicator, observations, annotations,
                              schedule or TargetSchedule.empty(),
                              as_of_label=as_of.date() if as_of else None)


@partnership_view("read")
def indicator_page(request: HttpRequest, access: Access, code: str) -> HttpResponse:
    indicator = get_indicator(access, code)
    as_of = _as_of(request)
    changes = (indicator.observations.model.history
               .filter(indicator_id=indicator.pk).select_related("history_user")
               .order_by("-history_date")[:HISTORY_ROWS])
    return render(request, "measures/indicator.html", {
        "access": access, "partnership": access.partnership, "indicator": indicator,
        "status": status_of(indicator), "chart": _chart(indicator, as_of), "as_of": as_of,
        "can_change_data": access.can_change_owned(indicator.owner_id),
        "commentaries": indicator.commentaries.select_related("author")[:8],
        "targets": indicator.targets.prefetch_related("points"),
        "annotations": indicator.annotations.all(),
        "tags": indicator.tags.all(),
        "changes": changes,
        "has_breakdowns": indicator.observations.filter(breakdown__isnull=False).exists(),
        "rejections": indicator.rejections.filter(cleared_at__isnull=True)
        .select_related("breakdown", "rejected_by").order_by("period", "-rejected_at"),
    })


@partnership_view("read")
def indicator_chart_spec(request: HttpRequest, access: Access, code: str) -> JsonResponse:
    indicator = get_indicator(access, code)
    return JsonResponse(_chart(indicator, _as_of(request)).spec)


@partnership_view("read")
def indicator_breakdown(request: HttpRequest, access: Access, code: str) -> HttpResponse:
    indicator = get_indicator(access, code)
    comparison = breakdowns.compare(indicator, request.GET.get("period", ""),
                                    family_group=request.GET.get("family", ""))
    return render(request, "measures/breakdown.html", {
        "access": access, "partnership": access.partnership, "indicator": indicator,
        "comparison": comparison,
    })


def _indicator_form_page(request, access, indicator=None) -> HttpResponse:
    form = IndicatorForm(request.POST or None, instance=indicator,
                         partnership=access.partnership)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_indicator(form, user=request.user)
        except EditConflict as error:
            conflict = show_conflict(form, error, "this indicator", user=request.user)
            if conflict.already_saved:  # the same form sent twice
                messages.success(request, ALREADY_SAVED)
                return redirect("indicator", access.partnership.short_name, indicator.code)
        else:
            messages.success(request, f"{saved.code} {saved.title} saved.")
            return redirect("indicator", access.partnership.short_name, saved.code)
    return render(request, "measures/indicator_form.html", {
        "access": access, "partnership": access.partnership, "form": form,
        "indicator": indicator, "conflict": conflict,
    })


@partnership_view("edit")
def indicator_create(request: HttpRequest, access: Access) -> HttpResponse:
    return _indicator_form_page(request, access)


@partnership_view("edit")
def indicator_edit(request: HttpRequest, access: Access, code: str) -> HttpResponse:
    return _indicator_form_page(request, access, get_indicator(access, code))


@partnership_view("edit")
def indicator_targets(request: HttpRequest, access: Access, code: str) -> HttpResponse:
    indicator = get_indicator(access, code)
    form = TargetForm(request.POST or None, instance=Target(indicator=indicator))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_target(form.instance, user=request.user,
                                 trajectory_text=form.cleaned_data["trajectory"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Target saved. The indicator's status has been updated.")
            return redirect("indicator", access.partnership.short_name, indicator.code)
    return render(request, "measures/targets.html", {
        "access": access, "partnership": access.partnership, "indicator": indicator,
        "form": form, "targets": indicator.targets.prefetch_related("points"),
    })


@partnership_view("edit")
def annotation_add(request: HttpRequest, access: Access, code: str) -> HttpResponse:
    indicator = get_indicator(access, code)
    form = AnnotationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        period = read_period(form, "period", indicator)
        if period is not None:
            services.add_annotation(indicator, period, text=form.cleaned_data["text"],
                                    is_rebase=form.cleaned_data["is_rebase"], user=request.user)
            messages.success(request, "Chart note added.")
            return redirect("indicator", access.partnership.short_name, indicator.code)
    return render(request, "measures/annotation_form.html", {
        "access": access, "partnership": access.partnership, "indicator": indicator,
        "form": form,
    })
