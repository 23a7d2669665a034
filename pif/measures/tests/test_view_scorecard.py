"""The scorecard page: every indicator with its latest value, target, RAG and SPC icons."""

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from pif.lib.periods import Period
from pif.measures import status
from pif.measures.models import Indicator, Tag, Target
from pif.measures.testing import make_indicator

URL = reverse("scorecard", args=["alpha"])
STEADY = [50, 51, 49, 50, 52, 48, 50, 51, 49, 50, 50, 51, 49, 50]


def months_back(count: int) -> Period:
    today = date.today()
    year, month = today.year, today.month - count
    while month < 1:
        year, month = year - 1, month + 12
    return Period.month(year, month)


def current(partnership, *, owner, code, values, **fields) -> Indicator:
    """An indicator whose latest value is last month's, so its next figure is not yet due."""
    return make_indicator(partnership, owner=owner, code=code, values=values,
                          first_period=months_back(len(values)), **fields)


def set_target(indicator, value) -> None:
    Target.objects.create(indicator=indicator, value=value)
    status.refresh([indicator])


@pytest.fixture
def card(world):
    """Three indicators: red and overdue (NHS), green and current (council), and no data."""
    red = make_indicator(world.partnership, owner=world.health_board, code="AE-4HR",
                         title="A&E within four hours", values=[90.1, 91.2, 89.5, 92.0])
    set_target(red, 95)
    green = current(world.partnership, owner=world.council, code="HOMES",
                    title="Homes built", values=STEADY, unit=Indicator.Unit.COUNT, decimals=0,
                    frequency=Indicator.Frequency.MONTHLY)
    set_target(green, 40)
    empty = make_indicator(world.partnership, owner=world.council, code="EMPTY",
                           title="Nothing yet", frequency=Indicator.Frequency.QUARTERLY)
    return {"red": red, "green": green, "empty": empty}


def test_the_scorecard_lists_each_indicator_with_its_latest_value_and_target(client, world,
                                                                              card):
    client.force_login(world.viewer)
    response = client.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert "AE-4HR A&amp;E within four hours" in text
    assert "April 2024" in text  # the latest period of AE-4HR
    assert "92.0%" in text and "95.0%" in text
    assert "HOMES Homes built" in text
    assert "3 indicators." in text


def test_the_rag_word_is_shown_not_only_its_colour(client, world, card):
    client.force_login(world.viewer)
    text = client.get(URL + "?group=none&sort=code").content.decode()
    assert '<strong class="pif-rag pif-rag--red">Red</strong>' in text
    assert '<strong class="pif-rag pif-rag--green">Green</strong>' in text
    assert '<strong class="pif-rag pif-rag--grey">Not rated</strong>' in text


def test_variation_and_assurance_icons_carry_their_words(client, world, card):
    assert card["green"].status.variation == "common_cause"
    client.force_login(world.viewer)
    text = client.get(URL).content.decode()
    assert 'aria-label="Common cause variation"' in text
    assert "<title>Common cause variation</title>" in text
    # Homes built: limits around 50, target 40 lies below them: consistently met.
    assert card["green"].status.assurance == "consistent_pass"
    assert 'aria-label="Target consistently met"' in text


def test_an_indicator_whose_next_period_is_past_due_is_tagged_overdue(client, world, card):
    client.force_login(world.viewer)
    response = client.get(URL + "?group=none")
    text = response.content.decode()
    ae_row = text.split("AE-4HR A&amp;E")[1].split("</tr>")[0]
    homes_row = text.split("HOMES Homes built")[1].split("</tr>")[0]
    assert "Overdue" in ae_row
    assert "Overdue" not in homes_row


def test_filtering_by_owner_shows_only_that_organisations_indicators(client, world, card):
    client.force_login(world.viewer)
    text = client.get(URL, {"owner": world.health_board.pk}).content.decode()
    assert "AE-4HR" in text
    assert "HOMES" not in text and "EMPTY Nothing yet" not in text
    assert "1 indicator." in text


