"""What the outcomes app adds to the shared registries: history, stage facts, event verbs,
the demo, the scorecard's "group by outcome", and loading the framework templates when a
partnership is created."""

from django.db.models import Count, Q
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone

from pif.measures.scorecard_groups import register_grouping
from pif.partnerships import demo, history, overview, stages
from pif.partnerships.context_processors import add_section
from pif.partnerships.events import register_verb

VERBS = [
    ("vision_set", "Vision set"),
    ("vision_moved", "Vision moved to the Vision page"),
    ("vision_changed_in_settings", "Vision changed in the settings"),
    ("levels_renamed", "Outcome levels renamed"),
    ("framework_used", "Framework used"),
    ("outcome_created", "Outcome created"),
    ("outcome_changed", "Outcome changed"),
    ("outcome_deleted", "Outcome deleted"),
    ("outcome_linked", "Outcomes linked"),
    ("outcome_unlinked", "Outcome link removed"),
]


def vision_facts(partnership) -> list[stages.StageFact]:
    from pif.outcomes.models import DriverDiagram, Outcome, Vision

    current = (Vision.objects.filter(partnership=partnership, is_current=True)
               .values_list("statement", flat=True).first())
    counts = Outcome.objects.filter(partnership=partnership).aggregate(
        outcomes=Count("pk", distinct=True),
        national=Count("national_outcomes", distinct=True))
    diagrams = DriverDiagram.objects.filter(partnership=partnership).count()
    name = partnership.short_name
    return [
        stages.StageFact("Vision statement", text=(current or "").strip(),
                         url=reverse("vision", args=[name])),
        stages.StageFact("Outcomes", counts["outcomes"], reverse("outcomes", args=[name])),
        stages.StageFact("National outcomes linked", counts["national"],
                         reverse("strategy_map", args=[name])),
        stages.StageFact("Driver diagrams", diagrams, reverse("driver_diagrams", args=[name])),
    ]


def _risk_counts(partnership) -> dict[str, int]:
    """How many risks the partnership has, and how many are overdue for review. The overview
    shows the overdue count twice (the conditions stage card and the Risks panel), both asked
    with the request's one partnership object, so the answer is kept on that object: one
    query per request. Keyed by the day, as "overdue" is."""
    from pif.outcomes.models import Risk

    today = timezone.localdate()
    kept = partnership.__dict__.setdefault("_risk_counts", {})
    if today not in kept:
        kept[today] = Risk.objects.filter(partnership=partnership).with_review_overdue(
            today).aggregate(risks=Count("pk"),
                             overdue=Count("pk", filter=Q(review_overdue=True)))
    return kept[today]


def _overdue_reviews_url(partnership) -> str:
    """The register's list of overdue reviews (the warning at the top of the risks page)."""
    return reverse("risks", args=[partnership.short_name]) + "#overdue-reviews"


def conditions_facts(partnership) -> list[stages.StageFact]:
    from pif.outcomes.models import Group, Resource

    risks = _risk_counts(partnership)
    groups = Group.objects.filter(partnership=partnership).count()
    resources = Resource.objects.filter(partnership=partnership).count()
    name = partnership.short_name
    return [
        stages.StageFact("Risks", risks["risks"], reverse("risks", args=[name])),
        stages.StageFact("Risk reviews overdue", risks["overdue"],
                         _overdue_reviews_url(partnership)),
        stages.StageFact("Governance groups", groups, reverse("governance", args=[name])),
        stages.StageFact("Resources committed", resources, reverse("resources", args=[name])),
    ]


def risk_panels(access) -> list[overview.Panel]:
    """The overview's count of overdue risk reviews, linked to their list on the register."""
    overdue = _risk_counts(access.partnership)["overdue"]
    return [overview.Panel("Risks", (overview.Count(
        overdue, "risk review overdue", "risk reviews overdue",
        _overdue_reviews_url(access.partnership)),))]


def _load_frameworks(sender, instance, created, raw=False, **kwargs) -> None:
    if created and not raw:
        from pif.outcomes import frameworks

        frameworks.ensure_loaded()


def register_all() -> None:
    # One entry in the partnership menu; the vision and conditions pages have their own.
    add_section("outcomes", "Vision and conditions")
    from pif.outcomes import demo as outcomes_demo
    from pif.outcomes import models as m
    from pif.outcomes.queries import outcome_titles_by_indicator
    from pif.outcomes.services.conditions import VERBS as CONDITION_VERBS
    from pif.partnerships.models import Partnership

    track = history.track
    track(m.Vision, partnership_lookup="partnership_id", kind="Vision",
          label=lambda r: f"Vision {r.first_year}/{(r.first_year + 1) % 100:02d} to "
                          f"{r.last_year}/{(r.last_year + 1) % 100:02d}")
    track(m.PlanSettings, partnership_lookup="partnership_id", kind="Outcome levels",
          label=lambda r: "Outcome levels and frameworks")
    track(m.Outcome, partnership_lookup="partnership_id", kind="Outcome",
          label=lambda r: f"{r.code} {r.title}".strip())
    track(m.OutcomeLink, partnership_lookup="partnership_id", kind="Strategy map link",
          select_related=("cause", "effect"),
          label=lambda r: f"{r.cause.title} → {r.effect.title}")
    track(m.Locality, partnership_lookup="partnership_id", kind="Locality",
          label=lambda r: r.name)
    track(m.DriverDiagram, partnership_lookup="partnership_id", kind="Driver diagram",
          label=lambda r: r.title)
    track(m.DriverNode, partnership_lookup="diagram__partnership_id",
          kind="Driver diagram entry", label=lambda r: r.title)
    track(m.Risk, partnership_lookup="partnership_id", kind="Risk",
          label=lambda r: f"{r.reference} {r.title}")
    track(m.Group, partnership_lookup="partnership_id", kind="Governance group",
          label=lambda r: r.name)
    track(m.GroupMember, partnership_lookup="group__partnership_id", kind="Group member",
          label=lambda r: r.name)
    track(m.Resource, partnership_lookup="partnership_id", kind="Resource",
          select_related=("organisation",),
          label=lambda r: f"{r.organisation.name}: {r.get_kind_display()}")
    stages.register("vision", vision_facts)
    stages.register("conditions", conditions_facts)
    overview.register(risk_panels)
    for verb, label in VERBS + CONDITION_VERBS:
        register_verb(verb, label)
    demo.register(outcomes_demo.load)
    register_grouping("outcome", "Outcome", outcome_titles_by_indicator)
    post_save.connect(_load_frameworks, sender=Partnership,
                      dispatch_uid="outcomes_load_frameworks")
