"""Stage 6 services: surveys. Every change takes the actor first."""

VERBS: list[tuple[str, str]] = []
