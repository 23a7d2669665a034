"""A report for the public takes in only what the public pages may show: published indicators
and actions, commentary marked public, no risks. So a published report can never name an
indicator the partnership has not published."""

import datetime
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pif.actors import Actor
from pif.improvement.testing import make_action
from pif.lib.periods import Period
from pif.measures.models import Commentary, Indicator, Observation
from pif.measures.testing import make_indicator
from pif.outcomes.testing import make_outcome, make_risk
from pif.reports import kinds
from pif.reports.kinds import suppression
from pif.reports.models import Audience, PublicSettings, ReportKind
from pif.reports.services import reports as services
from pif.reports.testing import make_suppression
from pif.reviews.testing import make_meeting, make_series

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def plan(world):
    outcome = make_outcome(world.partnership, "Fewer children live in poverty", code="LO1")
    shown = make_indicator(world.partnership, owner=world.council, code="SHOWN-1",
                           title="Children in low-income families", published=True,
                           values=[30, 31, 30, 29, 31, 30], first_period=Period.month(2026, 3))
    hidden = make_indicator(world.partnership, owner=world.council, code="HIDDEN-9",
                            title="Secret waiting times", values=[5, 6, 5, 7, 5, 6],
                            first_period=Period.month(2026, 3))
    outcome.indicators.add(shown, hidden)
    for indicator, public, words in ((shown, True, "Public words on the fall"),
                                     (shown, False, "Private words for members")):
        period = Period.month(2026, 8 if public else 7)
        Commentary.objects.create(indicator=indicator, period=period.key,
                                  period_start=period.start, what_it_shows=words,
                                  is_public=public)
    published = make_action(world.partnership, world.council, "A01", title="Open action",
                            published=True, due_date=datetime.date(2026, 6, 30))
    unpublished = make_action(world.partnership, world.council, "A02",
                              title="Confidential restructure",
                              due_date=datetime.date(2026, 6, 30))
    for action in (published, unpublished):
        action.indicators.add(shown, hidden)
        action.outcomes.add(outcome)
    make_risk(world.partnership, world.council, "R01", title="Budget gap risk",
              review_date=datetime.date(2026, 1, 1))
    return outcome


@pytest.mark.parametrize("kind", [ReportKind.BOARD, ReportKind.SCORECARD, ReportKind.EXCEPTION,
                                  ReportKind.LOIP_PROGRESS, ReportKind.IJB_PERFORMANCE,
                                  ReportKind.SPI])
def test_a_public_report_names_nothing_unpublished(world, plan, kind):
    public = json.dumps(kinds.build(world.partnership, kind, as_of=TODAY, options={},
                                    narrative={}, public=True))
    internal = json.dumps(kinds.build(world.partnership, kind, as_of=TODAY, options={},
                                      narrative={}))
    for hidden in ("HIDDEN-9", "Secret waiting times", "Confidential restructure",
                   "Private words for members", "Budget gap risk"):
        assert hidden not in public
    # The same report for members does show them (so the test above can fail).
    assert "HIDDEN-9" in internal


def test_a_public_board_report_keeps_public_commentary_and_published_actions(world, plan):
    public = json.dumps(kinds.build(world.partnership, ReportKind.BOARD, as_of=TODAY,
                                    options={}, narrative={}, public=True))
    assert "SHOWN-1" in public and "Open action" in public
    assert "Public words on the fall" in public


def test_a_stat_meeting_memo_is_never_for_the_public(world, plan):
    meeting = make_meeting(make_series(world.partnership, world.editor))
    with pytest.raises(ValidationError, match="for members of the partnership"):
        services.create_report(Actor(world.editor), world.partnership,
                               kind=ReportKind.MEETING_MEMO, as_of=TODAY,
                               audience=Audience.PUBLIC, options={"meeting": meeting.pk})


