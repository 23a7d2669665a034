"""Every change to stage 4 records, the actor first (ADR 7): learning activity, capability
levels and counts, the people settings, personal training records, and the staff engagement
indicators made from a template.

Records are saved through pif.outcomes.services.common (validation, links only within the
partnership, the edit-conflict check, history and an event); the rules are in
pif.people.rules.
"""

import datetime
import hashlib
import re
import tomllib
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from pif import history_writes
from pif.actors import Actor
from pif.editing import LoadedVersion, refusing_a_racing_create
from pif.measures import status
from pif.measures.models import Indicator, Tag
from pif.measures.services import refuse_broken_indicator
from pif.outcomes.services import common
from pif.people import rules
from pif.people.models import (
    CapabilityCount,
    CapabilityLevel,
    LearningActivity,
    PeopleSettings,
    TrainingRecord,
)
from pif.rules import Finding, refuse

TEMPLATES_DIR = Path(getattr(settings, "PIF_FRAMEWORKS_DIR", settings.BASE_DIR / "frameworks"),
                     "people")
LEVELS_TEMPLATE = "nes-qi-levels"
STAFF_ENGAGEMENT_TEMPLATE = "imatter"

VERBS = [
    ("learning_added", "Learning activity added"),
    ("learning_changed", "Learning activity changed"),
    ("learning_removed", "Learning activity removed"),
    ("capability_levels_seeded", "Capability levels set up"),
    ("capability_level_added", "Capability level added"),
    ("capability_level_changed", "Capability level changed"),
    ("capability_level_removed", "Capability level removed"),
    ("capability_counted", "Capability counted"),
    ("people_settings_changed", "People settings changed"),
    ("training_record_added", "Training record added"),
    ("training_record_removed", "Training record removed"),
    ("staff_engagement_indicators_added", "Staff engagement indicators added"),
]


@cache
def read_template(name: str) -> dict:
    """A stage 4 template from frameworks/people/ (the levels, or staff engagement)."""
    with (TEMPLATES_DIR / f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)


# --- settings ---------------------------------------------------------------------------


def people_settings(partnership) -> PeopleSettings:
    """The partnership's settings, or unsaved defaults (personal records off): reading never
    writes."""
    found = PeopleSettings.objects.filter(partnership=partnership).first()
    return found or PeopleSettings(partnership=partnership)


def locked_settings(partnership) -> PeopleSettings | None:
    """The partnership's settings row, locked (SELECT ... FOR UPDATE) until the transaction
    ends, or None if it has none yet. Turning personal records off and adding a record both
    lock it before they check, so the second of two at the same moment waits for the first
    and then sees what it did: no record is ever kept with the setting off. A partnership
    with no row has personal records off, so has no records, and no record can be added
    until a row exists: there is nothing to race, and no row is made just to lock it (which
    would also turn the settings page's "none saved yet", version 0, into an edit conflict).
    Call inside a transaction."""
    return PeopleSettings.objects.select_for_update().filter(partnership=partnership).first()


@transaction.atomic
def save_settings(actor: Actor, partnership, *, loaded_version: LoadedVersion,
                  keep_personal_records: bool, capability_note: str = "") -> PeopleSettings:
    """`loaded_version` 0: the page was loaded before the settings were first saved."""
    found = locked_settings(partnership) or PeopleSettings(partnership=partnership)
    records = TrainingRecord.objects.filter(partnership=partnership).count()
    refuse(rules.check_personal_records_removed(keep_personal_records, records))
    found.keep_personal_records = keep_personal_records
    found.capability_note = capability_note
    said = "on" if keep_personal_records else "off"
    with refusing_a_racing_create(PeopleSettings, partnership=partnership):
        return common.save(actor, found, verb="people_settings_changed",
                           description=f"People settings saved: personal training records "
                                       f"{said}", loaded_version=loaded_version)


# --- capability levels ------------------------------------------------------------------


def seed_levels(actor: Actor, partnership) -> list[CapabilityLevel]:
    """Give a partnership with no levels the NES quality improvement levels. Does nothing
    for one that has levels (its own scheme is kept)."""
    if CapabilityLevel.objects.filter(partnership=partnership).exists():
        return []
    template = read_template(LEVELS_TEMPLATE)
    levels = []
    for position, data in enumerate(template["levels"], start=1):
        level = CapabilityLevel(partnership=partnership, name=data["name"],
                                description=data.get("description", ""), position=position)
        actor.stamp(level, "Set up from the NES quality improvement levels")
        level.save()
        levels.append(level)
    return levels


