"""Who contributes what to which outcome: totals per outcome and organisation."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class Totals:
    money: Decimal = Decimal(0)
    staff: Decimal = Decimal(0)
    in_kind: Decimal = Decimal(0)

    def add(self, resource) -> None:
        setattr(self, resource.kind, getattr(self, resource.kind) + resource.amount)

    def __str__(self) -> str:
        parts = []
        if self.money:
            parts.append(f"£{self.money:,.0f}")
        if self.staff:
            parts.append(f"{self.staff.normalize():f} FTE")
        if self.in_kind:
            parts.append(f"£{self.in_kind:,.0f} in kind")
        return ", ".join(parts) or "–"


@dataclass
class Matrix:
    organisations: list
    rows: list = field(default_factory=list)  # (outcome or None, [Totals per organisation], Totals)
    by_organisation: list = field(default_factory=list)
    total: Totals = field(default_factory=Totals)


def matrix(resources) -> Matrix:
    resources = list(resources)
    organisations = sorted({r.organisation for r in resources}, key=lambda o: o.name)
    outcomes = sorted({r.outcome for r in resources if r.outcome},
                      key=lambda o: (o.level, o.position, o.title))
    cells: dict = defaultdict(Totals)
    per_outcome: dict = defaultdict(Totals)
    per_org: dict = defaultdict(Totals)
    result = Matrix(organisations)
    for resource in resources:
        cells[(resource.outcome_id, resource.organisation_id)].add(resource)
        per_outcome[resource.outcome_id].add(resource)
        per_org[resource.organisation_id].add(resource)
        result.total.add(resource)
    keys = [(o, o.pk) for o in outcomes]
    if any(r.outcome_id is None for r in resources):
        keys.append((None, None))
    result.rows = [(outcome, [cells[(key, org.pk)] for org in organisations], per_outcome[key])
                   for outcome, key in keys]
    result.by_organisation = [per_org[org.pk] for org in organisations]
    return result
