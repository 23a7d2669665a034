"""Stage 3's sections of an outcome's page (pif/outcomes/sections.py): the outcome's actions,
its improvement projects, the "did it work?" register of what was tried and what the data
said, and the golden thread down to the PDSA cycles and indicators.

One provider gives all four, from one reading of the golden thread (pif/improvement/thread.py)
and one of the register, so the page costs a fixed number of queries whatever the outcome
holds. The templates show a link only to a person whose role opens its page
(`access|can_open:url`).
"""

from pif.improvement import thread as golden_thread
from pif.improvement import verdicts
from pif.improvement.stage_facts import link
from pif.outcomes.sections import Section

TEMPLATES = "improvement/includes/"


def outcome_sections(outcome, access) -> list[Section]:
    partnership = access.partnership
    thread = golden_thread.for_outcome(outcome)
    root = thread.root
    return [
        Section("actions", "Actions for this outcome", TEMPLATES + "outcome_actions.html", {
            "strands": root.actions,
            "add_url": link("action_add", partnership),
            "list_url": link("actions", partnership)}),
        Section("projects", "Improvement projects for this outcome",
                TEMPLATES + "outcome_projects.html", {
                    "strands": root.projects,
                    "add_url": link("project_add", partnership)}),
        Section("did-it-work", "Did it work?", TEMPLATES + "outcome_did_it_work.html", {
            "rows": verdicts.register_rows([outcome.pk])}),
        Section("golden-thread", "Golden thread: from national outcome to indicator",
                TEMPLATES + "outcome_thread.html", {"thread": thread}),
    ]
