"""The briefing memo PIF drafts before a stat meeting: what the meeting should look at, in
order, each with suggested questions the analyst can edit before issuing it.

1. **Follow-up items**: every open follow-up of the series raised at an earlier meeting,
   commitments and data requests first, each showing how often it has been carried over.
2. **Standing items**: the indicators of the meeting's focus that raise no exception (an
   indicator that does is listed once, under exceptions):
   - the whole partnership: every indicator of the partnership;
   - an organisation: the indicators it owns;
   - an outcome: the indicators of the outcome and of every outcome below it;
   - a service: the indicators whose title, or one of whose tags, contains the service's
     name (ignoring capitals): "Roads" finds "Roads maintained" and the tag "Roads".
3. **New exceptions** within the focus, one item per indicator, action or risk, under its
   most serious reason (the others are added to its questions):
   special cause of concern, consistently failing the target and red status (from
   `indicator.current_status`, in the words of pif/spc/vocabulary.py); data late (a figure
   past its due date, `pif.measures.collection.is_overdue`) and data missing (no figure ever
   sent in: the indicator shows "No data"); overdue actions (`Action.objects.overdue`,
   linked to the focus by organisation, outcome or indicator); risks past their review date
   (`Risk.objects.review_overdue`, linked by organisation or outcome; for a service, by
   title).

`draft(meeting, today)` reads everything in a fixed number of queries, whatever the number
of items. `plan(meeting, drafts, existing)` says how a rebuild changes the saved items, keeping the
analyst's work: an item still drafted keeps its (perhaps edited) title, questions and
notes; the analyst's own items (reason "other") are kept, after the drafted items of their
section; an item no longer drafted is removed. An item the analyst removed comes back if
it is drafted again: the reason for it still holds.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from pif.improvement.models import Action
from pif.measures.collection import is_overdue
from pif.measures.models import Indicator
from pif.outcomes.models import Outcome, Risk
from pif.reviews.models import (
    ExceptionReason,
    FocusKind,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    ItemSection,
    MeetingItem,
)
from pif.spc.vocabulary import Assurance, Rag, Variation

Reason = ExceptionReason
SECTION_ORDER = (ItemSection.FOLLOW_UP, ItemSection.STANDING, ItemSection.EXCEPTION)
# The most serious reason first: an indicator is listed under the first that applies.
INDICATOR_REASONS = (Reason.SPECIAL_CAUSE_CONCERN, Reason.FAILING_ASSURANCE, Reason.RED_STATUS,
                     Reason.LATE_DATA, Reason.MISSING_DATA)
KIND_ORDER = (FollowUpKind.COMMITMENT, FollowUpKind.DATA_REQUEST, FollowUpKind.DECISION,
              FollowUpKind.RECOMMENDATION)
TITLE_LENGTH = 250

# The suggested questions, by section or reason. Plain, open questions a chair can ask.
QUESTIONS: dict[str, tuple[str, ...]] = {
    FollowUpKind.COMMITMENT: ("Has this been done? What is being reported back?",
                              "If not, what is in the way, and what is the new date?"),
    FollowUpKind.DATA_REQUEST: ("Has the data been provided, and what does it show?",
                                "If not, who will provide it, and by when?"),
    FollowUpKind.DECISION: ("Has the decision been carried out?",),
    FollowUpKind.RECOMMENDATION: ("Has the recommendation been taken up? If not, why not?",),
    ItemSection.STANDING: ("What does the latest figure tell us?",
                           "Is anything planned that should change it?"),
    Reason.SPECIAL_CAUSE_CONCERN: ("What changed to cause this signal?",
                                   "Is it a one-off, or has the process shifted?",
                                   "What is being done about it, and by whom?"),
    Reason.FAILING_ASSURANCE: ("As it runs now, the process will keep missing its target. "
                               "What change to the process is planned?",
                               "Is the target still the right one?"),
    Reason.RED_STATUS: ("Why is it off target?",
                        "What would bring it back on target, and by when?"),
    Reason.LATE_DATA: ("Why is the figure late?", "When will it be sent in?"),
    Reason.MISSING_DATA: ("Why is there no data yet?", "Who will collect it, and from when?"),
    Reason.OVERDUE_ACTION: ("Why is the action overdue?",
                            "What is the new date, and is it realistic?",
                            "Does anything need to be escalated?"),
    Reason.RISK_PAST_REVIEW: ("When will the risk be reviewed?",
                              "Has the risk changed since its last review?"),
}


def questions_for(*keys: str) -> str:
    """The suggested questions for the sections or reasons `keys`, one on each line. A
    follow-up's carry-over question is not saved: pages word it from the follow-up as it is
    then (`status_words.question_lines`), so its count always agrees with the summary."""
    lines = [line for key in keys for line in QUESTIONS[key]]
    return "\n".join(dict.fromkeys(lines))


@dataclass
class Draft:
    """One item as PIF drafts it, before it is saved as a MeetingItem."""

    section: str
    title: str
    questions: str
    reason: str = ""
    indicator_id: int | None = None
    action_id: int | None = None
    risk_id: int | None = None
    follow_up_id: int | None = None
    also: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple:
        return item_key(self)


def item_key(item) -> tuple:
    """What a drafted item is about: a saved item with the same key is the same item."""
    return (item.section, item.reason, item.indicator_id, item.action_id, item.risk_id,
            item.follow_up_id)


# Reading the focus ------------------------------------------------------------------------

def focus_words(focus) -> str:
    """A meeting's or rotation step's focus in words: "Outcome: Fewer children in poverty"."""
    kind = focus.focus_kind
    if kind == FocusKind.ORGANISATION and focus.organisation_id:
        return f"Organisation: {focus.organisation.name}"
    if kind == FocusKind.OUTCOME and focus.outcome_id:
        return f"Outcome: {focus.outcome.title}"
    if kind == FocusKind.SERVICE and focus.service:
        return f"Service: {focus.service}"
    return str(FocusKind.WHOLE.label)


def focus_phrase(focus) -> str:
    """The focus inside a sentence: "the whole partnership", "Alpha Council", "Roads"."""
    words = focus_words(focus)
    return words.split(": ", 1)[1] if ": " in words else "the whole partnership"


def outcome_and_below(partnership_id: int, outcome_id: int) -> set[int]:
    """The outcome and every outcome under it, from one query."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in Outcome.objects.filter(partnership_id=partnership_id).values_list(
            "pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, waiting = set(), [outcome_id]
    while waiting:
        pk = waiting.pop()
        if pk not in found:
            found.add(pk)
            waiting.extend(children.get(pk, ()))
    return found


