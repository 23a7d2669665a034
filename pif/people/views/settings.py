"""The people settings (the privacy switch), personal training records when it is on, and
the staff engagement indicators made from the iMatter template."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from pif.actors import Actor
from pif.form_pages import form_page, posted
from pif.forms import apply_validation_error
from pif.outcomes.views.common import confirm_delete
from pif.partnerships.access import Access, partnership_view
from pif.people import services
from pif.people.forms import SettingsForm, StaffEngagementForm, TrainingRecordForm
from pif.people.models import TrainingRecord
from pif.people.views.common import page, stage_context, url


@partnership_view("admin")
def people_settings(request: HttpRequest, access: Access) -> HttpResponse:
    found = services.people_settings(access.partnership)
    form = SettingsForm(posted(request), instance=found)

    def save(form):
        return services.save_settings(
            Actor.from_request(request), access.partnership,
            loaded_version=form.loaded_version,
            keep_personal_records=form.cleaned_data["keep_personal_records"],
            capability_note=form.cleaned_data["capability_note"])

    return form_page(request, form, save, success="People settings saved.",
                     what="the people settings", next_url=url("people", access),
                     template="people/form.html", context=stage_context(
                         access, title="People settings",
                         intro="By default the partnership holds improvement capability as "
                               "counts of people, and keeps no one's training record. Keep "
                               "it that way unless the partnership has agreed why it needs "
                               "named records.",
                         back_url=url("people", access), back_label="develop people"))


@partnership_view("edit")
def training_records(request: HttpRequest, access: Access) -> HttpResponse:
    found = services.people_settings(access.partnership)
    records = list(TrainingRecord.objects.filter(partnership=access.partnership)
                   .select_related("organisation", "level"))
    form = None
    if found.keep_personal_records:
        form = TrainingRecordForm(access.partnership, posted(request),
                                  instance=TrainingRecord(partnership=access.partnership))
        if request.method == "POST" and form.is_valid():
            try:
                services.save_training_record(Actor.from_request(request), form.instance)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, "Training record added.")
                return redirect(url("training_records", access))
    elif request.method == "POST":
        messages.error(request, services.rules.PERSONAL_RECORDS_OFF)
    return page(request, "training_records.html", records=records, form=form,
                settings=found)


@partnership_view("edit")
def training_record_delete(request: HttpRequest, access: Access,
                           record_id: int) -> HttpResponse:
    record = get_object_or_404(TrainingRecord, pk=record_id, partnership=access.partnership)
    back = url("training_records", access)
    return confirm_delete(request, record, services.remove_training_record,
                          what="Training record", next_url=back, cancel_url=back)


@partnership_view("edit")
def staff_engagement_template(request: HttpRequest, access: Access) -> HttpResponse:
    template = services.read_template(services.STAFF_ENGAGEMENT_TEMPLATE)
    missing = {data["code"] for data in services.staff_engagement_missing(access.partnership)}
    existing = {data["code"].lower() for data in template["indicators"]
                if data["code"] not in missing}
    form = StaffEngagementForm(access.partnership, posted(request))

    def save(form):
        return services.add_staff_engagement_indicators(
            Actor.from_request(request), access.partnership, owner=form.cleaned_data["owner"])

    def success(created) -> str:
        if not created:
            return "Nothing added: the partnership already has these indicators."
        return (f"{len(created)} staff engagement indicator{'s' if len(created) != 1 else ''}"
                " added. Enter their figures next.")

    return form_page(request, form, save, success=success, what="the indicators",
                     next_url=url("people", access),
                     template="people/staff_engagement.html", context=stage_context(
                         access, template=template, existing=existing,
                         all_exist=not missing))
