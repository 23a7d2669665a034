"""Driver diagrams: the list, one diagram drawn and as a list, and editing its entries."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from pif.form_pages import form_page, posted
from pif.outcomes import exports, svg
from pif.outcomes.forms import DiagramForm, DriverNodeForm
from pif.outcomes.models import DriverDiagram, DriverNode
from pif.outcomes.services import conditions
from pif.outcomes.views.common import confirm_delete, model_save, page, stage_context, url
from pif.partnerships.access import Access, partnership_view


def _get(access: Access, diagram_id: int) -> DriverDiagram:
    return get_object_or_404(DriverDiagram.objects.select_related("outcome"), pk=diagram_id,
                             partnership=access.partnership)


def nested(nodes: list[DriverNode]) -> list[tuple[DriverNode, list]]:
    """(node, children) pairs from the top, for the list that mirrors the drawing."""
    children: dict = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)

    def build(parent_id):
        return [(node, build(node.pk)) for node in children.get(parent_id, [])]

    return build(None)


def diagram_context(diagram: DriverDiagram) -> dict:
    nodes = list(diagram.nodes.select_related("outcome", "indicator", "indicator__partnership"))
    item = {"diagram": diagram, "nodes": nodes, "tree": nested(nodes),
            "drawing": svg.driver_diagram(diagram.aim, nodes,
                                          title=f"Driver diagram: {diagram.title}",
                                          ident=f"driver-diagram-{diagram.pk}")}
    return {**item, "view_item": item}


@partnership_view("read")
def driver_diagrams(request: HttpRequest, access: Access) -> HttpResponse:
    diagrams = (DriverDiagram.objects.filter(partnership=access.partnership)
                .select_related("outcome").prefetch_related("nodes"))
    return page(request, "driver_diagrams.html", diagrams=diagrams)


@partnership_view("read")
def driver_diagrams_export(request: HttpRequest, access: Access, fmt: str) -> HttpResponse:
    nodes = (DriverNode.objects.filter(diagram__partnership=access.partnership)
             .select_related("diagram", "parent", "outcome", "indicator")
             .order_by("diagram__title", "position", "id"))
    rows = [[n.diagram.title, n.diagram.aim, n.get_kind_display(), n.title,
             n.parent and n.parent.title, n.outcome and n.outcome.title,
             n.indicator and n.indicator.code] for n in nodes]
    return exports.respond(fmt, f"{access.partnership.short_name}-driver-diagrams",
                           "Driver diagrams", ["Diagram", "Aim", "Kind", "Title", "Under",
                                               "Outcome", "Indicator"], rows)


@partnership_view("read")
def driver_diagram(request: HttpRequest, access: Access, diagram_id: int) -> HttpResponse:
    return page(request, "driver_diagram.html",
                **diagram_context(_get(access, diagram_id)))


def _diagram_form(request, access, instance) -> HttpResponse:
    form = DiagramForm(access.partnership, posted(request), instance=instance)
    return form_page(request, form, model_save(request, conditions.save),
                     success="Driver diagram saved.", what="this driver diagram",
                     next_url=url("driver_diagrams", access),
                     template="outcomes/form.html", context=stage_context(
                         title="Change the driver diagram" if instance.pk else
                               "Add a driver diagram",
                         intro="A driver diagram is a theory of change: the aim, the big areas "
                               "that must change to reach it, and the ideas to test.",
                         back=("driver_diagrams", "Driver diagrams")))


@partnership_view("edit")
def diagram_add(request: HttpRequest, access: Access) -> HttpResponse:
    return _diagram_form(request, access, DriverDiagram(partnership=access.partnership))


@partnership_view("edit")
def diagram_edit(request: HttpRequest, access: Access, diagram_id: int) -> HttpResponse:
    return _diagram_form(request, access, _get(access, diagram_id))


@partnership_view("edit")
def diagram_delete(request: HttpRequest, access: Access, diagram_id: int) -> HttpResponse:
    return confirm_delete(request, _get(access, diagram_id), conditions.remove,
                          what="Driver diagram", next_url=url("driver_diagrams", access),
                          cancel_url=url("driver_diagrams", access),
                          explanation="Its drivers and change ideas are deleted with it. "
                                      "Outcomes and indicators are kept.")


def _node_form(request, access, diagram, instance) -> HttpResponse:
    form = DriverNodeForm(access.partnership, diagram, posted(request), instance=instance)
    back = url("driver_diagram", access, diagram.pk)
    return form_page(request, form, model_save(request, conditions.save),
                     success="Driver diagram saved.", what="this entry", next_url=back,
                     template="outcomes/form.html", context=stage_context(
                         title="Change an entry" if instance.pk else "Add a driver or change idea",
                         intro=f"Aim: {diagram.aim}",
                         back_url=back,
                         back_label=diagram.title))


@partnership_view("edit")
def node_add(request: HttpRequest, access: Access, diagram_id: int) -> HttpResponse:
    diagram = _get(access, diagram_id)
    return _node_form(request, access, diagram, DriverNode(diagram=diagram))


def _get_node(access, diagram_id, node_id) -> DriverNode:
    return get_object_or_404(DriverNode.objects.select_related("diagram"), pk=node_id,
                             diagram_id=diagram_id, diagram__partnership=access.partnership)


@partnership_view("edit")
def node_edit(request: HttpRequest, access: Access, diagram_id: int,
              node_id: int) -> HttpResponse:
    node = _get_node(access, diagram_id, node_id)
    return _node_form(request, access, node.diagram, node)


@partnership_view("edit")
def node_delete(request: HttpRequest, access: Access, diagram_id: int,
                node_id: int) -> HttpResponse:
    node = _get_node(access, diagram_id, node_id)
    back = url("driver_diagram", access, diagram_id)
    return confirm_delete(request, node, conditions.remove, what="Entry",
                          next_url=back, cancel_url=back,
                          explanation="Anything under it in the diagram is deleted too.")
