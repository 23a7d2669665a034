"""Changes made on the charts: the marks registry, marks drawn and listed, "Start new limits
from this change", and the indicator page's words on whether the process has shifted since."""

import csv
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from pif.lib.periods import Period
from pif.measures import services
from pif.measures.charts import marks
from pif.measures.charts.chart import build_chart
from pif.measures.charts.render import render_svg
from pif.measures.charts.spec import CHANGE_COLOUR
from pif.measures.models import Annotation
from pif.measures.targets import TargetSchedule
from pif.measures.testing import make_indicator
from pif.partnerships.models import Event
from pif.spc.shift import shift_since
from pif.spc.vocabulary import ChangeVerdict

DEMO = Path(__file__).resolve().parents[1] / "demo_data" / "nhse_ae_attendances_rf4.csv"
BEFORE = [20, 21, 19, 20, 22, 18, 20, 21, 19, 20, 22, 18]
AFTER = [25, 26, 24, 25, 26, 25, 24]
CLINIC = marks.ChangeMark(date(2025, 1, 15), "A01 Open a falls clinic", "Action started",
                          "/somewhere/")


@pytest.fixture
def no_providers(monkeypatch):
    monkeypatch.setattr(marks, "_providers", [])
    return marks._providers


@pytest.fixture
def shifted(world):
    # January 2024 to July 2025: 12 months before January 2025, 7 after
    return make_indicator(world.partnership, owner=world.council, code="SHIFT",
                          values=BEFORE + AFTER, improvement="higher")


def _chart(indicator, change_marks=()):
    return build_chart(indicator, indicator.observations.order_by("period_start"),
                       list(indicator.annotations.all()), TargetSchedule.empty(),
                       marks=change_marks)


# ------------------------------------------------------------------------------ registry


def test_with_nothing_registered_there_are_no_marks(no_providers, world, shifted):
    assert marks.marks_for([shifted]) == {}
    assert marks.marks_for([]) == {}


def test_providers_register_once_and_their_marks_merge_in_date_order(no_providers, world,
                                                                     shifted):
    later = marks.ChangeMark(date(2025, 3, 1), "Cycle 2", "PDSA cycle started")

    def first(indicators, public=False):
        return {indicators[0].pk: [later]}

    def second(indicators, public=False):
        return {indicators[0].pk: [CLINIC]}

    marks.register(first)
    marks.register(first)
    marks.register(second)
    assert len(no_providers) == 2
    assert marks.marks_for([shifted]) == {shifted.pk: [CLINIC, later]}


# ------------------------------------------------------------------------ chart and spec


def test_a_mark_is_listed_on_the_row_of_the_period_that_contains_its_date(world, shifted):
    early = marks.ChangeMark(date(2023, 6, 1), "Before the data", "Action started")
    late = marks.ChangeMark(date(2026, 6, 1), "After the data", "Action started")
    chart = _chart(shifted, [CLINIC, early, late])
    listed = {row.label: row.changes for row in chart.rows if row.changes}
    # before the first period: on the first row; after the last: left out
    assert listed == {"January 2024": (early,), "January 2025": (CLINIC,)}
    assert chart.has_changes


def test_a_chart_without_marks_has_no_change_layers_and_no_changes_column(world, shifted):
    chart = _chart(shifted)
    assert not chart.has_changes
    assert all(layer["mark"].get("color") != CHANGE_COLOUR for layer in chart.spec["layer"])


def test_marks_are_drawn_as_blue_dash_dot_rules_with_their_labels(world, shifted):
    chart = _chart(shifted, [CLINIC])
    drawn = [layer for layer in chart.spec["layer"] if layer["mark"].get("color") == CHANGE_COLOUR]
    rule, text = drawn
    assert rule["mark"]["type"] == "rule" and rule["mark"]["strokeDash"] == [6, 2, 1, 2]
    assert rule["data"]["values"] == [{"label": "January 2025", "text": "A01 Open a falls clinic",
                                       "kind": "Action started", "offset": 2}]
    assert text["mark"]["type"] == "text" and text["encoding"]["text"] == {"field": "text"}


def test_change_labels_sit_under_the_chart_notes_labels(world, shifted):
    services.add_annotation(_editor_actor(world), shifted, Period.month(2024, 6),
                            text="Winter plan", is_rebase=False)
    chart = _chart(shifted, [CLINIC])
    drawn = [layer for layer in chart.spec["layer"] if layer["mark"].get("color") == CHANGE_COLOUR]
    assert drawn[0]["data"]["values"][0]["offset"] == 16


