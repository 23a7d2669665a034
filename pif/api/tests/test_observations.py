"""The observations API: reading with filters and paging, and the bulk upsert checked all or
nothing by the importer's rules."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from pif.actors import COMMAND_LINE
from pif.api import tokens
from pif.api.tests.conftest import row_counts
from pif.lib.periods import Period
from pif.measures.importing.json_rows import MAX_ROWS
from pif.measures.models import Breakdown, Indicator, Observation
from pif.measures.testing import make_indicator, make_period_lock

URL = "/api/v1/partnerships/{}/observations"


@pytest.fixture
def api(client):
    """`api(user).get(path)` and `.post(path, body)` with a personal token of `user`."""

    class Caller:
        def __init__(self, user):
            _, secret = tokens.create_personal(COMMAND_LINE, user, "test",
                                               timezone.now() + timedelta(days=30))
            self.headers = {"Authorization": f"Bearer {secret}"}

        def get(self, path, **params):
            return client.get(path, params, headers=self.headers)

        def post(self, path, body):
            return client.post(path, body, content_type="application/json",
                               headers=self.headers)

    return Caller


@pytest.fixture
def indicators(world):
    """A percentage indicator of the council's (with values for January to March 2024), and
    one of the health board's, which the contributor belongs to."""
    council = make_indicator(world.partnership, owner=world.council, code="AC-1",
                             values=[50, 60, 70])
    health = make_indicator(world.partnership, owner=world.health_board, code="HB-1")
    return council, health


def rows(code="AC-1", months=(4, 5, 6), value=80, **extra):
    return [{"indicator_code": code, "period": f"2026-{month:02d}", "value": value, **extra}
            for month in months]


def stored(indicator):
    return {o.period: o.value for o in Observation.objects.filter(indicator=indicator)}


# Reading


def test_lists_values_by_indicator_code_then_period(world, api, indicators):
    council, health = indicators
    make_indicator(world.other_partnership, owner=world.other_council, code="AAA", values=[1])
    answer = api(world.users["viewer"]).get(URL.format("alpha"))
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 3
    assert [(item["indicator_code"], item["period"]) for item in body["items"]] == [
        ("AC-1", "M2024-01"), ("AC-1", "M2024-02"), ("AC-1", "M2024-03")]
    first = body["items"][0]
    assert first["period_label"] == "January 2024"
    assert first["period_start"] == "2024-01-01" and first["period_end"] == "2024-01-31"
    assert first["value"] == 50 and first["status"] == "final" and first["approved"] is True
    assert first["breakdown"] is None
    assert first["url"] == "http://testserver" + council.get_absolute_url()


def test_filters(world, api, indicators):
    council, health = indicators
    area = Breakdown.objects.create(partnership=world.partnership, name="North")
    split = Observation(indicator=council, breakdown=area, value=40)
    split.set_period(Period.month(2024, 2))
    split.save()
    call = api(world.users["viewer"]).get

    def periods(**params):
        answer = call(URL.format("alpha"), **params)
        assert answer.status_code == 200, answer.content
        return [(item["period"], item["breakdown"]) for item in answer.json()["items"]]

    assert periods(indicator_code="ac-1", period_from="2024-02-10", period_to="2024-02-20") == [
        ("M2024-02", None), ("M2024-02", "North")]
    assert periods(breakdown="north") == [("M2024-02", "North")]
    assert len(periods(totals_only="true")) == 3
    assert periods(indicator_id=health.pk) == []
    assert periods(status="provisional") == [("M2024-02", "North")]
    assert periods(period_from="2024-03-01") == [("M2024-03", None)]


def test_a_bad_filter_is_refused_with_422(world, api, indicators):
    answer = api(world.users["viewer"]).get(URL.format("alpha"), status="maybe")
    assert answer.status_code == 422
    assert answer.json()["errors"]


def test_pages(world, api, indicators):
    answer = api(world.users["viewer"]).get(URL.format("alpha"), limit=2, offset=1)
    body = answer.json()
    assert body["count"] == 3
    assert [item["period"] for item in body["items"]] == ["M2024-02", "M2024-03"]


def test_modified_since_gives_only_values_changed_after(world, api, indicators):
    council, _ = indicators
    before = timezone.now()
    caller = api(world.users["editor"])
    assert caller.post(URL.format("alpha"), {"rows": rows(months=(4,))}).status_code == 200
    answer = caller.get(URL.format("alpha"), modified_since=before.isoformat())
    assert [item["period"] for item in answer.json()["items"]] == ["M2026-04"]