@pytest.mark.parametrize(("status_filter", "shown", "hidden"), [
    ("red", "AE-4HR", ["HOMES", "EMPTY"]),
    ("green", "HOMES", ["AE-4HR", "EMPTY"]),
    ("overdue", "AE-4HR", ["HOMES", "EMPTY"]),
    ("no_data", "EMPTY", ["AE-4HR", "HOMES"]),
])
def test_filtering_by_status_keeps_only_matching_indicators(client, world, card, status_filter,
                                                           shown, hidden):
    client.force_login(world.viewer)
    text = client.get(URL, {"status": status_filter, "group": "none"}).content.decode()
    table = text.split("<table", 1)[1]
    assert f">{shown} " in table
    for code in hidden:
        assert f">{code} " not in table


def test_filtering_by_concern_finds_a_special_cause_fall(client, world, card):
    falling = make_indicator(world.partnership, owner=world.council, code="FALL",
                             values=[*STEADY, 10])
    assert falling.status.variation == "concern_low"
    client.force_login(world.viewer)
    text = client.get(URL, {"status": "concern", "group": "none"}).content.decode()
    assert ">FALL " in text
    assert ">AE-4HR " not in text and ">HOMES " not in text
    assert 'aria-label="Special cause variation: concern (lower)"' in text


def test_filtering_by_frequency(client, world, card):
    client.force_login(world.viewer)
    text = client.get(URL, {"frequency": "quarterly", "group": "none"}).content.decode()
    assert ">EMPTY " in text
    assert ">AE-4HR " not in text and ">HOMES " not in text


def test_no_match_says_so(client, world, card):
    client.force_login(world.viewer)
    text = client.get(URL, {"frequency": "weekly"}).content.decode()
    assert "No indicators match these filters." in text
    assert "0 indicators." in text


def test_sorting_by_title_and_red_first(client, world, card):
    client.force_login(world.viewer)
    by_title = client.get(URL, {"sort": "title", "group": "none"}).content.decode()
    assert (by_title.index("A&amp;E within four hours") < by_title.index("Homes built")
            < by_title.index("Nothing yet"))
    by_code = client.get(URL, {"sort": "code", "group": "none"}).content.decode()
    assert by_code.index(">AE-4HR ") < by_code.index(">EMPTY ") < by_code.index(">HOMES ")
    red_first = client.get(URL, {"sort": "rag", "group": "none"}).content.decode()
    assert red_first.index(">AE-4HR ") < red_first.index(">HOMES ") < red_first.index(">EMPTY ")


def test_an_unknown_sort_falls_back_to_code(client, world, card):
    client.force_login(world.viewer)
    response = client.get(URL, {"sort": "drop table", "group": "none"})
    assert response.status_code == 200
    assert response.context["options"]["sort"] == "code"


def test_grouping_by_perspective_tag_puts_untagged_indicators_last(client, world, card):
    customer = Tag.objects.create(partnership=world.partnership, name="Customer",
                                  group="Perspective")
    card["red"].tags.add(customer)
    client.force_login(world.viewer)
    response = client.get(URL, {"group": "tag"})
    groups = response.context["groups"]
    assert [g.name for g in groups] == ["Customer", "Other indicators"]
    assert [r.indicator.code for r in groups[0].rows] == ["AE-4HR"]
    assert [r.indicator.code for r in groups[1].rows] == ["EMPTY", "HOMES"]
    assert 'govuk-table__caption--m">Customer</caption>' in response.content.decode()


def test_grouping_by_none_shows_one_table(client, world, card):
    client.force_login(world.viewer)
    response = client.get(URL, {"group": "none"})
    assert [g.name for g in response.context["groups"]] == ["All indicators"]


def test_another_partnerships_indicators_never_appear(client, world, card):
    make_indicator(world.other_partnership, owner=world.other_council, code="BETA-ONLY",
                   title="Secret beta measure", values=[1, 2, 3])
    client.force_login(world.admin)
    text = client.get(URL).content.decode()
    assert "BETA-ONLY" not in text and "Secret beta measure" not in text
    export = client.get(reverse("scorecard_export", args=["alpha", "csv"])).content.decode()
    assert "BETA-ONLY" not in export


