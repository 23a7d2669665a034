"""Data collection: what a contributor needs to submit, and the editors' approval queue."""

from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateformat import format as date_format
from django.utils.safestring import SafeString, mark_safe

from pif.actors import Actor
from pif.forms import GovukForm, apply_validation_error
from pif.lib.text import parse_id
from pif.measures import rules, writing
from pif.measures.access import changeable_indicators
from pif.measures.collection import figures_to_submit_in
from pif.measures.counting import last_approved_versions
from pif.measures.models import Observation, Rejection
from pif.measures.previous import previous_values
from pif.measures.scorecard import indicator_urls
from pif.partnerships.access import Access, partnership_view

APPROVAL_PAGE = 200


def _first(rows, limit: int) -> tuple[list, int]:
    """The first `limit` rows and how many there are in all, so a page that shows only
    some can say so (counted only when the list is cut short)."""
    shown = list(rows[:limit])
    return shown, (rows.count() if len(shown) == limit else len(shown))


@partnership_view("contribute")
def my_data(request: HttpRequest, access: Access) -> HttpResponse:
    indicators = changeable_indicators(access)
    waiting, waiting_total = _first(
        Observation.objects.filter(indicator__in=indicators, approved_at__isnull=True)
        .select_related("indicator", "breakdown")
        .order_by("indicator__code", "period_start"), APPROVAL_PAGE)
    rejected, rejected_total = _first(
        Rejection.objects.filter(indicator__in=indicators, cleared_at__isnull=True)
        .select_related("indicator", "breakdown", "rejected_by")
        .order_by("indicator__code", "period", "-rejected_at"), APPROVAL_PAGE)
    figures = figures_to_submit_in(indicators)
    enter_value = indicator_urls(access.partnership, "enter_value")
    return render(request, "measures/my_data.html", {
        "figures": figures,
        "due_now": _figures_html(figures.due_now, enter_value, "due-now", "Due now",
                                 "govuk-tag--blue"),
        "overdue": _figures_html(figures.overdue, enter_value, "overdue", "Overdue",
                                 "govuk-tag--red"),
        "waiting": waiting, "waiting_total": waiting_total,
        "rejected": rejected, "rejected_total": rejected_total,
    })


# A figure owed (a `collection.DueItem`) as an item of a GOV.UK task list linking to the
# form to enter it, written here rather than in a template: a list may be thousands long,
# and the template's loop was three quarters of the page's time. The markup is the
# template's, to the byte (measures/my_data.html keeps the list around it). `group` makes
# the ids unique; `status` and `tag_class` say which group it is.
FIGURE_TO_ENTER = """
  <li class="govuk-task-list__item govuk-task-list__item--with-link">
    <div class="govuk-task-list__name-and-hint">
      <a class="govuk-link govuk-task-list__link" href="{url}" \
aria-describedby="{group}-{n}-hint {group}-{n}-status">{code} {title}: {period}</a>
      <div id="{group}-{n}-hint" class="govuk-task-list__hint">Due {due}</div>
    </div>
    <div class="govuk-task-list__status" id="{group}-{n}-status">\
<strong class="govuk-tag {tag_class}">{status}</strong></div>
  </li>
  """


def _figures_html(items, enter_value, group: str, status: str, tag_class: str) -> SafeString:
    """The task list's items: every value escaped, as the template escaped it."""
    due_dates = {}  # a few due dates serve hundreds of figures

    def due(day) -> str:
        if day not in due_dates:
            due_dates[day] = escape(date_format(day, "j F Y"))
        return due_dates[day]

    return mark_safe("".join(  # noqa: S308 - every value escaped, the rest our own HTML
        FIGURE_TO_ENTER.format(
            url=escape(f"{enter_value(item.indicator.code)}?period="
                       f"{quote(item.period.label, safe='/')}"),
            group=group, n=n, code=escape(item.indicator.code),
            title=escape(item.indicator.title), period=escape(item.period.label),
            due=due(item.due), tag_class=tag_class, status=status)
        for n, item in enumerate(items, start=1)))


@dataclass(frozen=True)
class WaitingValue:
    """A value awaiting approval as the approvals page shows it."""

    observation: Observation
    approved: object  # the version last approved (a history record), or None
    warnings: tuple  # rules.Finding: why the value is unusual
    refusals: tuple = ()  # rules.Finding: the rules it breaks now, so it cannot be approved


class RejectForm(GovukForm):
    reason = forms.CharField(
        label="Why are you rejecting them?", max_length=2000,
        help_text="The person who entered them sees this, so say what to check or correct.",
        error_messages={"required": rules.REJECTION_NEEDS_A_REASON},
        widget=forms.Textarea(attrs={"rows": 3}))


def _waiting(access: Access):
    return (Observation.objects.filter(indicator__partnership=access.partnership,
                                       approved_at__isnull=True)
            .select_related("indicator", "indicator__status", "breakdown", "entered_by")
            .order_by("indicator__code", "period_start", "breakdown__name"))


