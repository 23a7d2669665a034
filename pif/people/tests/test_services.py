"""Stage 4's services: each rule refused on every path, history names the person, and the
board-level changes are written to the event log."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE, EditConflict
from pif.measures.models import Indicator, Tag
from pif.partnerships.models import Event, Partnership
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
DAY = datetime.date(2026, 9, 30)


def editor(world) -> Actor:
    return Actor(user=world.editor)


def events(world, verb):
    return list(Event.objects.filter(partnership=world.partnership, verb=verb))


def test_a_new_partnership_starts_with_the_nes_levels():
    partnership = Partnership.objects.create(name="Gamma", short_name="gamma")
    assert [lv.name for lv in levels_of(partnership)] == [
        "Board members", "Foundation", "Practitioner", "Lead Practitioner"]
    assert m.CapabilityLevel.history.filter(partnership_id=partnership.pk).count() == 4
    assert services.seed_levels(Actor(via="demo"), partnership) == []  # never twice


def test_saving_an_activity_links_it_keeps_history_and_says_so(world):
    activity = m.LearningActivity(partnership=world.partnership, title="Run charts",
                                  start_date=DAY)
    services.save_activity(editor(world), activity, loaded_version=None,
                           m2m={"organisations": [world.council]})
    assert activity.history.latest().history_user == world.editor
    assert [e.description for e in events(world, "learning_added")] == [
        "Learning activity “Run charts” added"]
    services.remove_activity(editor(world), activity)
    assert events(world, "learning_removed")[0].actor == world.editor


def test_an_activity_cannot_link_another_partnerships_organisation(world):
    activity = m.LearningActivity(partnership=world.partnership, title="Run charts",
                                  start_date=DAY)
    with pytest.raises(ValidationError):
        services.save_activity(editor(world), activity, loaded_version=None,
                               m2m={"organisations": [world.other_council]})
    assert not m.LearningActivity.objects.exists()


def test_an_activity_ending_before_it_starts_is_refused_by_the_service(world):
    activity = m.LearningActivity(partnership=world.partnership, title="Backwards",
                                  start_date=DAY, end_date=DAY - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        services.save_activity(editor(world), activity, loaded_version=None)
    assert refused.value.error_dict["end_date"][0].code == "activity_dates_order"


def test_a_stale_activity_change_is_an_edit_conflict(world):
    activity = make_activity(world.partnership)
    activity.title = "Changed"
    services.save_activity(editor(world), activity, loaded_version=1)
    stale = m.LearningActivity.objects.get(pk=activity.pk)
    stale.version = 1
    with pytest.raises(EditConflict):
        services.save_activity(editor(world), stale, loaded_version=1)


def test_counts_are_saved_with_history_and_one_event(world):
    board, foundation = levels_of(world.partnership)[:2]
    changed = services.save_counts(editor(world), world.partnership, counted_on=DAY, values={
        (world.council.pk, board.pk): 3, (world.council.pk, foundation.pk): 40,
        (world.health_board.pk, board.pk): None})
    assert changed == 2
    assert m.CapabilityCount.history.latest().history_user == world.editor
    assert [e.description for e in events(world, "capability_counted")] == [
        "Capability counts for 30 September 2026 saved (2 changed)"]
    assert services.save_counts(editor(world), world.partnership, counted_on=DAY, values={
        (world.council.pk, board.pk): 3}) == 0
    assert len(events(world, "capability_counted")) == 1  # nothing changed, nothing said


def test_counts_for_another_organisation_are_refused_for_a_contributor(world):
    board = levels_of(world.partnership)[0]
    with pytest.raises(ValidationError) as refused:
        services.save_counts(Actor(user=world.contributor), world.partnership, counted_on=DAY,
                             values={(world.council.pk, board.pk): 3},
                             allowed_organisation_ids={world.health_board.pk})
    assert refused.value.error_dict["__all__"][0].code == "counts_own_organisation"
    assert not m.CapabilityCount.objects.exists()


def test_counts_for_another_partnership_are_refused(world):
    board = levels_of(world.partnership)[0]
    theirs = levels_of(world.other_partnership)[0]
    for values in ({(world.other_council.pk, board.pk): 1}, {(world.council.pk, theirs.pk): 1}):
        with pytest.raises(ValidationError):
            services.save_counts(editor(world), world.partnership, counted_on=DAY,
                                 values=values)
    assert not m.CapabilityCount.objects.exists()


def test_a_count_in_the_future_or_out_of_range_is_refused(world):
    board = levels_of(world.partnership)[0]
    with pytest.raises(ValidationError):
        services.save_counts(editor(world), world.partnership,
                             counted_on=datetime.date(2999, 1, 1),
                             values={(world.council.pk, board.pk): 1})
    with pytest.raises(ValidationError):
        services.save_counts(editor(world), world.partnership, counted_on=DAY,
                             values={(world.council.pk, board.pk): -1})
    assert not m.CapabilityCount.objects.exists()


def test_counts_changed_since_the_page_was_loaded_are_refused(world):
    board = levels_of(world.partnership)[0]
    loaded = services.fingerprint([])
    make_count(world.partnership, world.council, board, 5, DAY)
    with pytest.raises(ValidationError) as refused:
        services.save_counts(editor(world), world.partnership, counted_on=DAY,
                             values={(world.council.pk, board.pk): 6}, loaded=loaded)
    assert refused.value.error_dict["__all__"][0].code == "counts_unchanged_since_loaded"
    assert m.CapabilityCount.objects.get().people == 5


def test_levels_renumber_and_a_used_level_is_kept(world):
    levels = levels_of(world.partnership)
    lead = levels[-1]
    lead.position = 1
    services.save_level(editor(world), lead, loaded_version=PROGRAM_CHANGE)
    assert [lv.name for lv in levels_of(world.partnership)][0] == "Lead Practitioner"
    moved = m.CapabilityLevel.objects.get(partnership=world.partnership, name="Board members")
    assert moved.position == 2
    assert moved.history.latest().history_user == world.editor
    make_count(world.partnership, world.council, lead)
    with pytest.raises(ValidationError) as refused:
        services.remove_level(editor(world), lead)
    assert refused.value.error_dict["__all__"][0].code == "level_in_use"


def test_training_records_are_refused_while_personal_records_are_off(world):
    level = levels_of(world.partnership)[0]
    record = m.TrainingRecord(partnership=world.partnership, person_name="Ann Other",
                              organisation=world.council, level=level,
                              achieved_on=DAY)
    with pytest.raises(ValidationError) as refused:
        services.save_training_record(editor(world), record)
    assert refused.value.error_dict["__all__"][0].code == "personal_records_off"
    assert not m.TrainingRecord.objects.exists()
    keep_personal_records(world.partnership)
    services.save_training_record(editor(world), record)
    assert record.history.latest().history_user == world.editor
    event = events(world, "training_record_added")[0]
    assert "Ann Other" not in event.description  # the event log names no one


def test_turning_personal_records_off_needs_them_deleted_first(world):
    keep_personal_records(world.partnership)
    record = make_record(world.partnership, world.council, levels_of(world.partnership)[0])
    with pytest.raises(ValidationError):
        services.save_settings(editor(world), world.partnership, loaded_version=PROGRAM_CHANGE,
                               keep_personal_records=False)
    services.remove_training_record(editor(world), record)
    services.save_settings(editor(world), world.partnership, loaded_version=PROGRAM_CHANGE,
                           keep_personal_records=False)
    assert not m.PeopleSettings.objects.get().keep_personal_records
    assert events(world, "people_settings_changed")


def test_the_imatter_indicators_are_tagged_and_skipped_when_they_exist(world):
    from pif.measures.testing import make_indicator

    make_indicator(world.partnership, owner=world.health_board, code="imatter-eei")
    created = services.add_staff_engagement_indicators(editor(world), world.partnership,
                                                       owner=world.health_board)
    assert sorted(i.code for i in created) == ["IMATTER-ACTION", "IMATTER-RESPONSE"]
    tag = Tag.objects.get(partnership=world.partnership, name="Staff engagement")
    assert set(tag.indicators.values_list("code", flat=True)) == {"IMATTER-ACTION",
                                                                  "IMATTER-RESPONSE"}
    assert Indicator.history.filter(code="IMATTER-ACTION").latest().history_user == \
        world.editor
    assert [i.code for i in services.staff_engagement_indicators(world.partnership)] == [
        "IMATTER-ACTION", "IMATTER-RESPONSE"]
    assert events(world, "staff_engagement_indicators_added")


def test_the_templates_say_where_they_come_from():
    for name in (services.LEVELS_TEMPLATE, services.STAFF_ENGAGEMENT_TEMPLATE):
        template = services.read_template(name)
        assert template["source"] and template["checked"] and template["note"]
        assert template["licence"]
