"""The printable "vision and conditions" half of a Local Outcomes Improvement Plan."""

from django.http import HttpRequest, HttpResponse

from pif.outcomes import queries, resources
from pif.outcomes.models import DriverDiagram, Vision
from pif.outcomes.services import plan as plan_service
from pif.outcomes.views.common import page
from pif.outcomes.views.governance import groups_for, resources_for
from pif.outcomes.views.maps import strategy_map_context
from pif.outcomes.views.risks import risks_context
from pif.partnerships.access import Access, partnership_view


@partnership_view("read")
def plan(request: HttpRequest, access: Access) -> HttpResponse:
    partnership = access.partnership
    diagrams = list(DriverDiagram.objects.filter(partnership=partnership)
                    .select_related("outcome").prefetch_related(
                        "nodes__outcome", "nodes__indicator"))
    resource_rows = resources_for(partnership)
    return page(request, "plan.html",
                vision=Vision.objects.filter(partnership=partnership, is_current=True).first(),
                rows=_in_use(queries.tree(list(queries.outcomes_for(partnership)))),
                levels=plan_service.plan_settings(partnership).level_names(),
                map=strategy_map_context(partnership, "perspective"),
                diagrams=[_diagram(d) for d in diagrams],
                groups=groups_for(partnership), matrix=resources.matrix(resource_rows),
                **risks_context(partnership))


def _in_use(rows: list) -> list:
    """Leave out national outcomes the partnership has put nothing under."""
    parents = {row.outcome.parent_id for row in rows}
    return [row for row in rows if row.outcome.level > 1 or row.outcome.pk in parents
            or row.rollup.total]


def _diagram(diagram: DriverDiagram) -> dict:
    """Like diagram_context, but from the prefetched nodes (no query per diagram)."""
    from pif.outcomes import svg
    from pif.outcomes.views.diagrams import nested

    nodes = list(diagram.nodes.all())
    return {"diagram": diagram, "tree": nested(nodes),
            "drawing": svg.driver_diagram(diagram.aim, nodes, title=f"Driver diagram: "
                                          f"{diagram.title}", ident=f"driver-diagram-{diagram.pk}")}
