"""Every change to an improvement project, its change ideas and PDSA cycles, actor first."""

VERBS: list[tuple[str, str]] = []
