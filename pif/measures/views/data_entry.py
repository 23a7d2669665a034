"""Entering data by hand: one period, a grid of periods, and commentary."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from pif.actors import Actor
from pif.editing import ALREADY_SAVED, EditConflict, FieldConflict
from pif.form_pages import form_page, posted
from pif.forms import apply_validation_error
from pif.lib.numbers import NumberError, parse_number
from pif.lib.periods import Period, PeriodError
from pif.measures import grid, locks, rules, services
from pif.measures.access import get_indicator_to_change
from pif.measures.forms import CommentaryForm, ValueForm, read_period
from pif.measures.models import Observation
from pif.measures.previous import previous_value
from pif.measures.rules import ObservationRefused
from pif.measures.views import posted_period
from pif.measures.writing import (
    ObservationInput,
    as_written,
    same_status,
    same_value,
    saved_by_since,
    write_observations,
)
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
    approval = "" if access.can_edit else " An editor will approve them before they count."
    return f"Saved {result.describe()}.{approval}"


def _checked_row(form: ValueForm, indicator, lock) -> tuple[ObservationInput | None, tuple]:
    """The row to write and the rules' warnings, or None after putting each refusal on its
    field. A locked period is refused here, before any edit conflict, as no value for it
    can be saved whatever is stored."""
    period = read_period(form, "period", indicator)
    parsed = _read_value(form)
    if period is None or parsed is None:
        return None, ()
    data = form.cleaned_data
    missing_code = parsed.missing_code or ""
    check = rules.check_observation(
        indicator, period, value=parsed.value, numerator=data.get("numerator"),
        denominator=data.get("denominator"), missing_code=missing_code, status=data["status"],
        previous_value=previous_value(indicator, period),
        stored_status=indicator.current_status)
    refusals = check.refusals + (rules.check_period_not_locked(
        period.end, lock.locked_through, lock.reason) if lock else ())
    for finding in refusals:
        form.add_error(finding.field, finding.message)
    if refusals:
        return None, ()
    return ObservationInput(
        indicator=indicator, period=period, value=check.value, numerator=data.get("numerator"),
        denominator=data.get("denominator"), missing_code=missing_code, status=data["status"],
        note=data["note"]), check.warnings


def _stored(indicator, period) -> Observation | None:
    return (indicator.observations.filter(breakdown__isnull=True, period=period.key)
            .select_related("entered_by").first())


def _opened_with(indicator, period: Period | None) -> dict:
    """The hidden fields of a form opened for a period: the entry stored for it now."""
    stored = _stored(indicator, period) if period else None
    return {"loaded_period": period.key if period else "",
            "loaded": stored.entered_token if stored else ""}


def _as_entered(stored: Observation | None) -> dict:
    """The fields of the form opened for a period with a value stored: that value, to change
    or keep, as the person would type it."""
    if stored is None:
        return {}
    return {"value": grid.shown_value(stored), "numerator": stored.numerator,
            "denominator": stored.denominator, "status": stored.status, "note": stored.note}


def _stored_for(indicator, form: ValueForm) -> Observation | None:
    """The value stored now for the period the form was opened for, to show above it."""
    key = form["loaded_period"].value()
    try:
        return _stored(indicator, Period.from_key(key)) if key else None
    except PeriodError:  # an altered page
        return None


def _linked_period(indicator, text: str) -> Period | None:
    """The period the link to the form names, if it names one."""
    try:
        return indicator.read_period(text) if text else None
    except PeriodError:
        return None


def _differences(form: ValueForm, row: ObservationInput, stored: Observation | None,
                 approve: bool) -> list[FieldConflict]:
    """The fields whose stored value differs from what saving the form would write: the
    value worked out from a numerator and denominator, say, and the status this person may
    give it (a contributor's "final" waits as provisional)."""
    written = as_written(row, stored, approve)
    found = []
    for name in ("value", "numerator", "denominator", "status", "note"):
        if name in form.fields and not _same_field(name, stored, written):
            saved = _stored_text(stored, name)
            yours = _entered_text(form, name)
            found.append(FieldConflict(str(form.fields[name].label), saved or "(blank)",
                                       yours or "(blank)"))
    return found


def _same_field(name: str, stored: Observation | None, written: ObservationInput) -> bool:
    if stored is None:  # withdrawn since: only an empty entry is the same
        return (written.value is None and not written.missing_code if name == "value"
                else name == "status" or not getattr(written, name))
    if name == "value":
        return same_value(_value_or_code(stored), _value_or_code(written))
    if name == "status":  # approval or correction moves it on from what was sent
        return same_status(stored.status, written.status)
    if name == "note":
        return (stored.note or "").strip() == (written.note or "").strip()
    return same_value(getattr(stored, name), getattr(written, name))


def _value_or_code(entry):
    return entry.missing_code if entry.value is None else entry.value


def _entered_text(form: ValueForm, name: str) -> str:
    value = form.cleaned_data.get(name)
    if name == "status":
        return str(Observation.Status(value).label)
    return "" if value is None else str(value).strip()


def _stored_text(stored: Observation | None, name: str) -> str:
    if stored is None:
        return ""
    if name == "value" and stored.value is None:
        return stored.missing_code
    if name == "status":
        return stored.get_status_display()
    value = getattr(stored, name)
    return "" if value is None else str(value)


def _saved_by_since(indicator, period: Period, loaded: str) -> frozenset:
    """Who saved (or withdrew) the value for `period` since the form was opened with the
    entry `loaded` names ("" for none)."""
    def showed(version) -> bool:
        return (version.instance.entered_token if version is not None else "") == loaded

    return saved_by_since(indicator, period, showed=showed)


def _conflict(actor: Actor, form: ValueForm, row: ObservationInput,
              approve: bool) -> EditConflict | None:
    """Refuse the save on the form if the value for `period` was entered (or withdrawn)
    since the form was opened, keeping the person's entries; the form then carries the
    entry stored now, so saving again keeps theirs, knowingly. If `actor` entered it, just
    as they post it now (the form sent twice), the conflict is `already_saved` instead."""
    data, indicator, period = form.cleaned_data, row.indicator, row.period
    # For any period but the one the form was opened for, the person saw no value.
    expected = data["loaded"] if data["loaded_period"] == period.key else ""
    stored = _stored(indicator, period)
    if (stored.entered_token if stored else "") == expected:
        return None
    who = stored.entered_by.display_name if stored and stored.entered_by else "Someone else"
    conflict = EditConflict(stored, [(who, stored.entered_at)] if stored else [],
                            _saved_by_since(indicator, period, expected))
    conflict.what = f"the value for {period.label}"
    conflict.conflicts = _differences(form, row, stored, approve)
    conflict.yours = conflict.saved_by_only(actor)
    if conflict.already_saved:
        return conflict
    form.data = form.data.copy()
    for name, value in _opened_with(indicator, period).items():
        form.data[name] = value
    form.add_error(None, conflict.refusal("Your value has not been saved yet."))
    return conflict


@partnership_view("contribute")
def enter_value(request: HttpRequest, access: Access, code: str) -> HttpResponse:
    indicator = get_indicator_to_change(access, code)
    period_text = request.GET.get("period", "")
    period = _linked_period(indicator, period_text)
    initial = {"period": period_text, **_opened_with(indicator, period),
               **_as_entered(_stored(indicator, period) if period else None)}
    form = ValueForm(posted(request), initial=initial, indicator=indicator)
    actor, warnings, conflict = Actor.from_request(request), (), None
    lock = locks.active_lock(access.partnership)
    if request.method == "POST" and form.is_valid():
        row, warnings = _checked_row(form, indicator, lock)
        conflict = (_conflict(actor, form, row, access.can_edit) if row is not None
                    else None)
        if conflict is not None and conflict.already_saved:  # the same form sent twice
            messages.success(request, ALREADY_SAVED)
            return redirect("indicator", access.partnership.short_name, indicator.code)
        accepted = request.POST.get("accepted_warnings") == rules.warnings_key(warnings)
        if row is not None and conflict is None and (not warnings or accepted):
            try:
                result = write_observations(actor, [row], approve=access.can_edit,
                                            partnership=access.partnership)
            except ObservationRefused as refused:  # such as someone else's entry at once
                apply_validation_error(form, rules.as_validation_error(
                    [finding for found in refused.findings.values() for finding in found]))
            else:
                messages.success(request, _saved_message(access, result))
                return redirect("indicator", access.partnership.short_name, indicator.code)
    return render(request, "measures/enter_value.html", {
        "indicator": indicator, "form": form, "warnings": warnings, "conflict": conflict,
        "stored": _stored_for(indicator, form), "lock": lock,
        "warnings_key": rules.warnings_key(warnings) if warnings else "",
    })


@partnership_view("contribute")
def enter_grid(request: HttpRequest, access: Access, code: str) -> HttpResponse:
    indicator = get_indicator_to_change(access, code)
    lock = locks.active_lock(access.partnership)
    rows, problems, warnings = grid.grid_rows(indicator, lock), [], []
    actor = Actor.from_request(request)
    if request.method == "POST":
        # The periods the page showed, which may no longer be those it would show now.
        rows, problems = grid.posted_rows(indicator, request.POST, lock)
        inputs, found = grid.read_grid(actor, indicator, rows, request.POST, lock)
        problems += [problem for problem in found if not problem.warning]
        warnings = [problem for problem in found if problem.warning]
        accepted = request.POST.get("accepted_warnings") == _grid_warnings_key(warnings)
        if not inputs and not problems and _grid_already_saved(actor, indicator, rows,
                                                                 request.POST):
            messages.success(request, ALREADY_SAVED)  # the same page sent twice
            return redirect("indicator", access.partnership.short_name, indicator.code)
        if not problems and (not warnings or accepted):
            try:
                result = write_observations(actor, inputs, approve=access.can_edit,
                                            partnership=access.partnership)
            except ObservationRefused as refused:
                problems = _grid_problems(inputs, refused)
            else:
                messages.success(request, _saved_message(access, result))
                return redirect("indicator", access.partnership.short_name, indicator.code)
        rows = grid.with_posted_values(rows, request.POST, problems + warnings)
    return render(request, "measures/enter_grid.html", {
        "indicator": indicator, "rows": rows, "problems": problems, "warnings": warnings,
        "needs_ratio": rules.needs_numerator_and_denominator(indicator), "lock": lock,
        "warnings_key": _grid_warnings_key(warnings) if warnings else "",
    })


def _grid_already_saved(actor: Actor, indicator, rows: list[grid.GridRow], data) -> bool:
    return any(grid.already_saved(actor, indicator, row, data) for row in rows)


def _grid_warnings_key(warnings: list[grid.Problem]) -> str:
    return rules.warnings_key(warning.message for warning in warnings)


def _grid_problems(inputs, refused: ObservationRefused) -> list[grid.Problem]:
    """The last guard's refusals (such as a first value entered by someone else at the same
    moment), each on the cell of its period."""
    return [grid.Problem(f"value-{inputs[index].period.key}",
                         f"{inputs[index].period.label}: {finding.message}")
            for index, findings in refused.findings.items() for finding in findings]


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
    initial = {"period": label, "version_period": period_key}
    form = CommentaryForm(posted(request), instance=existing, initial=initial,
                          can_show_publicly=access.can_edit)

    def save(form):
        return _save_commentary(Actor.from_request(request), indicator, form)

    return form_page(request, form, save,
                     success=_commentary_saved,
                     what=lambda saved: f"the commentary for {_label(saved)}", next_url=reverse(
                         "indicator", args=[access.partnership.short_name, indicator.code]),
                     template="measures/commentary_form.html", context={"indicator": indicator})


def _commentary_saved(saved) -> str:
    if getattr(saved, "public_withdrawn", False):
        return (f"Commentary for {_label(saved)} saved. It is no longer shown to the public: "
                f"an editor needs to read the new words and mark it public again.")
    return f"Commentary for {_label(saved)} saved."


def _label(commentary) -> str:
    return Period.from_key(commentary.period).label


def _save_commentary(actor: Actor, indicator, form):
    """Save the commentary for the period the form names."""
    period = posted_period(form, indicator)
    fields = {name: form.cleaned_data[name] for name in ("what_it_shows", "why", "actions",
                                                         "is_public") if name in form.fields}
    # The version on the page is of the period it was loaded for; for any other period
    # the person has seen no commentary, so there must still be none.
    same_period = form.cleaned_data["version_period"] == period.key
    try:
        return services.save_commentary(actor, indicator, period, fields,
                                        loaded_version=form.loaded_version if same_period
                                        else 0)
    except EditConflict:
        # The version the conflict page carries is of this period's commentary.
        form.data = form.data.copy()
        form.data[form.add_prefix("version_period")] = period.key
        raise
