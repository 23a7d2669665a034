"""What stage 6 adds to the shared registries: history, event verbs, the menu, stage facts,
the overview, the sections of an outcome's page and the demo."""

from django.utils import timezone

from pif.outcomes.models.plan import financial_year
from pif.partnerships import demo, history, overview, stages
from pif.partnerships.context_processors import PARTNERSHIP_SECTIONS, add_section


def _track_history() -> None:
    from pif.reviews import models as m

    track = history.track
    track(m.MeetingSeries, partnership_lookup="partnership_id", kind="Meeting series",
          label=lambda r: r.name)
    track(m.RotationStep, partnership_lookup="series__partnership_id",
          kind="Meeting rotation step", label=lambda r: r.get_focus_kind_display())
    track(m.Meeting, partnership_lookup="series__partnership_id", kind="Meeting",
          label=lambda r: f"Meeting of {timezone.localtime(r.starts_at):%-d %B %Y}")
    track(m.MeetingItem, partnership_lookup="meeting__series__partnership_id",
          kind="Meeting item", label=lambda r: r.title)
    track(m.FollowUp, partnership_lookup="series__partnership_id", kind="Meeting follow-up",
          label=lambda r: r.text[:80])
    track(m.Assessment, partnership_lookup="partnership_id", kind="Self-assessment",
          label=lambda r: r.title)
    track(m.Assessor, partnership_lookup="assessment__partnership_id", kind="Assessor",
          select_related=("assessment",), label=lambda r: f"Assessor of {r.assessment.title}")
    track(m.SurveyInvitation, partnership_lookup="assessment__partnership_id",
          kind="Survey invitation", label=lambda r: r.email)
    # Assessors score independently: the page shows that a score changed, never its value.
    track(m.Score, partnership_lookup="assessment__partnership_id", kind="Assessor's score",
          select_related=("node",), label=lambda r: f"An assessor's own score of {r.node.code}",
          withheld=("percent", "attributes", "compliance", "rationale"))
    track(m.AgreedScore, partnership_lookup="assessment__partnership_id", kind="Agreed score",
          select_related=("node",), label=lambda r: f"Agreed score of {r.node}")
    track(m.Evidence, partnership_lookup="assessment__partnership_id", kind="Evidence",
          label=lambda r: r.file_name or r.text[:80] or r.url)
    track(m.NodeTag, partnership_lookup="partnership_id", kind="Evidence tag",
          select_related=("node",), label=lambda r: f"Evidence tag on {r.node}")
    track(m.Finding, partnership_lookup="assessment__partnership_id",
          kind="Assessment finding", label=lambda r: r.text[:80])
    track(m.AssessmentFramework, partnership_lookup="partnership_id",
          kind="Assessment framework", label=lambda r: r.name)
    track(m.AssessmentFrameworkVersion, partnership_lookup="framework__partnership_id",
          kind="Assessment framework version", label=lambda r: r.label)
    track(m.AssessmentNode, partnership_lookup="framework_version__framework__partnership_id",
          kind="Assessment framework node", label=lambda r: f"{r.code} {r.label}")
    track(m.Cycle, partnership_lookup="partnership_id", kind="Improvement cycle",
          label=lambda r: f"Cycle {financial_year(r.first_year)}")


def _menu_after() -> str:
    """Stage 6's entry goes after the sections of stages 1 to 5 (the last of them just
    before Organisations), so the menu lists the stages in order."""
    names = [name for name, _ in PARTNERSHIP_SECTIONS]
    return names[names.index("organisations") - 1]


def register_all() -> None:
    from django.db.models.signals import post_save

    from pif.partnerships.events import register_verb
    from pif.partnerships.models import Partnership
    from pif.reviews import assessment_frameworks
    from pif.reviews import demo as reviews_demo
    from pif.reviews.overview import my_follow_ups
    from pif.reviews.services import (
        assessments,
        cycles,
        evidence,
        follow_ups,
        frameworks,
        meetings,
        surveys,
    )
    from pif.reviews.stage_facts import review_facts, review_panels

    _track_history()
    # The first partnership finds the shipped assessment frameworks ready, as it finds the
    # outcomes templates (pif/outcomes/registrations.py).
    post_save.connect(assessment_frameworks.load_on_partnership_created, sender=Partnership,
                      dispatch_uid="reviews_load_assessment_frameworks")
    add_section("reviews", "Review the cycle", after=_menu_after())
    stages.register("review", review_facts)
    overview.register(my_follow_ups)  # asked for by the follow-ups area
    overview.register(review_panels)
    demo.register(reviews_demo.load)  # meetings, assessments, last year closed, rolled over
    for module in (meetings, follow_ups, frameworks, surveys, assessments, evidence, cycles):
        for verb, label in module.VERBS:
            register_verb(verb, label)
