"""The six stages of the improvement cycle, and what each app contributes to them.

Each area of PIF registers a function that, given a partnership, returns the facts it
holds for a stage (a label, a count and where to see them). The home page and the stage
pages ask every provider once per page, so each provider must use a fixed number of
queries whatever the partnership holds.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse


@dataclass(frozen=True)
class Stage:
    number: int
    slug: str
    title: str
    purpose: str
    holds: str  # follows "this stage holds:", so it starts in lower case
    next_step: str = ""
    # The access rule (pif.partnerships.access.RULES) of the pages the next step needs: the
    # step is shown only to members who can take it.
    next_step_needs: str = "edit"
    # A stage that comes in a later version (stage 6): until then its page says so and
    # offers nothing to do, rather than a next step nobody can take.
    is_built: bool = True

    @property
    def next_step_taken_by(self) -> str:
        """Who can take the next step, for the members who cannot."""
        return TAKEN_BY[self.next_step_needs]


TAKEN_BY = {"edit": "Editors and partnership admins", "admin": "Partnership admins"}


@dataclass(frozen=True)
class StageFact:
    label: str
    count: int | None = None
    url: str = ""
    text: str = ""


@dataclass
class StageSummary:
    stage: Stage
    facts: list[StageFact] = field(default_factory=list)

    @property
    def statement_fact(self) -> StageFact | None:
        """The fact that is a statement rather than a count: stage 1's is the current vision,
        kept on the page its `url` names."""
        return next((fact for fact in self.facts if fact.count is None), None)

    @property
    def statement(self) -> str:
        return self.statement_fact.text if self.statement_fact else ""

    @property
    def is_empty(self) -> bool:
        return not any(f.count or f.text for f in self.facts)


STAGES = [
    Stage(1, "vision", "Establish a vision",
          "Agree where the partnership wants to be, and the outcomes that show it got there.",
          "the vision statement, the outcome tree and its links to national outcomes.",
          "Write the vision statement, then set the outcomes the partnership will measure."),
    Stage(2, "conditions", "Create the right conditions",
          "Agree who leads, who takes part, what it costs and what could go wrong.",
          "partner organisations, members and their roles, governance, resources and risks.",
          "Add your partner organisations and invite the people who will take part.",
          next_step_needs="admin"),
    Stage(3, "action", "Take action",
          "Plan the work and test changes that should improve outcomes.",
          "action plans with owners and dates, improvement projects and PDSA cycles.",
          "Add the actions in your plan, with an owner and a due date for each, then register "
          "an improvement project to test changes."),
    Stage(4, "people", "Develop people",
          "Build the skills, capacity and culture the improvement work needs.",
          "learning and development activity, capability and staff engagement measures.",
          "Record the partnership's learning activity and how many people hold each level of "
          "improvement skills, then add the staff engagement indicators."),
    Stage(5, "progress", "Check and report progress",
          "Measure, compare, explain and publish how the partnership is doing.",
          "indicators, data, targets, SPC charts, scorecards, commentary and reports.",
          "Define an indicator for each outcome and start collecting data."),
    Stage(6, "review", "Review the cycle",
          "Step back, assess how well the partnership works and plan the next round.",
          "stat meetings and their follow-ups, self-assessments, the review that closes "
          "each year's cycle and the roll-over to the next.",
          "Set up a regular stat meeting, assess the partnership against a framework such as "
          "EFQM or PSIF, and at the end of the year close the cycle with a review and start "
          "the next."),
]
STAGES_BY_SLUG = {stage.slug: stage for stage in STAGES}

StageProvider = Callable[[object], list[StageFact]]
_providers: dict[str, list[StageProvider]] = {stage.slug: [] for stage in STAGES}


def register(slug: str, provider: StageProvider) -> None:
    """Add a provider of facts for a stage; apps call this from AppConfig.ready()."""
    if provider not in _providers[slug]:
        _providers[slug].append(provider)


def summary(partnership, slug: str) -> StageSummary:
    return StageSummary(STAGES_BY_SLUG[slug],
                        [fact for provider in _providers[slug] for fact in provider(partnership)])


def summaries(partnership) -> list[StageSummary]:
    return [summary(partnership, stage.slug) for stage in STAGES]


def foundation_facts_conditions(partnership) -> list[StageFact]:
    from django.db.models import Count

    from pif.partnerships.models import Partnership

    counts = Partnership.objects.filter(pk=partnership.pk).aggregate(
        organisations=Count("organisations", distinct=True),
        members=Count("memberships", distinct=True),
    )
    return [
        StageFact("Partner organisations", counts["organisations"],
                  reverse("organisations", args=[partnership.short_name])),
        StageFact("Members", counts["members"],
                  reverse("members", args=[partnership.short_name])),
    ]
