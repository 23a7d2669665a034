"""Importing an action plan from CSV or Excel: every row checked, all or nothing."""

import datetime
import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from pif.actors import Actor
from pif.improvement import importing, notices
from pif.improvement.models import Action
from pif.improvement.testing import make_action
from pif.measures.testing import make_indicator
from pif.outcomes.testing import make_group, make_outcome, make_risk
from pif.partnerships.models import Event

HEADER = ("Reference,Title,Description,Owner email,Owning organisation,Lead group,Start date,"
          "Due date,Ongoing,Status,Percent complete,Source,Source detail,Outcomes,Indicators,"
          "Risks")
GOOD = ("A10,Open a falls clinic,Weekly clinic,contributor@alpha.test,NHSA,Falls Group,"
        "2026-04-01,31/03/2027,No,On track,40,An audit or inspection recommendation,"
        "Care Inspectorate 2026,LO1,AE;HOMES,R01")


@pytest.fixture(autouse=True)
def _verbs():
    notices.register()


@pytest.fixture
def plan(world):
    make_outcome(world.partnership, "Fewer falls", code="LO1")
    make_group(world.partnership, "Falls Group")
    make_indicator(world.partnership, owner=world.health_board, code="AE")
    make_indicator(world.partnership, owner=world.council, code="HOMES")
    make_risk(world.partnership, world.council, "R01")
    return world


def csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def check(world, content: bytes, filename="plan.csv"):
    return importing.check_file(content, filename, world.partnership)


def only_problem(checked):
    assert len(checked.problems) == 1, [str(p) for p in checked.problems]
    return checked.problems[0]


def test_a_good_row_is_checked_and_imported(plan):
    checked = check(plan, csv(GOOD))
    assert checked.ok, [str(p) for p in checked.problems]
    result = importing.import_checked(Actor(user=plan.editor), checked)
    assert (result.created, result.changed) == (1, 0)
    action = Action.objects.get(partnership=plan.partnership, reference="A10")
    assert action.owner == plan.contributor
    assert action.owner_organisation == plan.health_board
    assert action.lead_group.name == "Falls Group"
    assert (action.start_date, action.due_date) == (datetime.date(2026, 4, 1),
                                                    datetime.date(2027, 3, 31))
    assert (action.status, action.percent_complete, action.source) == ("on_track", 40, "audit")
    assert [o.code for o in action.outcomes.all()] == ["LO1"]
    assert sorted(i.code for i in action.indicators.all()) == ["AE", "HOMES"]
    assert [r.reference for r in action.risks.all()] == ["R01"]
    assert action.history.latest().history_user == plan.editor
    assert Event.objects.filter(verb="actions_imported", actor=plan.editor).exists()


@pytest.mark.parametrize("row, column, words", [
    (GOOD.replace("NHSA", "NOPE"), '"Owning organisation"', "no organisation with the code"),
    (GOOD.replace("contributor@alpha.test", "stranger@nowhere.test"), '"Owner email"',
     "is not a member"),
    (GOOD.replace(",LO1,", ",LO9,"), '"Outcomes"', "no outcome code LO9"),
    (GOOD.replace("AE;HOMES", "AE;ZZZ"), '"Indicators"', "no indicator code ZZZ"),
    (GOOD.replace(",R01", ",R99"), '"Risks"', "no risk reference R99"),
    (GOOD.replace("2026-04-01", "1st April"), '"Start date"', "is not a date"),
    (GOOD.replace("31/03/2027", "31/02/2027"), '"Due date"', "is not a date"),
    (GOOD.replace("31/03/2027", "01/03/2026"), '"Due date"',
     "after the start date (start 1 April 2026, due 1 March 2026)"),
    (GOOD.replace(",40,", ",140,"), '"Percent complete"', "out of range"),
    (GOOD.replace(",40,", ",-1,"), '"Percent complete"', "out of range"),
    (GOOD.replace(",40,", ",forty,"), '"Percent complete"', "not a whole number"),
    (GOOD.replace("On track", "Going well"), '"Status"', "is not a status"),
    (GOOD.replace("An audit or inspection recommendation", "Gossip"), '"Source"',
     "is not a source"),
    (GOOD.replace("Falls Group", "Nobody's Group"), '"Lead group"', "no group called"),
    (GOOD.replace(",No,", ",Perhaps,"), '"Ongoing"', "is not Yes or No"),
    (GOOD.replace(",No,", ",Yes,"), '"Due date"', "no due date"),
    (GOOD.replace("Open a falls clinic", ""), '"Title"', "Enter the action's title"),
    (GOOD.replace("A10,", ",", 1), '"Reference"', "Enter the action's reference"),
])
def test_each_refusal_names_row_column_and_why(plan, row, column, words):
    problem = only_problem(check(plan, csv(GOOD.replace("A10", "A11"), row)))
    assert problem.row == 3
    assert problem.column == column
    assert words in problem.message