def test_another_partnership_is_404(world, api, indicators):
    answer = api(world.outsider).get(URL.format("alpha"))
    assert answer.status_code == 404


def test_no_token_is_401(client, world):
    assert client.get(URL.format("alpha")).status_code == 401


def test_reading_takes_the_same_queries_however_many_values(world, api, indicators,
                                                             django_assert_max_num_queries):
    caller = api(world.users["viewer"])
    with django_assert_max_num_queries(12) as few:
        caller.get(URL.format("alpha"))
    make_indicator(world.partnership, owner=world.council, code="AC-2", values=range(40))
    with django_assert_max_num_queries(len(few.captured_queries)):
        answer = caller.get(URL.format("alpha"))
    assert answer.json()["count"] == 43


# Writing


def test_new_rows_are_saved_with_the_api_in_their_history(world, api, indicators):
    council, _ = indicators
    answer = api(world.users["editor"]).post(URL.format("alpha"), {"rows": rows()})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["written"] is True and body["dry_run"] is False
    assert body["counts"] == {"new": 3, "changed": 0, "unchanged": 0, "refused": 0}
    assert [(r["row"], r["period"], r["period_label"], r["outcome"]) for r in body["rows"]] == [
        (1, "2026-04", "April 2026", "new"), (2, "2026-05", "May 2026", "new"),
        (3, "2026-06", "June 2026", "new")]
    assert stored(council)["M2026-05"] == 80
    history = Observation.history.filter(indicator_id=council.pk, period="M2026-05").get()
    assert history.history_user == world.users["editor"]
    assert "API" in history.history_change_reason
    assert Observation.objects.get(indicator=council, period="M2026-05").approved_at is not None


def test_periods_as_files_write_them(world, api, indicators):
    council, _ = indicators
    sent = [{"indicator_code": "AC-1", "period": "July 2026", "value": "85%"},
            {"indicator_code": "AC-1", "period": "2026-08-01", "value": 86}]
    answer = api(world.users["editor"]).post(URL.format("alpha"), {"rows": sent})
    assert answer.status_code == 200, answer.content
    assert stored(council)["M2026-07"] == 85 and stored(council)["M2026-08"] == 86


def test_sending_the_same_rows_again_changes_nothing(world, api, indicators):
    council, _ = indicators
    caller = api(world.users["editor"])
    caller.post(URL.format("alpha"), {"rows": rows()})
    sent = rows()
    sent[1]["value"] = 81
    answer = caller.post(URL.format("alpha"), {"rows": sent})
    assert [r["outcome"] for r in answer.json()["rows"]] == ["unchanged", "changed", "unchanged"]
    assert answer.json()["written"] is True
    unchanged = caller.post(URL.format("alpha"), {"rows": sent}).json()
    assert unchanged["counts"]["unchanged"] == 3 and unchanged["written"] is False
    assert answer.json()["counts"] == {"new": 0, "changed": 1, "unchanged": 2, "refused": 0}
    assert stored(council)["M2026-05"] == 81


def test_one_bad_row_refuses_them_all(world, api, indicators):
    council, _ = indicators
    sent = rows()
    sent[1]["value"] = 150  # more than 100%
    answer = api(world.users["editor"]).post(URL.format("alpha"), {"rows": sent})
    assert answer.status_code == 422
    body = answer.json()
    assert body["counts"]["refused"] == 1
    bad = body["rows"][1]
    assert bad["outcome"] == "refused"
    assert bad["reasons"] == [{"field": "value", "rule": "percentage_range",
                               "message": bad["reasons"][0]["message"]}]
    assert "100%" in bad["reasons"][0]["message"]
    assert [r["outcome"] for r in body["rows"]] == ["new", "refused", "new"]
    assert body["errors"][0]["message"].startswith("Row 2:")
    assert "M2026-04" not in stored(council)


def test_a_dry_run_writes_nothing(world, api, indicators):
    council, _ = indicators
    answer = api(world.users["editor"]).post(URL.format("alpha"),
                                             {"rows": rows(), "dry_run": True})
    assert answer.status_code == 200
    body = answer.json()
    assert body["dry_run"] is True and body["written"] is False
    assert [r["outcome"] for r in body["rows"]] == ["new", "new", "new"]
    assert "M2026-04" not in stored(council)


