"""What the people app adds to the shared registries: history, stage facts, event verbs, the
menu, the demo, and the capability levels every new partnership starts with."""

from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone

from pif.partnerships import demo, history, stages
from pif.partnerships.context_processors import PARTNERSHIP_SECTIONS, add_section
from pif.partnerships.events import register_verb


def people_facts(partnership) -> list[stages.StageFact]:
    """Learning this financial year, people at each level (latest counts) and the staff
    engagement indicators: five queries, whatever the partnership holds."""
    from pif.people import queries, services

    name = partnership.short_name
    year = queries.learning_this_year(partnership, timezone.localdate())
    summary = queries.capability_summary(partnership)
    people_url = reverse("people", args=[name])
    facts = [
        stages.StageFact(f"Learning activities in {year['year']}", year["activities"],
                         reverse("learning", args=[name])),
        stages.StageFact(f"Places taken on learning in {year['year']}", year["participants"],
                         reverse("learning", args=[name])),
    ]
    if not summary.is_empty:
        facts += [stages.StageFact(f"People at {level.name} level (latest counts)",
                                   total.people, people_url + "#capability")
                  for level, total in zip(summary.levels, summary.totals, strict=True)]
    facts.append(stages.StageFact("Staff engagement indicators",
                                  len(services.staff_engagement_indicators(partnership)),
                                  people_url + "#staff-engagement"))
    return facts


def _seed_levels(sender, instance, created, raw=False, **kwargs) -> None:
    """A new partnership starts with the NES quality improvement levels, made by whoever
    created the partnership (the actor who stamped it), or by "partnership set-up" for a
    partnership saved without one."""
    if created and not raw:
        from pif.actors import Actor
        from pif.people import services

        actor = Actor.who_stamped(instance) or Actor(via="partnership set-up")
        services.seed_levels(actor, instance)


def _name(related) -> str:
    """The name of a record a history row points to ("" if it has since been deleted)."""
    return getattr(related, "name", "") if related is not None else ""


def _menu_after() -> str:
    """The partnership menu lists the stages' sections in order: this one (stage 4) goes just
    before the Scorecard (stage 5), after the sections of stages 1 to 3; or, without a
    Scorecard, after every section the apps added (those before Organisations)."""
    names = [name for name, _ in PARTNERSHIP_SECTIONS]
    before = "scorecard" if "scorecard" in names else "organisations"
    return names[names.index(before) - 1]


def register_all() -> None:
    from pif.partnerships.models import Partnership
    from pif.people import demo as people_demo
    from pif.people import models as m
    from pif.people.services import VERBS

    add_section("people", "Develop people", after=_menu_after())
    track = history.track
    track(m.CapabilityLevel, partnership_lookup="partnership_id", kind="Capability level",
          label=lambda r: r.name)
    track(m.CapabilityCount, partnership_lookup="partnership_id", kind="Capability count",
          select_related=("organisation", "level"),
          label=lambda r: ", ".join(part for part in (
              _name(r.organisation), _name(r.level), f"{r.counted_on:%-d %B %Y}") if part))
    track(m.LearningActivity, partnership_lookup="partnership_id", kind="Learning activity",
          label=lambda r: r.title)
    track(m.PeopleSettings, partnership_lookup="partnership_id", kind="People settings",
          label=lambda r: "People settings")
    # A personal record's history names the level, never the person.
    track(m.TrainingRecord, partnership_lookup="partnership_id", kind="Training record",
          select_related=("level",),
          label=lambda r: ", ".join(part for part in ("Training record", _name(r.level))
                                    if part))
    stages.register("people", people_facts)
    for verb, label in VERBS:
        register_verb(verb, label)
    demo.register(people_demo.load)
    post_save.connect(_seed_levels, sender=Partnership, dispatch_uid="people_seed_levels")
