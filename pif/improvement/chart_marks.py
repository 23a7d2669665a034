"""Actions and PDSA cycles marked on the charts of the indicators they are meant to change.

The measures app offers the registry (:mod:`pif.measures.charts.marks`) and never imports
this app; :func:`register` adds :func:`provider` to it, and is called from
``pif/improvement/registrations.py``.

Where a change is marked (docs/adr/0015-shift-since-a-change.md):

* an **action** linked to the indicator: at its start date ("Action started"; at the day it
  was added when it has no start date), open or complete: the change began then, and the
  indicator page and "Did it work?" (:func:`pif.improvement.verdicts.change_date_of_action`)
  both judge it from that date, one rule for both. A cancelled action changed nothing and
  is not marked.
* a **PDSA cycle**: at its start date ("PDSA cycle started"), on the indicators it names,
  or, when it names none, on its project's family of measures.

On a chart for the public only actions marked for the public pages are drawn, without
links; improvement projects are not published, so their PDSA cycles are not drawn.

Three queries, whatever the number of indicators.
"""

from dataclasses import replace

from django.db.models import F

from pif.improvement.models import Action, ActionStatus, PdsaCycle
from pif.improvement.verdicts import change_date_of_action
from pif.measures.charts.marks import ChangeMark
from pif.measures.charts.marks import register as register_marks

__all__ = ["action_mark", "cycle_mark", "provider", "register"]


def action_mark(action: Action) -> ChangeMark | None:
    """Where and how ``action`` is marked; None for a cancelled one."""
    if action.status == ActionStatus.CANCELLED:
        return None
    if action.start_date is None and action.created is None:
        return None
    return ChangeMark(date=change_date_of_action(action),
                      label=f"{action.reference} {action.title}", kind="Action started",
                      url=action.get_absolute_url())


def cycle_mark(cycle: PdsaCycle) -> ChangeMark:
    return ChangeMark(date=cycle.start_date, label=f"PDSA: {cycle.title}",
                      kind="PDSA cycle started", url=cycle.get_absolute_url())


def _add(found: dict, indicator_id: int, mark: ChangeMark | None) -> None:
    if mark is not None and mark not in found.setdefault(indicator_id, []):
        found[indicator_id].append(mark)


def provider(indicators, public: bool = False) -> dict[int, list[ChangeMark]]:
    """The marks of the actions and PDSA cycles linked to ``indicators``, by indicator id
    (for the public, published actions only)."""
    partnership_of = {indicator.pk: indicator.partnership_id for indicator in indicators}
    ids = list(partnership_of)
    found: dict[int, list[ChangeMark]] = {}
    links = (Action.indicators.through.objects.filter(indicator_id__in=ids)
             .select_related("action__partnership"))
    if public:
        links = links.filter(action__published=True)
    for link in links:
        if link.action.partnership_id == partnership_of[link.indicator_id]:
            mark = action_mark(link.action)
            _add(found, link.indicator_id, replace(mark, url="") if public and mark else mark)
    if public:
        return _sorted(found)
    named = (PdsaCycle.indicators.through.objects.filter(indicator_id__in=ids)
             .select_related("pdsacycle__project__partnership"))
    for link in named:
        cycle = link.pdsacycle
        if cycle.project.partnership_id == partnership_of[link.indicator_id]:
            _add(found, link.indicator_id, cycle_mark(cycle))
    for cycle in _cycles_on_measures(ids):
        if cycle.project.partnership_id == partnership_of[cycle.measure_indicator_id]:
            _add(found, cycle.measure_indicator_id, cycle_mark(cycle))
    return _sorted(found)


def _sorted(found: dict) -> dict:
    for marks in found.values():
        marks.sort(key=lambda mark: mark.date)
    return found


def _cycles_on_measures(ids):
    """Cycles that name no indicator, once per measure of their project among ``ids``."""
    return (PdsaCycle.objects.filter(indicators__isnull=True)
            .annotate(measure_indicator_id=F("project__measures__indicator_id"))
            .filter(measure_indicator_id__in=ids)
            .select_related("project__partnership"))


def register() -> None:
    """Add the provider to the charts' registry of changes made (from registrations.py)."""
    register_marks(provider)
