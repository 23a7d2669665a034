import pytest
from django.core.exceptions import ValidationError

from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE
from pif.outcomes import frameworks
from pif.outcomes.models import Outcome, Vision
from pif.outcomes.services import plan

pytestmark = pytest.mark.django_db


def test_a_new_current_vision_replaces_the_old(world):
    actor = Actor(user=world.editor)
    old = plan.save_vision(actor, world.partnership, first_year=2017, last_year=2026,
                           statement="Old vision", is_current=True,
                           loaded_version=PROGRAM_CHANGE)
    new = plan.save_vision(actor, world.partnership, first_year=2027, last_year=2036,
                           statement="New vision", is_current=True,
                           loaded_version=PROGRAM_CHANGE)
    old.refresh_from_db()
    assert not old.is_current and new.is_current
    assert new.cycle_label == "2027/28 to 2036/37"
    assert Vision.history.filter(id=old.pk).count() == 2


def test_a_plan_cannot_end_before_it_starts(world):
    with pytest.raises(ValidationError, match="after the first year"):
        plan.save_vision(Actor(user=world.editor), world.partnership, first_year=2030,
                         last_year=2026, statement="Backwards",
                         loaded_version=PROGRAM_CHANGE)


def test_levels_can_be_renamed_and_blank_names_are_refused(world):
    actor = Actor(user=world.editor)
    plan.rename_levels(actor, world.partnership, {2: "Local outcome"},
                       loaded_version=PROGRAM_CHANGE)
    assert plan.plan_settings(world.partnership).level_names()[2] == "Local outcome"
    with pytest.raises(ValidationError):
        plan.rename_levels(actor, world.partnership, {3: "  "},
                           loaded_version=PROGRAM_CHANGE)


def test_using_the_npf_adds_its_national_outcomes_once(world):
    version = frameworks.current_version("npf")
    actor = Actor(user=world.editor)
    assert plan.use_framework(actor, world.partnership, version) == 11
    assert plan.use_framework(actor, world.partnership, version) == 0
    poverty = Outcome.objects.get(partnership=world.partnership, title="Poverty")
    assert poverty.level == 1 and poverty.framework_node.code == "POVERTY"
    assert plan.plan_settings(world.partnership).national_framework == version


def test_using_the_balanced_scorecard_sets_the_map_perspectives(world):
    version = frameworks.current_version("balanced-scorecard")
    plan.use_framework(Actor(user=world.editor), world.partnership, version)
    assert plan.plan_settings(world.partnership).perspectives == version
    assert not Outcome.objects.filter(partnership=world.partnership).exists()
