import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from pif.outcomes import frameworks
from pif.outcomes.models import Framework, FrameworkNode, FrameworkVersion, Outcome

pytestmark = pytest.mark.django_db


def national(slug, label):
    return list(FrameworkNode.objects.filter(version__framework__slug=slug,
                                             version__label=label, kind="national_outcome"))


def test_the_shipped_templates_are_the_five_the_issue_asks_for():
    assert set(frameworks.available()) == {"npf", "balanced-scorecard", "rba",
                                           "health-wellbeing", "custom"}


def test_the_npf_2018_has_a_purpose_and_eleven_national_outcomes():
    frameworks.load("npf")
    assert len(national("npf", "2018")) == 11
    assert FrameworkNode.objects.filter(version__label="2018", kind="purpose").exists()
    assert frameworks.current_version("npf").label == "2018"


def test_the_npf_review_proposal_is_a_separate_version_marked_uncertain():
    frameworks.load("npf")
    proposal = FrameworkVersion.objects.get(framework__slug="npf", label="2025 proposal")
    assert proposal.uncertain and not proposal.is_current
    assert len(national("npf", "2025 proposal")) == 13


def test_the_public_sector_balanced_scorecard_puts_the_mission_at_the_top():
    frameworks.load("balanced-scorecard")
    version = frameworks.current_version("balanced-scorecard")
    titles = [n.title for n in version.nodes.order_by("position")]
    assert titles[0] == "Mission"
    assert len(titles) == 5
    assert version.nodes.get(code="FINANCIAL").uncertain


def test_there_are_nine_health_and_wellbeing_outcomes_and_rba_has_three_questions():
    frameworks.load("health-wellbeing")
    frameworks.load("rba")
    assert len(national("health-wellbeing", "2014")) == 9
    assert FrameworkNode.objects.filter(version__framework__slug="rba",
                                        kind="question").count() == 3


def test_the_custom_framework_is_empty():
    frameworks.load("custom")
    assert not FrameworkNode.objects.filter(version__framework__slug="custom").exists()


def test_loading_twice_changes_nothing():
    frameworks.load("npf")
    ids = set(FrameworkNode.objects.values_list("id", flat=True))
    frameworks.load("npf")
    assert set(FrameworkNode.objects.values_list("id", flat=True)) == ids


def test_an_unknown_template_is_refused_with_the_names_to_use():
    with pytest.raises(ValidationError, match="Use one of: .*npf"):
        frameworks.load("efqm-2099")


def test_creating_a_partnership_loads_the_templates(world):
    assert Framework.objects.count() == 5


def test_the_command_loads_a_template_and_uses_it_in_a_partnership(world, capsys):
    call_command("template", "load", "npf", "--partnership", "alpha")
    out = capsys.readouterr().out
    assert "11 national outcomes added" in out
    assert Outcome.objects.filter(partnership=world.partnership, level=1).count() == 11
    call_command("template", "load", "npf", "--partnership", "alpha")
    assert Outcome.objects.filter(partnership=world.partnership, level=1).count() == 11


def test_the_command_lists_the_templates(capsys):
    call_command("template", "list")
    assert "balanced-scorecard" in capsys.readouterr().out
