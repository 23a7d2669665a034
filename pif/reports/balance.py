"""How much of the plan the public pages show, and whether what is published looks rosier
than the whole.

The plan's indicators are those linked to an outcome of the partnership's plan (its outcome
tree). A partnership that has linked no indicator to an outcome yet has no such list, so all
its indicators count as the plan's: ``Plan.linked`` says which, and the words say so.

The line: "42 of 58 plan indicators published" (published indicators of the plan; one
published but linked to no outcome is still shown to the public, and counted apart).

The warning: public reporting should show the good and the not so good. For red (against
target) and for concern (special cause variation of concern), the share among the published
indicators is compared with the share among all the plan's indicators; the editor is warned
when the published share is less than half the plan's, or when most of them are left
unpublished and the published share is lower than the plan's. A fair selection (the same
share, or more) is never warned about. Status words come from ``pif.spc.vocabulary``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pif.measures.models import Indicator
from pif.spc.vocabulary import Rag, Signal

__all__ = ["Balance", "Plan", "PlanIndicator", "plan_indicators", "weigh"]

NO_RAG = "none"


@dataclass(frozen=True)
class PlanIndicator:
    pk: int
    code: str
    title: str
    published: bool
    in_plan: bool
    rag: str  # a Rag value, or "" with no target or no data
    signal: Signal

    @property
    def name(self) -> str:
        return f"{self.code} {self.title}"


@dataclass(frozen=True)
class Plan:
    indicators: list[PlanIndicator]
    linked: bool  # False: no indicator is linked to an outcome, so all count as the plan's


def plan_indicators(partnership) -> Plan:
    """Every indicator of `partnership` with whether it is published and in the plan, and its
    stored status (two queries)."""
    from pif.outcomes.models import Outcome

    linked = set(Outcome.indicators.through.objects
                 .filter(outcome__partnership=partnership)
                 .values_list("indicator_id", flat=True))
    rows = Indicator.objects.filter(partnership=partnership).select_related("status")
    return Plan([as_plan_indicator(indicator, indicator.pk in linked or not linked)
                 for indicator in rows.order_by("code")], bool(linked))


def as_plan_indicator(indicator, in_plan: bool) -> PlanIndicator:
    status = indicator.current_status
    return PlanIndicator(indicator.pk, indicator.code, indicator.title, indicator.published,
                         in_plan, status.rag or "", status.signal)


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def _percent(share: float) -> str:
    return f"{int(share * 100 + 0.5)}%"


@dataclass
class Balance:
    published: int  # published indicators of the plan
    in_plan: int
    linked: bool
    outside_plan: int  # published, but linked to no outcome of the plan
    published_by_rag: dict[str, int]
    plan_by_rag: dict[str, int]
    published_by_signal: dict[str, int]
    plan_by_signal: dict[str, int]
    warnings: list[str] = field(default_factory=list)
    unpublished_red: list[PlanIndicator] = field(default_factory=list)
    unpublished_concern: list[PlanIndicator] = field(default_factory=list)

    @property
    def line(self) -> str:
        """"42 of 58 plan indicators published"."""
        noun = "plan indicator" if self.in_plan == 1 else "plan indicators"
        return f"{self.published:,} of {self.in_plan:,} {noun} published"

    @property
    def plan_words(self) -> str:
        """What "plan indicators" means here, for the editor."""
        if self.linked:
            extra = (f" {_plural(self.outside_plan, 'published indicator')} linked to no "
                     f"outcome {'is' if self.outside_plan == 1 else 'are'} shown as well."
                     if self.outside_plan else "")
            return ("Plan indicators are those linked to an outcome of the plan." + extra)
        return ("No indicator is linked to an outcome of the plan yet, so every indicator "
                "counts as a plan indicator.")

    def counts(self) -> dict:
        """The numbers the public pages show (the snapshot's "counts")."""
        return {"published": self.published, "in_plan": self.in_plan,
                "plan_is_linked": self.linked, "published_outside_plan": self.outside_plan,
                "published_by_rag": self.published_by_rag, "plan_by_rag": self.plan_by_rag,
                "published_by_signal": self.published_by_signal,
                "plan_by_signal": self.plan_by_signal}


def _by_rag(rows) -> dict[str, int]:
    counts = {rag.value: 0 for rag in Rag} | {NO_RAG: 0}
    for row in rows:
        counts[row.rag if row.rag in counts else NO_RAG] += 1
    return counts


def _by_signal(rows) -> dict[str, int]:
    counts = {signal.value: 0 for signal in Signal}
    for row in rows:
        counts[row.signal.value] += 1
    return counts


def _looks_rosier(hit_published: int, hit_plan: int, published: int, in_plan: int) -> bool:
    if not hit_plan or not published or not in_plan:
        return False
    share, plan_share = hit_published / published, hit_plan / in_plan
    most_left_out = hit_published * 2 < hit_plan
    return share < plan_share / 2 or (most_left_out and share < plan_share)


def _how_many(kind: tuple[str, str], hit_published: int, hit_plan: int) -> str:
    """"You are publishing 1 of the 6 red indicators in the plan.", "You are publishing
    none of the 3 ...", "You are not publishing the 1 red indicator in the plan.\""""
    one, many = kind
    if hit_plan == 1:
        return f"You are not publishing the 1 {one} in the plan."
    published = "none" if not hit_published else f"{hit_published:,}"
    return f"You are publishing {published} of the {hit_plan:,} {many} in the plan."


def _warning(kind: tuple[str, str], hit_published: int, hit_plan: int, published: int,
             in_plan: int, left_out: list[PlanIndicator]) -> str:
    """"You are publishing 1 of the 6 red indicators in the plan. ...\""""
    share, plan_share = hit_published / published, hit_plan / in_plan
    named = ", ".join(row.name for row in left_out[:5])
    more = f" and {len(left_out) - 5:,} more" if len(left_out) > 5 else ""
    return (f"{_how_many(kind, hit_published, hit_plan)} "
            f"{kind[1].capitalize()} make up {_percent(share)} of the plan indicators you "
            f"publish but {_percent(plan_share)} of the whole plan, so the public pages look "
            f"better than the plan as a whole. Public "
            f"reporting should show the good and the not so good: consider publishing "
            f"{named}{more}.")


def weigh(plan: Plan) -> Balance:
    """The balance of what is marked as published against the whole plan."""
    in_plan = [row for row in plan.indicators if row.in_plan]
    published = [row for row in in_plan if row.published]
    outside = sum(1 for row in plan.indicators if row.published and not row.in_plan)
    balance = Balance(len(published), len(in_plan), plan.linked, outside,
                      _by_rag(published), _by_rag(in_plan), _by_signal(published),
                      _by_signal(in_plan))
    balance.unpublished_red = [row for row in in_plan
                               if row.rag == Rag.RED and not row.published]
    balance.unpublished_concern = [row for row in in_plan
                                   if row.signal is Signal.CONCERN and not row.published]
    red, concern = Rag.RED.value, Signal.CONCERN.value
    checks = (((f"{Rag.RED.label.lower()} indicator", f"{Rag.RED.label.lower()} indicators"),
               balance.published_by_rag[red], balance.plan_by_rag[red],
               balance.unpublished_red),
              ((f"indicator showing {Signal.CONCERN.label.lower()}",
                f"indicators showing {Signal.CONCERN.label.lower()}"),
               balance.published_by_signal[concern], balance.plan_by_signal[concern],
               balance.unpublished_concern))
    for kind, hit_published, hit_plan, left_out in checks:
        if _looks_rosier(hit_published, hit_plan, len(published), len(in_plan)):
            balance.warnings.append(_warning(kind, hit_published, hit_plan, len(published),
                                             len(in_plan), left_out))
    return balance
