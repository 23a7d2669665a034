"""Each kind of report builds the one document shape (pif/reports/document.py) from a small
world made through the factories: real values, statuses and charts, no mocks."""

import datetime
import json

import pytest
from django.utils import timezone

from pif.actors import COMMAND_LINE
from pif.improvement.testing import make_action
from pif.lib.periods import Period
from pif.measures.models import Commentary
from pif.measures.testing import make_indicator
from pif.outcomes.models import Locality
from pif.outcomes.testing import make_outcome, make_risk
from pif.reports import kinds
from pif.reports.document import SECTION_TYPES
from pif.reports.models import ReportKind
from pif.reviews.services import meetings as meeting_services
from pif.reviews.testing import make_assessment, make_follow_up, make_meeting, make_series

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()

ROW_KEYS = {"id", "code", "title", "outcome", "latest_period", "value", "target",
            "variation_label", "assurance_label", "rag", "rag_label", "direction_label",
            "status"}
BLOCK_KEYS = ROW_KEYS | {"definition", "unit_label", "commentary", "chart", "data", "actions"}
ACTION_KEYS = {"reference", "title", "owner", "status_label", "percent_complete", "due_date",
               "due_date_label"}
MEMO_KEYS = {"section_label", "title", "questions", "indicator", "carry_overs", "owner",
             "due_date_label"}
TOP_KEYS = {"format", "kind", "kind_label", "title", "partnership", "as_of", "as_of_label",
            "built_at", "statutory_basis", "due", "due_label", "reporting_year", "summary",
            "sections"}


def small_world(world):
    """An outcome with two indicators (one rising, one with a dip), an action on one of
    them, a risk past review, a locality, a self-assessment and a stat meeting."""
    outcome = make_outcome(world.partnership, "Fewer children live in poverty", code="LO1")
    rising = make_indicator(world.partnership, owner=world.council, code="POV-1",
                            title="Children in low-income families",
                            values=[30, 31, 30, 29, 31, 30, 30, 29, 31, 30, 20, 19],
                            first_period=Period.month(2025, 11))
    steady = make_indicator(world.partnership, owner=world.council, code="POV-2",
                            values=[50, 51, 50, 49, 51, 50], first_period=Period.month(2026, 5))
    outcome.indicators.add(rising, steady)
    Commentary.objects.create(indicator=rising, period=Period.month(2026, 10).key,
                              period_start=datetime.date(2026, 10, 1),
                              what_it_shows="A sharp fall", why="A new benefit")
    action = make_action(world.partnership, world.council, "A01",
                         due_date=datetime.date(2026, 6, 30))
    action.indicators.add(rising)
    action.outcomes.add(outcome)
    make_risk(world.partnership, world.council, "R01", review_date=datetime.date(2026, 1, 1))
    locality = Locality.objects.create(partnership=world.partnership, name="Townhead",
                                       significantly_poorer=True)
    locality.indicators.add(steady)
    make_assessment(world.partnership)
    series = make_series(world.partnership, world.editor)
    meeting = make_meeting(series)
    make_follow_up(meeting, "Explain the fall", owner=world.editor,
                   due_date=datetime.date(2026, 12, 1))
    meeting_services.build_briefing(COMMAND_LINE, meeting, today=TODAY)
    return {"outcome": outcome, "rising": rising, "steady": steady, "meeting": meeting}


def build(world, kind, **options):
    return kinds.build(world.partnership, kind, as_of=TODAY, options=options,
                       narrative={"participation": "The community panel met six times."})


def check_shape(document):
    assert TOP_KEYS <= set(document)
    json.dumps(document)  # plain JSON, as it is kept on the Report
    for section in document["sections"]:
        assert {"key", "heading", "intro", "type"} <= set(section)
        assert section["type"] in SECTION_TYPES
        for block in section.get("indicators", []):
            assert BLOCK_KEYS <= set(block)
            for action in block["actions"]:
                assert ACTION_KEYS <= set(action)
        for row in section.get("rows", []) if section["type"] == "scorecard" else []:
            assert ROW_KEYS <= set(row)
        for action in section.get("actions", []):
            assert ACTION_KEYS <= set(action)
        for item in section.get("items", []):
            assert MEMO_KEYS <= set(item)
    return {section["type"] for section in document["sections"]}


def test_every_kind_has_a_template_with_plain_words():
    assert set(kinds.TEMPLATES) == set(ReportKind.values)
    for template in kinds.TEMPLATES.values():
        assert template.description.endswith(".")
        assert set(template.needs) <= set(kinds.NEEDS)


def test_board_report_has_status_chart_data_commentary_and_actions(world):
    made = small_world(world)
    document = build(world, "board", outcomes=[made["outcome"].pk])
    assert check_shape(document) == {"indicators", "actions"}
    section = document["sections"][0]
    assert section["heading"] == "LO1 Fewer children live in poverty"
    rising = next(b for b in section["indicators"] if b["code"] == "POV-1")
    assert rising["value"] == "19.0%"
    assert rising["chart"]["spec"]["$schema"].startswith("https://vega.github.io")
    assert "XmR chart of POV-1" in rising["chart"]["alt"]
    assert rising["data"]["rows"][-1][:2] == ["October 2026", "19.0%"]
    assert rising["commentary"]["what_it_shows"] == "A sharp fall"
    assert [a["reference"] for a in rising["actions"]] == ["A01"]
    assert rising["status"] == (
        "Latest value 19.0% (October 2026). Special cause variation: concern (lower): "
        "outside the process limits. No target. Worsening since the previous value.")
    assert rising["variation_label"] == "Concern (low)"
    assert document["sections"][-1]["actions"][0]["reference"] == "A01"


