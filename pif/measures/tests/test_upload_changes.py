"""The upload preview shows each stored value the file would change: the value stored now and
the new one, with its period and breakdown, read in one query however many rows change."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pif.lib.periods import Period
from pif.measures.models import Breakdown, Observation, Upload
from pif.measures.testing import make_indicator

START = reverse("upload", args=["alpha"])


def preview(client, user, text: str):
    client.force_login(user)
    client.post(START, {"file": SimpleUploadedFile("values.csv", text.encode())})
    return client.get(reverse("upload_preview", args=["alpha", Upload.objects.latest("pk").pk]))


def month_label(year: int, months_on: int) -> str:
    return Period.month(year + months_on // 12, months_on % 12 + 1).label


def change_rows(response) -> list[tuple]:
    return [(c.code, c.period.label, c.breakdown, c.before, c.after)
            for c in response.context["value_changes"]]


@pytest.fixture
def ae(world):
    return make_indicator(world.partnership, owner=world.health_board, code="AE-4HR",
                          values=[90.1, 91.2, 89.5], first_period=Period.month(2024, 1))


def test_the_preview_lists_each_changed_value_stored_and_new(client, world, ae):
    response = preview(client, world.editor, "Indicator,Period,Value\n"
                       "AE-4HR,January 2024,90.1\n"  # unchanged
                       "AE-4HR,February 2024,91.25\n"
                       "AE-4HR,March 2024,..\n"  # now not available
                       "AE-4HR,April 2024,93\n")  # new
    assert change_rows(response) == [
        ("AE-4HR", "February 2024", "", "91.2", "91.25"),
        ("AE-4HR", "March 2024", "", "89.5", "Missing (..)")]
    text = response.content.decode()
    assert "Values that would change" in text
    table = text.split("Values that would change", 1)[1].split("</table>", 1)[0]
    assert ">91.2<" in table and ">91.25<" in table and "February 2024" in table
    assert "January 2024" not in table and "April 2024" not in table


def test_a_changed_value_names_its_breakdown(client, world, ae):
    area = Breakdown.objects.create(partnership=world.partnership, name="Arden")
    observation = Observation(indicator=ae, breakdown=area, value=40,
                              approved_at=ae.observations.first().approved_at)
    observation.set_period(Period.month(2024, 1))
    observation.save()
    response = preview(client, world.editor, "Indicator,Period,Breakdown,Value\n"
                       "AE-4HR,January 2024,Arden,42\nAE-4HR,January 2024,,90.1\n")
    assert change_rows(response) == [("AE-4HR", "January 2024", "Arden", "40", "42")]


def test_a_file_that_changes_nothing_says_so(client, world, ae):
    response = preview(client, world.editor, "Indicator,Period,Value\nAE-4HR,January 2024,90.1\n")
    assert change_rows(response) == []
    assert "No value already stored would change" in response.content.decode()


def test_the_preview_reads_stored_values_in_one_query_however_many_change(client, world):
    indicator = make_indicator(world.partnership, owner=world.health_board, code="MANY",
                               values=[50.0] * 30, first_period=Period.month(2022, 1))
    assert indicator.observations.count() == 30

    def queries_for(months: int) -> int:
        rows = "".join(f"MANY,{month_label(2022, n)},51\n" for n in range(months))
        client.force_login(world.editor)
        client.post(START, {"file": SimpleUploadedFile("v.csv", f"Indicator,Period,Value\n{rows}"
                                                        .encode())})
        url = reverse("upload_preview", args=["alpha", Upload.objects.latest("pk").pk])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert len(response.context["value_changes"]) == months
        return len(queries)

    assert queries_for(2) == queries_for(30)


def test_changes_not_known_now_are_not_said_to_be_none(client, world, ae, monkeypatch):
    from pif.measures.importing import uploads
    from pif.measures.rules import Finding, ObservationRefused

    def refused(rows, *, approve):
        raise ObservationRefused({0: (Finding("value", "Refused now", "test"),)})

    monkeypatch.setattr(uploads, "stored_changes", refused)
    response = preview(client, world.editor, "Indicator,Period,Value\nAE-4HR,January 2024,90\n")
    assert response.context["value_changes"] == []
    text = response.content.decode()
    assert "No value already stored would change" not in text
    assert "Values that would change" not in text


def test_a_changed_value_is_written_as_the_grid_shows_it(client, world):
    make_indicator(world.partnership, owner=world.health_board, code="BIG", unit="count",
                   values=[1234.0], first_period=Period.month(2024, 1))
    response = preview(client, world.editor, "Indicator,Period,Value\nBIG,January 2024,12345\n")
    assert change_rows(response) == [("BIG", "January 2024", "", "1234", "12345")]
