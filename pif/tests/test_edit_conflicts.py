"""Every edit form uses the one edit-conflict check (pif/editing.py).

For each form: two people load it, both save; the second is refused, told who saved and
what differs, keeps their entries, and overwrites nothing until they save again. A POST
without the version the person loaded, or with one that is not a number, is refused.
"""

import threading
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from pif.editing import MISSING_VERSION, EditConflict, claim_version, refusing_a_racing_create
from pif.measures.models import Commentary
from pif.outcomes import models as m
from pif.outcomes.testing import make_diagram, make_group, make_outcome, make_risk
from pif.partnerships.models import Membership, Partnership
from pif.times import format_time

SOMEONE_ELSE = "Someone else saved"


@dataclass(frozen=True)
class EditForm:
    name: str
    make: Callable  # world -> the record to edit
    url: Callable  # record -> the edit page's address
    field: str  # a field both people change
    first: str  # what the first person enters
    second: str  # what the second person enters
    read: Callable = None  # record -> the field's stored value, if not the attribute
    admins: bool = False  # a partnership admin's page (else an editor's)

    def stored(self, record):
        record = type(record).objects.get(pk=record.pk)
        return self.read(record) if self.read else getattr(record, self.field)


def url(name: str, *args) -> str:
    return reverse(name, args=["alpha", *args])


def _node(world):
    diagram = make_diagram(world.partnership)
    return m.DriverNode.objects.create(diagram=diagram, kind="primary", title="Prevention")


def _resource(world):
    return m.Resource.objects.create(partnership=world.partnership, organisation=world.council,
                                     kind="money", amount=1000, financial_year=2026,
                                     description="Grant")


def _vision(world):
    return m.Vision.objects.create(partnership=world.partnership, first_year=2026,
                                   last_year=2035, statement="A fairer place")


def _levels(world):
    return m.PlanSettings.objects.create(partnership=world.partnership)


FORMS = [
    EditForm("settings", lambda w: w.partnership, lambda r: url("partnership_settings"),
             "name", "The first name", "The second name", admins=True),
    EditForm("organisation", lambda w: w.council,
             lambda r: url("organisation_edit", r.pk), "name", "Alpha Council",
             "Alpha City Council", admins=True),
    EditForm("member's role", lambda w: w.membership("viewer"),
             lambda r: url("member_edit", r.pk), "role", "editor", "admin", admins=True),
    EditForm("outcome", lambda w: make_outcome(w.partnership),
             lambda r: url("outcome_edit", r.pk), "title", "First title", "Second title"),
    EditForm("risk", lambda w: make_risk(w.partnership, w.council),
             lambda r: url("risk_edit", r.pk), "title", "First title", "Second title"),
    EditForm("locality", lambda w: m.Locality.objects.create(partnership=w.partnership,
                                                             name="Townhead"),
             lambda r: url("locality_edit", r.pk), "name", "Townhead East", "Townhead West"),
    EditForm("group", lambda w: make_group(w.partnership),
             lambda r: url("group_edit", r.pk), "name", "First board", "Second board"),
    EditForm("resource", _resource, lambda r: url("resource_edit", r.pk), "description",
             "First grant", "Second grant"),
    EditForm("driver diagram", lambda w: make_diagram(w.partnership),
             lambda r: url("driver_diagram_edit", r.pk), "title", "First aim", "Second aim"),
    EditForm("driver diagram entry", _node,
             lambda r: url("driver_node_edit", r.diagram_id, r.pk), "title",
             "First driver", "Second driver"),
    EditForm("vision", _vision, lambda r: url("vision_edit", r.pk), "statement",
             "First vision", "Second vision"),
    EditForm("outcome level names", _levels, lambda r: url("outcome_levels"), "level_2",
             "First name", "Second name"),
    EditForm("indicator", lambda w: w.sample_indicator(),
             lambda r: url("indicator_edit", r.code), "title", "First title", "Second title"),
]


def form_data(response, **changes) -> dict:
    """What the browser would post back from the page's form, with `changes` typed in."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, (list, tuple)):
            data[name] = [str(item) for item in value]
        elif value is not None and value is not False:
            data[name] = str(value)
    return data | changes


def people(world, admins: bool) -> tuple[Client, Client, str]:
    """Two signed-in people who may both use the form, and the first one's name."""
    first, second = Client(), Client()
    if admins:
        Membership.objects.filter(user=world.editor, partnership=world.partnership).update(
            role="admin")
    first.force_login(world.admin)
    second.force_login(world.editor)
    return first, second, world.admin.display_name


