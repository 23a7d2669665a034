"""The vision per cycle, the names of outcome levels, and using a framework template."""

from django.db import transaction

from pif import history_writes
from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE, LoadedVersion, refusing_a_racing_create
from pif.outcomes import rules
from pif.outcomes.models import FrameworkNode, FrameworkVersion, Outcome, PlanSettings, Vision
from pif.outcomes.services import common
from pif.rules import refuse


def plan_settings(partnership) -> PlanSettings:
    """The partnership's settings, or unsaved defaults (so reading never writes)."""
    found = PlanSettings.objects.filter(partnership=partnership).select_related(
        "national_framework__framework", "perspectives__framework").first()
    return found or PlanSettings(partnership=partnership)


@transaction.atomic
def save_vision(actor: Actor, partnership, vision: Vision | None = None, *,
                loaded_version: LoadedVersion, **fields) -> Vision:
    """Save a cycle's vision. The current one is the partnership's vision statement, shown on
    its overview; nothing else keeps a copy."""
    vision = vision or Vision(partnership=partnership)
    for name, value in fields.items():
        setattr(vision, name, value)
    refuse(rules.check_vision_years(vision.first_year, vision.last_year))
    creating = vision.pk is None
    common.save(actor, vision, verb="vision_set",
                description=f"Vision for {vision.cycle_label} "
                            f"{'set' if creating else 'changed'}",
                loaded_version=loaded_version)
    if vision.is_current:
        others = Vision.objects.filter(partnership=partnership, is_current=True).exclude(
            pk=vision.pk)
        history_writes.update(actor, others, is_current=False,
                              reason="Another vision was made current")
    return vision


@transaction.atomic
def rename_levels(actor: Actor, partnership, names: dict[int, str], *,
                  loaded_version: LoadedVersion) -> PlanSettings:
    """`loaded_version` 0: the page was loaded before the settings were first saved."""
    settings = plan_settings(partnership)
    for number, name in names.items():
        refuse(rules.check_level_name(number, name))
        setattr(settings, f"level_{number}", name.strip())
    with refusing_a_racing_create(PlanSettings, partnership=partnership):
        return common.save(actor, settings, verb="levels_renamed",
                           description="Outcome level names changed",
                           loaded_version=loaded_version)


@transaction.atomic
def use_framework(actor: Actor, partnership, version: FrameworkVersion) -> int:
    """Adopt a framework version: its perspectives for the strategy map, or its national
    outcomes as the top level of the outcome tree. Returns how many outcomes were added."""
    settings = plan_settings(partnership)
    nodes = list(version.nodes.all())
    kinds = {node.kind for node in nodes}
    added = 0
    if FrameworkNode.Kind.PERSPECTIVE in kinds:
        settings.perspectives = version
    if FrameworkNode.Kind.NATIONAL_OUTCOME in kinds:
        settings.national_framework = version
        existing = set(Outcome.objects.filter(partnership=partnership, level=1)
                       .values_list("framework_node_id", flat=True))
        for node in nodes:
            if node.kind == FrameworkNode.Kind.NATIONAL_OUTCOME and node.pk not in existing:
                common.save(actor, Outcome(partnership=partnership, level=1, title=node.title,
                                           description=node.description, framework_node=node,
                                           position=node.position),
                            verb="outcome_created",
                            description=f"National outcome “{node.title}” added",
                            loaded_version=None,
                            m2m={"national_outcomes": [node]})
                added += 1
    common.save(actor, settings, verb="framework_used", description=f"{version} used",
                loaded_version=PROGRAM_CHANGE)
    return added
