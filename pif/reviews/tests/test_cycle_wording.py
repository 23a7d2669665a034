"""What a person reads on the cycle pages and stage 6's landing page: the did-it-work table of
the cycle's own year, one row per change; no bare zeros; points as the summary writes them;
the way on when a cycle cannot start yet; the captions that link the parent page."""

import datetime

from django.urls import reverse
from django.utils import timezone

from pif.improvement.verdicts import RegisterRow
from pif.reviews import cycle_register, snapshot
from pif.reviews.models import AssessmentStage, CycleState
from pif.reviews.testing import make_assessment, make_cycle
from pif.spc.vocabulary import ChangeVerdict


def url(name, *args):
    return reverse(name, args=["alpha", *args])


def since(name, finding):
    return f"Since {name} started on 9 May 2026: {finding}"


def kept_row(what, kind, closed_on, indicator, verdict="no_signal", finding="no signal yet."):
    return {"what": what, "kind": kind, "closed_on": closed_on, "indicator": indicator,
            "verdict": verdict, "verdict_label": ChangeVerdict(verdict).label,
            "explanation": since(f"PDSA cycle “{what}”", finding)}


def register_row(what, kind, closed_on, code):
    return RegisterRow(outcome_id=1, what=what, what_url="", kind=kind, closed_on=closed_on,
                       indicator_code=code, indicator_title=f"Indicator {code}",
                       indicator_url="", verdict=ChangeVerdict.IMPROVEMENT,
                       explanation=since(what, "a shift of 6 points above the mean."),
                       judged_on=closed_on)


def test_the_finding_drops_the_change_it_repeats_even_with_a_colon_in_its_name():
    text = since("PDSA cycle “Cycle 1: one carer”", "no signal yet: 1 value since.")
    assert cycle_register.finding(text) == "No signal yet: 1 value since."
    assert cycle_register.finding("Nothing to strip.") == "Nothing to strip."


def test_the_kind_says_what_was_decided_in_words():
    assert cycle_register.kind_words("PDSA cycle (abandon)") == "PDSA cycle, abandoned"
    assert cycle_register.kind_words("PDSA cycle (adopt)") == "PDSA cycle, adopted"
    assert cycle_register.kind_words("PDSA cycle (adapt)") == "PDSA cycle, adapted"
    assert cycle_register.kind_words("Action") == "Action"


def test_points_are_written_as_the_summary_writes_them():
    assert cycle_register.points("385.5") == "385.5"
    assert cycle_register.points("386.0") == "386"
    assert cycle_register.points("1000") == "1,000"
    assert cycle_register.points("") == ""


def test_only_the_cycles_changes_each_once_with_their_indicators():
    rows = [kept_row("Huddles", "PDSA cycle (adopt)", "2026-06-01", "A1 Falls"),
            kept_row("Huddles", "PDSA cycle (adopt)", "2026-06-01", "A2 Visits"),
            kept_row("Old clinic", "Action", "2022-05-31", "A1 Falls"),
            kept_row("Later", "Action", "2027-04-01", "A1 Falls")]
    changes = cycle_register.grouped(rows, datetime.date(2026, 4, 1), datetime.date(2027, 3, 31))
    assert [change["what"] for change in changes] == ["Huddles"]
    assert changes[0]["kind"] == "PDSA cycle, adopted"
    assert [i["name"] for i in changes[0]["indicators"]] == ["A1 Falls", "A2 Visits"]
    assert changes[0]["indicators"][0]["finding"] == "No signal yet."


def test_the_snapshot_keeps_only_changes_closed_during_the_cycle(monkeypatch):
    rows = [register_row("In year", "Action", datetime.date(2026, 5, 1), "A1"),
            register_row("Too early", "Action", datetime.date(2022, 5, 31), "A1")]
    monkeypatch.setattr("pif.improvement.verdicts.register_rows", lambda ids: rows)
    kept = snapshot._register([1], datetime.date(2026, 4, 1), datetime.date(2027, 3, 31))
    assert [row["what"] for row in kept] == ["In year"]


