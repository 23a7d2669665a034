"""The Loch Arden demo's stage 3: an action plan of about 30 actions, three improvement
projects with PDSA cycles in ramps, and changes marked on real-data charts.

Loch Arden is invented, and so is everything here: each action, project, change idea, PDSA
cycle and progress score says so (`ILLUSTRATIVE`). Some of it is linked to indicators of
real published data (NHS Fife's A&E and delayed discharges): those actions and the
"Discharge without delay" project are dated inside the real data's months, counted back from
its last month, so their marks fall on the real charts; their text says the invented work did
not change the real figures. Everything else is dated from the day the demo is loaded, so the
plan looks current whenever it is loaded. The content is in `demo_data`; every change goes
through the improvement services, so history and events are as a person's would be.

Registered from `pif/improvement/registrations.py` with `demo.register(improvement_demo.load)`.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from pif.editing import PROGRAM_CHANGE
from pif.improvement import demo_data as data
from pif.improvement.models import (
    CLOSED_STATUSES,
    Action,
    ActionStatus,
    ChangeIdea,
    Milestone,
    PdsaCycle,
    Project,
    Verdict,
)
from pif.improvement.services import actions as action_service
from pif.improvement.services import projects as project_service
from pif.lib.periods import Period
from pif.measures import services as measure_service
from pif.measures.models import Indicator, Observation
from pif.outcomes.models import DriverDiagram, DriverNode, Group, Outcome, Risk
from pif.outcomes.services import conditions
from pif.partnerships.demo import demo_actor

ILLUSTRATIVE = "Illustrative: invented for the Loch Arden demo."
REAL_MEASURES = ("Its measures are NHS Fife's real published figures, which this invented "
                 "project did not affect: the marks on their charts show when the invented "
                 "tests happened, not a cause of any change.")
# Where the real data's months are counted back from when the A&E indicator is absent.
REAL_LAST_MONTH = datetime.date(2023, 5, 1)
REAL_ANCHOR_CODE = "FIFE-AE-4HR"
# The rebase: a change plainly visible in the real published data, not caused by the demo.
REBASE_CODE = "FIFE-AE-12HR"
REBASE_MONTH = (2021, 9)
REBASE_TEXT = ("Waits of over 12 hours rose sharply from September 2021 (visible in the "
               "published data): limits recalculated from here. Loch Arden's projects are "
               "illustrative and did not cause this.")
OVERRIDE_REASON = "The owner's judgement from the work still to do, not only the time gone."
FALLBACK_SCALE_VERSION = "ihi-2011"


def illustrative(text: str) -> str:
    return f"{text} {ILLUSTRATIVE}" if text else ILLUSTRATIVE


def scale_version() -> str:
    """The IHI progress scale wording the demo's scores are given against."""
    try:
        from pif.improvement import progress_scale

        return progress_scale.current().key
    except (ImportError, OSError, KeyError, ValueError):
        return FALLBACK_SCALE_VERSION


