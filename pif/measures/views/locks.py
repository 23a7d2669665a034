"""Locked periods: the partnership's locks, with who locked and unlocked them, when and why;
admins lock up to a date and unlock with a reason (the changes are in pif.measures.locks)."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from pif.actors import Actor
from pif.form_pages import form_page, posted
from pif.forms import GovukForm
from pif.measures import locks
from pif.measures.models import PeriodLock
from pif.partnerships.access import Access, partnership_view


class LockForm(GovukForm):
    through = forms.DateField(
        label="Lock values up to", widget=forms.DateInput,
        error_messages={"required": "Enter the date to lock values up to"},
        help_text="Values of every period ending on or before this date are locked: for "
                  "figures up to October, the last day of October.")
    reason = forms.CharField(
        label="What are they locked for?", max_length=locks.REASON_LENGTH,
        error_messages={"required": "Enter what the values are locked for, such as the "
                                    "meeting"},
        help_text="For example PartnershipStat, 12 November 2026.")


class UnlockForm(GovukForm):
    unlock_reason = forms.CharField(
        label="Why are you unlocking them?", max_length=locks.REASON_LENGTH,
        error_messages={"required": "Enter why you are unlocking them"},
        help_text="For example: the board corrected the March figure after the meeting.")


def _list_url(access: Access) -> str:
    return reverse("locked_periods", args=[access.partnership.short_name])


@partnership_view("read")
def locked_periods(request: HttpRequest, access: Access) -> HttpResponse:
    found = (PeriodLock.objects.filter(partnership=access.partnership)
             .select_related("locked_by", "unlocked_by"))
    return render(request, "measures/locked_periods.html", {
        "locks": found, "active": next((lock for lock in found if lock.is_active), None)})


@partnership_view("edit")
def lock_periods(request: HttpRequest, access: Access) -> HttpResponse:
    form = LockForm(posted(request))

    def save(form):
        return locks.lock_through(Actor.from_request(request), access.partnership,
                                  form.cleaned_data["through"], form.cleaned_data["reason"])

    return form_page(request, form, save, next_url=_list_url(access),
                     success=lambda lock: f"Values up to {lock.locked_through:%-d %B %Y} "
                                          "are locked.",
                     template="measures/lock_periods.html", what="the locked periods")


@partnership_view("admin")
def unlock_periods(request: HttpRequest, access: Access, period_lock_id: int) -> HttpResponse:
    lock = get_object_or_404(PeriodLock, pk=period_lock_id, partnership=access.partnership)
    if not lock.is_active:  # sent twice, or an old link: say so rather than 404
        messages.info(request, f"Values up to {lock.locked_through:%-d %B %Y} are already "
                               "unlocked.")
        return redirect(_list_url(access))
    form = UnlockForm(posted(request))

    def save(form):
        return locks.unlock(Actor.from_request(request), lock,
                            form.cleaned_data["unlock_reason"])

    return form_page(request, form, save, next_url=_list_url(access),
                     success=lambda lock: f"Values up to {lock.locked_through:%-d %B %Y} "
                                          "are unlocked.",
                     template="measures/unlock_periods.html", what="this lock",
                     context={"lock": lock})