@transaction.atomic
def save_level(actor: Actor, level: CapabilityLevel, *,
               loaded_version: LoadedVersion) -> CapabilityLevel:
    """Add or change a level; its position moves the others along, keeping 1, 2, 3..."""
    others = list(CapabilityLevel.objects.filter(partnership=level.partnership_id)
                  .exclude(pk=level.pk).order_by("position", "id"))
    taken = any(other.name.strip().lower() == (level.name or "").strip().lower()
                for other in others)
    refuse(rules.check_level_name(level.name, taken))
    level.name = level.name.strip()
    wanted = max(1, min(level.position or len(others) + 1, len(others) + 1))
    level.position = wanted
    creating = level.pk is None
    common.save(actor, level, verb=f"capability_level_{'added' if creating else 'changed'}",
                description=f"Capability level “{level.name}” "
                            f"{'added' if creating else 'changed'}",
                loaded_version=loaded_version)
    others.insert(wanted - 1, level)
    for position, other in enumerate(others, start=1):
        if other.pk != level.pk and other.position != position:
            history_writes.update(actor, [other], position=position,
                                  reason="Moved along by a change to another level")
    return level


@transaction.atomic
def remove_level(actor: Actor, level: CapabilityLevel) -> None:
    used = CapabilityLevel.objects.filter(pk=level.pk).aggregate(
        counts=Count("counts", distinct=True), records=Count("training_records", distinct=True))
    refuse(rules.check_level_unused(level.name, used["counts"], used["records"]))
    common.delete(actor, level, verb="capability_level_removed",
                  description=f"Capability level “{level.name}” removed")


# --- capability counts ------------------------------------------------------------------


def fingerprint(rows) -> str:
    """What the stored counts for a date are, in a few characters: the grid sends back the
    fingerprint it was drawn from, so a save made meanwhile is not overwritten unseen."""
    text = ";".join(f"{organisation}:{level}:{people}"
                    for organisation, level, people in sorted(rows))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def stored_counts(partnership, counted_on, organisation_ids=None) -> dict:
    """{(organisation id, level id): people} stored for the date."""
    rows = CapabilityCount.objects.filter(partnership=partnership, counted_on=counted_on)
    if organisation_ids is not None:
        rows = rows.filter(organisation_id__in=organisation_ids)
    return {(o, lv): people for o, lv, people in
            rows.values_list("organisation_id", "level_id", "people")}


@transaction.atomic
def save_counts(actor: Actor, partnership, *, counted_on: datetime.date | None,
                values: dict, allowed_organisation_ids=None, loaded: str | None = None,
                today: datetime.date | None = None) -> int:
    """Store the counts of a date all at once or not at all. `values` maps (organisation id,
    level id) to a number of people, or None to remove a stored count. `allowed_organisation_ids`:
    the organisations the person may count for (None: all, as for editors). `loaded`: the
    fingerprint of the stored counts the page showed. Returns how many counts changed."""
    today = today or timezone.localdate()
    refuse(rules.check_counted_on(counted_on, today))
    organisations = set(partnership.organisations.values_list("pk", flat=True))
    levels = set(CapabilityLevel.objects.filter(partnership=partnership)
                 .values_list("pk", flat=True))
    if any(o not in organisations or lv not in levels for o, lv in values):
        refuse([Finding("", "Choose organisations and levels of this partnership.",
                        "same_partnership")])
    refuse(rules.check_counts_owned({o for o, _ in values}, allowed_organisation_ids))
    for people in values.values():
        if people is not None and not 0 <= people <= 1_000_000:
            refuse([Finding("", "Enter a number of people from 0 to 1,000,000.",
                            "people_range")])
    grid_organisations = {o for o, _ in values}
    stored = {(row.organisation_id, row.level_id): row for row in
              CapabilityCount.objects.select_for_update().filter(
                  partnership=partnership, counted_on=counted_on,
                  organisation_id__in=grid_organisations)}
    refuse(rules.check_counts_unchanged(loaded, fingerprint(
        (o, lv, row.people) for (o, lv), row in stored.items())))
    changed = 0
    for (organisation_id, level_id), people in values.items():
        row = stored.get((organisation_id, level_id))
        if people is None:
            if row is not None:
                history_writes.delete(actor, row)
                changed += 1
        elif row is None:
            row = CapabilityCount(partnership=partnership, organisation_id=organisation_id,
                                  level_id=level_id, counted_on=counted_on, people=people)
            actor.stamp(row)
            row.save()
            changed += 1
        elif row.people != people:
            row.people = people
            actor.stamp(row)
            row.save()
            changed += 1
    if changed:
        actor.event(partnership, "capability_counted",
                    f"Capability counts for {counted_on:%-d %B %Y} saved "
                    f"({changed} changed)")
    return changed


# --- learning activity ------------------------------------------------------------------


