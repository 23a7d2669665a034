"""The shared store of drawn charts (docs/adr/0024-shared-chart-store.md).

Drawing a chart with ``vl_convert`` costs about a tenth of a second of CPU, far more than the
rest of an indicator page, and a national instance has tens of thousands of charts: an
in-process cache of a few hundred per server worker misses almost every time. Drawn charts
are therefore kept in Django's cache ``"charts"`` (settings.CACHES: files under
``var/cache/charts`` unless ``PIF_CHART_CACHE_DIR`` says otherwise), shared by every worker
and process, and drawn ahead by a background task (:mod:`pif.measures.tasks`).

An entry is keyed on a hash of exactly what is drawn (the server spec's JSON) and of the
drawing engine's version, so a changed chart is never served from the store: it is simply
a new key. A store that cannot be read or written is no reason to fail a page: the chart
is drawn instead (and the failure logged).
"""

import glob
import logging
import random

from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache

__all__ = ["CACHE_ALIAS", "ChartFileCache", "stored", "store"]

CACHE_ALIAS = "charts"
#: One set in this many looks at how many files the store holds (culling if too many).
CULL_CHECK_EVERY = 200

logger = logging.getLogger(__name__)


class ChartFileCache(FileBasedCache):
    """Django's file cache, but counting its files only now and then.

    FileBasedCache lists the whole folder on every ``set`` to decide whether to cull; with
    100,000 charts that listing costs more than a tenth of a second each time, so drawing the
    charts of a national instance ahead would take hours longer. Here one set in
    ``CULL_CHECK_EVERY`` (at random, so every process shares the work) counts and culls: the
    store may run a few hundred entries over MAX_ENTRIES for a while, which is harmless.
    """

    def _cull(self):
        if random.random() * CULL_CHECK_EVERY < 1:  # noqa: S311 - not for security
            super()._cull()

    def count(self) -> int:
        """How many charts the store holds (lists the folder: for commands and tests)."""
        return len(glob.glob(f"*{self.cache_suffix}", root_dir=self._dir))


def stored(key: str) -> str | None:
    """The drawn chart stored under ``key``; None if it is not there or the store fails."""
    try:
        return caches[CACHE_ALIAS].get(key)
    except Exception:  # any failure of the store means "not stored": the page draws instead
        logger.warning("Could not read the chart store", exc_info=True)
        return None


def store(key: str, svg: str) -> None:
    """Keep ``svg`` under ``key``; a failure is logged, never raised."""
    try:
        caches[CACHE_ALIAS].set(key, svg, timeout=None)
    except Exception:  # a full disk or a read-only folder must not break the page
        logger.warning("Could not write to the chart store", exc_info=True)