def test_an_outsider_gets_404_and_a_stranger_is_sent_to_sign_in(client, world, card):
    client.force_login(world.outsider)
    assert client.get(URL).status_code == 404
    assert client.get(reverse("scorecard_export", args=["alpha", "csv"])).status_code == 404
    client.logout()
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


def test_the_scorecard_answers_only_get(client, world, card):
    client.force_login(world.admin)
    assert client.post(URL).status_code == 405


def test_editors_see_add_and_approve_links_and_viewers_do_not(client, world, card):
    client.force_login(world.viewer)
    text = client.get(URL).content.decode()
    assert "Add an indicator" not in text and "Values awaiting approval" not in text
    client.force_login(world.editor)
    text = client.get(URL).content.decode()
    assert "Add an indicator" in text and "Values awaiting approval" in text


def _make_many(world, count):
    tag = Tag.objects.create(partnership=world.partnership, name=f"T{count}",
                             group="Perspective")
    for number in range(count):
        indicator = make_indicator(world.partnership,
                                   owner=world.council if number % 2 else world.health_board,
                                   code=f"N{count}-{number:02d}", values=[1, 2, 3, 4, 5],
                                   lead=world.editor)
        indicator.tags.add(tag)


def test_the_number_of_queries_does_not_grow_with_the_number_of_indicators(client, world):
    client.force_login(world.viewer)
    _make_many(world, 3)
    client.get(URL)  # warm up: session, content types
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    _make_many(world, 27)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert response.context["count"] == 30
    assert len(many.captured_queries) == len(few.captured_queries), [
        q["sql"] for q in many.captured_queries]


EXPORT = reverse("scorecard_export", args=["alpha", "csv"])
EXPORT_XLSX = reverse("scorecard_export", args=["alpha", "xlsx"])


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_export_has_a_header_and_a_row_per_indicator(client, world, card):
    client.force_login(world.viewer)
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="alpha-scorecard.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:3] == ["Code", "Title", "Owner"]
    by_code = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert set(by_code) == {"AE-4HR", "EMPTY", "HOMES"}
    assert by_code["AE-4HR"]["Latest value"] == "92.0"
    assert by_code["AE-4HR"]["Target"] == "95.0"
    assert by_code["AE-4HR"]["RAG"] == "Red"
    assert by_code["AE-4HR"]["Data overdue"] == "Yes"
    assert by_code["HOMES"]["Data overdue"] == "No"
    assert by_code["HOMES"]["Variation"] == "Common cause"


def test_the_export_follows_the_filters(client, world, card):
    client.force_login(world.viewer)
    rows = read_csv(client.get(EXPORT, {"status": "red"}))
    assert [row[0] for row in rows[1:]] == ["AE-4HR"]


def test_a_title_starting_with_equals_is_made_safe_in_csv_and_excel(client, world):
    make_indicator(world.partnership, owner=world.council, code="EVIL",
                   title='=HYPERLINK("http://evil.test","x")', values=[1, 2])
    client.force_login(world.viewer)
    rows = read_csv(client.get(EXPORT))
    assert rows[1][1] == '\'=HYPERLINK("http://evil.test","x")'
    response = client.get(EXPORT_XLSX)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Scorecard"
    assert sheet["A1"].value == "Code"
    assert sheet["B2"].value == '\'=HYPERLINK("http://evil.test","x")'
    assert sheet["B2"].data_type != "f"


def test_the_excel_export_keeps_numbers_as_numbers(client, world, card):
    client.force_login(world.viewer)
    sheet = load_workbook(io.BytesIO(client.get(EXPORT_XLSX).content)).active
    headers = [cell.value for cell in sheet[1]]
    rows = {row[0]: dict(zip(headers, row, strict=True))
            for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["AE-4HR"]["Latest value"] == pytest.approx(92.0)
    assert rows["AE-4HR"]["Target"] == pytest.approx(95.0)


def test_an_unknown_export_format_is_404(client, world, card):
    client.force_login(world.viewer)
    assert client.get(reverse("scorecard_export", args=["alpha", "pdf"])).status_code == 404
