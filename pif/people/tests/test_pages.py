"""The stage 4 pages for each role: what they show, what they save, and who is refused."""

import datetime

import pytest
from django.urls import reverse

from pif.actors import Actor
from pif.measures.models import Indicator
from pif.people import models as m
from pif.people import services
from pif.people.testing import (
    keep_personal_records,
    levels_of,
    make_activity,
    make_count,
    make_record,
)

pytestmark = pytest.mark.django_db


def url(name, *args, short_name="alpha"):
    return reverse(name, args=[short_name, *args])


def signed_in(client, world, role):
    client.force_login(world.users[role] if role != "outsider" else world.outsider)
    return client


def test_people_page_shows_capability_learning_and_engagement(client, world):
    foundation = levels_of(world.partnership)[1]
    make_count(world.partnership, world.council, foundation, 40, datetime.date(2026, 3, 31))
    make_count(world.partnership, world.council, foundation, 55, datetime.date(2026, 9, 30))
    make_count(world.partnership, world.health_board, foundation, 7, datetime.date(2026, 9, 30))
    make_activity(world.partnership, "Run charts for beginners", participants=12,
                  start_date=datetime.date(2026, 5, 1))
    services.add_staff_engagement_indicators(services.Actor(user=world.editor),
                                             world.partnership, owner=world.health_board)
    html = signed_in(client, world, "viewer").get(url("people")).content.decode()
    assert "Board members" in html and "Lead Practitioner" in html
    assert "55 <span class=\"govuk-body-s\">(up 15)</span>" in html
    assert "62" in html  # 55 + 7 at Foundation, all organisations
    assert "Run charts for beginners" in html
    assert "iMatter Employee Engagement Index" in html and "No data" in html
    assert "Enter capability counts" not in html  # a viewer cannot


def test_the_people_page_says_shared_count_dates_once_for_a_board_member(client, world):
    foundation = levels_of(world.partnership)[1]
    for organisation in world.partnership.organisations.all():
        make_count(world.partnership, organisation, foundation, 40, datetime.date(2025, 9, 30))
        make_count(world.partnership, organisation, foundation, 55, datetime.date(2026, 9, 30))
    html = signed_in(client, world, "viewer").get(url("people")).content.decode()
    assert ("Counted on 30 September 2026; the changes are since the count on "
            "30 September 2025.") in html
    assert "Counted on</th>" not in html and "before:" not in html
    make_count(world.partnership, world.council, foundation, 60, datetime.date(2026, 10, 31))
    html = client.get(url("people")).content.decode()
    assert "Counted on</th>" in html  # the dates differ: each row says its own
    assert "compared with 30 September 2026" in html


def test_the_people_page_says_what_the_year_and_the_signal_mean(client, world):
    for n in range(12):
        make_activity(world.partnership, f"Course {n}", start_date=datetime.date(2026, 5, 1))
    html = signed_in(client, world, "viewer").get(url("people")).content.decode()
    assert "the financial year from 1 April 2026 to 31 March 2027" in html
    assert "The 10 most recent:" in html
    services.add_staff_engagement_indicators(Actor(user=world.editor), world.partnership,
                                             owner=world.health_board)
    html = client.get(url("people")).content.decode()
    assert "changed by more than their usual ups and downs" in html


def test_the_people_page_offers_each_role_only_what_it_can_do(client, world):
    html = signed_in(client, world, "contributor").get(url("people")).content.decode()
    assert url("capability") in html
    assert url("staff_engagement_template") not in html
    assert url("people_settings") not in html
    html = signed_in(client, world, "admin").get(url("people")).content.decode()
    assert url("people_settings") in html and url("staff_engagement_template") in html


def test_outsiders_get_404_for_the_partnerships_people_pages(client, world):
    activity = make_activity(world.partnership)
    signed_in(client, world, "outsider")
    for address in (url("people"), url("learning"), url("learning_edit", activity.pk),
                    url("capability")):
        assert client.get(address).status_code == 404
    assert client.post(url("learning_delete", activity.pk)).status_code == 404
    assert m.LearningActivity.objects.filter(pk=activity.pk).exists()


