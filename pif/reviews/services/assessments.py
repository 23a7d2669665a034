"""Stage 6 services: assessments. Every change takes the actor first."""

VERBS: list[tuple[str, str]] = []
