"""The Loch Arden demo's stage 6: the "Loch Arden Stat" meeting series (three past meetings,
briefed, held and followed up, and the next one with its briefing drafted), a PSIF checklist
survey, an EFQM 2013 full assessment with two assessors, last year's cycle closed with its
review and this year's started by rolling it over.

Loch Arden is invented, and so is everything here: notes, evidence, findings and reviews say
so (`ILLUSTRATIVE`). Dates count from the day the demo is loaded, so the meetings are always
the last three months'. The content is in `demo_data`; every change goes through the stage 6
services with `demo_actor`, so history and events are as a person's would be, and the demo
emails nobody (the services send nothing for the demo; survey links are never sent).

Order matters: meetings and assessments first, then last year's cycle is closed, so its
snapshot holds the assessment's summary and the follow-ups as they stand; then this year's
cycle is started by the real roll-over.

Registered from `pif/reviews/registrations.py` with `demo.register(reviews_demo.load)`.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from pif import history_writes
from pif.editing import PROGRAM_CHANGE
from pif.improvement.models import Action, PdsaCycle
from pif.improvement.services import actions as action_service
from pif.measures.models import Indicator
from pif.outcomes.models import Outcome
from pif.partnerships.demo import demo_actor
from pif.reviews import assessment_frameworks, commitments, meeting_dates, scoring
from pif.reviews import demo_data as data
from pif.reviews import models as m
from pif.reviews.radar import attributes_for
from pif.reviews.services import assessments, cycles, evidence, follow_ups, meetings, surveys

ILLUSTRATIVE = "Illustrative: invented for the Loch Arden demo."
LINK_MADE = "A link made by the demo to answer its own invented invitation; never emailed"
# The services stamp the time a memo is issued as now; the demo's meetings are in the past.
ON_TIME = "Dated as the demo's invented meeting had it: issued on time"


def illustrative(text: str) -> str:
    if not text:
        return ILLUSTRATIVE
    return f"{text}{'' if text.endswith(('.', '?', '!')) else '.'} {ILLUSTRATIVE}"


class _Loader:
    def __init__(self, partnership, users: dict, today: datetime.date):
        self.partnership = partnership
        self.users = {str(role): user for role, user in users.items()}
        self.today = today
        self.editor = self.actor(data.EDITOR)
        self.organisations = {o.short_code: o for o in partnership.organisations.all()}
        self.indicators = {i.code: i for i in Indicator.objects.filter(partnership=partnership)}
        self.follow_ups: dict[str, m.FollowUp] = {}

    def actor(self, role: str):
        return demo_actor(self.users.get(role) or self.users[data.ADMIN])

    def user(self, role: str | None):
        return self.users.get(role) if role else None

    def day(self, offset: int) -> datetime.date:
        return self.today + datetime.timedelta(days=offset)

    # -- the meeting series --

    def series(self) -> m.MeetingSeries:
        series = meetings.save_series(self.editor, m.MeetingSeries(
            partnership=self.partnership, name=data.SERIES_NAME,
            purpose=illustrative(data.SERIES_PURPOSE), cadence=m.Cadence.MONTHLY,
            chair=self.user(data.CHAIR), escalate_after=data.ESCALATE_AFTER),
            attendees=[self.user(role) for role in data.ATTENDEES if self.user(role)],
            loaded_version=PROGRAM_CHANGE)
        outcome = Outcome.objects.filter(partnership=self.partnership, code=data.OUTCOME).first()
        steps = [m.RotationStep(series=series),
                 m.RotationStep(series=series, focus_kind=m.FocusKind.ORGANISATION,
                                organisation=self.organisations.get(data.HEALTH_BOARD))]
        if outcome is not None:
            steps.append(m.RotationStep(series=series, focus_kind=m.FocusKind.OUTCOME,
                                        outcome=outcome))
        for step in steps:
            meetings.add_rotation_step(self.editor, step)
        commitments.create_indicator(
            self.editor, series, code=commitments.suggested_code(series),
            owner=self.organisations.get(data.INDICATOR_OWNER),
            loaded_version=PROGRAM_CHANGE)
        return series

    def first_meeting_day(self) -> datetime.date:
        """The latest meeting day before today, less the months of the past meetings."""
        last = _meeting_day(self.today.replace(day=1))
        if last >= self.today:
            last = _meeting_day((last.replace(day=1) - datetime.timedelta(days=1)).replace(day=1))
        return meeting_dates.add_months(last, -data.MEETINGS[0].months_before_last)

    def schedule(self, series: m.MeetingSeries, proposed_on: datetime.date,
                 drafted_on: datetime.date | None = None) -> m.Meeting:
        """The series' next meeting as PIF proposes it on `proposed_on` (a month after the
        last, the next focus of the rotation), with its briefing drafted by the analyst
        `drafted_on` (default: a few days before the meeting)."""
        meeting = meetings.next_meeting(series, today=proposed_on)
        meeting.location = data.LOCATION
        meeting = meetings.save_meeting(self.editor, meeting, loaded_version=PROGRAM_CHANGE)
        day = meeting.day
        meetings.build_briefing(
            self.actor(data.CONTRIBUTOR), meeting,
            today=drafted_on or day - datetime.timedelta(days=data.BRIEFING_DAYS_BEFORE))
        return meeting

    def past_meeting(self, series: m.MeetingSeries, spec: data.MeetingSpec,
                     first: datetime.date) -> None:
        # The series' first meeting is proposed two weeks ahead; later ones a month on.
        meeting = self.schedule(series, first - datetime.timedelta(
            days=meeting_dates.FIRST_MEETING_AFTER_DAYS))
        meeting = meetings.lock_period(self.actor(data.ADMIN), meeting,
                                       loaded_version=PROGRAM_CHANGE)
        meeting = meetings.issue_briefing(self.editor, meeting, loaded_version=PROGRAM_CHANGE)
        self.hold(meeting, spec, meeting.day)
        meeting = follow_ups.issue_memo(self.editor, meeting, loaded_version=PROGRAM_CHANGE)
        briefed = meeting.starts_at - datetime.timedelta(hours=series.briefing_hours_before + 2)
        # The lock keeps the moment the demo took it: the pack's charts are drawn as the data
        # stood then, and the demo's data is only as old as the demo.
        history_writes.update(
            self.editor, [meeting], reason=ON_TIME, briefing_issued_at=briefed,
            follow_up_issued_at=meeting.starts_at + datetime.timedelta(days=1))

    def hold(self, meeting: m.Meeting, spec: data.MeetingSpec, day: datetime.date) -> None:
        present = [self.user(role) for role in (data.CHAIR, *data.ATTENDEES)
                   if role not in spec.absent and self.user(role)]
        follow_ups.record_attendance(self.editor, meeting, present=present,
                                     loaded_version=PROGRAM_CHANGE)
        for closing in spec.closings:
            follow_up = self.follow_ups.get(closing.key)
            if follow_up is not None:
                self.close(meeting, follow_up, closing, day)
        items = list(meeting.items.select_related("indicator", "follow_up"))
        for item in items:  # the follow-ups come first, and each was talked through
            if item.follow_up is not None:
                item.notes = illustrative(item.follow_up.closing_note or data.NOT_YET)
                item.is_discussed = True
                follow_ups.save_item_notes(self.editor, item, loaded_version=PROGRAM_CHANGE)
        for note in spec.item_notes:
            item = _item_for(items, note.indicator)
            if item is not None:
                item.notes, item.is_discussed = illustrative(note.text), True
                follow_ups.save_item_notes(self.editor, item, loaded_version=PROGRAM_CHANGE)
        for outcome in spec.outcomes:
            self.record(meeting, items, outcome, day)
        meeting.notes = illustrative(spec.notes)
        meetings.save_meeting(self.editor, meeting, loaded_version=PROGRAM_CHANGE)
        follow_ups.hold_meeting(self.editor, meeting, loaded_version=PROGRAM_CHANGE, today=day)

    def close(self, meeting: m.Meeting, follow_up: m.FollowUp, spec: data.Closing,
              day: datetime.date) -> None:
        """Close a follow-up at `meeting`, and a commitment done, its action too."""
        follow_up.refresh_from_db()
        follow_ups.close_follow_up(self.editor, follow_up, outcome=spec.outcome,
                                   note=spec.note, meeting=meeting,
                                   loaded_version=PROGRAM_CHANGE, today=day)
        if follow_up.action_id is not None and spec.outcome == "done":
            action_service.close_action(
                self.editor, Action.objects.get(pk=follow_up.action_id),
                loaded_version=PROGRAM_CHANGE, outcome="complete", evidence=spec.note,
                completed_on=day, today=self.today)

    def record(self, meeting: m.Meeting, items: list, spec: data.Outcome,
               day: datetime.date) -> None:
        item = _item_for(items, spec.indicator) or (items[0] if items else None)
        if item is None:
            return
        self.follow_ups[spec.key] = follow_ups.record_outcome(
            self.editor, item, kind=spec.kind, text=spec.text, owner=self.user(spec.owner),
            due_date=day + datetime.timedelta(days=spec.due) if spec.due else None,
            report_back=illustrative(spec.report_back) if spec.report_back else "",
            organisation=self.organisations.get(spec.organisation))

    def meetings(self) -> m.MeetingSeries:
        series = self.series()
        first = self.first_meeting_day()
        for spec in data.MEETINGS:
            self.past_meeting(series, spec, first)
        # The next one: planned, its briefing drafted today.
        self.schedule(series, self.today, drafted_on=self.today)
        return series

    # -- the PSIF checklist --

    def checklist(self) -> m.Assessment:
        version = _framework_version(data.PSIF_SLUG, data.PSIF_LABEL)
        survey = assessments.save_assessment(self.editor, m.Assessment(
            partnership=self.partnership, framework_version=version,
            title=data.CHECKLIST_TITLE, method=m.AssessmentMethod.CHECKLIST,
            scope=data.CHECKLIST_SCOPE, lead=self.user(data.EDITOR)),
            loaded_version=PROGRAM_CHANGE)
        invited = surveys.add_invitations(self.editor, survey, "\n".join(_addresses()))
        opens_on = self.day(-data.SURVEY_OPENED_DAYS_AGO)
        survey = surveys.open_survey(
            self.editor, survey, opens_on=opens_on,
            closes_on=opens_on + datetime.timedelta(days=data.SURVEY_DAYS_OPEN),
            loaded_version=PROGRAM_CHANGE)
        sections = surveys.checklist(version)
        chance = random.Random(data.SEED)
        for number, invitation in enumerate(invited[:data.ANSWERED]):
            self.respond(invitation, sections, chance,
                         opens_on + datetime.timedelta(days=number % data.SURVEY_DAYS_OPEN))
        survey = surveys.close_survey(self.editor, survey, loaded_version=PROGRAM_CHANGE)
        by_position = {position: section.node
                       for position, section in enumerate(sections, start=1)}
        for position, kind, text in data.CHECKLIST_FINDINGS:
            surveys.comment_to_finding(self.editor, survey, kind=kind,
                                       text=f"{text}\n\n{ILLUSTRATIVE}",
                                       node=by_position.get(position))
        return survey

    def respond(self, invitation, sections, chance: random.Random,
                day: datetime.date) -> None:
        """Answer one invitation as an anonymous, invented member of staff would."""
        token, digest = surveys.new_token()
        history_writes.update(self.editor, [invitation], token_hash=digest, reason=LINK_MADE)
        answers, comments = {}, {}
        for position, section in enumerate(sections, start=1):
            weights = data.SPREADS.get(position, data.SPREADS[1])
            for statement in section.statements:
                answers[statement.pk] = chance.choices((4, 3, 2, 1, 0), weights)[0]
            strengths, improvements = data.COMMENTS.get(position, data.COMMENTS[1])
            comments[section.node.pk] = (chance.choice(strengths), chance.choice(improvements))
        surveys.submit_response(demo_actor(None), token, answers=answers, comments=comments,
                                today=day)

    # -- the EFQM assessment --

    def full_assessment(self, cycle: m.Cycle) -> m.Assessment:
        version = _framework_version(data.EFQM_SLUG, data.EFQM_LABEL)
        assessment = assessments.save_assessment(self.editor, m.Assessment(
            partnership=self.partnership, framework_version=version,
            title=data.ASSESSMENT_TITLE, method=m.AssessmentMethod.FULL,
            scope=data.ASSESSMENT_SCOPE, lead=self.user(data.EDITOR), cycle=cycle),
            loaded_version=PROGRAM_CHANGE)
        assessors = [self.user(role) for role in data.ASSESSORS if self.user(role)]
        for user in assessors:
            assessments.add_assessor(self.editor, assessment, user)
        assessment = assessments.move_stage(self.editor, assessment, m.AssessmentStage.OPEN,
                                            loaded_version=PROGRAM_CHANGE)
        nodes = list(version.nodes.filter(is_scored=True).select_related("parent"))
        given = self.scores(assessment, nodes, assessors)
        self.evidence(assessment, {node.code: node for node in nodes})
        assessment = assessments.move_stage(
            self.editor, assessment, m.AssessmentStage.CONSENSUS, loaded_version=PROGRAM_CHANGE)
        for node in nodes:
            low, high = min(given[node.pk]), max(given[node.pk])
            assessments.agree_score(
                self.editor, assessment, node, percent=scoring.suggest(given[node.pk]),
                note=illustrative(data.AGREED_NOTE.format(low=low, high=high)),
                loaded_version=PROGRAM_CHANGE)
        self.findings(assessment, {node.code: node for node in nodes})
        return assessments.move_stage(self.editor, assessment, m.AssessmentStage.CLOSED,
                                      loaded_version=PROGRAM_CHANGE)

    def scores(self, assessment: m.Assessment, nodes: list, assessors: list) -> dict:
        """Each assessor's own scores, RADAR attribute by attribute, spread around the
        criterion's level; returns the part scores given, by node."""
        version = assessment.framework_version
        chance = random.Random(data.SEED)
        given: dict[int, list[int]] = {}
        for user in assessors:
            actor = demo_actor(user)
            for node in nodes:
                level = data.CRITERION_LEVELS.get(node.parent.code if node.parent else "", 40)
                keys = [a.key for a in attributes_for(version.framework.slug, version.label,
                                                      node.node_type)]
                attributes = {key: _step(level + chance.choice((-10, -5, 0, 5, 10)))
                              for key in keys}
                percent = scoring.suggest(attributes.values())
                assessments.save_score(
                    actor, assessment, node, percent=percent, attributes=attributes,
                    rationale=illustrative(data.RATIONALES[node.node_type or "enabler"]),
                    loaded_version=PROGRAM_CHANGE)
                given.setdefault(node.pk, []).append(percent)
        return given

    def evidence(self, assessment: m.Assessment, nodes: dict) -> None:
        actions = {a.reference: a for a in Action.objects.filter(partnership=self.partnership)}
        cycles_by_title = {c.title: c for c in PdsaCycle.objects.filter(
            project__partnership=self.partnership)}
        for spec in data.EVIDENCE:
            node = nodes.get(spec.node)
            record = (self.indicators.get(spec.indicator) or actions.get(spec.action)
                      or cycles_by_title.get(spec.pdsa))
            if node is None or (record is None and not spec.text):
                continue
            evidence.add_evidence(self.actor(spec.assessor), assessment, node,
                                  text=illustrative(spec.text) if spec.text else "",
                                  record=record)

    def findings(self, assessment: m.Assessment, nodes: dict) -> None:
        for spec in data.FINDINGS:
            finding = evidence.add_finding(self.editor, assessment, kind=spec.kind,
                                           text=f"{spec.text}\n\n{ILLUSTRATIVE}",
                                           node=nodes.get(spec.node))
            if spec.priority is None:
                continue
            finding.priority = spec.priority
            lead = self.user(spec.lead)
            if lead is not None:
                finding.lead, finding.timescale = lead, self.day(spec.due)
                finding.resources, finding.risks, finding.measures = (
                    spec.resources, spec.risks, spec.measures)
            finding = evidence.save_finding(self.editor, finding, loaded_version=PROGRAM_CHANGE)
            if lead is not None:
                evidence.make_action(self.editor, finding, start_date=self.today)