def test_a_closed_cycle_reads_its_own_year_without_zeros(client, world):
    assessment = make_assessment(world.partnership)
    cycle = make_cycle(world.partnership, state=CycleState.CLOSED, closed_at=timezone.now(),
                       snapshot={
        "as_of": "2027-03-31", "taken_on": "2027-04-10",
        "register": [kept_row("Huddles", "PDSA cycle (abandon)", "2026-06-01", "A1 Falls"),
                     kept_row("Huddles", "PDSA cycle (abandon)", "2026-06-01", "A2 Visits"),
                     kept_row("A27 Old clinic", "Action", "2022-05-31", "A1 Falls")],
        "assessment": {"title": assessment.title, "framework": "RADAR 1", "method": "Full",
                       "stage": "Closed", "strengths": 2, "areas": 1, "total": "385.5",
                       "out_of": "1000", "complete": True},
        "follow_ups": {"open": 0, "escalated": 0, "done": 0, "dropped": 0}})
    client.force_login(world.users["viewer"])
    page = client.get(url("cycle", cycle.pk)).content.decode()
    assert "A27 Old clinic" not in page
    assert page.count(">Huddles<") == 1
    assert "PDSA cycle, abandoned" in page and "(abandon)" not in page
    assert "No signal yet." in page and "Since PDSA cycle" not in page
    assert "Weighted total 385.5 out of 1,000." in page
    assert "No meeting follow-ups in this cycle" in page and "0 open" not in page
    assert (f'Stage 6: review the cycle · <a class="govuk-link" href="{url("cycles")}">'
            "Cycles</a>") in page


def test_follow_ups_leave_out_the_zeros(client, world):
    cycle = make_cycle(world.partnership, state=CycleState.CLOSED, closed_at=timezone.now(),
                       snapshot={
        "follow_ups": {"open": 2, "escalated": 0, "done": 3, "dropped": 0}})
    client.force_login(world.users["viewer"])
    page = client.get(url("cycle", cycle.pk)).content.decode()
    assert "2 open, 3 done" in page and "escalated" not in page and "dropped" not in page


def test_closing_shows_the_cycles_changes_once(client, world, monkeypatch):
    cycle = make_cycle(world.partnership)
    rows = [register_row("Huddles", "PDSA cycle (adapt)", datetime.date(2026, 6, 1), "A1"),
            register_row("Huddles", "PDSA cycle (adapt)", datetime.date(2026, 6, 1), "A2"),
            register_row("A27 Old clinic", "Action", datetime.date(2022, 5, 31), "A1")]
    monkeypatch.setattr("pif.reviews.views.cycles.register_rows", lambda ids: rows)
    client.force_login(world.users["editor"])
    page = client.get(url("cycle_review", cycle.pk)).content.decode()
    assert page.count(">Huddles<") == 1 and "A27 Old clinic" not in page
    assert "PDSA cycle, adapted" in page
    assert "A shift of 6 points above the mean." in page
    assert "A1 Indicator A1" in page and "A2 Indicator A2" in page
    assert (f'Stage 6: review the cycle · <a class="govuk-link" href="{url("cycle", cycle.pk)}">'
            "Cycle 2026/27</a>") in page


def test_no_dead_end_when_the_cycle_is_still_open(client, world):
    cycle = make_cycle(world.partnership)
    client.force_login(world.users["editor"])
    for page_url in (url("cycle_next", cycle.pk), url("cycle_start")):
        page = client.get(page_url).content.decode()
        assert "<h1 class=\"govuk-heading-l\">You cannot start a new cycle yet</h1>" in page
        assert (f'<a class="govuk-link" href="{url("cycle_review", cycle.pk)}">'
                "Close cycle 2026/27 with a review</a>") in page
        assert f'<a class="govuk-link" href="{url("cycles")}">Back to the cycles</a>' in page
        assert "<title>You cannot start a new cycle yet" in page


def test_the_landing_page_offers_the_next_round(client, world):
    first = make_assessment(world.partnership, stage=AssessmentStage.CLOSED)
    latest = make_assessment(world.partnership, first.framework_version, title="Round 2",
                             stage=AssessmentStage.CLOSED)
    client.force_login(world.users["editor"])
    page = client.get(reverse("reviews", args=["alpha"])).content.decode()
    assert "2 self-assessments, none under way." in page
    assert (f'<a class="govuk-link" href="{url("assessment_add")}?previous_round={latest.pk}">'
            "start the next round</a>") in page
    assert "set up a self-assessment against EFQM" not in page
    client.force_login(world.users["viewer"])
    page = client.get(reverse("reviews", args=["alpha"])).content.decode()
    assert "start the next round" not in page


def test_the_draft_summary_says_no_action_rather_than_zero():
    numbers = {"indicators": 0, "actions_complete": 0, "actions_open": 0}
    assert snapshot.draft_summary("2026/27", numbers).endswith(
        "No action was completed during the year and none remains open.")