@pytest.mark.parametrize("edit", FORMS, ids=[f.name for f in FORMS])
def test_the_second_of_two_saves_is_refused_and_overwrites_nothing(world, edit):
    record = edit.make(world)
    first, second, first_name = people(world, edit.admins)
    first_page, second_page = first.get(edit.url(record)), second.get(edit.url(record))

    response = first.post(edit.url(record), form_data(first_page, **{edit.field: edit.first}))
    assert response.status_code == 302, response.context["form"].errors
    response = second.post(edit.url(record),
                           form_data(second_page, **{edit.field: edit.second}))

    assert response.status_code == 200
    page = response.content.decode()
    assert SOMEONE_ELSE in page
    assert f"{first_name} saved" in page
    assert "What is different" in page
    assert edit.stored(record) == edit.first
    assert response.context["form"][edit.field].value() == edit.second  # their entries kept
    conflict = response.context["conflict"]
    assert [who for who, _ in conflict.changed_by] == [first_name]
    assert len(conflict.conflicts) == 1

    # Saving again from the refusal keeps the second person's version, knowingly.
    response = second.post(edit.url(record), form_data(response))
    assert response.status_code == 302
    assert edit.stored(record) == edit.second


@pytest.mark.parametrize("version", [None, "", "abc", "-1", "1e3", "99999999999999"])
@pytest.mark.parametrize("edit", FORMS, ids=[f.name for f in FORMS])
def test_a_post_without_a_readable_version_is_refused(world, edit, version):
    record = edit.make(world)
    before = edit.stored(record)
    client, _, _ = people(world, edit.admins)
    data = form_data(client.get(edit.url(record)), **{edit.field: edit.first})
    if version is None:
        del data["version"]
    else:
        data["version"] = version

    response = client.post(edit.url(record), data)

    assert response.status_code == 200
    assert response.context["form"].errors["version"] == [MISSING_VERSION]
    assert "This page did not say which version" in response.content.decode()
    assert edit.stored(record) == before


def test_the_differences_name_changed_links_by_name(client, world):
    outcome = make_outcome(world.partnership, "Original")
    indicator = world.sample_indicator()
    first, second, _ = people(world, admins=False)
    first_page, second_page = first.get(url("outcome_edit", outcome.pk)), second.get(
        url("outcome_edit", outcome.pk))
    first.post(url("outcome_edit", outcome.pk), form_data(first_page, title="New"))
    response = second.post(url("outcome_edit", outcome.pk),
                           form_data(second_page, title="New", indicators=[indicator.pk]))
    assert [(c.label, c.saved_value, c.your_value)
            for c in response.context["conflict"].conflicts] == [
        ("Indicators", "(none)", str(indicator))]


def test_saving_the_vision_leaves_the_settings_alone(world):
    """The vision lives only on the Vision page, so saving it does not move the settings'
    version: a settings page opened before is still saved."""
    client = Client()
    client.force_login(world.admin)
    settings_page = client.get(url("partnership_settings"))
    vision = _vision(world)
    client.post(url("vision_edit", vision.pk),
                form_data(client.get(url("vision_edit", vision.pk)),
                          statement="Set from the vision page", is_current="on"))
    response = client.post(url("partnership_settings"),
                           form_data(settings_page, name="Typed on the settings page"))
    assert response.status_code == 302
    assert Partnership.objects.get(pk=world.partnership.pk).name == "Typed on the settings page"
    assert m.Vision.objects.get(pk=vision.pk).statement == "Set from the vision page"


def test_level_names_saved_first_by_someone_else_are_not_overwritten(world):
    """Before anyone names the levels there is no record: the form carries version 0."""
    first, second, first_name = people(world, admins=False)
    first_page, second_page = first.get(url("outcome_levels")), second.get(url("outcome_levels"))
    assert first_page.context["form"]["version"].value() == 0
    first.post(url("outcome_levels"), form_data(first_page, level_2="Local outcome"))
    response = second.post(url("outcome_levels"), form_data(second_page, level_2="Our outcome"))
    assert response.status_code == 200
    assert f"{first_name} saved the level names" in response.content.decode()
    assert m.PlanSettings.objects.get(partnership=world.partnership).level_2 == "Local outcome"


