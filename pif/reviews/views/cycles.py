"""Cycles: the list (the open cycle and the closed ones, with a switcher), starting the
first cycle, closing one with a review (and correcting that review later), starting the next
cycle, and a cycle's page, which for a closed cycle reads from its snapshot only."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from pif.actors import Actor
from pif.form_pages import form_page, posted
from pif.improvement.verdicts import register_rows
from pif.partnerships.access import Access, partnership_view
from pif.reviews import cycle_register, snapshot
from pif.reviews.forms.cycles import CycleSwitchForm, ReviewForm, StartCycleForm
from pif.reviews.models import Assessment, Cycle
from pif.reviews.services import cycles as services
from pif.reviews.stage_facts import due_to_close
from pif.spc.vocabulary import NO_TARGET, NOT_ENOUGH_DATA

SECTIONS = (("review", "Review"), ("scorecard", "Scorecard as it stood"),
            ("actions", "Actions as they stood"), ("outcomes", "Outcomes"))


def url(name: str, access: Access, *args) -> str:
    return reverse(name, args=[access.partnership.short_name, *args])


def get_cycle(access: Access, review_cycle_id: int) -> Cycle:
    return get_object_or_404(Cycle.objects.select_related("partnership", "closed_by"),
                             pk=review_cycle_id, partnership=access.partnership)


def _cycles(access: Access) -> list[Cycle]:
    return list(Cycle.objects.filter(partnership=access.partnership)
                .select_related("partnership", "closed_by"))


def _switcher(request: HttpRequest, cycles: list[Cycle], current: Cycle | None):
    return CycleSwitchForm(request.GET, cycles=cycles, current=current) if cycles else None


@partnership_view("read")
def cycles(request: HttpRequest, access: Access) -> HttpResponse:
    found = _cycles(access)
    chosen = request.GET.get("cycle", "")
    if chosen.isdigit() and any(cycle.pk == int(chosen) for cycle in found):
        return redirect(url("cycle", access, int(chosen)))
    current = next((cycle for cycle in found if not cycle.is_closed), None)
    closed = [cycle for cycle in found if cycle.is_closed]
    return render(request, "reviews/cycles/cycles.html", {
        "open_cycle": current, "closed": closed, "latest_closed": closed[0] if closed else None,
        "due_to_close": due_to_close(current, timezone.localdate()),
        "switcher": _switcher(request, found, current)})


def financial_year_now(access: Access) -> int:
    return services.year_containing(access.partnership, timezone.localdate())


@partnership_view("edit")
def cycle_start(request: HttpRequest, access: Access) -> HttpResponse:
    current = services.open_cycle(access.partnership)
    form = StartCycleForm(posted(request), this_year=financial_year_now(access))

    def save(form):
        return services.start_cycle(Actor.from_request(request), access.partnership,
                                    first_year=form.cleaned_data["first_year"])

    return form_page(request, form, save,
                     success=lambda cycle: f"Cycle {cycle.label} started",
                     next_url=url("cycles", access), template="reviews/cycles/start.html",
                     context={"open_cycle": current, "back_url": url("cycles", access)})


@partnership_view("read")
def cycle(request: HttpRequest, access: Access, review_cycle_id: int) -> HttpResponse:
    found = get_cycle(access, review_cycle_id)
    kept = found.snapshot if found.is_closed else {}
    every = _cycles(access)
    next_missing = found.is_closed and not any(
        other.first_year == found.first_year + 1 for other in every)
    taken_on, as_of = kept.get("taken_on"), kept.get("as_of")
    return render(request, "reviews/cycles/cycle.html", {
        "cycle": found, "kept": kept, "assessment": _kept_assessment(kept),
        "follow_ups": _follow_up_parts(kept.get("follow_ups") or {}),
        "register": cycle_register.grouped(kept.get("register") or [], found.starts_on,
                                           found.ends_on),
        "taken_on": datetime.date.fromisoformat(taken_on) if taken_on else None,
        # Snapshots before format 2 were taken on the closing day, and say so.
        "as_of": datetime.date.fromisoformat(as_of) if as_of else None,
        "scorecard_sentence": snapshot.scorecard_sentence(kept.get("counts") or {}),
        "no_target": NO_TARGET, "not_enough_data": NOT_ENOUGH_DATA,
        "sections": SECTIONS, "next_missing": next_missing,
        "switcher": _switcher(request, every, found)})


def _kept_assessment(kept: dict) -> dict | None:
    """The kept self-assessment, its points written as the assessment summary writes them."""
    found = kept.get("assessment")
    if not found:
        return None
    return {**found, "total": cycle_register.points(found.get("total")),
            "out_of": cycle_register.points(found.get("out_of"))}


def _follow_up_parts(numbers: dict) -> list[str]:
    """"3 open (1 escalated to the chair)", "2 done", "1 dropped", leaving out the zeros
    (an empty list when there were none at all)."""
    parts = []
    if numbers.get("open"):
        escalated = numbers.get("escalated")
        parts.append(f"{numbers['open']} open" + (
            f" ({escalated} escalated to the chair)" if escalated else ""))
    parts += [f"{numbers[key]} {key}" for key in ("done", "dropped") if numbers.get(key)]
    return parts


def _review_context(access: Access, cycle: Cycle) -> dict:
    """What the person writing the review reads: the did-it-work register and the
    partnership's self-assessments (live for an open cycle; as kept for a closed one)."""
    from pif.outcomes.models import Outcome

    register = [] if cycle.is_closed else cycle_register.grouped(register_rows(
        Outcome.objects.filter(partnership=access.partnership).values_list("pk", flat=True)),
        cycle.starts_on, cycle.ends_on)
    return {"cycle": cycle, "register": register, "back_url": url("cycle", access, cycle.pk),
            "assessments": Assessment.objects.filter(partnership=access.partnership).count()}


