"""Which target applies to a period: single values with validity ranges, and trajectories.

An indicator may have several targets (minimum, standard, stretch). Status uses the
standard target where there is one, otherwise the first of the others that applies.
"""

from dataclasses import dataclass, field
from datetime import date

from pif import spc
from pif.lib.periods import Period

LEVEL_ORDER = {"standard": 0, "minimum": 1, "stretch": 2}


def period_start(key: str) -> date:
    return Period.from_key(key).start


@dataclass(frozen=True)
class TargetRule:
    level: str
    value: float | None
    points: dict  # period start -> value, for a trajectory
    valid_from: date | None
    valid_to: date | None
    tolerance: float
    tolerance_kind: str

    def applies(self, start: date) -> bool:
        return ((self.valid_from is None or start >= self.valid_from)
                and (self.valid_to is None or start <= self.valid_to))

    def value_at(self, start: date) -> float | None:
        if not self.applies(start):
            return None
        if self.value is not None:
            return self.value
        return spc.trajectory_target(self.points, start) if self.points else None


@dataclass(frozen=True)
class TargetSchedule:
    rules: tuple[TargetRule, ...] = field(default_factory=tuple)

    @classmethod
    def empty(cls) -> "TargetSchedule":
        return cls()

    def rule_for(self, period_key: str, level: str | None = None) -> TargetRule | None:
        start = period_start(period_key)
        for rule in self.rules:
            if (level is None or rule.level == level) and rule.value_at(start) is not None:
                return rule
        return None

    def value_for(self, period_key: str, level: str | None = None) -> float | None:
        rule = self.rule_for(period_key, level)
        return rule.value_at(period_start(period_key)) if rule else None

    def tolerance_for(self, period_key: str) -> float | None:
        rule = self.rule_for(period_key)
        return rule.tolerance if rule and rule.tolerance else None

    def tolerance_kind_for(self, period_key: str) -> str:
        rule = self.rule_for(period_key)
        return rule.tolerance_kind if rule else "relative"

    def levels(self) -> list[str]:
        return sorted({rule.level for rule in self.rules}, key=LEVEL_ORDER.get)


def rule_from_target(target) -> TargetRule:
    return TargetRule(
        level=target.level, value=target.value,
        points={p.period_start: p.value for p in target.points.all()},
        valid_from=target.valid_from_start, valid_to=target.valid_to_end,
        # People write a relative tolerance as a percentage; pif.spc.rag wants a fraction.
        tolerance=(target.tolerance or 0.0) / (100 if target.tolerance_kind == "relative" else 1),
        tolerance_kind=target.tolerance_kind,
    )


def schedules_for(targets) -> dict[int, TargetSchedule]:
    """Targets (with points prefetched) grouped into one schedule per indicator id."""
    grouped: dict[int, list[TargetRule]] = {}
    for target in targets:
        grouped.setdefault(target.indicator_id, []).append(rule_from_target(target))
    return {pk: TargetSchedule(tuple(sorted(rules, key=lambda r: LEVEL_ORDER[r.level])))
            for pk, rules in grouped.items()}