def _check(observation: Observation, previous) -> rules.ObservationCheck | None:
    if observation.value is None and not observation.missing_code:
        return None
    return rules.check_observation(
        observation.indicator, observation.period_obj, value=observation.value,
        numerator=observation.numerator, denominator=observation.denominator,
        missing_code=observation.missing_code, status=observation.status,
        previous_value=previous, stored_status=observation.indicator.current_status)


def waiting_values(observations) -> list[WaitingValue]:
    """Each value with its approved version and warnings, in one query for them all."""
    observations = list(observations)
    approved = last_approved_versions([o.pk for o in observations])
    previous = previous_values(observations)
    return [_waiting_value(o, approved.get(o.pk), _check(o, previous.get(o.pk)))
            for o in observations]


def _waiting_value(observation: Observation, approved, check) -> WaitingValue:
    if check is None:
        return WaitingValue(observation, approved, ())
    return WaitingValue(observation, approved, check.warnings, check.refusals)


def _ids(values) -> list[int]:
    return [pk for pk in map(parse_id, values) if pk is not None]


def _chosen(request: HttpRequest, choice: str) -> list[int]:
    """The ids a button means: one row's, the ticked ones, or all those shown."""
    if choice == "all":
        return _ids(request.POST.getlist("shown"))
    if choice == "selected":
        return _ids(request.POST.getlist("observation"))
    return _ids([choice])


def _seen(request: HttpRequest, observations) -> dict:
    """The entry of each value the page showed (None if it did not say, which counts as
    entered again: an editor approves or rejects only what they saw)."""
    return {o.pk: request.POST.get(f"seen-{o.pk}") for o in observations}


def _entered_again(request: HttpRequest, observations) -> int:
    """How many values were entered again since the page showed them."""
    seen = _seen(request, observations)
    return sum(seen[o.pk] != o.entered_token for o in observations)


def _nothing_chosen(request: HttpRequest, chosen: list[int], verb: str) -> None:
    if chosen:
        messages.info(request, "The values you chose are no longer awaiting approval: someone "
                               "else may have approved or rejected them.")
    else:
        messages.info(request, f"Choose the values to {verb}.")


def _refused_message(observation, findings) -> str:
    reasons = "; ".join(finding.message for finding in findings)
    return (f"{observation}"
            f"{' (' + observation.breakdown.name + ')' if observation.breakdown_id else ''} "
            f"was not approved: {reasons}. Reject it, or ask for it to be corrected.")


def _approve(request: HttpRequest, access: Access, waiting) -> HttpResponse:
    chosen = _chosen(request, request.POST.get("approve", "selected"))
    selected = list(waiting.filter(pk__in=chosen))
    result = writing.approve(Actor.from_request(request), selected,
                             partnership=access.partnership, seen=_seen(request, selected))
    count, changed = result.count, len(result.entered_again)
    if count:
        messages.success(request, f"{count} value{'s' if count != 1 else ''} approved.")
    for observation, findings in result.refused:
        messages.error(request, _refused_message(observation, findings))
    if changed:
        messages.info(request, f"{changed} value{' was' if changed == 1 else 's were'} "
                               "entered again after you opened this page, so "
                               f"{'it was' if changed == 1 else 'they were'} not approved. "
                               "Check the new figures.")
    elif not count and not result.refused:
        _nothing_chosen(request, chosen, "approve")
    return redirect("approvals", access.partnership.short_name)


def _reject(request: HttpRequest, access: Access, waiting) -> HttpResponse:
    """First ask why (the reason is required), then reject."""
    confirming = "reason" in request.POST
    chosen = (_ids(request.POST.getlist("observation")) if confirming
              else _chosen(request, request.POST.get("reject", "selected")))
    selected = list(waiting.filter(pk__in=chosen))
    if not selected:
        _nothing_chosen(request, chosen, "reject")
        return redirect("approvals", access.partnership.short_name)
    form = RejectForm(request.POST if confirming else None)
    changed = _entered_again(request, selected) if confirming else 0
    if changed:
        form.is_valid()
        form.add_error(None, f"{changed} of these values {'was' if changed == 1 else 'were'} "
                             "entered again after you opened this page. Check the values "
                             "below, then reject them if they are still wrong.")
    elif confirming and form.is_valid():
        try:
            count = writing.reject(Actor.from_request(request), selected,
                                   partnership=access.partnership,
                                   reason=form.cleaned_data["reason"],
                                   seen=_seen(request, selected))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{count} value{'s' if count != 1 else ''} rejected. "
                                      "The people who entered them can see why.")
            return redirect("approvals", access.partnership.short_name)
    return render(request, "measures/approvals_reject.html", {
        "form": form, "items": waiting_values(selected),
    })


@partnership_view("edit")
def approvals(request: HttpRequest, access: Access) -> HttpResponse:
    waiting = _waiting(access)
    if request.method == "POST":
        if "reject" in request.POST or "reason" in request.POST:
            return _reject(request, access, waiting)
        return _approve(request, access, waiting)
    shown, total = _first(waiting, APPROVAL_PAGE)
    return render(request, "measures/approvals.html", {
        "items": waiting_values(shown), "total": total,
    })