@pytest.mark.parametrize("width", [320, 720])
def test_the_chart_with_a_change_still_renders_at_phone_and_desktop_widths(world, shifted,
                                                                             width):
    chart = _chart(shifted, [CLINIC])
    svg = render_svg(chart.spec, width=width)
    assert "A01 Open" in svg
    assert svg.count("<svg") == 1


# -------------------------------------------------------------------- since the change


def test_the_chart_says_the_process_shifted_since_the_latest_change_mark(world, shifted):
    chart = _chart(shifted, [CLINIC])
    assert chart.since.verdict is ChangeVerdict.SUSTAINED_IMPROVEMENT
    assert chart.since.sentence == (
        "Since A01 Open a falls clinic started on 15 January 2025: the process has shifted "
        "for the better, and the shift is sustained.")
    assert chart.since.evidence == (
        "all 7 values since have been above the average before the change",
        "2 values were above the highest value expected before it",
        "2 of 3 values in a row were close to the highest or lowest value expected before it")


def test_the_indicator_page_gives_the_verdict_then_its_evidence_as_a_list(
        client, world, shifted, clinic):
    client.force_login(world.viewer)
    text = client.get(shifted.get_absolute_url()).content.decode()
    box = text.split('id="since-change"')[1].split("</div>")[0]
    assert "started on 15 January 2025: the process has shifted" in box
    assert '<ul class="govuk-list govuk-list--bullet">' in box
    assert "<li>All 7 values since have been above the average before the change.</li>" in box
    assert "not whether the change caused it" in box


def test_the_latest_rebase_comes_before_any_change_mark(world, shifted):
    services.add_annotation(_editor_actor(world), shifted, Period.month(2025, 4),
                            text="New triage", is_rebase=True)
    chart = _chart(shifted, [CLINIC])
    # April 2025: 15 points of the first phase before it, 4 after
    assert chart.since.period_label == "April 2025"
    assert chart.since.result.points_before == 15 and chart.since.result.points_after == 4
    assert chart.since.sentence.startswith(
        "Since the recalculation “New triage” on 1 April 2025: ")


def test_a_chart_with_no_change_has_nothing_to_say(world, shifted):
    assert _chart(shifted).since is None


# ----------------------------------------------------------------------------- the page


def _editor_actor(world):
    from pif.actors import Actor

    return Actor(user=world.editor)


URL = reverse("indicator", args=["alpha", "SHIFT"])
ADD = reverse("annotation_add", args=["alpha", "SHIFT"])


@pytest.fixture
def clinic(no_providers):
    marks.register(lambda indicators, public=False: {indicator.pk: [CLINIC]
                                                   for indicator in indicators})


def test_editors_see_the_change_in_the_table_and_a_rebase_button(client, world, shifted,
                                                                 clinic):
    client.force_login(world.editor)
    text = client.get(URL).content.decode()
    assert '<th scope="col" class="govuk-table__header">Changes made</th>' in text
    row = text.split('<th scope="row" class="govuk-table__header">January 2025</th>')[1]
    assert "Action started: A01 Open a falls clinic" in row.split("</tr>")[0]
    assert 'id="changes-made"' in text
    assert f'action="{ADD}"' in text
    assert '<input type="hidden" name="period" value="January 2025">' in text
    assert "Start new limits from this change" in text
    assert ("Since A01 Open a falls clinic started on 15 January 2025: the process has "
            "shifted") in text


def test_viewers_see_the_change_and_the_words_but_no_rebase_button(client, world, shifted,
                                                                   clinic):
    client.force_login(world.viewer)
    text = client.get(URL).content.decode()
    assert "Action started: A01 Open a falls clinic" in text
    assert "Start new limits from this change" not in text and f'action="{ADD}"' not in text
    assert "Since A01 Open a falls clinic" in text


def test_the_rebase_button_goes_through_the_chart_note_service(client, world, shifted,
                                                                clinic):
    client.force_login(world.editor)
    page = client.get(URL).context
    change = page["changes_made"][0]
    response = client.post(ADD, {"period": change["rebase_period"],
                                 "text": change["rebase_text"], "is_rebase": "on"})
    assert response.status_code == 302
    annotation = Annotation.objects.get(indicator=shifted)
    assert (annotation.period, annotation.is_rebase) == ("M2025-01", True)
    assert annotation.text == ("Recalculated at this change (action started): A01 Open a "
                               "falls clinic")
    assert annotation.history.get().history_user == world.editor
    assert Event.objects.get(verb="chart_annotated").description.startswith(
        "Limits recalculated on SHIFT at January 2025")
    # once rebased there, no second button for the same period
    text = client.get(URL).content.decode()
    assert '<input type="hidden" name="period" value="January 2025">' not in text
    assert "Since the recalculation" in text