def test_a_public_report_on_unpublished_indicators_only_is_refused(world, plan):
    hidden = world.partnership.indicators.get(code="HIDDEN-9")
    with pytest.raises(ValidationError, match="None of the indicators chosen is published"):
        services.create_report(Actor(world.editor), world.partnership, kind=ReportKind.BOARD,
                               as_of=TODAY, audience=Audience.PUBLIC,
                               options={"indicators": [hidden.pk]})


# Values awaiting approval ---------------------------------------------------------------------

def _blocks(document, code):
    return [block for section in document["sections"]
            for block in section.get("indicators", ()) if block["code"] == code]


def test_a_value_awaiting_approval_is_in_a_members_report_and_not_a_public_one(world, plan):
    shown = world.partnership.indicators.get(code="SHOWN-1")
    waiting = Observation(indicator=shown, value=47.3, status=Observation.Status.FINAL)
    waiting.set_period(Period.month(2026, 9))
    waiting.save()

    def build(public):
        return kinds.build(world.partnership, ReportKind.BOARD, as_of=TODAY, options={},
                           narrative={}, public=public)

    internal, public = _blocks(build(False), "SHOWN-1"), _blocks(build(True), "SHOWN-1")
    assert "47.3" in json.dumps(internal[0]["chart"]["spec"])
    assert any("awaiting approval" in cell for row in internal[0]["data"]["rows"]
               for cell in row)
    assert "47.3" not in json.dumps(public[0]["chart"]["spec"])
    assert "awaiting approval" not in json.dumps(public)
    assert "September 2026" not in json.dumps(public[0]["data"])
    assert "August 2026" in json.dumps(public[0]["data"])  # the approved values stay


# Small numbers --------------------------------------------------------------------------------

SMALL, SMALL_SHOWN = 63, 71  # below the threshold of 100; numbers no test data holds besides


def _leaves(value, key=""):
    """Every number and text in a document, but for ids and the build's moment."""
    if key in {"id", "built_at", "options"}:
        return
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _leaves(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item, key)
    else:
        yield value


def _holds(document, number) -> bool:
    pattern = re.compile(rf"(?<![\d.]){number}(?![\d])")
    return any(leaf == number if isinstance(leaf, int | float) and not isinstance(leaf, bool)
               else isinstance(leaf, str) and bool(pattern.search(leaf))
               for leaf in _leaves(document))


@pytest.fixture
def small(world):
    PublicSettings.objects.create(partnership=world.partnership, small_number_threshold=100)
    counts = {"unit": Indicator.Unit.COUNT, "decimals": 0, "published": True,
              "first_period": Period.month(2025, 10)}
    suppressed = make_indicator(world.partnership, owner=world.council, code="FALLS",
                                title="Falls in care homes",
                                values=[150, 160, 155, 158, 152, SMALL], **counts)
    make_suppression(suppressed)
    make_indicator(world.partnership, owner=world.council, code="ADMITS",
                   title="Emergency admissions", values=[150, 160, 155, 158, 152, SMALL_SHOWN],
                   **counts)
    return suppressed


@pytest.mark.parametrize("kind", [ReportKind.BOARD, ReportKind.SCORECARD,
                                  ReportKind.IJB_PERFORMANCE, ReportKind.SPI])
def test_a_suppressed_small_number_is_left_out_of_a_public_report(world, small, kind):
    def build(public):
        return kinds.build(world.partnership, kind, as_of=TODAY, options={}, narrative={},
                           public=public)

    internal, public = build(False), build(True)
    assert _holds(internal, SMALL)
    assert not _holds(public, SMALL)
    assert _holds(public, SMALL_SHOWN)  # not suppressed: shown as ever
    text = json.dumps(public)
    assert "FALLS" in text and suppression.SUPPRESSED in text