def test_board_report_with_nothing_chosen_takes_every_indicator(world):
    small_world(world)
    document = build(world, "board")
    codes = [b["code"] for s in document["sections"] if s["type"] == "indicators"
             for b in s["indicators"]]
    assert codes == ["POV-1", "POV-2"]


def test_exception_report_lists_only_what_needs_attention(world):
    small_world(world)
    document = build(world, "exception")
    check_shape(document)
    keys = [section["key"] for section in document["sections"]]
    assert "overdue_actions" in keys and "risks_past_review" in keys
    listed = [b["code"] for s in document["sections"] if s["type"] == "indicators"
              for b in s["indicators"]]
    assert "POV-2" not in listed  # steady, on time, no target: nothing to look at


def test_scorecard_is_one_table_of_every_indicator(world):
    small_world(world)
    document = build(world, "scorecard")
    assert check_shape(document) == {"scorecard"}
    rows = document["sections"][0]["rows"]
    assert [row["code"] for row in rows] == ["POV-1", "POV-2"]
    assert rows[1]["value"] == "50.0%"
    assert rows[0]["outcome"] == "Fewer children live in poverty"


def test_meeting_memo_has_its_items_and_the_indicators_behind_them(world):
    made = small_world(world)
    document = build(world, "meeting-memo", meeting=made["meeting"].pk)
    assert check_shape(document) == {"items"}
    items = [item for s in document["sections"] for item in s["items"]]
    titles = [item["title"] for item in items]
    assert any(title.startswith("POV-1") for title in titles)
    with_indicator = [i for i in items if i["indicator"]]
    assert with_indicator and with_indicator[0]["questions"]


def test_follow_up_memo_lists_what_was_agreed(world):
    made = small_world(world)
    document = build(world, "follow-up-memo", meeting_id=made["meeting"].pk)
    check_shape(document)
    agreed = [item for s in document["sections"] if s["type"] == "items"
              for item in s["items"]]
    assert [item["title"] for item in agreed] == ["Explain the fall"]
    assert agreed[0]["owner"] == "Editor"
    assert agreed[0]["due_date_label"] == "1 December 2026"


@pytest.mark.parametrize("kind", ["loip-progress", "locality-progress", "ijb-performance",
                                  "spi"])
def test_statutory_reports_have_their_basis_due_date_and_words(world, kind):
    small_world(world)
    document = build(world, kind, reporting_year=2026)
    types = check_shape(document)
    assert "narrative" in types
    assert document["statutory_basis"]
    assert document["reporting_year"] == "2026/27"
    assert document["due"] == kinds.TEMPLATES[kind].due(world.partnership, 2026).isoformat()


def test_loip_progress_says_whether_each_outcome_improved(world):
    small_world(world)
    document = build(world, "loip-progress", reporting_year=2026)
    glance = document["sections"][0]
    assert glance["rows"][0][0] == "LO1 Fewer children live in poverty"
    participation = next(s for s in document["sections"] if s["key"] == "participation")
    assert participation["required"] is True
    assert participation["heading"] == "How well community bodies took part"
    assert participation["text"] == "The community panel met six times."


def test_ijb_report_compares_with_up_to_five_earlier_years(world):
    small_world(world)
    document = build(world, "ijb-performance", reporting_year=2026)
    table = next(s for s in document["sections"] if s["key"] == "over-time")
    assert table["headers"] == ["Indicator", "2021/22", "2022/23", "2023/24", "2024/25",
                                "2025/26", "2026/27"]
    pov1 = next(row for row in table["rows"] if row[0].startswith("POV-1"))
    assert pov1[-1] == "19.0% (October 2026)" and pov1[-2] == "31.0% (March 2026)"


def test_spi_has_both_indicators_and_the_self_assessment(world):
    small_world(world)
    document = build(world, "spi", reporting_year=2026)
    keys = [s["key"] for s in document["sections"]]
    assert keys[:4] == ["spi1", "over-time", "similar-areas", "engagement"]
    spi2 = next(s for s in document["sections"] if s["key"] == "spi2")
    assert spi2["rows"][0] == ["Self-assessment", "Self-assessment 2026"]


def test_spi_compares_with_similar_councils_by_family_group(world):
    from pif.measures.models import Breakdown, Observation

    indicator = make_indicator(world.partnership, owner=world.council, code="LGBF-CHN11",
                               values=[94.8], first_period=Period.financial_year(2025))
    for name, kind, group, value in (("Fife", "area", "Family group 3", 94.8),
                                     ("Moray", "area", "Family group 2", 96.0),
                                     ("Angus", "area", "Family group 2", 97.0),
                                     ("Scotland", "group", "", 95.7)):
        breakdown = Breakdown.objects.create(partnership=world.partnership, name=name,
                                             kind=kind, family_group=group)
        observation = Observation(indicator=indicator, breakdown=breakdown, value=value,
                                  status="final", approved_at=timezone.now())
        observation.set_period(Period.financial_year(2025))
        observation.save()
    document = build(world, "spi", reporting_year=2025)
    table = next(s for s in document["sections"] if s["key"] == "similar-areas")
    assert table["rows"] == [[f"LGBF-CHN11 {indicator.title}", "2025/26", "94.8%",
                              "96.0% (3 areas)", "Worse than the median",
                              "Family group 2: 96.5%; Family group 3: 94.8%",
                              "Scotland 95.7%"]]
