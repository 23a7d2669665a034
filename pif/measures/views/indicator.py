"""An indicator's page, its chart, its breakdown, and the forms that define it."""

from datetime import datetime, time

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from pif.actors import Actor
from pif.form_pages import form_page, posted
from pif.measures import breakdowns, charts, services
from pif.measures.access import get_indicator
from pif.measures.charts.table import data_rows_html
from pif.measures.forms import (
    AnnotationForm,
    AsOfForm,
    BreakdownFilterForm,
    IndicatorForm,
    TargetForm,
)
from pif.measures.models import Breakdown, Indicator, Target
from pif.measures.views import posted_period
from pif.partnerships.access import Access, partnership_view

HISTORY_ROWS = 20
REBASE_TEXT_LIMIT = 300  # Annotation.text's max_length


def _as_of(form: AsOfForm):
    """The end of the day the chart is seen as of, or None for now (also for an unreadable
    or impossible date, such as 30 February)."""
    day = form.values["as_of"]
    return None if day is None else timezone.make_aware(datetime.combine(day, time.max))


def _rebase_at(chart, when, rebased: set[str]) -> str:
    """The label of the period a rebase "at this change" starts from (the chart's period that
    contains ``when``, or the first after it); "" when there is none to offer: no such
    period, the first period (nothing before it), or one already recalculated."""
    position = charts.change_row(chart.rows, when)
    if not position:
        return ""
    row = chart.rows[position]
    return "" if row.period in rebased else row.label


def _rebase_text(kind: str, name: str) -> str:
    return f"Recalculated at this change ({kind.lower()}): {name}"[:REBASE_TEXT_LIMIT]


def _changes_made(chart, annotations, *, can_rebase: bool) -> tuple[list[dict], dict]:
    """The changes marked on the chart and, for an editor (``can_rebase``), what each "Rebase
    at this change" button posts to the existing chart-note form (period, text): one per
    change and one per plain chart note, by note id."""
    changes = [{"mark": mark, "period_label": row.label} for row in chart.rows
               for mark in row.changes]
    if not can_rebase:
        return changes, {}
    rebased = {a.period for a in annotations if a.is_rebase}
    for change in changes:
        mark = change["mark"]
        change["rebase_period"] = _rebase_at(chart, mark.date, rebased)
        change["rebase_text"] = _rebase_text(mark.kind, mark.label)
    notes = {}
    for note in annotations:
        if note.is_rebase or note.period in rebased:
            continue
        label = next((row.label for row in chart.rows[1:] if row.period == note.period), "")
        if label:
            notes[note.pk] = {"rebase_period": label,
                              "rebase_text": _rebase_text("Chart note", note.text)}
    return changes, notes


@partnership_view("read")
def indicator_page(request: HttpRequest, access: Access, code: str) -> HttpResponse:
    indicator = get_indicator(access, code)
    as_of_form = AsOfForm(request.GET)
    as_of = _as_of(as_of_form)
    chart = charts.indicator_chart(indicator, as_of)
    # the notes as they are now, also under a chart of a past date
    annotations = list(chart.annotations if as_of is None else indicator.annotations.all())
    # a chart as it stood on a past date is for reading: no rebase from it
    changes_made, rebasable_notes = _changes_made(
        chart, annotations, can_rebase=access.can_edit and as_of is None)
    changes = (indicator.observations.model.history
               .filter(indicator_id=indicator.pk).select_related("history_user")
               .order_by("-history_date")[:HISTORY_ROWS])
    return render(request, "measures/indicator.html", {
        "indicator": indicator,
        "status": indicator.current_status, "chart": chart, "as_of": as_of,
        "data_rows": data_rows_html(chart),
        "as_of_form": as_of_form,
        "can_change_data": access.can_change_owned(indicator.owner_id),
        "commentaries": indicator.commentaries.select_related("author")[:8],
        "targets": indicator.targets.prefetch_related("points"),
        "annotations": annotations,
        "changes_made": changes_made,
        "chart_notes": [{"note": note, "rebase": rebasable_notes.get(note.pk)}
                        for note in annotations],
        "tags": indicator.tags.all(),
        "changes": changes,
        # Compare areas ranks areas only; age bands and the like have nothing to rank.
        "has_breakdowns": indicator.observations.filter(
            breakdown__kind=Breakdown.Kind.AREA).exists(),
        "rejections": indicator.rejections.filter(cleared_at__isnull=True)
        .select_related("breakdown", "rejected_by").order_by("period", "-rejected_at"),
    })


@partnership_view("read")
def indicator_chart_spec(request: HttpRequest, access: Access, code: str) -> JsonResponse:
    indicator = get_indicator(access, code)
    return JsonResponse(charts.indicator_chart(indicator, _as_of(AsOfForm(request.GET))).spec)


@partnership_view("read")
def indicator_breakdown(request: HttpRequest, access: Access, code: str) -> HttpResponse:
    indicator = get_indicator(access, code)
    comparison = breakdowns.compare(indicator, request.GET.get("period", ""),
                                    family_group=request.GET.get("family", ""))
    return render(request, "measures/breakdown.html", {
        "indicator": indicator, "comparison": comparison,
        "filters": BreakdownFilterForm(comparison),
    })


def _indicator_form_page(request, access, indicator=None) -> HttpResponse:
    form = IndicatorForm(posted(request), instance=indicator,
                         partnership=access.partnership)
    return form_page(request, form,
                     lambda form: services.save_indicator(Actor.from_request(request), form),
                     success=lambda saved: f"{saved.code} {saved.title} saved.",
                     what="this indicator", next_url=Indicator.get_absolute_url,
                     template="measures/indicator_form.html", context={"indicator": indicator})


@partnership_view("edit")
def indicator_create(request: HttpRequest, access: Access) -> HttpResponse:
    return _indicator_form_page(request, access)


@partnership_view("edit")
def indicator_edit(request: HttpRequest, access: Access, code: str) -> HttpResponse:
    return _indicator_form_page(request, access, get_indicator(access, code))


@partnership_view("edit")
def indicator_targets(request: HttpRequest, access: Access, code: str) -> HttpResponse:
    indicator = get_indicator(access, code)
    form = TargetForm(posted(request), instance=Target(indicator=indicator))

    def save(form):
        return services.save_target(Actor.from_request(request), form.instance,
                                    trajectory_text=form.cleaned_data["trajectory"])

    return form_page(request, form, save,
                     success="Target saved. The indicator's status has been updated.",
                     next_url=indicator.get_absolute_url(), template="measures/targets.html",
                     context={"indicator": indicator,
                              "targets": indicator.targets.prefetch_related("points")})


@partnership_view("edit")
def annotation_add(request: HttpRequest, access: Access, code: str) -> HttpResponse:
    indicator = get_indicator(access, code)
    form = AnnotationForm(posted(request))

    def save(form):
        return services.add_annotation(Actor.from_request(request), indicator,
                                       posted_period(form, indicator),
                                       text=form.cleaned_data["text"],
                                       is_rebase=form.cleaned_data["is_rebase"])

    return form_page(request, form, save, success="Chart note added.",
                     next_url=indicator.get_absolute_url(),
                     template="measures/annotation_form.html", context={"indicator": indicator})
