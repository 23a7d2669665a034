import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

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
    proposal = FrameworkVersion.objects.get(framework__slug="npf", label="2024 proposal")
    assert proposal.uncertain and not proposal.is_current
    assert len(national("npf", "2024 proposal")) == 13


def test_the_npf_proposal_was_laid_on_1_may_2024_and_says_what_happened_next():
    frameworks.load("npf")
    assert not FrameworkVersion.objects.filter(label__contains="2025").exists()
    note = FrameworkVersion.objects.get(framework__slug="npf", label="2024 proposal").note
    assert "laid before the Scottish Parliament on 1 May 2024" in note
    assert "14 November 2024" in note and "8 January 2025" in note


def test_the_npf_proposal_replaces_the_purpose():
    frameworks.load("npf")
    purpose = FrameworkNode.objects.get(version__label="2024 proposal", code="PURPOSE")
    assert purpose.description == ("To improve the wellbeing of people living in Scotland, now "
                                   "and in the future.")
    assert purpose.change == FrameworkNode.Change.AMENDED
    assert not purpose.uncertain


def test_the_2018_purpose_is_the_purpose_alone_not_the_aims():
    frameworks.load("npf")
    purpose = FrameworkNode.objects.get(version__label="2018", code="PURPOSE").description
    assert purpose.startswith("To focus on creating a more successful country with "
                              "opportunities for all of Scotland to flourish")
    assert "reduce inequalities" not in purpose  # one of the framework's aims, not its purpose


def test_the_npf_proposal_marks_new_and_amended_outcomes_and_only_culture_is_unchanged():
    frameworks.load("npf")
    changes = {n.title: n.change for n in national("npf", "2024 proposal")}
    by_change = {kind: {title for title, change in changes.items() if change == kind}
                 for kind in set(changes.values())}
    assert by_change == {
        "new": {"Care", "Climate action", "Housing"},
        "unchanged": {"Culture"},
        "amended": set(changes) - {"Care", "Climate action", "Housing", "Culture"}}
    assert len(by_change["amended"]) == 9
    assert all(n.change == "" for n in national("npf", "2018"))


def test_a_renamed_version_is_renamed_in_place_not_duplicated():
    frameworks.load("npf")
    proposal = FrameworkVersion.objects.get(framework__slug="npf", label="2024 proposal")
    proposal.label = "2025 proposal"  # as loaded before the label was corrected
    proposal.save()
    frameworks.load("npf")
    labels = set(FrameworkVersion.objects.filter(framework__slug="npf")
                 .values_list("label", flat=True))
    assert labels == {"2018", "2024 proposal"}
    assert FrameworkVersion.objects.get(label="2024 proposal").pk == proposal.pk


def test_an_unknown_change_mark_is_refused():
    data = {"slug": "npf", "name": "NPF", "versions": [{"label": "x", "nodes": [
        {"code": "A", "kind": "national_outcome", "title": "A", "change": "rewritten"}]}]}
    with pytest.raises(ValidationError, match="change 'rewritten'"):
        frameworks._check("npf", data)


def test_the_public_sector_balanced_scorecard_puts_the_mission_at_the_top():
    frameworks.load("balanced-scorecard")
    version = frameworks.current_version("balanced-scorecard")
    codes = [n.code for n in version.nodes.order_by("position")]
    assert codes == ["MISSION", "CUSTOMER", "FINANCIAL", "PROCESS", "LEARNING"]
    financial = version.nodes.get(code="FINANCIAL")
    assert financial.uncertain
    # the note says where the node order puts it
    assert "third from the top" in financial.note
    assert "second from the top" not in financial.note


def test_the_1992_balanced_scorecard_uses_the_articles_names_in_its_order():
    frameworks.load("balanced-scorecard")
    version = FrameworkVersion.objects.get(framework__slug="balanced-scorecard",
                                           label="Private sector (1992)")
    titles = [n.title for n in version.nodes.order_by("position")]
    assert titles == ["Financial", "Customer", "Internal business", "Innovation and learning"]
    later = {n.code: n.description for n in version.nodes.all()}
    assert "internal business process" in later["PROCESS"]
    assert "learning and growth" in later["LEARNING"]


def test_open_government_licence_frameworks_carry_the_attribution_sentence():
    sentence = "Contains public sector information licensed under the Open Government Licence v3.0."
    for name in ("npf", "health-wellbeing"):
        assert sentence in frameworks.read(name)["licence"], name


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


def test_the_frameworks_page_shows_what_the_proposal_changes_and_the_licence(client, world):
    client.force_login(world.viewer)
    html = client.get(reverse("frameworks", args=[world.partnership.short_name])).content.decode()
    for title, colour, change in [("Care", "green", "New"), ("Health", "blue", "Amended"),
                                  ("Culture", "grey", "Unchanged")]:
        assert (f'<strong class="govuk-tag govuk-tag--{colour}">{change}</strong> '
                f'<strong>{title}</strong>') in html
    assert "Version 2024 proposal" in html
    assert ("Contains public sector information licensed under the Open Government Licence "
            "v3.0.</p>") in html
    assert "v3.0..</p>" not in html