@dataclass
class Scope:
    """The rows a meeting's focus takes in, as querysets (not yet read)."""

    indicators: object
    actions: object
    risks: object


def scope(meeting, partnership_id: int) -> Scope:
    indicators = Indicator.objects.filter(partnership_id=partnership_id)
    actions = Action.objects.filter(partnership_id=partnership_id)
    risks = Risk.objects.filter(partnership_id=partnership_id)
    kind = meeting.focus_kind
    if kind == FocusKind.ORGANISATION:
        org = meeting.organisation_id
        indicators, actions, risks = (indicators.filter(owner_id=org),
                                      actions.filter(owner_organisation_id=org),
                                      risks.filter(owner_organisation_id=org))
    elif kind == FocusKind.OUTCOME:
        outcomes = outcome_and_below(partnership_id, meeting.outcome_id)
        indicators = indicators.filter(outcomes__in=outcomes)
        actions = actions.filter(Q(outcomes__in=outcomes) | Q(indicators__in=indicators))
        risks = risks.filter(outcomes__in=outcomes)
    elif kind == FocusKind.SERVICE:
        name = meeting.service.strip()
        indicators = indicators.filter(Q(title__icontains=name) | Q(tags__name__icontains=name))
        actions = actions.filter(Q(title__icontains=name) | Q(indicators__in=indicators))
        risks = risks.filter(title__icontains=name)
    # A many-to-many filter can find a row twice: read the rows by their ids.
    return Scope(Indicator.objects.filter(pk__in=indicators.values("pk")),
                 Action.objects.filter(pk__in=actions.values("pk")),
                 Risk.objects.filter(pk__in=risks.values("pk")))


# Drafting ---------------------------------------------------------------------------------

def indicator_reasons(indicator, today: datetime.date) -> list[str]:
    """Why an indicator is an exception today, most serious first (empty: it is not)."""
    status = indicator.current_status
    variation, assurance = Variation.of(status.variation), Assurance.of(status.assurance)
    found = {
        Reason.SPECIAL_CAUSE_CONCERN: variation is not None and variation.is_concern,
        Reason.FAILING_ASSURANCE: assurance is not None and assurance.is_fail,
        Reason.RED_STATUS: Rag.of(status.rag) is Rag.RED,
        Reason.LATE_DATA: is_overdue(indicator, status.submitted_period, today),
        Reason.MISSING_DATA: not status.submitted_period,
    }
    return [reason for reason in INDICATOR_REASONS if found[reason]]


