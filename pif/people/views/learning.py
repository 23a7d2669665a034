"""Learning and development activity: the list, its download, and adding, changing and
deleting an activity."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from pif.form_pages import form_page, posted
from pif.outcomes.views.common import confirm_delete, model_save
from pif.partnerships.access import Access, partnership_view
from pif.people import queries, services
from pif.people.forms import LearningActivityForm, outcome_label
from pif.people.models import LearningActivity
from pif.people.views.common import page, stage_context, url
from pif.tables import table_response


def _activities(partnership):
    return list(LearningActivity.objects.filter(partnership=partnership)
                .prefetch_related("organisations", "outcomes", "projects"))


@partnership_view("read")
def learning(request: HttpRequest, access: Access) -> HttpResponse:
    return page(request, "learning.html", activities=_activities(access.partnership),
                year=queries.learning_this_year(access.partnership, timezone.localdate()))


HEADERS = ["Title or topic", "Kind", "Audience", "Starts on", "Ends on", "Participants",
           "Organisations", "Outcomes", "Improvement projects", "Description"]


@partnership_view("read")
def learning_export(request: HttpRequest, access: Access, fmt: str) -> HttpResponse:
    rows = [[a.title, a.get_kind_display(), a.audience, a.start_date, a.end_date,
             a.participants, "; ".join(o.name for o in a.organisations.all()),
             "; ".join(outcome_label(o) for o in a.outcomes.all()),
             "; ".join(p.title for p in a.projects.all()), a.description]
            for a in _activities(access.partnership)]
    return table_response(f"{access.partnership.short_name}-learning", fmt, HEADERS, rows,
                          sheet_title="Learning activity")


def _form(request, access, instance) -> HttpResponse:
    form = LearningActivityForm(access.partnership, posted(request), instance=instance)
    save = model_save(request, services.save_activity,
                      m2m_fields=["organisations", "outcomes", "projects"])
    return form_page(request, form, save, success="Learning activity saved.",
                     what="this learning activity", next_url=url("learning", access),
                     template="people/form.html", context=stage_context(
                         access,
                         title=(f"Change “{instance.title}”" if instance.pk
                                else "Add a learning activity"),
                         intro="Record a course, workshop or other learning, who it was for "
                               "and how many took part. Link it to the outcomes and "
                               "improvement projects it supports.",
                         back_url=url("learning", access), back_label="learning activity"))


def _get(access, activity_id) -> LearningActivity:
    return get_object_or_404(LearningActivity, pk=activity_id, partnership=access.partnership)


@partnership_view("edit")
def learning_add(request: HttpRequest, access: Access) -> HttpResponse:
    return _form(request, access, LearningActivity(partnership=access.partnership))


@partnership_view("edit")
def learning_edit(request: HttpRequest, access: Access, activity_id: int) -> HttpResponse:
    return _form(request, access, _get(access, activity_id))


@partnership_view("edit")
def learning_delete(request: HttpRequest, access: Access, activity_id: int) -> HttpResponse:
    back = url("learning", access)
    return confirm_delete(request, _get(access, activity_id), services.remove_activity,
                          what="Learning activity", next_url=back, cancel_url=back)
