"""The reports of how the plan is doing: the board report, the exception report and the
scorecard, each from the partnership as it stood at the end of the report's day
(pif/reports/as_of.py)."""

from __future__ import annotations

from pif.reports import as_of
from pif.reports.kinds import blocks, selection
from pif.reports.kinds.base import Built, Context, figure


def _selected(ctx: Context):
    plan = selection.Plan(ctx.partnership)
    outcome_ids, indicator_ids = selection.chosen(plan, ctx.options)
    return plan, outcome_ids, ctx.indicators(indicator_ids)


def _actions_section(actions, intro: str, heading="Actions", key="actions") -> dict:
    return {"key": key, "heading": heading, "intro": intro, "type": "actions",
            "actions": [blocks.action_row(action) for action in actions]}


def board(ctx: Context) -> Built:
    """The chosen outcomes and indicators (every indicator, when nothing is chosen): each
    indicator's status, chart, data table, latest commentary and linked actions, grouped by
    chosen outcome; then the actions of those outcomes and indicators."""
    plan, outcome_ids, chosen = _selected(ctx)
    states = as_of.indicators(chosen, ctx.as_of, public=ctx.public,
                              recorded_by=ctx.recorded_by)
    by_id = {state.pk: state for state in states}
    actions = ctx.actions()
    linked = blocks.actions_by_indicator(actions)
    titles = plan.titles_by_indicator()

    def block(state):
        return blocks.indicator_block(state, titles, linked.get(state.pk, []))

    sections, placed = [], set()
    for outcome_id in outcome_ids:
        outcome = plan.by_id[outcome_id]
        under = plan.indicators_under(outcome_id)
        held = [state for state in states if state.pk in under]
        placed |= {state.pk for state in held}
        sections.append({"key": f"outcome-{outcome_id}", "heading": outcome.heading,
                         "intro": _count_words(len(held), "of this outcome and those under "
                                                           "it"),
                         "type": "indicators", "indicators": [block(s) for s in held]})
    rest = [state for state in states if state.pk not in placed]
    if rest or not sections:
        sections.append({"key": "indicators",
                         "heading": "Other chosen indicators" if sections else "Indicators",
                         "intro": _count_words(len(rest), "chosen" if outcome_ids or
                                               ctx.options.get("indicators") else
                                               "in the partnership's plan"),
                         "type": "indicators", "indicators": [block(s) for s in rest]})
    outcome_scope = {one for outcome_id in outcome_ids for one in plan.below(outcome_id)}
    everything = not outcome_ids and not ctx.options.get("indicators")
    shown = [action for action in actions
             if everything or set(action.indicator_ids) & set(by_id)
             or set(action.outcome_ids) & outcome_scope]
    sections.append(_actions_section(
        shown, "The actions linked to these outcomes and indicators, with their status and "
               "progress as they stood on the day." if shown else
               "No actions are linked to these outcomes and indicators."))
    open_actions = sum(1 for action in shown if not action.is_closed)
    return Built([*blocks.indicator_figures(states), figure("Open actions", open_actions)],
                 sections)


def _count_words(count: int, what: str) -> str:
    return f"{count} indicator{'' if count == 1 else 's'} {what}."


def scorecard(ctx: Context) -> Built:
    """One table of every indicator (or those chosen): an IndicatorRow each."""
    plan, _, chosen = _selected(ctx)
    states = as_of.indicators(chosen, ctx.as_of, charts=False, commentary=False,
                              recorded_by=ctx.recorded_by)
    titles = plan.titles_by_indicator()
    return Built(blocks.indicator_figures(states), [{
        "key": "scorecard", "heading": "Scorecard",
        "intro": "Each indicator's latest value, target and status as it stood on the day, "
                 "in the words of the Making Data Count charts.",
        "type": "scorecard", "rows": [blocks.indicator_row(s, titles) for s in states]}])


# The exception report ------------------------------------------------------------------------