def _follow_up_drafts(meeting) -> list[Draft]:
    open_ones = (FollowUp.objects.filter(series_id=meeting.series_id, status=FollowUpStatus.OPEN,
                                         raised_at__starts_at__lt=meeting.starts_at)
                 .select_related("item", "raised_at").order_by("raised_at__starts_at", "id"))
    drafts = []
    for follow_up in sorted(open_ones, key=lambda f: KIND_ORDER.index(f.kind)):
        title = f"{follow_up.get_kind_display()}: {follow_up.text}"
        drafts.append(Draft(
            ItemSection.FOLLOW_UP, _cut(title),
            questions_for(follow_up.kind),
            follow_up_id=follow_up.pk,
            indicator_id=follow_up.item.indicator_id if follow_up.item else None))
    return drafts


def _indicator_drafts(indicators, today) -> tuple[list[Draft], list[Draft]]:
    standing, exceptions = [], []
    for indicator in indicators:
        title = _cut(f"{indicator.code} {indicator.title}")
        reasons = indicator_reasons(indicator, today)
        if reasons:
            exceptions.append(Draft(ItemSection.EXCEPTION, title, questions_for(*reasons),
                                    reason=reasons[0], indicator_id=indicator.pk,
                                    also=reasons[1:]))
        else:
            standing.append(Draft(ItemSection.STANDING, title,
                                  questions_for(ItemSection.STANDING),
                                  indicator_id=indicator.pk))
    return standing, exceptions


def draft(meeting, today: datetime.date) -> list[Draft]:
    """The briefing memo's items, in order, as PIF drafts them for `meeting` on `today`."""
    found = scope(meeting, meeting.series.partnership_id)
    indicators = found.indicators.select_related("status").order_by("code")
    standing, exceptions = _indicator_drafts(indicators, today)
    for action in found.actions.overdue(today).order_by("due_date", "reference"):
        exceptions.append(Draft(ItemSection.EXCEPTION, _cut(f"{action.reference} {action.title}"),
                                questions_for(Reason.OVERDUE_ACTION),
                                reason=Reason.OVERDUE_ACTION, action_id=action.pk))
    for risk in found.risks.review_overdue(today).order_by("review_date", "reference"):
        exceptions.append(Draft(ItemSection.EXCEPTION, _cut(f"{risk.reference} {risk.title}"),
                                questions_for(Reason.RISK_PAST_REVIEW),
                                reason=Reason.RISK_PAST_REVIEW, risk_id=risk.pk))
    return [*_follow_up_drafts(meeting), *standing, *exceptions]


def _cut(text: str) -> str:
    return text if len(text) <= TITLE_LENGTH else text[:TITLE_LENGTH - 1] + "…"


# Rebuilding -------------------------------------------------------------------------------

@dataclass
class Plan:
    """How a rebuild changes the saved items."""

    create: list[MeetingItem]
    move: list[MeetingItem]  # kept items whose position changes
    remove: list[MeetingItem]


def plan(meeting, drafts: list[Draft], existing: list[MeetingItem]) -> Plan:
    """Merge `drafts` into the `existing` items: see the module's docstring."""
    kept = {item_key(item): item for item in existing if item.reason != Reason.OTHER}
    manual = [item for item in existing if item.reason == Reason.OTHER]
    ordered: list[MeetingItem] = []
    create = []
    for section in SECTION_ORDER:
        for one in (d for d in drafts if d.section == section):
            item = kept.pop(one.key, None)
            if item is None:
                item = MeetingItem(meeting=meeting, section=one.section, reason=one.reason,
                                   title=one.title, questions=one.questions,
                                   indicator_id=one.indicator_id, action_id=one.action_id,
                                   risk_id=one.risk_id, follow_up_id=one.follow_up_id)
                create.append(item)
            ordered.append(item)
        ordered += [item for item in manual if item.section == section]
    move = []
    for position, item in enumerate(ordered):
        if item.pk is not None and item.position != position:
            move.append(item)
        item.position = position
    return Plan(create, move, list(kept.values()))
