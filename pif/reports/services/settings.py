"""The partnership's reporting settings, actor first: which statutory reports it makes, so
the reporting calendar shows their due dates and leaves out the others.

Only the partnership's admins change them (what the partnership owes is its decision); the
role is checked here too, not only by the page, so every path obeys it; the operator may do
anything.

The rules are `check_settings_role` and `check_statutory_kinds` in pif/reports/rules/reports.py.
"""

from __future__ import annotations

from django.db import transaction

from pif.actors import Actor
from pif.editing import LoadedVersion
from pif.partnerships.access import access_for
from pif.reports.kinds import TEMPLATES
from pif.reports.models import ReportingSettings
from pif.reports.rules.reports import check_settings_role, check_statutory_kinds
from pif.reports.services import one_row
from pif.rules import refuse

__all__ = ["reporting_settings",
           "set_statutory_reports", "statutory_templates"]

reporting_settings = ReportingSettings.for_partnership


def statutory_templates() -> dict:
    """The statutory reports PIF knows (those with a due date), in ReportKind's order."""
    return {kind: template for kind, template in TEMPLATES.items()
            if template.due_rule is not None}


def _labels(kinds) -> str:
    templates = statutory_templates()
    names = [templates[kind].label for kind in templates if kind in kinds]
    if not names:
        return "none"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


@transaction.atomic
def set_statutory_reports(actor: Actor, partnership, *, statutory_reports,
                          loaded_version: LoadedVersion) -> ReportingSettings:
    """Save which statutory reports the partnership makes (ReportKind values; none is
    allowed: the calendar then shows no statutory dates). `loaded_version` 0: the page was
    loaded before the settings were first saved."""
    allowed = actor.is_operator or (
        actor.user is not None
        and (access := access_for(actor.user, partnership)) is not None
        and access.can("admin"))
    refuse(check_settings_role(allowed))
    chosen = list(dict.fromkeys(str(kind) for kind in statutory_reports))
    known = statutory_templates()
    refuse(check_statutory_kinds(chosen, known))
    settings, creating = one_row.claim(ReportingSettings, partnership, loaded_version)
    settings.statutory_reports = [kind for kind in known if kind in chosen]
    one_row.save(actor, settings, creating)
    actor.event(partnership, "report_settings_changed",
                f"Statutory reports the partnership makes: {_labels(chosen)}", settings)
    return settings