def test_another_partnerships_activity_is_a_404(client, world):
    theirs = make_activity(world.other_partnership, "Theirs")
    signed_in(client, world, "editor")
    assert client.get(url("learning_edit", theirs.pk)).status_code == 404
    assert client.post(url("learning_delete", theirs.pk)).status_code == 404


def activity_post(world, **changes):
    data = {"title": "Measurement for improvement", "kind": "workshop",
            "audience": "Team leaders", "start_date": "2026-06-01", "end_date": "",
            "participants": "14", "organisations": [world.council.pk], "description": ""}
    data.update(changes)
    return data


def test_an_editor_adds_changes_and_deletes_a_learning_activity(client, world):
    signed_in(client, world, "editor")
    response = client.post(url("learning_add"), activity_post(world))
    assert response.status_code == 302
    activity = m.LearningActivity.objects.get(partnership=world.partnership)
    assert list(activity.organisations.all()) == [world.council]
    assert activity.history.latest().history_user == world.editor
    response = client.post(url("learning_edit", activity.pk),
                           activity_post(world, title="Measurement, again", version=1))
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Measurement, again" and activity.version == 2
    assert client.post(url("learning_delete", activity.pk)).status_code == 302
    assert not m.LearningActivity.objects.filter(pk=activity.pk).exists()


def test_a_stale_learning_edit_is_refused_and_says_what_changed(client, world):
    activity = make_activity(world.partnership, "Old title")
    signed_in(client, world, "editor")
    client.post(url("learning_edit", activity.pk), activity_post(world, title="First",
                                                                   version=1))
    response = client.post(url("learning_edit", activity.pk),
                           activity_post(world, title="Second", version=1))
    assert response.status_code == 200
    assert "while you were editing" in response.content.decode() or \
        "another tab" in response.content.decode()
    activity.refresh_from_db()
    assert activity.title == "First"


def test_an_activity_ending_before_it_starts_is_refused_on_the_form(client, world):
    signed_in(client, world, "editor")
    response = client.post(url("learning_add"), activity_post(world, end_date="2026-05-01"))
    assert response.status_code == 200
    assert "must be the same as or after the start date" in response.content.decode()
    assert not m.LearningActivity.objects.exists()


def test_a_contributor_cannot_add_learning(client, world):
    signed_in(client, world, "contributor")
    assert client.post(url("learning_add"), activity_post(world)).status_code == 403
    assert not m.LearningActivity.objects.exists()


@pytest.mark.parametrize("odd", [
    {}, {"title": "x" * 5000}, {"participants": "99999999999999"}, {"participants": "-3"},
    {"start_date": "2026-02-31"}, {"start_date": "\x00"}, {"organisations": ["abc"]},
    {"organisations": ["999999"]}, {"outcomes": ["0"]}, {"projects": ["-1"]},
])
def test_odd_learning_posts_are_refused_without_a_server_error(client, world, odd):
    signed_in(client, world, "editor")
    data = activity_post(world)
    data.update(odd)
    if not odd:
        data = {}
    response = client.post(url("learning_add"), data)
    assert response.status_code in (200, 400)
    assert not m.LearningActivity.objects.exists()


def test_odd_ids_are_not_found(client, world):
    signed_in(client, world, "admin")
    assert client.get(f"/p/alpha/people/learning/{2**63}/").status_code == 404
    assert client.get(f"/p/alpha/people/capability/levels/{2**40}/").status_code == 404
    assert client.get("/p/alpha/people/learning/export.pdf").status_code == 404