@partnership_view("edit")
def cycle_review(request: HttpRequest, access: Access, review_cycle_id: int) -> HttpResponse:
    """Close an open cycle with its review; correct the review of a closed one."""
    found = get_cycle(access, review_cycle_id)
    closing = not found.is_closed
    initial = {"performance_summary": services.draft_summary(found)} if (
        closing and not found.performance_summary and request.method == "GET") else {}
    form = ReviewForm(posted(request), instance=found, initial=initial)
    service = services.close_cycle if closing else services.correct_review

    def save(form):
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        return service(Actor.from_request(request), found, loaded_version=form.loaded_version,
                       **fields)

    success = (f"Cycle {found.label} closed. Its pages now show how everything stood."
               if closing else f"Review of cycle {found.label} corrected")
    return form_page(request, form, save, success=success,
                     next_url=url("cycle", access, found.pk),
                     template="reviews/cycles/review_form.html",
                     what=f"the review of cycle {found.label}",
                     context={**_review_context(access, found), "closing": closing})


@partnership_view("edit")
def cycle_next(request: HttpRequest, access: Access, review_cycle_id: int) -> HttpResponse:
    """Start the cycle after a closed one: ask first, then roll over."""
    found = get_cycle(access, review_cycle_id)
    error = None
    if request.method == "POST":
        try:
            result = services.start_next_cycle(Actor.from_request(request), found)
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            messages.success(request, f"Cycle {result.cycle.label} started: {result.sentence}")
            return redirect(url("cycles", access))
    following = Cycle.objects.filter(partnership=access.partnership,
                                     first_year=found.first_year + 1).first()
    return render(request, "reviews/cycles/next.html", {
        "cycle": found, "error": error, "following": following,
        "next_label": snapshot_label(found.first_year + 1),
        "back_url": url("cycles", access)})


def snapshot_label(first_year: int) -> str:
    return Cycle(first_year=first_year).label