def test_a_viewer_is_refused_and_nothing_changes(world, api, indicators):
    council, _ = indicators
    answer = api(world.users["viewer"]).post(URL.format("alpha"), {"rows": rows()})
    assert answer.status_code == 403
    assert "M2026-04" not in stored(council)


def test_a_contributor_sends_only_their_organisations_indicators(world, api, indicators):
    council, health = indicators
    caller = api(world.users["contributor"])
    answer = caller.post(URL.format("alpha"), {"rows": rows(code="AC-1") + rows(code="HB-1")})
    assert answer.status_code == 422
    refused = [r for r in answer.json()["rows"] if r["outcome"] == "refused"]
    assert [r["indicator_code"] for r in refused] == ["AC-1"] * 3
    assert "belongs to Alpha Council" in refused[0]["reasons"][0]["message"]
    assert refused[0]["reasons"][0]["field"] == "indicator_code"
    assert stored(health) == {}
    answer = caller.post(URL.format("alpha"), {"rows": rows(code="HB-1")})
    assert answer.status_code == 200
    # A contributor's values wait for an editor's approval, as from the upload page.
    assert not Observation.objects.filter(indicator=health, approved_at__isnull=False).exists()


def test_another_partnerships_indicator_is_unknown(world, api, indicators):
    theirs = make_indicator(world.other_partnership, owner=world.other_council, code="BETA-1")
    answer = api(world.users["editor"]).post(URL.format("alpha"), {"rows": rows(code="BETA-1")})
    assert answer.status_code == 422
    reason = answer.json()["rows"][0]["reasons"][0]
    assert "no indicator with the code 'BETA-1'" in reason["message"]
    assert stored(theirs) == {}


def test_another_partnership_is_404_for_writing(world, api, indicators):
    answer = api(world.outsider).post(URL.format("alpha"), {"rows": rows()})
    assert answer.status_code == 404


def test_a_locked_period_is_refused(world, api, indicators):
    council, _ = indicators
    make_period_lock(world.partnership, locked_through=date(2026, 4, 30))
    answer = api(world.users["editor"]).post(URL.format("alpha"), {"rows": rows()})
    assert answer.status_code == 422
    first = answer.json()["rows"][0]
    assert first["outcome"] == "refused"
    assert first["reasons"][0]["rule"] == "period_locked"
    assert stored(council).keys() == {"M2024-01", "M2024-02", "M2024-03"}


def test_duplicate_rows_are_refused(world, api, indicators):
    answer = api(world.users["editor"]).post(URL.format("alpha"),
                                             {"rows": rows(months=(4, 4))})
    assert answer.status_code == 422
    assert "already in row 1" in answer.json()["rows"][1]["reasons"][0]["message"]


def test_too_many_rows_are_refused_with_a_clear_message(world, api, indicators):
    sent = [{"indicator_code": "AC-1", "period": "2026-04"}] * (MAX_ROWS + 1)
    answer = api(world.users["editor"]).post(URL.format("alpha"), {"rows": sent})
    assert answer.status_code == 422
    error = answer.json()["errors"][0]
    assert error["rule"] == "rows_per_request"
    assert "at most 10,000 rows" in error["message"]


def test_no_rows_are_refused(world, api, indicators):
    answer = api(world.users["editor"]).post(URL.format("alpha"), {"rows": []})
    assert answer.status_code == 422


def test_a_request_not_fitting_the_schema_is_422(world, api, indicators):
    answer = api(world.users["editor"]).post(URL.format("alpha"), {"rows": [{"value": 1}]})
    assert answer.status_code == 422
    assert answer.json()["errors"]


def test_editors_can_create_indicators(world, api, indicators):
    sent = rows(code="NEW-1", title="A new measure")
    answer = api(world.users["contributor"]).post(
        URL.format("alpha"), {"rows": sent, "create_indicators": True})
    assert answer.status_code == 403
    assert not Indicator.objects.filter(code="NEW-1").exists()
    answer = api(world.users["editor"]).post(
        URL.format("alpha"), {"rows": sent, "create_indicators": True})
    assert answer.status_code == 200, answer.content
    assert answer.json()["indicators_created"] == ["NEW-1"]
    created = Indicator.objects.get(partnership=world.partnership, code="NEW-1")
    assert created.title == "A new measure"
    assert Observation.objects.filter(indicator=created).count() == 3


