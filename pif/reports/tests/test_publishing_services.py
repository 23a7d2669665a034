"""Publishing, the public page settings and suppression, actor first: roles, rules, history
and events."""

import pytest
from django.core.exceptions import ValidationError

from pif.actors import COMMAND_LINE, Actor
from pif.editing import PROGRAM_CHANGE, EditConflict
from pif.measures.testing import make_indicator
from pif.outcomes.models import Vision
from pif.partnerships.models import Event
from pif.reports.models import Publication, PublicSettings, Suppression
from pif.reports.rules import publishing as rules
from pif.reports.services import publishing as services

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(world):
    return make_indicator(world.partnership, owner=world.council, code="PUB-1",
                          values=[71.0, 72.5], published=True)


def test_an_editor_publishes_and_history_names_them(world, indicator):
    publication = services.publish(Actor(user=world.editor), world.partnership,
                                   note="  First figures  ")
    assert publication.published_by == world.editor and publication.note == "First figures"
    assert publication.indicators_published == 1 and publication.indicators_in_plan == 1
    assert publication.content["indicators"][0]["code"] == "PUB-1"
    assert Publication.history.latest().history_user == world.editor
    event = Event.objects.get(verb="public_pages_published")
    assert "1 of 1 plan indicators" in event.description


@pytest.mark.parametrize("role", ["viewer", "contributor"])
def test_below_an_editor_nobody_publishes(world, indicator, role):
    with pytest.raises(ValidationError) as refused:
        services.publish(Actor(user=world.users[role]), world.partnership)
    assert refused.value.error_dict["__all__"][0].code == "publishing_role"
    assert not Publication.objects.exists()


def test_an_outsider_cannot_publish_another_partnership(world, indicator):
    with pytest.raises(ValidationError):
        services.publish(Actor(user=world.outsider), world.partnership)


def test_the_command_line_may_publish(world, indicator):
    assert services.publish(COMMAND_LINE, world.partnership).published_by is None


def test_nothing_to_publish_is_refused_but_a_vision_alone_is_enough(world):
    make_indicator(world.partnership, owner=world.council, code="NOT-PUB", values=[1.0])
    with pytest.raises(ValidationError) as refused:
        services.publish(Actor(user=world.editor), world.partnership)
    assert refused.value.error_dict["__all__"][0].code == "something_to_publish"
    Vision.objects.create(partnership=world.partnership, first_year=2026, last_year=2030,
                          statement="A fairer Alpha")
    publication = services.publish(Actor(user=world.editor), world.partnership)
    assert publication.content["indicators"] == []
    assert publication.content["vision"]["statement"] == "A fairer Alpha"


def test_an_admin_sets_the_settings_with_history_and_an_event(world):
    saved = services.set_public_settings(
        Actor(user=world.admin), world.partnership, licence="CC-BY-4.0",
        small_number_threshold=5, contact_email=" data@alpha.test ", loaded_version=0)
    assert (saved.licence, saved.small_number_threshold, saved.contact_email) == (
        "CC-BY-4.0", 5, "data@alpha.test")
    assert PublicSettings.history.latest().history_user == world.admin
    assert Event.objects.filter(verb="public_settings_changed").exists()
    saved = services.set_public_settings(
        Actor(user=world.admin), world.partnership, licence="OGL-UK-3.0",
        small_number_threshold=10, loaded_version=saved.version)
    assert saved.version == 2


def test_a_stale_settings_form_is_refused(world):
    services.set_public_settings(Actor(user=world.admin), world.partnership,
                                 licence="OGL-UK-3.0", small_number_threshold=10,
                                 loaded_version=0)
    with pytest.raises(EditConflict):
        services.set_public_settings(Actor(user=world.admin), world.partnership,
                                     licence="CC0-1.0", small_number_threshold=3,
                                     loaded_version=0)


def test_an_editor_cannot_change_the_settings(world):
    with pytest.raises(ValidationError) as refused:
        services.set_public_settings(Actor(user=world.editor), world.partnership,
                                     licence="OGL-UK-3.0", small_number_threshold=10,
                                     loaded_version=0)
    assert refused.value.error_dict["__all__"][0].code == "publishing_role"


@pytest.mark.parametrize("threshold", [-1, 1001, None, "10", True])
def test_the_threshold_is_a_whole_number_from_0_to_1000(threshold):
    assert [f.rule for f in rules.check_threshold(threshold)] == ["threshold_range"]


@pytest.mark.parametrize("threshold", [0, 10, 1000])
def test_thresholds_in_range_pass(threshold):
    assert rules.check_threshold(threshold) == ()


def test_a_threshold_out_of_range_is_refused_by_the_service(world):
    with pytest.raises(ValidationError) as refused:
        services.set_public_settings(Actor(user=world.admin), world.partnership,
                                     licence="OGL-UK-3.0", small_number_threshold=5000,
                                     loaded_version=PROGRAM_CHANGE)
    assert "small_number_threshold" in refused.value.message_dict
    assert not PublicSettings.objects.exists()


def test_suppress_and_show_again_are_kept_in_history(world, indicator):
    editor = Actor(user=world.editor)
    services.suppress(editor, indicator)
    suppression = Suppression.objects.get(indicator=indicator)
    assert suppression.decided_by == world.editor
    assert Suppression.history.latest().history_user == world.editor
    with pytest.raises(ValidationError) as refused:
        services.suppress(editor, indicator)
    assert refused.value.error_dict["__all__"][0].code == "suppression_changes"
    services.unsuppress(editor, indicator)
    assert not Suppression.objects.exists()
    latest = Suppression.history.latest()
    assert latest.history_type == "-" and latest.history_user == world.editor
    with pytest.raises(ValidationError):
        services.unsuppress(editor, indicator)


def test_a_viewer_cannot_suppress(world, indicator):
    with pytest.raises(ValidationError):
        services.suppress(Actor(user=world.viewer), indicator)
    assert not Suppression.objects.exists()
