"""Stage 6 services: meetings. Every change takes the actor first."""

VERBS: list[tuple[str, str]] = []