def test_a_plain_note_gets_a_rebase_button_and_a_rebase_none(client, world, shifted,
                                                               no_providers):
    services.add_annotation(_editor_actor(world), shifted, Period.month(2024, 9),
                            text="Winter plan", is_rebase=False)
    services.add_annotation(_editor_actor(world), shifted, Period.month(2025, 2),
                            text="New model", is_rebase=True)
    client.force_login(world.editor)
    text = client.get(URL).content.decode()
    assert '<input type="hidden" name="period" value="September 2024">' in text
    assert '<input type="hidden" name="period" value="February 2025">' not in text


def test_viewers_and_contributors_cannot_post_a_rebase_and_outsiders_get_404(client, world,
                                                                             shifted):
    data = {"period": "January 2025", "text": "x", "is_rebase": "on"}
    for user, code in [(world.viewer, 403), (world.contributor, 403), (world.outsider, 404)]:
        client.force_login(user)
        assert client.post(ADD, data).status_code == code
    assert not Annotation.objects.exists()


@pytest.mark.parametrize("data", [{}, {"period": "31 February 2025", "text": "x",
                                       "is_rebase": "on"},
                                  {"period": "January 2025", "text": "x" * 5000,
                                   "is_rebase": "on"}])
def test_odd_rebase_posts_are_refused_not_a_500(client, world, shifted, data):
    client.force_login(world.editor)
    assert client.post(ADD, data).status_code == 200
    assert not Annotation.objects.exists()


def test_the_page_uses_the_same_number_of_queries_with_1_and_30_marks(client, world,
                                                                     shifted, no_providers):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    found = []
    marks.register(lambda indicators, public=False: {indicators[0].pk: list(found)})
    client.force_login(world.editor)
    counts = []
    for count in (1, 30):
        found[:] = [marks.ChangeMark(date(2024, 1 + i % 12, 1 + i), f"Change {i}", "Action started")
                    for i in range(count)]
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_page_words_for_the_rf4_attendances_since_a_recalculation(client, world):
    with open(DEMO, newline="", encoding="utf-8") as handle:
        rows = sorted((row for row in csv.DictReader(handle) if row["type"] == "1"),
                      key=lambda row: row["period"])
    values = [float(row["attendances"]) for row in rows]
    assert rows[0]["period"] == "2016-04-01"
    make_indicator(world.partnership, owner=world.council, code="RF4", values=values,
                   first_period=Period.month(2016, 4), unit="count", decimals=0,
                   improvement="lower")
    client.force_login(world.editor)
    services.add_annotation(_editor_actor(world), world.partnership.indicators.get(code="RF4"),
                            Period.month(2018, 4), text="New front door", is_rebase=True)
    page = client.get(reverse("indicator", args=["alpha", "RF4"]))
    change = rows.index(next(row for row in rows if row["period"] == "2018-04-01"))
    expected = shift_since(values[:change], values[change:], improvement="decrease")
    since = page.context["chart"].since
    assert since.result == expected
    assert since.sentence == (f"Since the recalculation “New front door” on 1 April 2018: "
                              f"{expected.explanation}.")
    assert since.sentence in page.content.decode().replace("&ldquo;", "“").replace(
        "&rdquo;", "”").replace("&#x27;", "'")


def test_a_marks_label_is_escaped_in_the_page_and_the_chart(client, world, shifted,
                                                            no_providers):
    odd = marks.ChangeMark(date(2025, 1, 15), '<script>alert("x")</script>', "Action started")
    marks.register(lambda indicators, public=False: {indicators[0].pk: [odd]})
    client.force_login(world.editor)
    response = client.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert '<script>alert("x")</script>' not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text


def test_a_chart_as_of_a_past_date_offers_no_rebase(client, world, shifted, clinic):
    client.force_login(world.editor)
    response = client.get(URL, {"as_of": "2030-01-01"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Action started: A01 Open a falls clinic" in text
    assert "Start new limits from this change" not in text


def test_huge_stored_values_give_words_not_a_server_error(client, world, clinic):
    make_indicator(world.partnership, owner=world.council, code="HUGE", unit="count",
                   values=[1.7e308, -1.7e308] * 6 + [1.7e308] * 7)
    client.force_login(world.editor)
    response = client.get(reverse("indicator", args=["alpha", "HUGE"]))
    assert response.status_code == 200
    assert "Since A01 Open a falls clinic started on 15 January 2025:" in response.content.decode()