REASON_INTROS = {
    "special_cause_concern": "The latest values show special cause variation of concern: "
                             "something has changed for the worse.",
    "failing_assurance": "As the process runs now, it will keep missing its target.",
    "red_status": "The latest value misses its target.",
    "late_data": "The latest figure is past its due date.",
    "missing_data": "No figure has ever been sent in.",
}


def exception(ctx: Context) -> Built:
    """Only what needs attention, found as the stat meeting's briefing memo finds new
    exceptions (pif.reviews.briefing.indicator_reasons, on each indicator's status of the
    day): special cause of concern, consistently failing the target, red status, data late
    or missing, each indicator under its most serious reason; then overdue actions and risks
    past their review date, as their history held them on the day."""
    from pif.reviews.briefing import INDICATOR_REASONS, indicator_reasons
    from pif.reviews.models import ExceptionReason

    plan, _, chosen = _selected(ctx)
    statuses = as_of.status_as_of(chosen, ctx.as_of, recorded_by=ctx.recorded_by)
    flagged = {}
    for indicator in chosen:
        reasons = indicator_reasons(as_of.IndicatorAsOf(indicator, statuses[indicator.pk]),
                                    ctx.as_of)
        if reasons:
            flagged[indicator.pk] = reasons
    states = as_of.indicators([i for i in chosen if i.pk in flagged], ctx.as_of,
                              public=ctx.public, recorded_by=ctx.recorded_by)
    actions = ctx.actions()
    linked = blocks.actions_by_indicator(actions)
    titles = plan.titles_by_indicator()
    sections = []
    for reason in INDICATOR_REASONS:
        held = [state for state in states if flagged[state.pk][0] == reason]
        if not held:
            continue
        items = []
        for state in held:
            block = blocks.indicator_block(state, titles, linked.get(state.pk, []))
            also = [ExceptionReason(other).label for other in flagged[state.pk][1:]]
            block["also"] = also
            items.append(block)
        sections.append({"key": reason, "heading": ExceptionReason(reason).label,
                         "intro": REASON_INTROS.get(reason, ""), "type": "indicators",
                         "indicators": items})
    overdue = [action for action in actions if action.is_overdue]
    if overdue:
        sections.append(_actions_section(
            overdue, "Open actions past their due date.",
            heading=ExceptionReason.OVERDUE_ACTION.label, key="overdue_actions"))
    # Risks are not on the public pages, so a public report leaves them out.
    risks = [] if ctx.public else as_of.risks_past_review(ctx.partnership, ctx.as_of,
                                                         recorded_by=ctx.recorded_by)
    if risks:
        sections.append({
            "key": "risks_past_review", "heading": ExceptionReason.RISK_PAST_REVIEW.label,
            "intro": "Open risks whose review date had passed.", "type": "table",
            "caption": "Risks past their review date",
            "headers": ["Reference", "Risk", "Status", "Review date"],
            "rows": [[risk.reference, risk.title, risk.status_label,
                      blocks.format_long_date(risk.review_date)] for risk in risks]})
    if not sections:
        sections.append({"key": "nothing", "heading": "Nothing needs attention",
                         "intro": "", "type": "table", "caption": "Exceptions",
                         "headers": ["What was checked", "Found"],
                         "rows": [[ExceptionReason(r).label, "None"] for r in
                                  (*INDICATOR_REASONS, ExceptionReason.OVERDUE_ACTION,
                                   ExceptionReason.RISK_PAST_REVIEW)]})
    summary = [figure("Indicators checked", len(chosen)),
               figure("Indicators needing attention", len(states)),
               *[figure(ExceptionReason(reason).label,
                        sum(1 for r in flagged.values() if r[0] == reason))
                 for reason in INDICATOR_REASONS],
               figure(ExceptionReason.OVERDUE_ACTION.label, len(overdue)),
               figure(ExceptionReason.RISK_PAST_REVIEW.label, len(risks))]
    return Built(summary, sections)
