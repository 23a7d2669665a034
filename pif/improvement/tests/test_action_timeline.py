"""The action timeline: a bar per open action from start to due, today marked, grouped by
outcome or organisation, with its table; fixed queries; members only."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pif.improvement import timeline
from pif.improvement.testing import make_action
from pif.outcomes.testing import make_outcome

TODAY = datetime.date(2026, 12, 5)


def url(short_name="alpha"):
    return reverse("actions_timeline", args=[short_name])


@pytest.fixture
def plan(world):
    falls = make_outcome(world.partnership, "Fewer falls", code="LO1")
    late = make_action(world.partnership, world.health_board, "A01", title="Late one",
                       start_date=datetime.date(2026, 4, 1), due_date=datetime.date(2026, 10, 1))
    late.outcomes.set([falls])
    make_action(world.partnership, world.council, "A02", title="Ongoing one", is_ongoing=True,
                start_date=datetime.date(2026, 6, 1), due_date=None)
    make_action(world.partnership, world.council, "A03", title="Undated one", start_date=None,
                due_date=None)
    make_action(world.partnership, world.council, "A04", title="Done one", status="complete")
    return world


def test_bars_run_from_start_to_due_with_today_marked(plan):
    chart = timeline.build(plan.partnership, TODAY)
    assert [g.name for g in chart.groups] == ["LO1 Fewer falls", timeline.NO_OUTCOME]
    late = chart.groups[0].bars[0]
    ongoing = chart.groups[1].bars[0]
    assert late.overdue and not ongoing.overdue
    assert chart.start == datetime.date(2026, 4, 1)
    assert chart.end == datetime.date(2027, 1, 1)
    assert late.x == timeline.LABEL_WIDTH
    assert late.x < ongoing.x < chart.today_x < timeline.WIDTH
    assert late.x + late.width < chart.today_x  # due before today
    assert ongoing.open_ended and ongoing.x + ongoing.width > chart.today_x
    assert {row.action.reference for row in chart.rows} == {"A01", "A02", "A03"}
    assert [row.action.reference for row in chart.undrawn] == ["A03"]


def test_grouped_by_organisation(plan):
    chart = timeline.build(plan.partnership, TODAY, by="organisation")
    assert [g.name for g in chart.groups] == ["Alpha Council", "NHS Alpha"]
    assert timeline.build(plan.partnership, TODAY, by="nonsense").by == "outcome"


def test_the_page_draws_the_chart_and_its_table(client, plan):
    client.force_login(plan.viewer)
    response = client.get(url() + "?by=organisation")
    assert response.status_code == 200
    text = response.content.decode()
    assert text.count('role="img"') == 2
    assert "<title id=\"timeline-title-1\">1 action for Alpha Council" in text
    assert 'class="pif-table-scroll"' in text or "scroll" in text
    assert "Late one" in text and "Undated one" in text and "Done one" not in text
    assert "not on the chart: no start date" in text
    assert "Overdue" in text
    assert "style=" not in text.split("<main", 1)[1]


def test_an_empty_plan_says_so(client, world):
    client.force_login(world.viewer)
    response = client.get(url())
    assert b"There are no open actions." in response.content


@pytest.mark.parametrize("who, status", [("outsider", 404), ("viewer", 200),
                                         ("contributor", 200)])
def test_members_only(client, plan, who, status):
    client.force_login(plan.outsider if who == "outsider" else plan.users[who])
    assert client.get(url()).status_code == status


def test_read_only(client, plan):
    client.force_login(plan.editor)
    assert client.post(url()).status_code == 405


def test_odd_addresses_do_not_fail(client, plan):
    client.force_login(plan.viewer)
    for query in ("?by=", "?by=" + "x" * 5000, "?by=outcome&by=organisation", "?by=%F0"):
        assert client.get(url() + query).status_code == 200
    assert client.get(url() + "?by=%00").status_code == 404  # refused by the middleware


def test_a_fixed_number_of_queries(client, world):
    client.force_login(world.viewer)
    outcome = make_outcome(world.partnership, "Fewer falls", code="LO1")

    def count(n):
        for i in range(n):
            make_action(world.partnership, world.council, f"Q{n}-{i}").outcomes.set([outcome])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url()).status_code == 200
        return len(queries)

    assert count(3) == count(30)