def test_words_and_values_of_status_and_source_are_accepted_in_any_case(plan):
    row = GOOD.replace("On track", "AT_RISK").replace(
        "An audit or inspection recommendation", "self assessment")
    checked = check(plan, csv(row))
    assert checked.ok, [str(p) for p in checked.problems]
    assert checked.rows[0].values["status"] == "at_risk"
    assert checked.rows[0].values["source"] == "self_assessment"


def test_one_bad_row_imports_nothing(plan):
    before = Action.objects.count()
    checked = check(plan, csv(GOOD, GOOD.replace("A10", "A11").replace("NHSA", "NOPE")))
    assert not checked.ok
    with pytest.raises(importing.ImportRefused):
        importing.import_checked(Actor(user=plan.editor), checked)
    assert Action.objects.count() == before


def test_a_row_the_model_refuses_at_writing_undoes_every_row(plan):
    """A rule only the service knows still refuses the whole file."""
    checked = check(plan, csv(GOOD, GOOD.replace("A10", "A11")))
    assert checked.ok
    checked.rows[1].values["title"] = "x" * 300  # past the check, as if it changed
    with pytest.raises(importing.ImportRefused) as refused:
        importing.import_checked(Actor(user=plan.editor), checked)
    assert refused.value.problems[0].row == 3
    assert not Action.objects.filter(reference__in=["A10", "A11"]).exists()


def test_a_reference_held_twice_in_the_file_is_refused(plan):
    problem = only_problem(check(plan, csv(GOOD, GOOD)))
    assert (problem.row, problem.column) == (3, '"Reference"')
    assert "Row 2 has the reference A10 too" in problem.message


def test_an_existing_reference_changes_that_action_and_keeps_history(plan):
    action = make_action(plan.partnership, plan.council, reference="A10", title="Old title",
                         description="Kept")
    version = action.version
    checked = check(plan, csv("A10,New title,AC", header="Reference,Title,Owning organisation"))
    assert checked.ok and checked.changed_count == 1 and checked.new_count == 0
    result = importing.import_checked(Actor(user=plan.editor), checked)
    assert (result.created, result.changed) == (0, 1)
    action.refresh_from_db()
    assert action.title == "New title"
    assert action.description == "Kept"  # a column left out is left alone
    assert action.version == version + 1
    assert action.history.count() == 2
    assert action.history.latest().history_user == plan.editor
    assert Action.objects.filter(partnership=plan.partnership).count() == 1


def test_a_changed_action_keeps_its_dates_for_the_date_rules(plan):
    make_action(plan.partnership, plan.council, reference="A10",
                start_date=datetime.date(2026, 6, 1), due_date=None)
    problem = only_problem(check(plan, csv("A10,T,AC,01/05/2026", header=(
        "Reference,Title,Owning organisation,Due date"))))
    assert problem.column == '"Due date"' and "after the start date" in problem.message


def test_another_partnerships_action_with_the_same_reference_is_not_changed(plan):
    theirs = make_action(plan.other_partnership, plan.other_council, reference="A10")
    checked = check(plan, csv(GOOD))
    assert checked.new_count == 1
    importing.import_checked(Actor(user=plan.editor), checked)
    theirs.refresh_from_db()
    assert theirs.title == "Open a falls prevention clinic"


def test_another_partnerships_codes_are_unknown(plan):
    make_indicator(plan.other_partnership, owner=plan.other_council, code="BETA")
    problem = only_problem(check(plan, csv(GOOD.replace("AE;HOMES", "BETA"))))
    assert "no indicator code BETA" in problem.message


def test_a_file_without_the_needed_columns_is_refused(plan):
    problem = only_problem(check(plan, csv("A10,T", header="Reference,Title")))
    assert "no Owning organisation column" in problem.message


