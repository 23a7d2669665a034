"""An action's "show on the public pages" flag: set on the action's form, in the plan's
download and import, and only by an editor on every path (rule "publish_by_editor")."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pif.actors import COMMAND_LINE, Actor
from pif.editing import PROGRAM_CHANGE
from pif.improvement import exporting, importing, notices, rules
from pif.improvement.models import Action
from pif.improvement.services import actions as service
from pif.improvement.testing import make_action

pytestmark = pytest.mark.django_db

# A plan as the download wrote it before the Public column was added.
OLD_HEADER = ("Reference,Title,Description,Owner email,Owning organisation,Lead group,"
              "Start date,Due date,Ongoing,Status,Percent complete,Source,Source detail,"
              "Outcomes,Indicators,Risks")


@pytest.fixture(autouse=True)
def _verbs():
    notices.register()


def rules_refused(call, *args, **kwargs) -> set[str]:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return {e.code for errors in caught.value.error_dict.values() for e in errors}


# The rule ---------------------------------------------------------------------------------

def test_the_rule_lets_an_editor_choose_and_refuses_anyone_else():
    assert rules.check_published_by_editor(changes=True, is_editor=True) == ()
    assert rules.check_published_by_editor(changes=False, is_editor=False) == ()
    [finding] = rules.check_published_by_editor(changes=True, is_editor=False)
    assert (finding.field, finding.rule) == ("published", "publish_by_editor")


# The services -----------------------------------------------------------------------------

def test_an_editor_adds_a_published_action_and_history_names_them(world):
    action = service.create_action(Actor(user=world.editor), world.partnership,
                                   reference="A07", title="Open a clinic",
                                   owner_organisation=world.council, published=True)
    assert Action.objects.get(pk=action.pk).published is True
    assert action.history.latest().history_user == world.editor


def test_a_contributor_may_not_add_a_published_action(world):
    assert rules_refused(service.create_action, Actor(user=world.contributor),
                         world.partnership, reference="A07", title="Open a clinic",
                         owner_organisation=world.health_board,
                         published=True) == {"publish_by_editor"}
    assert not Action.objects.exists()
    # Without the flag the same contributor adds it.
    service.create_action(Actor(user=world.contributor), world.partnership, reference="A07",
                          title="Open a clinic", owner_organisation=world.health_board)
    assert Action.objects.get().published is False


@pytest.mark.parametrize("start, wanted", [(False, True), (True, False)])
def test_a_contributor_may_not_show_or_hide_their_own_action(world, start, wanted):
    action = make_action(world.partnership, world.health_board, published=start)
    action.published = wanted
    assert rules_refused(service.save_action, Actor(user=world.contributor), action,
                         loaded_version=PROGRAM_CHANGE) == {"publish_by_editor"}
    assert Action.objects.get(pk=action.pk).published is start


def test_a_contributor_still_changes_the_rest_of_a_published_action(world):
    action = make_action(world.partnership, world.health_board, published=True)
    action.title = "Open two clinics"
    service.save_action(Actor(user=world.contributor), action, loaded_version=PROGRAM_CHANGE)
    stored = Action.objects.get(pk=action.pk)
    assert (stored.title, stored.published) == ("Open two clinics", True)


def test_an_editor_and_the_command_line_show_and_hide_an_action(world):
    action = make_action(world.partnership, world.health_board)
    action.published = True
    service.save_action(Actor(user=world.editor), action, loaded_version=PROGRAM_CHANGE)
    assert Action.objects.get(pk=action.pk).published is True
    action.published = False
    service.save_action(COMMAND_LINE, action, loaded_version=PROGRAM_CHANGE)
    assert Action.objects.get(pk=action.pk).published is False


# The pages --------------------------------------------------------------------------------

def test_the_editors_form_offers_the_box_and_saves_it(client, world):
    action = make_action(world.partnership, world.health_board)
    client.force_login(world.editor)
    edit = reverse("action_edit", args=["alpha", action.pk])
    text = client.get(edit).content.decode()
    assert 'name="published"' in text
    assert "Show this action&#x27;s progress on the public pages" in text
    response = client.post(edit, {
        "version": action.version, "reference": "A01", "title": action.title,
        "owner_organisation": world.health_board.pk, "source": "outcome_plan",
        "start_date": "2026-04-01", "due_date": "2027-03-31", "published": "on"})
    assert response.status_code == 302, response.content.decode()
    action.refresh_from_db()
    assert action.published is True
    assert action.history.latest().history_user == world.editor


def test_the_action_page_says_whether_it_is_shown(client, world):
    shown = make_action(world.partnership, world.health_board, "A01", published=True)
    hidden = make_action(world.partnership, world.health_board, "A02")
    client.force_login(world.viewer)
    for action, said in ((shown, "Yes: its progress is shown"), (hidden, ">No<")):
        text = client.get(action.get_absolute_url()).content.decode()
        assert "Shown on the public pages" in text
        assert said in text


# Download and import ----------------------------------------------------------------------

def test_the_download_has_a_public_column(client, world):
    make_action(world.partnership, world.health_board, "A01", published=True)
    make_action(world.partnership, world.health_board, "A02")
    client.force_login(world.viewer)
    text = client.get(reverse("actions_export", args=["alpha", "csv"])).content.decode(
        "utf-8-sig")
    import csv

    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header == exporting.HEADERS and "Public" in header
    assert [(r[0], r[header.index("Public")]) for r in rows] == [("A01", "Yes"), ("A02", "No")]


def test_the_download_imports_back_with_the_flag(client, world):
    make_action(world.partnership, world.health_board, "A01", published=True)
    client.force_login(world.editor)
    for fmt in ("csv", "xlsx"):
        content = client.get(reverse("actions_export", args=["alpha", fmt])).content
        checked = importing.check_file(content, f"plan.{fmt}", world.partnership)
        assert checked.ok, [str(p) for p in checked.problems]
        assert checked.rows[0].values["published"] is True
        assert checked.unchanged_count == 1


def test_public_yes_and_no_are_imported(world):
    make_action(world.partnership, world.health_board, "A01", published=True)
    csv = ("Reference,Title,Owning organisation,Public\n"
           "A01,Open a falls prevention clinic,NHSA,No\nA02,Train staff,AC,yes\n")
    checked = importing.check_file(csv.encode(), "plan.csv", world.partnership)
    importing.import_checked(Actor(user=world.editor), checked)
    assert dict(Action.objects.values_list("reference", "published")) == {
        "A01": False, "A02": True}


def test_a_file_from_before_the_public_column_changes_nothing_about_it(world):
    make_action(world.partnership, world.health_board, "A01", published=True)
    csv = (OLD_HEADER + "\n"
           "A01,A new title,,,NHSA,,2026-04-01,2027-03-31,No,On track,10,,,,,\n"
           "A02,Train staff,,,AC,,,,No,,,,,,,\n")
    checked = importing.check_file(csv.encode(), "old-plan.csv", world.partnership)
    assert checked.ok, [str(p) for p in checked.problems]
    assert "Public" not in checked.ignored
    importing.import_checked(Actor(user=world.editor), checked)
    assert dict(Action.objects.values_list("reference", "published")) == {
        "A01": True, "A02": False}
    assert Action.objects.get(reference="A01").title == "A new title"


def test_a_public_cell_that_is_not_yes_or_no_is_refused(world):
    csv = "Reference,Title,Owning organisation,Public\nA02,Train staff,AC,Perhaps\n"
    checked = importing.check_file(csv.encode(), "plan.csv", world.partnership)
    assert not checked.ok
    assert any("“Perhaps” is not Yes or No" in str(p) and "Public" in str(p)
               for p in checked.problems)


def test_a_contributors_import_may_not_show_an_action(world):
    make_action(world.partnership, world.health_board, "A01")
    csv = "Reference,Title,Owning organisation,Public\nA01,Open a clinic,NHSA,Yes\n"
    checked = importing.check_file(csv.encode(), "plan.csv", world.partnership)
    assert checked.ok
    with pytest.raises(importing.ImportRefused) as refused:
        importing.import_checked(Actor(user=world.contributor), checked)
    assert "Only editors can choose whether an action is shown" in str(refused.value)
    assert Action.objects.get().published is False


def test_the_command_line_imports_the_flag(world, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "plan.csv"
    path.write_text("Reference,Title,Owning organisation,Public\nA05,Train staff,AC,Yes\n")
    call_command("import_actions", str(path), "--partnership", "alpha",
                 stdout=io.StringIO())
    assert Action.objects.get(reference="A05").published is True
    assert COMMAND_LINE.is_operator