def test_learning_downloads_as_csv(client, world):
    make_activity(world.partnership, "=SUM(A1)", participants=3)
    response = signed_in(client, world, "viewer").get(url("learning_export", "csv"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Title or topic" in text and "'=SUM(A1)" in text


# Capability counts


def grid_page(client, date="2026-09-30"):
    return client.get(url("capability"), {"counted_on": date})


def grid_post(response, **cells):
    form = response.context["form"]
    data = {"counted_on": form.initial["counted_on"].isoformat(),
            "loaded": form.initial["loaded"]}
    for name in form.fields:
        if name.startswith("count_"):
            value = form.initial.get(name)
            data[name] = "" if value is None else str(value)
    data.update(cells)
    return data


def cell(organisation, level):
    return f"count_{organisation.pk}_{level.pk}"


def test_an_editor_enters_counts_for_every_organisation(client, world):
    board, foundation = levels_of(world.partnership)[:2]
    signed_in(client, world, "editor")
    page = grid_page(client)
    data = grid_post(page, **{cell(world.council, board): "4",
                              cell(world.health_board, foundation): "120"})
    response = client.post(url("capability") + "?counted_on=2026-09-30", data)
    assert response.status_code == 302
    stored = {(c.organisation_id, c.level_id): c.people for c in m.CapabilityCount.objects.all()}
    assert stored == {(world.council.pk, board.pk): 4,
                      (world.health_board.pk, foundation.pk): 120}
    assert m.CapabilityCount.history.latest().history_user == world.editor
    html = grid_page(client).content.decode()
    assert 'value="120"' in html  # the stored values are shown


def test_counts_are_all_or_nothing(client, world):
    board, foundation = levels_of(world.partnership)[:2]
    signed_in(client, world, "editor")
    data = grid_post(grid_page(client), **{cell(world.council, board): "4",
                                           cell(world.health_board, foundation): "-1"})
    response = client.post(url("capability"), data)
    assert response.status_code == 200
    assert "enter 0 or more" in response.content.decode()
    assert not m.CapabilityCount.objects.exists()


def test_a_contributor_counts_only_for_their_own_organisation(client, world):
    board = levels_of(world.partnership)[0]
    signed_in(client, world, "contributor")
    page = grid_page(client)
    fields = [name for name in page.context["form"].fields if name.startswith("count_")]
    assert all(name.startswith(f"count_{world.health_board.pk}_") for name in fields)
    data = grid_post(page, **{cell(world.health_board, board): "3",
                              cell(world.council, board): "99"})  # not theirs: ignored
    assert client.post(url("capability"), data).status_code == 302
    assert [(c.organisation_id, c.people) for c in m.CapabilityCount.objects.all()] == [
        (world.health_board.pk, 3)]


def test_a_viewer_cannot_enter_counts(client, world):
    signed_in(client, world, "viewer")
    assert client.get(url("capability")).status_code == 403
    assert client.post(url("capability"), {}).status_code == 403


def test_counts_saved_meanwhile_are_not_overwritten(client, world):
    board = levels_of(world.partnership)[0]
    signed_in(client, world, "editor")
    page = grid_page(client)
    make_count(world.partnership, world.council, board, 5)  # someone else, meanwhile
    data = grid_post(page, **{cell(world.council, board): "6"})
    response = client.post(url("capability"), data)
    assert response.status_code == 200
    assert "Someone else saved counts for this date" in response.content.decode()
    assert m.CapabilityCount.objects.get().people == 5


def test_a_future_or_odd_count_date_is_refused(client, world):
    signed_in(client, world, "editor")
    board = levels_of(world.partnership)[0]
    data = grid_post(grid_page(client), **{cell(world.council, board): "1"})
    for date in ("2999-01-01", "yesterday", ""):
        data["counted_on"] = date
        assert client.post(url("capability"), data).status_code == 200
    assert not m.CapabilityCount.objects.exists()
    assert grid_page(client, "2026-13-45").status_code == 200  # reads as today


def test_clearing_a_count_removes_it_with_history(client, world):
    board = levels_of(world.partnership)[0]
    count = make_count(world.partnership, world.council, board, 5)
    signed_in(client, world, "editor")
    data = grid_post(grid_page(client), **{cell(world.council, board): ""})
    assert client.post(url("capability") + "?counted_on=2026-09-30", data).status_code == 302
    assert not m.CapabilityCount.objects.exists()
    assert m.CapabilityCount.history.filter(id=count.pk).latest().history_type == "-"


# Levels


def test_an_editor_adds_renames_reorders_and_removes_levels(client, world):
    signed_in(client, world, "editor")
    response = client.post(url("capability_level_add"),
                           {"name": "Improvement advisor", "description": "", "position": "2"})
    assert response.status_code == 302
    names = [level.name for level in levels_of(world.partnership)]
    assert names == ["Board members", "Improvement advisor", "Foundation", "Practitioner",
                     "Lead Practitioner"]
    assert [lv.position for lv in levels_of(world.partnership)] == [1, 2, 3, 4, 5]
    added = m.CapabilityLevel.objects.get(name="Improvement advisor")
    response = client.post(url("capability_level_edit", added.pk),
                           {"name": "Advisor", "description": "", "position": "5",
                            "version": added.version})
    assert response.status_code == 302
    assert [lv.name for lv in levels_of(world.partnership)][-1] == "Advisor"
    assert client.post(url("capability_level_delete", added.pk)).status_code == 302
    assert len(levels_of(world.partnership)) == 4


def test_a_level_in_use_cannot_be_removed(client, world):
    board = levels_of(world.partnership)[0]
    make_count(world.partnership, world.council, board)
    signed_in(client, world, "editor")
    response = client.post(url("capability_level_delete", board.pk))
    assert response.status_code == 200
    assert "cannot be removed" in response.content.decode()
    assert m.CapabilityLevel.objects.filter(pk=board.pk).exists()


def test_a_level_name_taken_in_other_capitals_is_refused(client, world):
    signed_in(client, world, "editor")
    response = client.post(url("capability_level_add"),
                           {"name": "foundation", "description": "", "position": "1"})
    assert response.status_code == 200
    assert "already has a level with that name" in response.content.decode()


def test_a_contributor_cannot_change_levels(client, world):
    signed_in(client, world, "contributor")
    assert client.get(url("capability_levels")).status_code == 403


# Settings and the privacy rule


def test_personal_records_are_off_by_default_and_refused(client, world):
    signed_in(client, world, "editor")
    html = client.get(url("training_records")).content.decode()
    assert "keeps no personal training records" in html
    level = levels_of(world.partnership)[0]
    client.post(url("training_records"), {"person_name": "Ann Other",
                                          "organisation": world.council.pk,
                                          "level": level.pk, "achieved_on": "2026-05-01"})
    assert not m.TrainingRecord.objects.exists()


def test_an_admin_turns_personal_records_on_and_an_editor_adds_one(client, world):
    signed_in(client, world, "admin")
    response = client.post(url("people_settings"), {"keep_personal_records": "on",
                                                    "capability_note": "", "version": "0"})
    assert response.status_code == 302
    assert m.PeopleSettings.objects.get().keep_personal_records
    signed_in(client, world, "editor")
    level = levels_of(world.partnership)[0]
    response = client.post(url("training_records"), {
        "person_name": "Ann Other", "organisation": world.council.pk, "level": level.pk,
        "achieved_on": "2026-05-01"})
    assert response.status_code == 302
    record = m.TrainingRecord.objects.get()
    assert record.history.latest().history_user == world.editor


def test_personal_records_cannot_be_turned_off_while_any_are_kept(client, world):
    keep_personal_records(world.partnership)
    make_record(world.partnership, world.council, levels_of(world.partnership)[0])
    signed_in(client, world, "admin")
    response = client.post(url("people_settings"), {"capability_note": "", "version": "1"})
    assert response.status_code == 200
    assert "Delete the 1 training record first" in response.content.decode()
    assert m.PeopleSettings.objects.get().keep_personal_records


def test_only_admins_open_the_settings(client, world):
    signed_in(client, world, "editor")
    assert client.get(url("people_settings")).status_code == 403


# Staff engagement template


def test_an_editor_adds_the_imatter_indicators_once(client, world):
    signed_in(client, world, "editor")
    response = client.post(url("staff_engagement_template"), {"owner": world.health_board.pk})
    assert response.status_code == 302
    codes = set(Indicator.objects.filter(partnership=world.partnership)
                .values_list("code", flat=True))
    assert codes == {"IMATTER-EEI", "IMATTER-RESPONSE", "IMATTER-ACTION"}
    assert client.post(url("staff_engagement_template"),
                       {"owner": world.health_board.pk}).status_code == 302
    assert Indicator.objects.filter(partnership=world.partnership).count() == 3
    html = client.get(url("staff_engagement_template")).content.decode()
    assert "already in the partnership" in html
    assert "there is nothing to add" in html and "Add the indicators</button>" not in html
    html = client.get(url("people")).content.decode()
    assert "Add the iMatter staff engagement indicators" not in html  # nothing left to add


def test_another_partnerships_organisation_cannot_own_them(client, world):
    signed_in(client, world, "editor")
    response = client.post(url("staff_engagement_template"), {"owner": world.other_council.pk})
    assert response.status_code == 200
    assert not Indicator.objects.exists()


@pytest.mark.parametrize("odd", [
    {}, {"loaded": "x" * 5000}, {"counted_on": "0000-00-00"}, {"counted_on": "99999-01-01"},
    {"cell": "1e9"}, {"cell": "99999999999999999999"}, {"cell": "-0.5"}, {"cell": "\x00"},
    {"count_999999_999999": "5"}, {"count_abc_def": "5"},
])
def test_odd_count_posts_are_refused_without_a_server_error(client, world, odd):
    board = levels_of(world.partnership)[0]
    signed_in(client, world, "editor")
    data = grid_post(grid_page(client))
    for name, value in odd.items():
        data[cell(world.council, board) if name == "cell" else name] = value
    response = client.post(url("capability"), data if odd else {})
    assert response.status_code in (200, 302, 400)
    assert not m.CapabilityCount.objects.filter(people__gt=1_000_000).exists()
    assert not m.CapabilityCount.objects.filter(organisation__partnership=world.other_partnership
                                                ).exists()


@pytest.mark.parametrize("odd", [
    {}, {"name": "", "position": "1"}, {"name": "Deep", "position": "99999999999"},
    {"name": "Deep", "position": "-2"}, {"name": "x" * 500, "position": "1"},
    {"name": "Line\nbreak", "position": "1"},
])
def test_odd_level_posts_are_refused_without_a_server_error(client, world, odd):
    signed_in(client, world, "editor")
    response = client.post(url("capability_level_add"), odd)
    assert response.status_code == 200
    assert len(levels_of(world.partnership)) == 4


@pytest.mark.parametrize("owner", ["", "abc", "99999999", "-1"])
def test_odd_staff_engagement_posts_are_refused(client, world, owner):
    signed_in(client, world, "editor")
    response = client.post(url("staff_engagement_template"), {"owner": owner})
    assert response.status_code == 200
    assert not Indicator.objects.exists()


# Deleting asks first (pif.confirming.confirm_removal, as every stage does)


@pytest.mark.parametrize(("name", "what", "back"), [
    ("learning_delete", "learning activity", "learning"),
    ("capability_level_delete", "capability level", "capability_levels"),
    ("training_record_delete", "training record", "training_records")])
def test_each_delete_asks_first_then_deletes_and_says_so(client, world, name, what, back):
    keep_personal_records(world.partnership)
    found = {"learning_delete": lambda: make_activity(world.partnership, "Run charts"),
             "capability_level_delete": lambda: services.save_level(
                 Actor(user=world.editor),
                 m.CapabilityLevel(partnership=world.partnership, name="Advisor"),
                 loaded_version=None),
             "training_record_delete": lambda: make_record(
                 world.partnership, world.council, levels_of(world.partnership)[0],
                 person_name="Ann Other")}[name]()
    signed_in(client, world, "editor")
    html = client.get(url(name, found.pk)).content.decode()
    assert f"Delete {what} “{found}”?" in html
    assert f'href="{url(back)}">Cancel</a>' in html
    assert type(found).objects.filter(pk=found.pk).exists()
    response = client.post(url(name, found.pk), follow=True)
    assert response.redirect_chain[-1][0] == url(back)
    assert f"{what.capitalize()} deleted." in response.content.decode()
    assert not type(found).objects.filter(pk=found.pk).exists()