def test_a_suppressed_indicator_has_no_chart_and_its_table_withholds_the_small_value(
        world, small):
    document = kinds.build(world.partnership, ReportKind.BOARD, as_of=TODAY, options={},
                           narrative={}, public=True)
    falls, admits = _blocks(document, "FALLS")[0], _blocks(document, "ADMITS")[0]
    assert falls["chart"] is None and admits["chart"] is not None
    assert falls["value"] == suppression.SUPPRESSED
    assert falls["status"].startswith(f"Latest value (March 2026): {suppression.SUPPRESSED}.")
    assert suppression.NOT_SHOWN in falls["status"]
    assert falls["data"]["headers"] == ["Period", "Value"]  # no mean or limits to work back
    assert falls["data"]["rows"][-1] == ["March 2026", suppression.SUPPRESSED]
    assert falls["data"]["rows"][0] == ["October 2025", "150"]  # not small: shown
    assert admits["value"] == str(SMALL_SHOWN)


def test_a_suppressed_indicator_with_no_small_value_is_shown_whole(world, small):
    PublicSettings.objects.filter(partnership=world.partnership).update(
        small_number_threshold=10)
    document = kinds.build(world.partnership, ReportKind.BOARD, as_of=TODAY, options={},
                           narrative={}, public=True)
    falls = _blocks(document, "FALLS")[0]
    assert falls["chart"] is not None and falls["value"] == str(SMALL)


def test_a_public_build_reads_a_fixed_number_of_queries(world):
    make_public = {"unit": Indicator.Unit.COUNT, "decimals": 0, "published": True,
                   "first_period": Period.month(2026, 5)}
    PublicSettings.objects.create(partnership=world.partnership, small_number_threshold=10)

    def add(start, stop):
        for number in range(start, stop):
            indicator = make_indicator(world.partnership, owner=world.council,
                                       code=f"N{number:02}", values=[20, 4, 22], **make_public)
            if number % 2:
                make_suppression(indicator)
            waiting = Observation(indicator=indicator, value=5,
                                  status=Observation.Status.FINAL)
            waiting.set_period(Period.month(2026, 8))
            waiting.save()

    def queries():
        with CaptureQueriesContext(connection) as captured:
            kinds.build(world.partnership, ReportKind.BOARD, as_of=TODAY, options={},
                        narrative={}, public=True)
        return len(captured)

    add(0, 3)
    few = queries()
    add(3, 30)
    assert queries() == few


def test_a_public_report_names_no_action_owner_and_drops_what_was_withdrawn_since(world, plan):
    from pif import history_writes
    from pif.improvement.models import Action
    from pif.partnerships.names import KnownNames

    action = Action.objects.get(reference="A01")
    history_writes.update(Actor(world.editor), [action], owner=world.editor)
    name = KnownNames(world.partnership).of(world.editor)
    internal = json.dumps(kinds.build(world.partnership, ReportKind.BOARD, as_of=TODAY,
                                      options={}, narrative={}))
    public = json.dumps(kinds.build(world.partnership, ReportKind.BOARD, as_of=TODAY,
                                    options={}, narrative={}, public=True))
    assert name in internal and name not in public
    assert '"reference": "A01"' in public
    # Withdrawn from the public pages after the moment the report reads: its history held
    # it published then, but a public report made now leaves it out.
    then = timezone.now()
    history_writes.update(Actor(world.editor), [action], published=False)
    later = json.dumps(kinds.build(world.partnership, ReportKind.BOARD, as_of=TODAY,
                                   options={}, narrative={}, public=True, recorded_by=then))
    assert "A01" not in later


def test_the_key_figures_of_red_amber_green_and_no_target_add_up_to_the_indicators(world,
                                                                                  plan):
    summary = {figure["label"]: int(figure["value"]) for figure in kinds.build(
        world.partnership, ReportKind.BOARD, as_of=TODAY, options={}, narrative={})["summary"]
        if figure["value"].isdigit()}
    parts = [value for label, value in summary.items()
             if label.startswith(("Red", "Amber", "Green", "No target"))]
    assert len(parts) == 4 and sum(parts) == summary["Indicators"] == 2