def test_an_excel_file_with_real_dates_is_read(plan):
    book = Workbook()
    sheet = book.active
    sheet.append(["Reference", "Title", "Owning organisation", "Start date", "Due date",
                  "Percent complete"])
    sheet.append(["A20", "=HYPERLINK(\"x\")", "AC", datetime.datetime(2026, 4, 1),
                  datetime.date(2026, 9, 30), 25])
    sheet["B2"].value = "'=HYPERLINK(\"x\")"  # as the export writes it
    stream = io.BytesIO()
    book.save(stream)
    checked = check(plan, stream.getvalue(), "plan.xlsx")
    assert checked.ok, [str(p) for p in checked.problems]
    row = checked.rows[0]
    assert row.values["title"] == '=HYPERLINK("x")'
    assert row.values["start_date"] == datetime.date(2026, 4, 1)
    assert row.values["percent_complete"] == 25


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02", b"PK\x03\x04broken", b"\xff\xfe" * 9,
                                     b"Reference\n", b"Reference,Title\n\"A1,unclosed"])
def test_odd_files_are_refused_in_words(plan, content):
    checked = check(plan, content)
    assert not checked.ok
    assert checked.problems and all(p.message for p in checked.problems)


def test_the_token_carries_the_rows_and_refuses_tampering(plan):
    checked = check(plan, csv(GOOD))
    again = importing.check_token(checked.token(), plan.partnership)
    assert again.ok and again.rows[0].reference == "A10"
    assert importing.check_token(checked.token() + "x", plan.partnership) is None
    assert importing.check_token(checked.token(), plan.other_partnership) is None


# The pages ---------------------------------------------------------------------------

def upload(client, world, content: bytes, name="plan.csv"):
    return client.post(reverse("actions_import", args=[world.partnership.short_name]),
                       {"file": _file(content, name)})


def _file(content, name):
    from django.core.files.uploadedfile import SimpleUploadedFile
    return SimpleUploadedFile(name, content)


def test_upload_previews_then_imports_on_confirm(client, plan):
    client.force_login(plan.editor)
    page = upload(client, plan, csv(GOOD))
    assert page.status_code == 200
    assert b"Check plan.csv before importing it" in page.content
    assert not Action.objects.filter(reference="A10").exists()
    token = page.context["token"]
    done = client.post(reverse("actions_import", args=["alpha"]), {"token": token})
    assert done.status_code == 302
    assert Action.objects.get(reference="A10").history.latest().history_user == plan.editor


def test_upload_with_a_bad_row_lists_it_and_imports_nothing(client, plan):
    client.force_login(plan.editor)
    page = upload(client, plan, csv(GOOD, GOOD.replace("A10", "A11").replace("NHSA", "NOPE")))
    assert page.status_code == 200
    text = page.content.decode()
    assert "nothing has been imported" in text
    assert "no organisation with the code or name “NOPE”" in text
    assert "use one of AC (Alpha Council), NHSA (NHS Alpha)" in text
    assert page.context["token"] == ""
    assert Action.objects.filter(partnership=plan.partnership).count() == 0


def test_a_tampered_token_imports_nothing(client, plan):
    client.force_login(plan.editor)
    response = client.post(reverse("actions_import", args=["alpha"]), {"token": "nonsense"})
    assert response.status_code == 302
    assert not Action.objects.exists()


def test_an_empty_post_shows_the_form_again(client, plan):
    client.force_login(plan.editor)
    response = client.post(reverse("actions_import", args=["alpha"]), {})
    assert response.status_code == 200
    assert b"Select a CSV or Excel file" in response.content


@pytest.mark.parametrize("role, status", [("viewer", 403), ("contributor", 403),
                                          ("editor", 200), ("admin", 200), ("outsider", 404)])
def test_only_editors_may_import(client, plan, role, status):
    client.force_login(plan.users[role] if role != "outsider" else plan.outsider)
    assert client.get(reverse("actions_import", args=["alpha"])).status_code == status
    response = upload(client, plan, csv(GOOD))
    assert response.status_code == status
    assert not Action.objects.exists()


def test_a_contributor_cannot_confirm_a_token_either(client, plan):
    checked = check(plan, csv(GOOD))
    client.force_login(plan.contributor)
    response = client.post(reverse("actions_import", args=["alpha"]), {"token": checked.token()})
    assert response.status_code == 403
    assert not Action.objects.exists()


# The command line --------------------------------------------------------------------

