"""Every change to an action plan, actor first.

A first version: the signature of `create_action` is fixed (the importer and the demo call
it); the rest is filled in by the action plan work.
"""

from django.db import transaction

from pif.actors import Actor
from pif.improvement.models import Action

VERBS: list[tuple[str, str]] = [
    ("action_added", "Action added"),
]


@transaction.atomic
def create_action(actor: Actor, partnership, *, outcomes=(), indicators=(), risks=(),
                  **fields) -> Action:
    """Add an action to `partnership`'s plan; `fields` are Action's own fields."""
    action = Action(partnership=partnership, **fields)
    action.full_clean()
    actor.stamp(action)
    action.save()
    action.outcomes.set(outcomes)
    action.indicators.set(indicators)
    action.risks.set(risks)
    actor.event(partnership, "action_added", f"Action “{action}” added", action)
    return action
