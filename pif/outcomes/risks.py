"""The 5x5 heat map of risks: counts per likelihood and impact, as a table."""

from dataclasses import dataclass

from pif.outcomes.models.risk import IMPACT_LABELS, LIKELIHOOD_LABELS, rating


@dataclass(frozen=True)
class Cell:
    likelihood: int
    impact: int
    count: int

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def rating(self) -> str:
        return rating(self.score)

    @property
    def css(self) -> str:
        return "pif-heat--" + self.rating.lower().replace(" ", "-")


@dataclass(frozen=True)
class HeatRow:
    impact: int
    label: str
    cells: list[Cell]


def heat_map(risks, which: str = "residual") -> list[HeatRow]:
    """Rows from impact 5 (top) to 1; columns likelihood 1 to 5. Closed risks are left out."""
    counts: dict[tuple[int, int], int] = {}
    for risk in risks:
        if risk.status == "closed":
            continue
        key = (getattr(risk, f"{which}_likelihood"), getattr(risk, f"{which}_impact"))
        counts[key] = counts.get(key, 0) + 1
    return [HeatRow(impact, IMPACT_LABELS[impact],
                    [Cell(likelihood, impact, counts.get((likelihood, impact), 0))
                     for likelihood in range(1, 6)])
            for impact in range(5, 0, -1)]


LIKELIHOODS = [(n, LIKELIHOOD_LABELS[n]) for n in range(1, 6)]
