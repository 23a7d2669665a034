"""Stage 6 services: frameworks. Every change takes the actor first."""

VERBS: list[tuple[str, str]] = []
