"""The action plan downloaded as CSV or Excel: every column needed to import it back, the
list's filters, formula-safe cells, a fixed number of queries."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from pif.actors import Actor
from pif.improvement import exporting, importing, notices
from pif.improvement.testing import make_action
from pif.measures.testing import make_indicator
from pif.outcomes.testing import make_group, make_outcome, make_risk


@pytest.fixture(autouse=True)
def _verbs():
    notices.register()


def url(fmt="csv", short_name="alpha"):
    return reverse("actions_export", args=[short_name, fmt])


def rows_of(response) -> list[list[str]]:
    import csv

    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def linked(world):
    outcome = make_outcome(world.partnership, "Fewer falls", code="LO1")
    group = make_group(world.partnership, "Falls Group")
    indicator = make_indicator(world.partnership, owner=world.health_board, code="AE")
    risk = make_risk(world.partnership, world.council, "R01")
    action = make_action(world.partnership, world.health_board, "A01", owner=world.contributor,
                         lead_group=group, description="=HYPERLINK(\"http://evil\")",
                         due_date=datetime.date(2020, 1, 1), start_date=datetime.date(2019, 1, 1),
                         status="on_track", percent_complete=30, source="audit",
                         source_detail="Report 3", last_progress_on=datetime.date(2019, 6, 1))
    action.outcomes.set([outcome])
    action.indicators.set([indicator])
    action.risks.set([risk])
    return action


def test_every_column_a_person_needs(client, world, linked):
    client.force_login(world.viewer)
    response = client.get(url())
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="alpha-actions.csv"'
    header, row = rows_of(response)
    assert header == exporting.HEADERS
    values = dict(zip(header, row, strict=True))
    assert values["Reference"] == "A01"
    assert values["Owner email"] == "contributor@alpha.test"
    assert values["Owning organisation"] == "NHSA"
    assert values["Lead group"] == "Falls Group"
    assert (values["Start date"], values["Due date"]) == ("2019-01-01", "2020-01-01")
    assert (values["Status"], values["Percent complete"], values["Source"]) == (
        "On track", "30", "An audit or inspection recommendation")
    assert (values["Outcomes"], values["Outcome titles"], values["Indicators"],
            values["Risks"]) == ("LO1", "Fewer falls", "AE", "R01")
    assert values["Last update"] == "2019-06-01"
    assert (values["Overdue"], values["Stale"]) == ("Yes", "Yes")


def test_text_that_looks_like_a_formula_is_made_safe(client, world, linked):
    client.force_login(world.viewer)
    header, row = rows_of(client.get(url()))
    assert row[header.index("Description")] == "'=HYPERLINK(\"http://evil\")"
    workbook = load_workbook(io.BytesIO(client.get(url("xlsx")).content))
    cells = [c.value for c in next(workbook.active.iter_rows(min_row=2, max_row=2))]
    assert cells[2] == "'=HYPERLINK(\"http://evil\")"


def test_the_export_imports_back_unchanged(client, world, linked):
    client.force_login(world.editor)
    for fmt in ("csv", "xlsx"):
        content = client.get(url(fmt)).content
        checked = importing.check_file(content, f"plan.{fmt}", world.partnership)
        assert checked.ok, [str(p) for p in checked.problems]
        row = checked.rows[0]
        assert row.values["description"] == "=HYPERLINK(\"http://evil\")"
        assert row.values["due_date"] == datetime.date(2020, 1, 1)
        assert row.links["outcomes"] == [linked.outcomes.get()]
        importing.import_checked(Actor(user=world.editor), checked)
    linked.refresh_from_db()
    assert linked.title == "Open a falls prevention clinic"


def test_the_lists_filters_apply(client, world, linked):
    make_action(world.partnership, world.council, "A02", status="complete")
    client.force_login(world.viewer)
    assert [r[0] for r in rows_of(client.get(url()))[1:]] == ["A01", "A02"]
    filtered = client.get(url() + "?status=complete")
    assert [r[0] for r in rows_of(filtered)[1:]] == ["A02"]
    odd = client.get(url() + "?status=%00nonsense&due_after=99999-1-1&outcome=abc")
    assert odd.status_code in (200, 404)


@pytest.mark.parametrize("who, status", [("outsider", 404), ("viewer", 200)])
def test_only_members_may_download(client, world, linked, who, status):
    client.force_login(world.outsider if who == "outsider" else world.viewer)
    assert client.get(url()).status_code == status


def test_another_partnerships_actions_are_not_in_it(client, world, linked):
    make_action(world.other_partnership, world.other_council, "B01")
    client.force_login(world.viewer)
    assert [r[0] for r in rows_of(client.get(url()))[1:]] == ["A01"]


def test_an_unknown_format_is_not_found(client, world):
    client.force_login(world.viewer)
    assert client.get(url("pdf")).status_code == 404


def test_a_download_only_answers_reads(client, world):
    client.force_login(world.editor)
    assert client.post(url()).status_code == 405


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
