"""The outcome tree, one outcome's page, and adding, changing and deleting outcomes."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from pif.actors import Actor
from pif.form_pages import form_page, posted
from pif.lib.text import parse_id
from pif.outcomes import exports, queries, sections
from pif.outcomes.forms import DeleteOutcomeForm, OutcomeForm
from pif.outcomes.models import Outcome
from pif.outcomes.services import outcomes as service
from pif.outcomes.services import plan
from pif.outcomes.views.common import page, stage_context, url
from pif.partnerships.access import Access, partnership_view
from pif.partnerships.names import known_names


def _get(access: Access, outcome_id: int) -> Outcome:
    return get_object_or_404(Outcome, pk=outcome_id, partnership=access.partnership)


@partnership_view("read")
def outcomes(request: HttpRequest, access: Access) -> HttpResponse:
    rows = queries.tree(list(queries.outcomes_for(access.partnership)))
    return page(request, "outcomes.html", rows=rows,
                levels=plan.plan_settings(access.partnership).level_names())


EXPORT_HEADERS = ["Id", "Level", "Code", "Title", "Contributes to (id)", "Description",
                  "Lead organisation", "Lead person", "Time horizon", "Locality",
                  "Perspective", "National outcomes", "Indicators", "Indicator status"]


@partnership_view("read")
def outcomes_export(request: HttpRequest, access: Access, fmt: str) -> HttpResponse:
    levels = plan.plan_settings(access.partnership).level_names()
    names = known_names(access.partnership)
    rows = [[o.pk, levels[o.level], o.code, o.title, o.parent_id, o.description,
             o.lead_organisation and o.lead_organisation.name,
             o.lead_person and names.of(o.lead_person), o.horizon,
             o.locality and o.locality.name, o.perspective and o.perspective.title,
             "; ".join(n.title for n in o.national_outcomes.all()),
             "; ".join(i.code for i in o.indicators.all()), str(row.rollup)]
            for row in queries.tree(list(queries.outcomes_for(access.partnership)))
            for o in [row.outcome]]
    return exports.respond(fmt, f"{access.partnership.short_name}-outcomes", "Outcomes",
                           EXPORT_HEADERS, rows)


@partnership_view("read")
def outcome(request: HttpRequest, access: Access, outcome_id: int) -> HttpResponse:
    found = get_object_or_404(queries.outcomes_for(access.partnership), pk=outcome_id)
    indicators = list(found.indicators.all())
    return page(request, "outcome.html", outcome=found, indicators=indicators,
                signals=[(i, i.current_status.signal, i.current_status) for i in indicators],
                rollup=queries.outcome_rollup(found), thread=queries.golden_thread(found),
                children=list(found.children.all()),
                risks=list(found.risks.all()),
                sections=sections.for_outcome(found, access),
                levels=plan.plan_settings(access.partnership).level_names())


def _form(request, access, instance):
    settings = plan.plan_settings(access.partnership)
    initial = {}
    parent_id = parse_id(request.GET.get("parent"))
    if instance.pk is None and parent_id is not None:
        parent = Outcome.objects.filter(partnership=access.partnership, pk=parent_id).first()
        if parent:
            initial.update(parent=parent.pk, level=min(4, parent.level + 1))
    return OutcomeForm(access.partnership, posted(request), instance=instance,
                       initial=initial, settings=settings)


@partnership_view("edit")
def outcome_create(request: HttpRequest, access: Access) -> HttpResponse:
    form = _form(request, access, Outcome(partnership=access.partnership))

    def save(form):
        return service.create_outcome(Actor.from_request(request), access.partnership,
                                      **form.cleaned_data)

    return form_page(request, form, save,
                     success="Outcome added.", next_url=url("outcomes", access),
                     template="outcomes/outcome_form.html",
                     context=stage_context(title="Add an outcome"))


@partnership_view("edit")
def outcome_edit(request: HttpRequest, access: Access, outcome_id: int) -> HttpResponse:
    found = _get(access, outcome_id)
    form = _form(request, access, found)

    def save(form):
        changes = {name: value for name, value in form.cleaned_data.items() if name != "version"}
        return service.update_outcome(Actor.from_request(request), found.pk, changes,
                                      loaded_version=form.loaded_version)

    return form_page(request, form, save, success="Outcome saved.", what="this outcome",
                     next_url=url("outcome", access, found.pk),
                     template="outcomes/outcome_form.html",
                     context=stage_context(outcome=found, title=f"Change “{found.title}”"))


@partnership_view("edit")
def outcome_delete(request: HttpRequest, access: Access, outcome_id: int) -> HttpResponse:
    found = _get(access, outcome_id)
    form = DeleteOutcomeForm(found, posted(request))

    def delete(form):
        service.delete_outcome(Actor.from_request(request), found, **form.cleaned_data)

    return form_page(request, form, delete, success=f"Outcome “{found.title}” deleted.",
                     next_url=url("outcomes", access), template="outcomes/outcome_delete.html",
                     context=stage_context(outcome=found, found=service.dependants(found)))
