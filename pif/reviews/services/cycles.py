"""Stage 6 services: cycles. Every change takes the actor first."""

VERBS: list[tuple[str, str]] = []