COMMENTARY = reverse("commentary_edit", args=["alpha", "AE-4HR"])
WORDS = {"what_it_shows": "Better", "why": "", "actions": ""}


def test_commentary_saved_by_someone_else_is_not_overwritten(world):
    world.sample_indicator()
    first, second, first_name = people(world, admins=False)
    first_page, second_page = first.get(COMMENTARY), second.get(COMMENTARY)
    first.post(COMMENTARY, form_data(first_page, **WORDS))
    response = second.post(COMMENTARY, form_data(second_page, **(WORDS | {"why": "Their reason"})))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"{first_name} saved the commentary for April 2024" in page
    assert Commentary.objects.get().why == ""
    response = second.post(COMMENTARY, form_data(response))
    assert response.status_code == 302
    assert Commentary.objects.get().why == "Their reason"


def test_commentary_for_another_period_than_the_one_loaded_is_checked_too(world):
    """The version on the page is of the period it was loaded for: typing another period
    whose commentary the person has not seen is refused, not written over."""
    indicator = world.sample_indicator()
    editor = Client()
    editor.force_login(world.editor)
    editor.post(COMMENTARY, form_data(editor.get(COMMENTARY), **WORDS, period="March 2024"))
    march = Commentary.objects.get(indicator=indicator, period="M2024-03")
    page = editor.get(COMMENTARY)  # loaded for April, which has none (version 0)
    response = editor.post(COMMENTARY, form_data(page, **(WORDS | {"why": "Overwritten?"}),
                                                 period="March 2024"))
    assert response.status_code == 200  # March was saved by this editor: their own version
    assert "You saved a different version in another tab" in response.content.decode()
    march.refresh_from_db()
    assert march.why == ""
    response = editor.post(COMMENTARY, form_data(response))
    assert response.status_code == 302
    march.refresh_from_db()
    assert march.why == "Overwritten?"


def test_a_commentary_post_without_the_version_is_refused(world):
    world.sample_indicator()
    client = Client()
    client.force_login(world.editor)
    data = form_data(client.get(COMMENTARY), **WORDS)
    del data["version"]
    response = client.post(COMMENTARY, data)
    assert response.status_code == 200
    assert response.context["form"].errors["version"] == [MISSING_VERSION]
    assert not Commentary.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_cannot_both_pass(world):
    """The second save waits for the first's lock on the row, then sees its version."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one transaction at a time; the race needs PostgreSQL")
    claimed, outcome = threading.Event(), {}

    def first_save():
        try:
            with transaction.atomic():
                partnership = Partnership.objects.get(pk=world.partnership.pk)
                claim_version(partnership, 1)
                claimed.set()
                threading.Event().wait(0.5)  # hold the lock while the second save starts
                partnership.name = "First"
                partnership.save()
        finally:
            connection.close()

    def second_save():
        claimed.wait(5)
        try:
            with transaction.atomic():
                partnership = Partnership.objects.get(pk=world.partnership.pk)
                claim_version(partnership, 1)
                partnership.name = "Second"
                partnership.save()
        except EditConflict as conflict:
            outcome["conflict"] = conflict
        finally:
            connection.close()

    threads = [threading.Thread(target=first_save), threading.Thread(target=second_save)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert outcome["conflict"].current.version == 2
    assert Partnership.objects.get(pk=world.partnership.pk).name == "First"


def test_the_differences_show_choices_by_their_labels(world):
    membership = world.membership("viewer")
    first, second, _ = people(world, admins=True)
    page_url = url("member_edit", membership.pk)
    first_page, second_page = first.get(page_url), second.get(page_url)
    first.post(page_url, form_data(first_page, role="editor"))
    response = second.post(page_url, form_data(second_page, role="admin"))
    assert [(c.label, c.saved_value, c.your_value)
            for c in response.context["conflict"].conflicts] == [
        ("Role", "Editor", "Partnership admin")]


def test_two_first_commentaries_at_the_same_moment_give_a_conflict_not_a_server_error(world):
    """The unique constraint stops the second insert; the person is told, as for any
    conflict, instead of seeing a 500."""
    indicator = world.sample_indicator()
    Commentary.objects.create(indicator=indicator, period="M2024-04",
                              period_start="2024-04-01", what_it_shows="First")
    with pytest.raises(EditConflict) as caught:
        with transaction.atomic():
            with refusing_a_racing_create(Commentary, indicator=indicator, period="M2024-04"):
                Commentary.objects.create(indicator=indicator, period="M2024-04",
                                          period_start="2024-04-01", what_it_shows="Second")
    assert caught.value.current.what_it_shows == "First"


def _saved_at(record) -> str:
    """When `record` was last saved, as the page says it: 5 December 2026, 09:03."""
    return format_time(record.history.latest("history_date").history_date)


def test_a_double_submitted_edit_form_saves_once_and_says_it_was_already_saved(world):
    """Issue 9 audit: the second POST of the same form was refused with "Someone else
    saved", naming the person who sent it."""
    risk = make_risk(world.partnership, world.council)
    client = Client()
    client.force_login(world.editor)
    data = form_data(client.get(url("risk_edit", risk.pk)), title="Funding ends in 2027")
    first = client.post(url("risk_edit", risk.pk), data)
    assert first.status_code == 302
    response = client.post(url("risk_edit", risk.pk), data, follow=True)
    assert response.redirect_chain == [(first["Location"], 302)]
    page = response.content.decode()
    assert "This was already saved." in page
    assert SOMEONE_ELSE not in page
    assert m.Risk.history.filter(id=risk.pk).count() == 2  # created, then saved once


