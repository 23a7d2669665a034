"""Entering data by hand: one period, a grid of periods, and commentary."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from pif.lib.numbers import NumberError, parse_number
from pif.lib.periods import Period, PeriodError
from pif.measures import grid, services
from pif.measures.access import get_indicator_to_change
from pif.measures.forms import CommentaryForm, ValueForm, read_period
from pif.measures.writing import ObservationInput, write_observations
from pif.partnerships.access import Access, partnership_view


def _read_value(form: ValueForm):
    try:
        return parse_number(form.cleaned_data["value"])
    except NumberError as error:
        form.add_error("value", str(error))
        return None


def _saved_message(access: Access, result) -> str:
    if not result.written:
        return "Nothing changed: the values were the same as those already saved."
    approval = "" if access.can_edit else " An editor will approve them before they count as final."
    return f"Saved {result.describe()}.{approval}"


@partnership_view("contribute")
def enter_value(request: HttpRequest, access: Access, code: str) -> HttpResponse:
    indicator = get_indicator_to_change(access, code)
    initial = {"period": request.GET.get("period", "")}
    form = ValueForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        period = read_period(form, "period", indicator)
        parsed = _read_value(form)
        if period is not None and parsed is not None:
            data = form.cleaned_data
            row = ObservationInput(
                indicator=indicator, period=period, value=parsed.value,
                numerator=data["numerator"], denominator=data["denominator"],
                missing_code=parsed.missing_code or "", status=data["status"],
                note=data["note"])
            result = write_observations([row], user=request.user, approve=access.can_edit,
                                        partnership=access.partnership)
            messages.success(request, _saved_message(access, result))
            return redirect("indicator", access.partnership.short_name, indicator.code)
    return render(request, "measures/enter_value.html", {
        "access": access, "partnership": access.partnership, "indicator": indicator,
        "form": form,
    })


@partnership_view("contribute")
def enter_grid(request: HttpRequest, access: Access, code: str) -> HttpResponse:
    indicator = get_indicator_to_change(access, code)
    rows = grid.grid_rows(indicator)
    problems = []
    if request.method == "POST":
        inputs, problems = grid.read_grid(indicator, rows, request.POST)
        if not problems:
            result = write_observations(inputs, user=request.user, approve=access.can_edit,
                                        partnership=access.partnership)
            messages.success(request, _saved_message(access, result))
            return redirect("indicator", access.partnership.short_name, indicator.code)
        rows = grid.with_posted_values(rows, request.POST)
    return render(request, "measures/enter_grid.html", {
        "access": access, "partnership": access.partnership, "indicator": indicator,
        "rows": rows, "problems": problems,
    })


@partnership_view("contribute")
def commentary_edit(request: HttpRequest, access: Access, code: str) -> HttpResponse:
    indicator = get_indicator_to_change(access, code)
    latest = indicator.observations.filter(breakdown__isnull=True).order_by(
        "-period_start").values_list("period", flat=True).first()
    period_key = request.GET.get("period") or latest or ""
    try:
        label = Period.from_key(period_key).label if period_key else ""
    except PeriodError:
        period_key, label = latest or "", Period.from_key(latest).label if latest else ""
    existing = indicator.commentaries.filter(period=period_key).first() if period_key else None
    initial = {"period": label}
    form = CommentaryForm(request.POST or None, instance=existing, initial=initial)
    if request.method == "POST" and form.is_valid():
        period = read_period(form, "period", indicator)
        if period is not None:
            fields = {name: form.cleaned_data[name] for name in ("what_it_shows", "why",
                                                                 "actions")}
            services.save_commentary(indicator, period, fields, user=request.user)
            messages.success(request, f"Commentary for {period.label} saved.")
            return redirect("indicator", access.partnership.short_name, indicator.code)
    return render(request, "measures/commentary_form.html", {
        "access": access, "partnership": access.partnership, "indicator": indicator,
        "form": form,
    })
