"""Stage 6 services: follow_ups. Every change takes the actor first."""

VERBS: list[tuple[str, str]] = []
