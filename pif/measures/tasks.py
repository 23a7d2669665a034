"""The background tasks of measures (django-tasks on its database backend, run by
`pif worker`; see pif/reports/tasks.py).

`draw_charts_task(indicator_ids)` draws the charts of those indicators into the shared chart
store (pif/measures/charts/ahead.py). `draw_charts_later(indicators)` enqueues it once the
current transaction commits: the status refresh calls it, so after an import or an edit the
pages find their charts drawn.
"""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from pif.measures.charts.ahead import draw_charts

__all__ = ["PRIORITY", "TASK_SIZE", "draw_charts_later", "draw_charts_task"]

#: Indicators per task: a task of this many takes about a minute, and several workers can
#: share a large import's charts.
TASK_SIZE = 500


#: Below the default: a scheduled report waiting behind a large import's charts would be late.
PRIORITY = -10


@task(priority=PRIORITY)
def draw_charts_task(indicator_ids: list[int]) -> int:
    """Draw the page charts of these indicators into the shared store; returns how many were
    drawn (those already stored are not drawn again)."""
    return draw_charts(indicator_ids)


def draw_charts_later(indicators) -> None:
    """Enqueue the drawing of these indicators' charts (objects or ids) when the current
    transaction commits (at once outside one). A failure to enqueue is logged, never raised:
    the data is saved and a page draws its chart itself if it must."""
    ids = sorted({getattr(indicator, "pk", indicator) for indicator in indicators})
    for start in range(0, len(ids), TASK_SIZE):
        chunk = ids[start:start + TASK_SIZE]
        transaction.on_commit(lambda chunk=chunk: draw_charts_task.enqueue(chunk), robust=True)
