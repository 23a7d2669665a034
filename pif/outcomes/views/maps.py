"""The strategy map and its cause-and-effect links, and localities."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from pif.actors import Actor
from pif.form_pages import form_page, posted
from pif.outcomes import exports, queries, svg
from pif.outcomes.forms import LinkForm, LocalityForm
from pif.outcomes.models import Locality, Outcome, OutcomeLink
from pif.outcomes.services import conditions, plan
from pif.outcomes.services import outcomes as outcome_service
from pif.outcomes.views.common import (
    confirm_delete,
    model_save,
    page,
    stage_context,
    url,
)
from pif.partnerships.access import Access, partnership_view


def map_rows(partnership, by: str, outcomes: list[Outcome]):
    """Rows of the map, top to bottom: perspectives in framework order, or levels."""
    settings = plan.plan_settings(partnership)
    if by == "perspective" and settings.perspectives_id:
        perspectives = list(settings.perspectives.nodes.filter(kind="perspective"))
        rows = [(p.title, [o for o in outcomes if o.perspective_id == p.pk])
                for p in perspectives]
        unplaced = [o for o in outcomes if o.perspective_id is None and o.level > 1]
        return rows + ([("Not on a perspective", unplaced)] if unplaced else []), by
    names = settings.level_names()
    return [(names[level], [o for o in outcomes if o.level == level])
            for level in range(1, 5) if any(o.level == level for o in outcomes)], "level"


def strategy_map_context(partnership, by: str) -> dict:
    outcomes = list(queries.outcomes_for(partnership))
    links = queries.links_for(partnership)
    rows, by = map_rows(partnership, by, outcomes)
    shown = {o.pk for _, items in rows for o in items}
    tree_edges = ([(o.pk, o.parent_id) for o in outcomes if o.parent_id]
                  if by == "level" else [])
    arrows = [(item.cause_id, item.effect_id) for item in links]
    rollups = queries.rollups_by_outcome(outcomes)
    for outcome in outcomes:
        outcome.rollup = rollups.get(outcome.pk)  # for the list that mirrors the drawing
    drawing = svg.strategy_map(
        rows, arrows, tree_edges, title=f"Strategy map of {partnership.name}",
        statuses={pk: (r.headline, r.signal_text) for pk, r in rollups.items()},
        hrefs={o.pk: reverse("outcome", args=[partnership.short_name, o.pk])
               for o in outcomes})
    effects = {}
    for item in links:
        effects.setdefault(item.cause_id, []).append(item)
    return {"rows": rows, "links": links, "effects": effects, "drawing": drawing, "by": by,
            "shown": shown, "borders": svg.BORDERS.values()}


@partnership_view("read")
def strategy_map(request: HttpRequest, access: Access) -> HttpResponse:
    by = "level" if request.GET.get("by") == "level" else "perspective"
    context = strategy_map_context(access.partnership, by)
    return page(request, "strategy_map.html", map=context, by=context["by"],
                links=context["links"])


@partnership_view("edit")
def link_add(request: HttpRequest, access: Access) -> HttpResponse:
    form = LinkForm(access.partnership, posted(request),
                    instance=OutcomeLink(partnership=access.partnership))

    def save(form):
        outcome_service.link(Actor.from_request(request), access.partnership, **form.cleaned_data)

    return form_page(request, form, save,
                     success="Link added to the strategy map.",
                     next_url=url("strategy_map", access),
                     template="outcomes/form.html", context=stage_context(
                         title="Link two outcomes",
                         intro="Each arrow on the strategy map is a hypothesis: achieving one "
                               "outcome helps achieve another. Test it with the indicators.",
                         back=("strategy_map", "Strategy map")))


@partnership_view("edit")
def link_delete(request: HttpRequest, access: Access, link_id: int) -> HttpResponse:
    found = get_object_or_404(OutcomeLink.objects.select_related("cause", "effect"),
                              pk=link_id, partnership=access.partnership)
    return confirm_delete(request, found, outcome_service.unlink, what="Link",
                          next_url=url("strategy_map", access),
                          cancel_url=url("strategy_map", access))


@partnership_view("read")
def localities(request: HttpRequest, access: Access) -> HttpResponse:
    rows = (Locality.objects.filter(partnership=access.partnership)
            .prefetch_related("outcomes", "indicators"))
    return page(request, "localities.html", localities=rows)


@partnership_view("read")
def localities_export(request: HttpRequest, access: Access, fmt: str) -> HttpResponse:
    rows = [[place.name, place.description, "Yes" if place.significantly_poorer else "No",
             "; ".join(o.title for o in place.outcomes.all()),
             "; ".join(i.code for i in place.indicators.all())]
            for place in Locality.objects.filter(partnership=access.partnership)
            .prefetch_related("outcomes", "indicators")]
    return exports.respond(fmt, f"{access.partnership.short_name}-localities", "Localities",
                           ["Name", "Description", "Significantly poorer outcomes",
                            "Outcomes", "Indicators"], rows)


def _locality_form(request, access, instance) -> HttpResponse:
    form = LocalityForm(access.partnership, posted(request), instance=instance)
    return form_page(request, form, model_save(request, conditions.save, m2m_fields=["indicators"]),
                     success="Locality saved.", what="this locality",
                     next_url=url("localities", access),
                     template="outcomes/form.html", context=stage_context(
                         title="Change a locality" if instance.pk else "Add a locality",
                         intro="Community Planning Partnerships prepare a locality plan for each "
                               "locality with significantly poorer outcomes.",
                         back=("localities", "Localities")))


@partnership_view("edit")
def locality_add(request: HttpRequest, access: Access) -> HttpResponse:
    return _locality_form(request, access, Locality(partnership=access.partnership))


@partnership_view("edit")
def locality_edit(request: HttpRequest, access: Access, locality_id: int) -> HttpResponse:
    found = get_object_or_404(Locality, pk=locality_id, partnership=access.partnership)
    return _locality_form(request, access, found)


@partnership_view("edit")
def locality_delete(request: HttpRequest, access: Access, locality_id: int) -> HttpResponse:
    found = get_object_or_404(Locality, pk=locality_id, partnership=access.partnership)
    return confirm_delete(request, found, conditions.remove, what="Locality",
                          next_url=url("localities", access),
                          cancel_url=url("localities", access),
                          explanation="Outcomes scoped to it become outcomes for the whole "
                                      "area; its indicators are kept.")