def test_a_different_version_saved_in_another_tab_is_named_as_the_persons_own(world):
    risk = make_risk(world.partnership, world.council)
    client = Client()
    client.force_login(world.editor)
    first_tab = form_data(client.get(url("risk_edit", risk.pk)), title="First title")
    second_tab = form_data(client.get(url("risk_edit", risk.pk)), title="Second title")
    assert client.post(url("risk_edit", risk.pk), first_tab).status_code == 302

    response = client.post(url("risk_edit", risk.pk), second_tab)
    assert response.status_code == 200
    page = response.content.decode()
    assert (f"You saved a different version in another tab or window at {_saved_at(risk)}"
            in page)
    assert SOMEONE_ELSE not in page
    assert f"{world.editor.display_name} saved" not in page
    assert "What is different" in page
    assert m.Risk.objects.get(pk=risk.pk).title == "First title"


def test_a_double_submit_after_someone_elses_save_is_still_their_conflict(world):
    risk = make_risk(world.partnership, world.council)
    first, second, first_name = people(world, admins=False)
    data = form_data(second.get(url("risk_edit", risk.pk)), title="Funding ends in 2027")
    assert second.post(url("risk_edit", risk.pk), data).status_code == 302
    other = form_data(first.get(url("risk_edit", risk.pk)), title="Funding ends in 2028")
    assert first.post(url("risk_edit", risk.pk), other).status_code == 302

    response = second.post(url("risk_edit", risk.pk), data)
    assert response.status_code == 200
    assert SOMEONE_ELSE in response.content.decode()
    assert f"{first_name} saved" in response.content.decode()
    assert m.Risk.objects.get(pk=risk.pk).title == "Funding ends in 2028"


def test_a_double_submitted_first_commentary_says_it_was_already_saved(world):
    world.sample_indicator()
    client = Client()
    client.force_login(world.editor)
    data = form_data(client.get(COMMENTARY), **WORDS)
    first = client.post(COMMENTARY, data)
    assert first.status_code == 302
    response = client.post(COMMENTARY, data, follow=True)
    assert response.redirect_chain == [(first["Location"], 302)]
    assert "This was already saved." in response.content.decode()
    assert Commentary.history.count() == 1


@pytest.mark.parametrize("edit", FORMS, ids=[f.name for f in FORMS])
def test_every_edit_form_sent_twice_saves_once_and_says_it_was_already_saved(world, edit):
    record = edit.make(world)
    client, _, _ = people(world, edit.admins)
    data = form_data(client.get(edit.url(record)), **{edit.field: edit.first})
    first = client.post(edit.url(record), data)
    assert first.status_code == 302, first.context["form"].errors
    saves = record.history.count()
    response = client.post(edit.url(record), data, follow=True)
    assert response.redirect_chain[0] == (first["Location"], 302)
    page = response.content.decode()
    assert SOMEONE_ELSE not in page
    # The settings service saves nothing, and checks nothing, when nothing has changed.
    assert "This was already saved." in page or edit.name == "settings"
    assert record.history.count() == saves
    assert edit.stored(record) == edit.first