@transaction.atomic
def save_activity(actor: Actor, activity: LearningActivity, *, m2m: dict | None = None,
                  loaded_version: LoadedVersion) -> LearningActivity:
    """`m2m`: the organisations, outcomes and projects to link (each of this partnership)."""
    refuse(rules.check_activity_dates(activity.start_date, activity.end_date))
    action = "added" if activity.pk is None else "changed"
    return common.save(actor, activity, verb=f"learning_{action}",
                       description=f"Learning activity “{activity.title}” {action}",
                       m2m=m2m, loaded_version=loaded_version)


@transaction.atomic
def remove_activity(actor: Actor, activity: LearningActivity) -> None:
    common.delete(actor, activity, verb="learning_removed",
                  description=f"Learning activity “{activity.title}” removed")


# --- personal training records (only when the partnership keeps them) -------------------


@transaction.atomic
def save_training_record(actor: Actor, record: TrainingRecord) -> TrainingRecord:
    """Add a named person's level: refused unless the partnership keeps personal records."""
    found = locked_settings(record.partnership)
    refuse(rules.check_personal_records_on(found is not None and found.keep_personal_records))
    return common.save(actor, record, verb="training_record_added",
                       description="Training record added", loaded_version=None)


@transaction.atomic
def remove_training_record(actor: Actor, record: TrainingRecord) -> None:
    """Deleting is always allowed: it is how records go before personal records are off. The
    event names no one."""
    common.delete(actor, record, verb="training_record_removed",
                  description="Training record removed")


# --- staff engagement indicators --------------------------------------------------------


def staff_engagement_tag(partnership) -> Tag | None:
    return Tag.objects.filter(partnership=partnership,
                              name__iexact=read_template(STAFF_ENGAGEMENT_TEMPLATE)["tag"]
                              ).first()


def staff_engagement_indicators(partnership) -> list[Indicator]:
    """The indicators tagged "Staff engagement", with their status, in two queries."""
    name = read_template(STAFF_ENGAGEMENT_TEMPLATE)["tag"]
    return list(Indicator.objects.filter(partnership=partnership, tags__name__iexact=name)
                .select_related("status", "owner").distinct().order_by("code"))


def staff_engagement_missing(partnership) -> list[dict]:
    """The template's indicators whose code the partnership does not use yet (what setting
    them up would add), in one query."""
    indicators = read_template(STAFF_ENGAGEMENT_TEMPLATE)["indicators"]
    codes = "|".join(re.escape(data["code"]) for data in indicators)
    used = {code.lower() for code in Indicator.objects.filter(
        partnership=partnership, code__iregex=rf"^({codes})$").values_list("code", flat=True)}
    return [data for data in indicators if data["code"].lower() not in used]


@transaction.atomic
def add_staff_engagement_indicators(actor: Actor, partnership, *, owner) -> list[Indicator]:
    """Create the template's indicators, owned by `owner`, tagged "Staff engagement", skipping
    any whose code the partnership already uses (the tag is added to none of those).
    Returns the indicators created."""
    if owner.partnership_id != partnership.pk:
        refuse([Finding("owner", "Choose one from this partnership.", "same_partnership")])
    template = read_template(STAFF_ENGAGEMENT_TEMPLATE)
    tag = staff_engagement_tag(partnership)
    if tag is None:
        tag = Tag(partnership=partnership, name=template["tag"],
                  group=template.get("tag_group", ""))
        actor.stamp(tag)
        tag.save()
    codes_in_use = {code.lower(): code for code in Indicator.objects.filter(
        partnership=partnership).values_list("code", flat=True)}
    created = []
    fields = ("title", "definition", "unit", "decimals", "lower_bound", "upper_bound",
              "improvement", "frequency", "rba_kind")
    for data in template["indicators"]:
        if data["code"].lower() in codes_in_use:
            continue
        indicator = Indicator(partnership=partnership, owner=owner, code=data["code"],
                              data_source=template["name"] + ". " + template["source"],
                              **{name: data[name] for name in fields if name in data})
        refuse_broken_indicator(indicator, codes_in_use)
        codes_in_use[indicator.code.lower()] = indicator.code
        actor.stamp(indicator)
        indicator.save()
        indicator.tags.add(tag)
        actor.event(partnership, "indicator_created",
                    f"{indicator.code} {indicator.title} created from the "
                    f"{template['name']} template", indicator)
        created.append(indicator)
    if created:
        status.refresh(created)
        actor.event(partnership, "staff_engagement_indicators_added",
                    f"{len(created)} staff engagement indicator"
                    f"{'s' if len(created) != 1 else ''} added from the {template['name']} "
                    "template")
    return created