def _item_for(items: list, code: str):
    return next((item for item in items if item.indicator and item.indicator.code == code),
                None)


def _meeting_day(month: datetime.date) -> datetime.date:
    """The series' day in the month starting on `month` (say its second Thursday)."""
    first = 1 + (data.MEETING_WEEKDAY - month.weekday()) % 7
    return month.replace(day=first + 7 * (data.MEETING_WEEK - 1))


def _step(value: int) -> int:
    return max(0, min(100, value))


def _addresses() -> list[str]:
    """Invented staff addresses at example.org (never emailed)."""
    names = [f"{first}.{last}@example.org" for last in data.LAST_NAMES
             for first in data.FIRST_NAMES]
    return names[:data.INVITED]


def _framework_version(slug: str, label: str) -> m.AssessmentFrameworkVersion:
    assessment_frameworks.ensure_loaded()
    return m.AssessmentFrameworkVersion.objects.select_related("framework").get(
        framework__slug=slug, framework__partnership=None, label=label)


@transaction.atomic
def load(partnership, users, today: datetime.date | None = None) -> None:
    """The stage 6 demo step: `users` maps demo roles to users, as `pif.partnerships.demo`
    passes them; `today` fixes the date the meetings and survey are dated from."""
    loader = _Loader(partnership, users, today or timezone.localdate())
    this_year = cycles.year_containing(partnership, loader.today)
    last_year = cycles.start_cycle(loader.editor, partnership, first_year=this_year - 1)
    loader.meetings()
    loader.checklist()
    assessment = loader.full_assessment(last_year)
    last_year = cycles.close_cycle(
        loader.editor, last_year, loaded_version=PROGRAM_CHANGE,
        what_worked=illustrative(data.WHAT_WORKED), lessons=illustrative(data.LESSONS),
        performance_summary=cycles.draft_summary(last_year), assessment=assessment)
    cycles.start_next_cycle(loader.editor, last_year)
