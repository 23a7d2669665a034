"""The vision is stored once, on the Vision page (a Vision per planning cycle). The
partnership's settings used to keep a second copy; migration 0005 moves it, losing nothing."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE
from pif.outcomes.models import Vision
from pif.outcomes.services import plan
from pif.partnerships import stages
from pif.partnerships.forms import PartnershipCreateForm, PartnershipSettingsForm
from pif.partnerships.models import Event, Partnership

BEFORE = [("outcomes", "0004_frameworknode_change"),
          ("partnerships", "0004_membership_name_given_here")]
AFTER = [("outcomes", "0005_vision_stored_once"),
         ("partnerships", "0005_vision_stored_once")]


def set_vision(world, statement="A fairer Alpha.\nFor everyone."):
    return plan.save_vision(Actor(user=world.editor), world.partnership, first_year=2026,
                            last_year=2035, statement=statement, is_current=True,
                            loaded_version=PROGRAM_CHANGE)


def test_the_partnership_keeps_no_copy_of_the_vision():
    assert "vision" not in {field.name for field in Partnership._meta.get_fields()}
    assert "vision" not in PartnershipSettingsForm.base_fields
    assert "vision" not in PartnershipCreateForm.base_fields


def test_stage_1_states_the_current_vision_and_links_to_the_vision_page(world):
    set_vision(world, "Old words")
    plan.save_vision(Actor(user=world.editor), world.partnership, first_year=2036,
                     last_year=2045, statement="New words", is_current=True,
                     loaded_version=PROGRAM_CHANGE)
    fact = stages.summary(world.partnership, "vision").statement_fact
    assert (fact.label, fact.text, fact.url) == (
        "Vision statement", "New words", reverse("vision", args=["alpha"]))


def test_the_overview_and_stage_1_show_the_vision_with_its_line_breaks(client, world):
    set_vision(world)
    client.force_login(world.viewer)
    overview = client.get(reverse("partnership", args=["alpha"])).content.decode()
    assert "A fairer Alpha.<br>For everyone." in overview
    assert "Vision statement set" in overview
    stage = client.get(reverse("stage", args=["alpha", "vision"])).content.decode()
    assert "A fairer Alpha.<br>For everyone." in stage
    assert f'href="{reverse("vision", args=["alpha"])}"' in stage
    assert reverse("partnership_settings", args=["alpha"]) not in stage


def test_settings_show_the_vision_read_only_and_link_to_the_vision_page(client, world):
    set_vision(world)
    client.force_login(world.admin)
    response = client.get(reverse("partnership_settings", args=["alpha"]))
    page = response.content.decode()
    assert "A fairer Alpha.<br>For everyone." in page
    assert f'href="{reverse("vision", args=["alpha"])}"' in page
    assert 'name="vision"' not in page


def test_settings_without_a_vision_say_where_to_set_one(client, world):
    client.force_login(world.admin)
    page = client.get(reverse("partnership_settings", args=["alpha"])).content.decode()
    assert "No vision has been set yet." in page
    assert "where you can set it" in page


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_the_settings_vision_to_the_vision_page():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    OldPartnership = old.get_model("partnerships", "Partnership")
    OldVision = old.get_model("outcomes", "Vision")

    def partnership(short_name, vision):
        return OldPartnership.objects.create(name=short_name, short_name=short_name,
                                             vision=vision, reporting_year_start_month=4)

    partnership("only-settings", "Typed in the settings")
    same = partnership("same", "One vision")
    OldVision.objects.create(partnership=same, first_year=2026, last_year=2035,
                             statement="One vision", is_current=True)
    differ = partnership("differ", "The settings' words")
    OldVision.objects.create(partnership=differ, first_year=2026, last_year=2035,
                             statement="The Vision page's words", is_current=True)
    partnership("none", "")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)

    moved = Vision.objects.get(partnership__short_name="only-settings")
    assert (moved.statement, moved.is_current) == ("Typed in the settings", True)
    assert moved.last_year == moved.first_year + 9
    assert moved.history.get().history_change_reason == (
        "Moved from the partnership's settings")
    assert [v.statement for v in Vision.objects.filter(partnership__short_name="same")] == [
        "One vision"]
    kept = Vision.objects.get(partnership__short_name="differ")
    assert kept.statement == "The Vision page's words"
    note = Event.objects.get(partnership__short_name="differ")
    assert (note.verb, note.via) == ("vision_moved", "command line")
    assert "The settings' words" in note.description
    assert not Vision.objects.filter(partnership__short_name="none").exists()
    assert not Event.objects.filter(partnership__short_name__in=["same", "none",
                                                                  "only-settings"]).exists()


def at(day):
    return datetime(2026, 11, day, 9, 30, tzinfo=UTC)


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_who_changed_the_settings_vision_and_when():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    OldPartnership = old.get_model("partnerships", "Partnership")
    OldHistory = old.get_model("partnerships", "HistoricalPartnership")
    OldVision = old.get_model("outcomes", "Vision")
    writer = get_user_model().objects.create_user("writer@example.org", "pw")
    partnership = OldPartnership.objects.create(name="Alpha", short_name="alpha",
                                                vision="Second words",
                                                reporting_year_start_month=4)
    OldVision.objects.create(partnership=partnership, first_year=2026, last_year=2035,
                             statement="Second words", is_current=True)

    def record(day, kind, vision, name="Alpha", user=None, reason=None):
        OldHistory.objects.create(
            id=partnership.pk, name=name, short_name="alpha", vision=vision,
            reporting_year_start_month=4, version=1, created=at(1), history_date=at(day),
            history_type=kind, history_user_id=user and user.pk,
            history_change_reason=reason)

    record(1, "+", "", user=writer)
    record(2, "~", "First words", user=writer)
    record(3, "~", "First words", name="Alpha renamed", user=writer)
    record(4, "~", "Second words", reason="Changed through command line")
    record(5, "~", "", user=writer)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)

    kept = Event.objects.filter(partnership__short_name="alpha",
                                verb="vision_changed_in_settings").order_by("created")
    assert [(e.created, e.actor_id, e.via) for e in kept] == [
        (at(2), writer.pk, "web"), (at(4), None, "command line"), (at(5), writer.pk, "web")]
    assert "“First words”" in kept[0].description
    assert "“Second words”" in kept[1].description
    assert "cleared" in kept[2].description
    assert kept[0].verb_label == "Vision changed in the settings"


@pytest.mark.django_db(transaction=True)
def test_the_migration_back_puts_the_current_vision_in_the_settings():
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    NewPartnership = new.get_model("partnerships", "Partnership")
    NewVision = new.get_model("outcomes", "Vision")
    partnership = NewPartnership.objects.create(name="Alpha", short_name="alpha",
                                                reporting_year_start_month=4)
    NewVision.objects.create(partnership=partnership, first_year=2016, last_year=2025,
                             statement="Old words", is_current=False)
    NewVision.objects.create(partnership=partnership, first_year=2026, last_year=2035,
                             statement="Current words", is_current=True)
    NewPartnership.objects.create(name="Beta", short_name="beta",
                                  reporting_year_start_month=4)

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    visions = dict(old.get_model("partnerships", "Partnership").objects
                   .values_list("short_name", "vision"))
    try:
        assert visions == {"alpha": "Current words", "beta": ""}
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
