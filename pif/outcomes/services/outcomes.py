"""The outcome tree: create, change (refusing stale edits), delete with care, link."""

from django.db import transaction

from pif import history_writes
from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE, LoadedVersion
from pif.outcomes import rules
from pif.outcomes.models import Outcome, OutcomeLink
from pif.outcomes.services import common
from pif.rules import refuse

EDITABLE = ("level", "parent", "code", "title", "description", "lead_organisation",
            "lead_person", "horizon", "locality", "perspective")
M2M = ("national_outcomes", "indicators")


def ancestors(outcome_id: int, parents: dict[int, int | None]) -> list[int]:
    """Ids from the outcome's parent up to the root, given each outcome's parent id."""
    chain, seen = [], {outcome_id}
    current = parents.get(outcome_id)
    while current is not None and current not in seen:
        chain.append(current)
        seen.add(current)
        current = parents.get(current)
    return chain


def check_tree(outcome: Outcome) -> None:
    """An outcome sits below its parent, in the same partnership, and never below itself
    (pif.outcomes.rules.check_outcome_parent)."""
    parent = outcome.parent
    if parent is None:
        return
    same_partnership = parent.partnership_id == outcome.partnership_id
    parent_is_below = False
    if same_partnership and outcome.pk is not None:
        parents = dict(Outcome.objects.filter(partnership_id=outcome.partnership_id)
                       .values_list("id", "parent_id"))
        parents[outcome.pk] = parent.pk
        parent_is_below = parent.pk == outcome.pk or outcome.pk in ancestors(parent.pk, parents)
    refuse(rules.check_outcome_parent(
        title=outcome.title, level=outcome.level, parent_title=parent.title,
        parent_level=parent.level, same_partnership=same_partnership,
        parent_is_below=parent_is_below))


def _check_national(national_outcomes) -> None:
    refuse(rules.check_national_outcomes(node.kind for node in national_outcomes))


@transaction.atomic
def create_outcome(actor: Actor, partnership, *, national_outcomes=(), indicators=(),
                   **fields) -> Outcome:
    outcome = Outcome(partnership=partnership, **fields)
    check_tree(outcome)
    _check_national(national_outcomes)
    return common.save(actor, outcome, verb="outcome_created",
                       description=f"Outcome “{outcome.title}” created",
                       m2m={"national_outcomes": list(national_outcomes),
                            "indicators": list(indicators)},
                       loaded_version=None)


@transaction.atomic
def update_outcome(actor: Actor, outcome_id: int, changes: dict, *,
                   loaded_version: LoadedVersion) -> Outcome:
    """Save only if nobody has saved the outcome since `loaded_version` was read."""
    current = Outcome.objects.get(pk=outcome_id)
    m2m = {name: list(changes.pop(name)) for name in M2M if name in changes}
    for name, value in changes.items():
        if name not in EDITABLE:
            raise ValueError(f"{name} cannot be changed here")
        setattr(current, name, value)
    check_tree(current)
    _check_national(m2m.get("national_outcomes", []))
    return common.save(actor, current, verb="outcome_changed",
                       description=f"Outcome “{current.title}” changed", m2m=m2m,
                       loaded_version=loaded_version)


def dependants(outcome: Outcome) -> dict:
    return {"children": list(outcome.children.all()),
            "indicators": list(outcome.indicators.all()),
            "resources": outcome.resources.count(), "risks": outcome.risks.count()}


@transaction.atomic
def delete_outcome(actor: Actor, outcome: Outcome, *, move_to: Outcome | None = None,
                   children: str = "", indicators: str = "") -> None:
    """Delete an outcome, first moving its children and indicator links as the user chose.

    `children` is "move" (to `move_to`, or to the top of the tree when it is None);
    `indicators` is "move" (to `move_to`) or "unlink". Indicators are never deleted.
    """
    found = dependants(outcome)
    findings = rules.check_dependants_placed(
        title=outcome.title, children=len(found["children"]),
        indicators=len(found["indicators"]), children_choice=children,
        indicators_choice=indicators, move_to_chosen=move_to is not None,
        move_to_elsewhere=move_to is not None and (
            move_to.pk == outcome.pk or move_to.partnership_id != outcome.partnership_id))
    if not findings and move_to is not None:
        findings = rules.check_move_to_not_below(
            move_to.title, is_below=move_to.pk in _descendant_ids(outcome))
    refuse(findings)
    for child in found["children"]:
        child.parent = move_to
        check_tree(child)
        common.save(actor, child, verb="outcome_changed",
                    description=f"Outcome “{child.title}” moved before “{outcome.title}” "
                                "was deleted", loaded_version=PROGRAM_CHANGE)
    if found["indicators"] and indicators == "move":
        actor.stamp(move_to)
        move_to.indicators.add(*found["indicators"])
    history_writes.update(actor, outcome.resources.all(), outcome=move_to,
                          reason=history_writes.was_deleted(outcome))
    common.delete(actor, outcome, verb="outcome_deleted",
                  description=f"Outcome “{outcome.title}” deleted")


def _descendant_ids(outcome: Outcome) -> set[int]:
    parents = dict(Outcome.objects.filter(partnership_id=outcome.partnership_id)
                   .values_list("id", "parent_id"))
    return {oid for oid in parents if outcome.pk in ancestors(oid, parents)}


@transaction.atomic
def link(actor: Actor, partnership, *, cause: Outcome, effect: Outcome,
         note: str = "") -> OutcomeLink:
    refuse(rules.check_link(cause.pk, effect.pk))
    item = OutcomeLink(partnership=partnership, cause=cause, effect=effect, note=note)
    return common.save(actor, item, verb="outcome_linked",
                       description=f"“{cause.title}” linked to “{effect.title}”",
                       loaded_version=None)


@transaction.atomic
def unlink(actor: Actor, item: OutcomeLink) -> None:
    common.delete(actor, item, verb="outcome_unlinked",
                  description=f"Link from “{item.cause.title}” to “{item.effect.title}” removed")