class _Loader:
    def __init__(self, partnership, users: dict, today: datetime.date):
        self.partnership = partnership
        self.users = {str(role): user for role, user in users.items()}
        self.editor_user = self.users.get("editor") or self.users.get("admin")
        self.editor = demo_actor(self.editor_user)
        self.today = today
        self.real_last_month = self._real_last_month()
        self.organisations = {o.short_code: o for o in partnership.organisations.all()}
        self.outcomes = {o.code: o for o in Outcome.objects.filter(partnership=partnership)}
        self.indicators = {i.code: i for i in Indicator.objects.filter(partnership=partnership)}
        self.risks = {r.reference: r for r in Risk.objects.filter(partnership=partnership)}
        self.groups = {g.name: g for g in Group.objects.filter(partnership=partnership)}
        self.projects: dict[str, Project] = {}

    # -- small helpers --

    def _real_last_month(self) -> datetime.date:
        last = (Observation.objects.filter(indicator__partnership=self.partnership,
                                           indicator__code=REAL_ANCHOR_CODE)
                .order_by("-period_start").values_list("period_start", flat=True).first())
        return last or REAL_LAST_MONTH

    def day(self, offset: int | None, real: bool = False) -> datetime.date | None:
        if offset is None:
            return None
        return (self.real_last_month if real else self.today) + datetime.timedelta(days=offset)

    def user(self, role: str | None):
        return self.users.get(role) if role else None

    def actor_for(self, role: str | None):
        user = self.user(role)
        return demo_actor(user) if user is not None else self.editor

    def organisation(self, code: str):
        return self.organisations.get(code) or next(iter(self.organisations.values()))

    def found(self, table: dict, keys) -> list:
        return [table[key] for key in keys if key in table]

    # -- driver diagrams --

    def diagrams(self) -> dict[str, tuple[DriverDiagram, dict[str, DriverNode]]]:
        for title, aim, outcome, primaries in data.DIAGRAMS:
            diagram = conditions.save(self.editor, DriverDiagram(
                partnership=self.partnership, title=title, aim=aim,
                outcome=self.outcomes.get(outcome)), loaded_version=PROGRAM_CHANGE)
            for position, (primary, secondaries) in enumerate(primaries):
                top = conditions.save(self.editor, DriverNode(
                    diagram=diagram, kind="primary", title=primary, position=position,
                    outcome=self.outcomes.get(outcome)), loaded_version=PROGRAM_CHANGE)
                for secondary, ideas in secondaries:
                    middle = conditions.save(self.editor, DriverNode(
                        diagram=diagram, kind="secondary", title=secondary, parent=top),
                        loaded_version=PROGRAM_CHANGE)
                    for idea in ideas:
                        conditions.save(self.editor, DriverNode(
                            diagram=diagram, kind="change_idea", title=idea, parent=middle),
                            loaded_version=PROGRAM_CHANGE)
        found = {}
        for diagram in DriverDiagram.objects.filter(
                partnership=self.partnership).prefetch_related("nodes"):
            found[diagram.title] = (diagram, {node.title: node for node in diagram.nodes.all()})
        return found

    # -- projects --

    def project(self, spec: data.ProjectSpec, diagrams: dict) -> Project:
        real = spec.real_dates
        lead = self.user(spec.lead)
        registrar = demo_actor(lead) if lead is not None else self.editor
        diagram, nodes = diagrams.get(spec.diagram, (None, {}))
        background = illustrative(spec.background)
        if spec.measures and any(code in self.indicators for code, _ in spec.measures) and (
                real):
            background = f"{background} {REAL_MEASURES}"
        project = project_service.save_project(registrar, Project(
            partnership=self.partnership, title=spec.title, aim_what=spec.aim_what,
            aim_how_much=spec.aim_how_much, aim_by_when=self.day(spec.aim_by, real),
            background=background, organisation=self.organisation(spec.organisation),
            lead=lead, team=spec.team, outcome=self.outcomes.get(spec.outcome),
            driver_diagram=diagram), loaded_version=PROGRAM_CHANGE)
        if spec.approved is not None:
            project_service.approve_project(self.editor, project, loaded_version=PROGRAM_CHANGE)
            project.approved_on = self.day(spec.approved, real)
            project_service.save_project(self.editor, project, loaded_version=PROGRAM_CHANGE)
        for code, kind in spec.measures:
            if code in self.indicators:
                project_service.add_measure(registrar, project, indicator=self.indicators[code],
                                            kind=kind)
        for position, idea_spec in enumerate(spec.ideas):
            idea = project_service.save_change_idea(registrar, ChangeIdea(
                project=project, title=idea_spec.title,
                description=illustrative(idea_spec.description),
                driver_node=nodes.get(idea_spec.driver_entry), position=position),
                loaded_version=PROGRAM_CHANGE)
            self.ramp(registrar, project, idea, idea_spec, real)
        for score in spec.scores:
            project_service.give_score(registrar, project, score=Decimal(score.score),
                                       scored_on=self.day(score.day, real),
                                       note=illustrative(score.note),
                                       scale_version=scale_version())
        if spec.status == Project.Status.COMPLETE:
            project.status = Project.Status.COMPLETE
            project_service.save_project(registrar, project, loaded_version=PROGRAM_CHANGE)
        self.projects[spec.key] = project
        return project

    def ramp(self, actor, project: Project, idea: ChangeIdea, spec: data.Idea,
             real: bool) -> None:
        previous = None
        codes = {measure.kind: measure.indicator.code
                 for measure in project.measures.select_related("indicator")}
        for cycle_spec in spec.cycles:
            start = self.day(cycle_spec.start, real)
            end = start + datetime.timedelta(days=cycle_spec.days)
            cycle = PdsaCycle(
                project=project, change_idea=idea, follows=previous, title=cycle_spec.title,
                scale=cycle_spec.scale, objective=illustrative(cycle_spec.objective),
                question=cycle_spec.question, prediction=cycle_spec.prediction,
                plan_who=cycle_spec.who, plan_where=cycle_spec.where, start_date=start,
                end_date=end, plan_data=cycle_spec.data, do_notes=cycle_spec.do,
                study_notes=cycle_spec.study, decision=cycle_spec.decision,
                act_notes=cycle_spec.act,
                completed_on=end if cycle_spec.complete else None)
            indicators = self.found(self.indicators, _cycle_measures(codes, idea.position))
            previous = project_service.save_cycle(actor, cycle, loaded_version=PROGRAM_CHANGE,
                                                  indicators=indicators)
            if cycle.completed_on:
                self.record_verdicts("record_for_cycle", previous, cycle.completed_on,
                                     Verdict.objects.filter(cycle=previous))

    # -- actions --

    def action(self, spec: data.ActionSpec) -> Action:
        real = spec.real_dates
        start = self.day(spec.start, real)
        owner = self.user(spec.owner)
        actor = self.actor_for(spec.owner)
        action = action_service.create_action(
            self.editor, self.partnership,
            outcomes=self.found(self.outcomes, spec.outcomes),
            indicators=self.found(self.indicators, spec.indicators),
            risks=self.found(self.risks, spec.risks),
            reference=spec.reference, title=spec.title,
            description=illustrative(spec.description), owner=owner,
            owner_organisation=self.organisation(spec.organisation),
            lead_group=self.groups.get(spec.group), start_date=start,
            due_date=self.day(spec.due, real), is_ongoing=spec.due is None,
            source=spec.source, source_detail=spec.source_detail.format(start=start),
            project=self.projects.get(spec.project))
        for position, step in enumerate(spec.milestones, start=1):
            action_service.save_milestone(actor, Milestone(
                action=action, title=step.title, due_date=self.day(step.due, real),
                done_on=self.day(step.done, real), position=position),
                loaded_version=PROGRAM_CHANGE)
        settings = action_service.settings_for(self.partnership)
        for update in spec.updates:
            written_on = self.day(update.day, real)
            percent = 100 if update.status == ActionStatus.COMPLETE else update.percent
            suggested = action_service.suggestion(action, settings, written_on, percent)
            status = update.status
            if status in CLOSED_STATUSES:  # closing is its own step, below
                status = suggested or ActionStatus.ON_TRACK
            reason = ""
            if suggested is not None and status != suggested:
                reason = spec.status_reason if status == spec.status and spec.status_reason \
                    else OVERRIDE_REASON
            action_service.add_progress_update(
                actor, action, loaded_version=PROGRAM_CHANGE, percent_complete=percent,
                status=status, text=update.text, written_on=written_on, status_reason=reason,
                today=self.today)
        if spec.status in CLOSED_STATUSES:
            closed_on = self.day(spec.completed, real) if spec.completed is not None else (
                action.last_progress_on)
            action_service.close_action(
                actor, action, loaded_version=PROGRAM_CHANGE,
                outcome="complete" if spec.status == ActionStatus.COMPLETE else "cancel",
                evidence=spec.evidence, reason=spec.status_reason, completed_on=closed_on,
                today=self.today)
            if spec.signed_off is not None:
                action_service.sign_off(self.editor, action, loaded_version=PROGRAM_CHANGE,
                                        today=self.day(spec.signed_off, real))
            if spec.status == ActionStatus.COMPLETE:
                self.record_verdicts("record_for_action", action, closed_on,
                                     Verdict.objects.filter(action=action))
        return action

    # -- did it work? --

    def record_verdicts(self, name: str, obj, judged_on, existing) -> None:
        """Record the SPC verdicts for a finished change, unless the service that closed it
        has (pif/improvement/verdicts.py, when it is there)."""
        try:
            from pif.improvement import verdicts
        except ImportError:
            return
        record = getattr(verdicts, name, None)
        if record is not None and not existing.exists():
            record(self.editor, obj, judged_on)

    # -- the chart --

    def rebase(self) -> None:
        indicator = self.indicators.get(REBASE_CODE)
        if indicator is None:
            return
        period = Period.month(*REBASE_MONTH)
        if not Observation.objects.filter(indicator=indicator, period=period.key).exists():
            return
        measure_service.add_annotation(self.editor, indicator, period, text=REBASE_TEXT,
                                       is_rebase=True)


def _cycle_measures(codes: dict[str, str], idea_position: int) -> list[str]:
    """The measures (codes by kind) a cycle should show its change on: the project's outcome
    and process measures for its first change idea, the process and balancing ones after."""
    kinds = ("outcome", "process") if idea_position == 0 else ("process", "balancing")
    return [codes[kind] for kind in kinds if kind in codes]


@transaction.atomic
def load(partnership, users, today: datetime.date | None = None) -> None:
    """The improvement demo step: `users` maps demo roles to users, as
    `pif.partnerships.demo` passes them; `today` fixes the date the plan is dated from."""
    loader = _Loader(partnership, users, today or timezone.localdate())
    action_service.save_action_settings(loader.editor, partnership,
                                        loaded_version=PROGRAM_CHANGE,
                                        closing_needs_sign_off=True)
    diagrams = loader.diagrams()
    for spec in data.PROJECTS:
        loader.project(spec, diagrams)
    for spec in data.ACTIONS:
        loader.action(spec)
    loader.rebase()
