"""Charts drawn ahead into the shared store (:mod:`pif.measures.charts.store`), so that an
indicator page finds its chart drawn rather than spending a tenth of a second drawing it.

:func:`draw_charts` draws each indicator's chart as its page shows it now (signed in, no
"as of" date). The background task :func:`pif.measures.tasks.draw_charts_task` calls it after
a status refresh, ``pif draw_charts`` to backfill a whole instance or one partnership.
"""

from pif.measures.charts.chart import indicator_charts
from pif.measures.charts.render import draw_ahead
from pif.measures.models import Indicator

__all__ = ["BATCH", "draw_charts"]

#: Indicators whose charts are built together (a fixed number of queries per batch).
BATCH = 200


def draw_charts(indicator_ids) -> int:
    """Draw the page chart of each indicator (objects or ids) into the shared store, unless
    it is there already; returns how many were drawn. Indicators that no longer exist, and
    charts with no data (a page draws none), are skipped."""
    ids = sorted({getattr(indicator, "pk", indicator) for indicator in indicator_ids})
    drawn = 0
    for start in range(0, len(ids), BATCH):
        indicators = Indicator.objects.filter(pk__in=ids[start:start + BATCH]).order_by("pk")
        drawn += sum(draw_ahead(chart.spec)
                     for chart in indicator_charts(indicators).values() if chart.rows)
    return drawn