def test_the_command_imports_a_good_file(plan, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(csv(GOOD))
    out = StringIO()
    call_command("import_actions", str(path), "--partnership", "alpha", stdout=out)
    assert "1 action added and 0 changed" in out.getvalue()
    action = Action.objects.get(reference="A10")
    assert action.history.latest().history_change_reason == "Changed through command line"


def test_the_command_refuses_a_bad_file_with_its_problems(plan, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(csv(GOOD, GOOD.replace("A10", "A11").replace("NHSA", "NOPE")))
    with pytest.raises(CommandError) as refused:
        call_command("import_actions", str(path), "--partnership", "alpha", stdout=StringIO(),
                     stderr=StringIO())
    assert 'Row 3, column "Owning organisation"' in str(refused.value)
    assert not Action.objects.exists()


def test_the_command_exits_non_zero_on_a_bad_file(plan, tmp_path):
    from pif import cli

    path = tmp_path / "plan.csv"
    path.write_bytes(csv(GOOD.replace("NHSA", "NOPE")))
    with pytest.raises(SystemExit) as caught:
        cli.main(["pif", "import_actions", str(path), "--partnership", "alpha"])
    assert caught.value.code != 0
    assert not Action.objects.exists()


def test_checking_takes_a_fixed_number_of_queries(plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(n):
        rows = [GOOD.replace("A10", f"N{n}-{i}") for i in range(n)]
        for i in range(0, n, 2):
            make_action(plan.partnership, plan.council, reference=f"N{n}-{i}")
        with CaptureQueriesContext(connection) as queries:
            checked = check(plan, csv(*rows))
        assert checked.ok and checked.changed_count == (n + 1) // 2
        return len(queries)

    assert count(3) == count(30)


def test_rows_as_the_export_wrote_them_change_nothing(plan):
    action = make_action(plan.partnership, plan.council, reference="A10", title="Same")
    checked = check(plan, csv("A10,Same,AC", header="Reference,Title,Owning organisation"))
    assert (checked.new_count, checked.changed_count, checked.unchanged_count) == (0, 0, 1)
    result = importing.import_checked(Actor(user=plan.editor), checked)
    assert result.describe() == "0 actions added and 0 changed (1 already as the file has them)"
    assert action.history.count() == 1


def test_an_import_does_not_complete_or_reopen_an_action(plan):
    make_action(plan.partnership, plan.council, reference="A20", status="complete")
    header = "Reference,Title,Owning organisation,Status"
    problem = only_problem(check(plan, csv("A10,T,AC,Complete", header=header)))
    assert problem.column == '"Status"' and "does not complete or cancel" in problem.message
    problem = only_problem(check(plan, csv("A20,T,AC,On track", header=header)))
    assert "does not reopen it" in problem.message
    assert check(plan, csv("A20,New title,AC,Complete", header=header)).ok


def test_a_new_or_changed_owner_is_emailed(plan, django_capture_on_commit_callbacks):
    from django.core import mail

    make_action(plan.partnership, plan.council, reference="A20", owner=plan.editor)
    header = "Reference,Title,Owning organisation,Owner email"
    checked = check(plan, csv("A10,T,AC,contributor@alpha.test", "A20,T,AC,admin@alpha.test",
                              header=header))
    with django_capture_on_commit_callbacks(execute=True):
        importing.import_checked(Actor(user=plan.editor), checked)
    assert sorted(m.to[0] for m in mail.outbox) == ["admin@alpha.test",
                                                    "contributor@alpha.test"]


def test_a_file_too_large_to_carry_to_the_confirm_page_is_refused_in_words(client, plan,
                                                                          monkeypatch):
    from pif.improvement.views import action_io

    monkeypatch.setattr(action_io, "TOKEN_ROOM", 50)
    client.force_login(plan.editor)
    page = upload(client, plan, csv(GOOD))
    assert page.context["token"] == ""
    assert "import it with pif import_actions" in page.content.decode()


def test_confirming_twice_adds_nothing_the_second_time(client, plan):
    client.force_login(plan.editor)
    token = upload(client, plan, csv(GOOD)).context["token"]
    client.post(reverse("actions_import", args=["alpha"]), {"token": token})
    action = Action.objects.get(partnership=plan.partnership)
    history = action.history.count()
    client.post(reverse("actions_import", args=["alpha"]), {"token": token})
    assert Action.objects.filter(partnership=plan.partnership).count() == 1
    assert action.history.count() == history
    assert Event.objects.filter(verb="actions_imported").count() == 2
    assert Event.objects.filter(verb="actions_imported").first().description == (
        "Actions imported from plan.csv: 0 actions added and 0 changed "
        "(1 already as the file has them)")