def test_writing_takes_few_queries_however_many_rows(world, api, indicators,
                                                     django_assert_max_num_queries):
    caller = api(world.users["editor"])

    def many(count, year):
        return [{"indicator_code": "AC-1", "period": f"{year + n // 12}-{n % 12 + 1:02d}",
                 "value": 50} for n in range(count)]

    with django_assert_max_num_queries(200) as small:
        assert caller.post(URL.format("alpha"), {"rows": many(50, 1990)}).status_code == 200
    with django_assert_max_num_queries(len(small.captured_queries) + 10):
        assert caller.post(URL.format("alpha"), {"rows": many(200, 2000)}).status_code == 200


@pytest.mark.parametrize("field", ["note", "missing_code", "status", "title", "breakdown",
                                   "period", "indicator_code"])
def test_a_nul_in_any_text_is_refused_and_nothing_changes(world, api, indicators, field):
    # PostgreSQL cannot store a NUL (it answered 500 for a note); a file with one is refused.
    row = {"indicator_code": "AC-1", "period": "2026-04", "value": 50, field: "x\u0000y"}
    editor = api(world.users["editor"])
    before = row_counts()
    answer = editor.post(
        URL.format("alpha"), {"rows": [row], "create_indicators": True})
    assert answer.status_code == 422, answer.content
    assert field in [error["field"].rsplit(".", 1)[-1] for error in answer.json()["errors"]]
    assert row_counts() == before


def test_upsert_rows_itself_refuses_a_nul(world, indicators):
    from django.core.exceptions import ValidationError

    from pif.measures.importing.json_rows import SentRow, upsert_rows
    from pif.partnerships.access import access_for

    editor = world.users["editor"]
    access = access_for(editor, world.partnership)
    with pytest.raises(ValidationError, match="Row 1: the note contains a NUL"):
        upsert_rows(COMMAND_LINE, access, [SentRow("AC-1", "2026-04", value=50, note="a\x00b")])


def test_a_body_too_large_is_413_in_json_and_nothing_changes(world, api, indicators):
    sent = [{"indicator_code": "AC-1", "period": f"{2000 + n // 12}-{n % 12 + 1:02d}",
             "value": 50, "note": "n" * 400} for n in range(8000)]
    editor = api(world.users["editor"])
    before = row_counts()
    answer = editor.post(URL.format("alpha"), {"rows": sent})
    assert answer.status_code == 413
    assert answer["Content-Type"].startswith("application/json")
    assert "larger than 2.5 MB; nothing was changed" in answer.json()["detail"]
    assert row_counts() == before


@pytest.mark.parametrize("value", [True, False])
def test_a_json_boolean_is_not_a_value(world, api, indicators, value):
    council, _ = indicators
    answer = api(world.users["editor"]).post(URL.format("alpha"),
                                             {"rows": rows(months=(4,), value=value)})
    assert answer.status_code == 422
    assert "does not fit the schema" in answer.json()["detail"]
    assert Period.month(2026, 4).key not in stored(council)


def test_whole_and_decimal_numbers_are_still_values(world, api, indicators):
    council, _ = indicators
    sent = rows(months=(4,), value=50) + rows(months=(5,), value=50.5)
    answer = api(world.users["editor"]).post(URL.format("alpha"), {"rows": sent})
    assert answer.status_code == 200, answer.content
    assert stored(council)[Period.month(2026, 5).key] == 50.5


def test_later_rows_of_an_indicator_that_cannot_be_created_point_to_its_first(
        world, api, indicators):
    sent = rows(months=(4, 5, 6)) + rows(code="bad code!", months=(4, 5))
    answer = api(world.users["editor"]).post(
        URL.format("alpha"), {"rows": sent, "create_indicators": True})
    assert answer.status_code == 422
    outcomes = {row["row"]: row for row in answer.json()["rows"]}
    assert "cannot be an indicator code" in outcomes[4]["reasons"][0]["message"]
    assert outcomes[5]["reasons"] == [{"field": "indicator_code", "rule": "",
                                       "message": "bad code! cannot be created: see row 4"}]
    assert outcomes[1]["outcome"] == "new"
