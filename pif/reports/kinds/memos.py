"""The stat meeting's briefing memo and follow-up memo as reports (``options["meeting"]``),
from the same code as the meeting pages: the memo's items, sections and questions from
``pif.reviews.memos.memo_items``, the follow-ups from
``pif.reviews.memos.memo_context``.

The items and follow-ups are read as they are now (a memo's items are fixed once it is
issued; a follow-up's status is the meeting's record of it). Each indicator an item is about
is shown as it stood at the end of the report's day (or as recorded when the meeting's
period was locked, if earlier, as the meeting's pages read it), from the periods ending by
the meeting's "data up to" date (as the pack shows them); items the memo lists as standing items
have no chart, as on the memo page.
"""

from __future__ import annotations

from pif.lib.periods import format_long_date
from pif.reports import as_of
from pif.reports.kinds import blocks, selection
from pif.reports.kinds.base import Built, Context, figure


def _meeting(ctx: Context):
    from pif.reviews.models import Meeting

    return (Meeting.objects.select_related("series__partnership", "series__chair",
                                           "organisation", "outcome")
            .get(pk=ctx.options["meeting"], series__partnership=ctx.partnership))


def _names(partnership):
    from pif.partnerships.names import KnownNames

    return KnownNames(partnership)


def meeting_memo(ctx: Context) -> Built:
    """The briefing memo: its items by section, each with its questions and, for an item
    about an indicator, the indicator's block (status, chart, data table, commentary)."""
    from pif.reviews import briefing
    from pif.reviews.memos import memo_items
    from pif.reviews.models import ItemSection
    from pif.reviews.status_words import times_words

    meeting = _meeting(ctx)
    sections = memo_items(meeting, charts=False)
    items = [item for _, _, rows in sections for item in rows]
    charted = {item.indicator_id for item in items
               if item.indicator_id and item.section != ItemSection.STANDING}
    indicator_ids = {item.indicator_id for item in items if item.indicator_id}
    chosen = ctx.indicators(indicator_ids)
    periods_to = min(meeting.data_to or ctx.as_of, ctx.as_of)
    # Once the meeting's period is locked its pages read the values as recorded then: so do
    # the memo's charts and statuses, unless the report reads an earlier moment.
    moment = (min(ctx.moment, meeting.period_locked_at) if meeting.period_locked_at
              else ctx.moment)
    states = {state.pk: state for state in [
        *as_of.indicators([i for i in chosen if i.pk in charted], ctx.as_of,
                          periods_to=periods_to, recorded_by=moment),
        *as_of.indicators([i for i in chosen if i.pk not in charted], ctx.as_of,
                          periods_to=periods_to, charts=False, recorded_by=moment)]}
    titles = selection.Plan(ctx.partnership).titles_by_indicator()
    names = _names(ctx.partnership)
    reasons = dict(briefing.Reason.choices)

    def memo_item(item, label) -> dict:
        follow_up = item.follow_up if item.follow_up_id else None
        state = states.get(item.indicator_id)
        return {
            "section_label": label, "title": item.title,
            "reason_label": reasons.get(item.reason, "") if item.reason else "",
            "questions": list(item.question_lines),
            "indicator": (blocks.indicator_block(state, titles, []) if state is not None
                          else None),
            "carry_overs": times_words(follow_up.times_carried_over) if follow_up else "",
            "owner": names.of(follow_up.owner) if follow_up else "",
            "due_date_label": (format_long_date(follow_up.due_date)
                               if follow_up and follow_up.due_date else ""),
        }

    built = [{"key": value, "heading": label,
              "intro": "" if rows else "None at this meeting.", "type": "items",
              "items": [memo_item(item, label) for item in rows]}
             for value, label, rows in sections]
    summary = [figure("Meeting", format_long_date(meeting.day)),
               figure("Focus", briefing.focus_words(meeting)),
               figure("Data up to", format_long_date(meeting.data_to) if meeting.data_to
                      else "Not set"),
               *[figure(label, len(rows)) for _, label, rows in sections]]
    return Built(summary, built)


def follow_up_memo(ctx: Context) -> Built:
    """The follow-up memo: what the meeting agreed, by kind, who owns each and when it is
    due; the data due at the next meeting; and what is still open from earlier meetings."""
    from pif.reviews.memos import memo_context
    from pif.reviews.status_words import times_words

    meeting = _meeting(ctx)
    memo = memo_context(meeting)
    names = _names(ctx.partnership)

    def memo_item(one, label) -> dict:
        questions = [f"To report back: {one.report_back}"] if one.report_back else []
        if one.action_id:
            questions.append(f"Action {one.action.reference} in the plan: "
                             f"{one.action.get_status_display().lower()}.")
        return {"section_label": label, "title": one.text, "reason_label": "",
                "status_label": one.get_status_display(), "questions": questions,
                "indicator": None, "carry_overs": times_words(one.times_carried_over),
                "owner": names.of(one.owner),
                "due_date_label": format_long_date(one.due_date) if one.due_date else ""}

    sections = [{"key": f"agreed-{number}", "heading": f"{label}s",
                 "intro": "" if rows else "None at this meeting.", "type": "items",
                 "items": [memo_item(one, label) for one in rows]}
                for number, (label, rows) in enumerate(memo["sections"], start=1)]
    sections.append({
        "key": "data_due", "heading": "Data due at the next meeting",
        "intro": "" if memo["data_due"] else "No data was requested.", "type": "table",
        "caption": "Data due at the next meeting", "headers": ["Data", "Owner", "Due"],
        "rows": [[one.text, names.of(one.owner),
                  format_long_date(one.due_date) if one.due_date else ""]
                 for one in memo["data_due"]]})
    sections.append({
        "key": "earlier", "heading": "Still open from earlier meetings",
        "intro": "" if memo["earlier"] else ("Nothing: every follow-up from earlier "
                                             "meetings is closed."),
        "type": "items",
        "items": [memo_item(one, f"Raised at the meeting of "
                                 f"{format_long_date(one.raised_at.day)}")
                  for one in memo["earlier"]]})
    next_meeting = memo["next_meeting"]
    summary = [figure("Meeting", format_long_date(meeting.day)),
               figure("Who attended", ", ".join(names.of(p) for p in memo["present"])
                      or "Not recorded"),
               figure("Memo due by", format_long_date(memo["memo_due"])),
               figure("Next meeting", format_long_date(next_meeting.day) if next_meeting
                      else "Not scheduled yet"),
               figure("Still open from earlier meetings", len(memo["earlier"]))]
    return Built(summary, sections)
