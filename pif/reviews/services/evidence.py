"""Stage 6 services: evidence. Every change takes the actor first."""

VERBS: list[tuple[str, str]] = []
