"""What stage 3 adds to the shared registries: history, event verbs, the menu, stage facts,
the overview, the sections of an outcome's page, the action plan's notices and the marks on
indicators' charts."""

from pif.partnerships import demo, history, overview, stages
from pif.partnerships.context_processors import add_section
from pif.partnerships.events import register_verb


def _track_history() -> None:
    from pif.improvement import models as m

    track = history.track
    track(m.ActionSettings, partnership_lookup="partnership_id", kind="Action plan settings",
          label=lambda r: "Action plan settings")
    track(m.Action, partnership_lookup="partnership_id", kind="Action",
          label=lambda r: f"{r.reference} {r.title}")
    track(m.Milestone, partnership_lookup="action__partnership_id", kind="Action milestone",
          label=lambda r: r.title)
    track(m.ProgressUpdate, partnership_lookup="action__partnership_id",
          kind="Action progress update", label=lambda r: f"Update of {r.written_on:%-d %B %Y}")
    track(m.Project, partnership_lookup="partnership_id", kind="Improvement project",
          label=lambda r: r.title)
    track(m.ProjectMeasure, partnership_lookup="project__partnership_id",
          kind="Project measure", label=lambda r: r.get_kind_display())
    track(m.ChangeIdea, partnership_lookup="project__partnership_id", kind="Change idea",
          label=lambda r: r.title)
    track(m.PdsaCycle, partnership_lookup="project__partnership_id", kind="PDSA cycle",
          label=lambda r: r.title)
    track(m.ProgressScore, partnership_lookup="project__partnership_id",
          kind="Project progress score", label=lambda r: f"Score {r.score}")
    track(m.Verdict, partnership_lookup="partnership_id", kind="Did it work? verdict",
          label=lambda r: r.get_verdict_display())


def register_all() -> None:
    from pif.improvement import chart_marks, notices
    from pif.improvement import demo as improvement_demo
    from pif.improvement import overview as improvement_overview
    from pif.improvement.outcome_sections import outcome_sections
    from pif.improvement.services.actions import VERBS as ACTION_VERBS
    from pif.improvement.services.projects import VERBS as PROJECT_VERBS
    from pif.improvement.stage_facts import action_facts
    from pif.outcomes import sections

    _track_history()
    for verb, label in ACTION_VERBS + PROJECT_VERBS:
        register_verb(verb, label)
    # The menu's entry for stage 3, after stages 1 and 2 ("Vision and conditions").
    add_section("actions", "Take action", after="outcomes")
    stages.register("action", action_facts)
    overview.register(improvement_overview.my_actions)
    overview.register(improvement_overview.action_panels)
    sections.register(outcome_sections)
    chart_marks.register()  # actions and PDSA cycles marked on their indicators' charts
    notices.register()  # the action plan's emails and their event verbs
    demo.register(improvement_demo.load)
