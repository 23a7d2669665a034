"""Publishing the public pages, actor first: publish (a snapshot the public reads until the
next), the public page settings (licence, small-number threshold, contact email), and
suppressing an indicator's small numbers.

The rules are in pif.reports.rules.publishing. The role is checked here too, not only by the
pages, so every path (the command line, the demo, later the API) obeys it; the operator may
do anything.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from pif import history_writes
from pif.actors import Actor
from pif.editing import LoadedVersion
from pif.measures.models import Indicator
from pif.partnerships.access import access_for
from pif.reports import balance, public_snapshot
from pif.reports.models import Licence, Publication, PublicSettings, Suppression
from pif.reports.rules import publishing as rules
from pif.reports.services import one_row
from pif.rules import Finding, refuse

__all__ = ["public_settings", "publish", "set_public_settings", "suppress", "unsuppress"]

public_settings = public_snapshot.settings_for
REASON_WORDS = "Why publish this selection"


def require_role(actor: Actor, partnership, need: str) -> None:
    """Refuse unless the actor has the role `need` ("edit" or "admin") in `partnership`."""
    if actor.is_operator:
        return
    access = access_for(actor.user, partnership) if actor.user is not None else None
    refuse(rules.check_role(access is not None and access.can(need), need))


@transaction.atomic
def publish(actor: Actor, partnership, *, note: str = "", reason: str = "",
            now: datetime.datetime | None = None) -> Publication:
    """Freeze what the public pages show now (pif.reports.public_snapshot) as a new
    publication: the public reads it until the next one. When what is published looks
    rosier than the plan as a whole (pif.reports.balance), `reason` says why this selection
    is published (rule "reason_for_selection"); it is kept on the publication's note."""
    require_role(actor, partnership, "edit")
    from pif.outcomes.models import Vision

    warned = bool(balance.weigh(balance.plan_indicators(partnership)).warnings)
    refuse(rules.check_reason_for_selection(warned, reason))
    refuse(rules.check_something_to_publish(
        Indicator.objects.filter(partnership=partnership, published=True).count(),
        Vision.objects.filter(partnership=partnership, is_current=True).exists(),
        Publication.objects.filter(partnership=partnership).exists()))
    now = now or timezone.now()
    content = public_snapshot.build(partnership, now=now)
    counts = content["counts"]
    publication = Publication(partnership=partnership, published_by=actor.user,
                              note=publication_note(note, reason if warned else ""),
                              content=content,
                              indicators_published=counts["published"],
                              indicators_in_plan=counts["in_plan"])
    actor.stamp(publication)
    publication.save()
    shown = len(content["indicators"])
    actor.event(partnership, "public_pages_published",
                f"Public pages published: {counts['published']:,} of {counts['in_plan']:,} "
                f"plan indicators ({shown:,} indicator{'s' if shown != 1 else ''} shown)",
                publication)
    return publication


def publication_note(note: str, reason: str) -> str:
    """What is kept on the publication: what changed, then why this selection."""
    parts = [note.strip(), f"{REASON_WORDS}: {reason.strip()}" if reason.strip() else ""]
    return "\n\n".join(part for part in parts if part)


@transaction.atomic
def set_public_settings(actor: Actor, partnership, *, licence: str,
                        small_number_threshold: int, contact_email: str = "",
                        loaded_version: LoadedVersion) -> PublicSettings:
    """Save the licence of the open data, the small-number threshold and the public contact
    email. `loaded_version` 0: the page was loaded before the settings were first saved."""
    require_role(actor, partnership, "admin")
    findings = rules.check_threshold(small_number_threshold)
    if licence not in Licence.values:
        findings += (Finding("licence", "Choose a licence", "licence_known"),)
    refuse(findings)
    settings, creating = one_row.claim(PublicSettings, partnership, loaded_version)
    settings.licence = licence
    settings.small_number_threshold = small_number_threshold
    settings.contact_email = contact_email.strip()
    settings.full_clean(exclude=["partnership"])
    one_row.save(actor, settings, creating)
    actor.event(partnership, "public_settings_changed",
                f"Public page settings changed: {Licence(licence).label}, small numbers "
                f"below {small_number_threshold:,}", settings)
    return settings


def _is_suppressed(indicator) -> Suppression | None:
    return Suppression.objects.select_for_update().filter(indicator=indicator).first()


@transaction.atomic
def suppress(actor: Actor, indicator: Indicator) -> Suppression:
    """Suppress `indicator`'s small numbers on the public pages, from the next publishing."""
    partnership = indicator.partnership
    require_role(actor, partnership, "edit")
    refuse(rules.check_suppression(_is_suppressed(indicator) is not None, True))
    suppression = Suppression(partnership=partnership, indicator=indicator,
                              decided_by=actor.user)
    actor.stamp(suppression)
    suppression.save()
    return suppression


@transaction.atomic
def unsuppress(actor: Actor, indicator: Indicator) -> None:
    """Show `indicator`'s small numbers again, from the next publishing."""
    require_role(actor, indicator.partnership, "edit")
    suppression = _is_suppressed(indicator)
    refuse(rules.check_suppression(suppression is not None, False))
    history_writes.delete(actor, suppression)
