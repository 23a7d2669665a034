"""Review fixes on publishing: small numbers follow the one rule of public reports (no chart,
no status words for a withheld latest value), the last indicator can be taken down, a
contributor's rewrite of public commentary is withdrawn from the public, rebase notes read
"Limits recalculated", plain public status words, a reason for a rosier selection, and the
signed-in page named "Publishing"."""

import json
import types

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE
from pif.improvement.forms.actions import ActionForm
from pif.lib.periods import Period
from pif.measures import services as measure_services
from pif.measures import status
from pif.measures.models import Annotation, Commentary, Indicator, Target
from pif.measures.testing import make_indicator
from pif.reports import public_snapshot, public_words
from pif.reports.forms.publishing import PublishForm, SettingsForm
from pif.reports.models import Publication
from pif.reports.services import publishing as services
from pif.reports.testing import make_suppression
from pif.spc.vocabulary import Assurance, Direction, Rag, Variation

pytestmark = pytest.mark.django_db


def _row(world, code):
    return next(row for row in public_snapshot.build(world.partnership)["indicators"]
                if row["code"] == code)


# B1/B2: the one rule of public reports -----------------------------------------------------

def _counts(world, values, code="FIRES"):
    indicator = make_indicator(world.partnership, owner=world.council, code=code,
                               unit=Indicator.Unit.COUNT, decimals=0, published=True,
                               values=values)
    Target.objects.create(indicator=indicator, value=20)
    status.refresh([indicator])
    return Indicator.objects.select_related("status").get(pk=indicator.pk)


def test_a_small_earlier_value_drops_the_chart_but_keeps_the_status(world):
    indicator = _counts(world, [30, 4, 31, 29, 30, 28, 32, 30, 31, 29])
    make_suppression(indicator)
    row = _row(world, "FIRES")
    # The chart's mean and limits would be biased by leaving 4 out: no chart, the table.
    assert row["chart"] is None and row["chart_withheld"] is True
    assert [o["formatted"] for o in row["observations"]][1] == "Not shown: small number"
    # The latest value (29) is not small: its status is shown.
    assert row["value"] == "29"
    assert row["rag"] == indicator.current_status.rag and row["rag_label"]
    assert row["status"].startswith("The latest figure is 29, for October 2024.")


def test_a_small_latest_value_takes_its_status_words_with_it(world):
    indicator = _counts(world, [30, 31, 29, 30, 28, 32, 30, 31, 29, 3])
    assert indicator.current_status.rag  # stored from all values, the small one too
    make_suppression(indicator)
    row = _row(world, "FIRES")
    assert row["status"] == public_words.SMALL_LATEST
    assert (row["rag"], row["rag_label"], row["direction_label"], row["variation_label"],
            row["assurance_label"], row["status_details"]) == ("", "", "", "", "", "")
    assert row["chart"] is None
    assert "Better than" not in row["trend"] and "Worse than" not in row["trend"]
    # Counted with no status, so the counts by red, amber and green do not give it away.
    counts = public_snapshot.build(world.partnership)["counts"]
    assert counts["published_by_rag"]["none"] == 1
    assert sum(counts["published_by_rag"].values()) == 1
    assert row["observations"][-1]["formatted"] == "Not shown: small number"
    assert row["observations"][-1]["value"] is None and row["value"] == ""


def test_a_small_breakdown_value_keeps_the_chart_of_the_totals(world):
    from pif.measures.models import Breakdown, Observation

    indicator = _counts(world, [30, 31, 29, 30, 28, 32, 30, 31, 29, 30])
    area = Breakdown.objects.create(partnership=world.partnership,
                                    kind=Breakdown.Kind.AREA, name="North")
    small = Observation(indicator=indicator, value=2, breakdown=area,
                        status=Observation.Status.FINAL,
                        approved_at=indicator.observations.first().approved_at)
    small.set_period(Period.month(2024, 3))
    small.save()
    make_suppression(indicator)
    row = _row(world, "FIRES")
    assert row["chart"] is not None and row["chart_withheld"] is False
    assert row["suppressed"] is True and row["rag"]


def test_without_suppression_the_chart_and_words_stay(world):
    _counts(world, [30, 31, 29, 30, 28, 32, 30, 31, 29, 3])
    row = _row(world, "FIRES")
    assert row["chart"] is not None and row["rag"] and row["value"] == "3"


# B11: rebase notes in fixed words ----------------------------------------------------------

def test_rebase_notes_read_limits_recalculated_on_the_public_chart(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="REB",
                               values=[10.0, 11.0, 10.5, 20.0, 21.0, 20.5], published=True)
    Annotation.objects.create(indicator=indicator, period="M2024-04",
                              period_start=Period.month(2024, 4).start, is_rebase=True,
                              text="New manager Jo Bloggs started; see the board minutes")
    status.refresh([indicator])
    row = _row(world, "REB")
    spec = json.dumps(row["chart"]["spec"])
    assert "Jo Bloggs" not in spec and "Jo Bloggs" not in row["chart"]["alt"]
    assert public_snapshot.REBASE_WORDS in spec
    # The stored note is untouched.
    assert Annotation.objects.get().text.startswith("New manager")


# UX2: plain public words --------------------------------------------------------------------

def _status(**fields):
    return types.SimpleNamespace(**{"latest_period": "M2024-04", "rag": "", "variation": "",
                                    "assurance": "", "direction": "", **fields})


@pytest.mark.parametrize(("variation", "words"), [
    (Variation.COMMON_CAUSE, "No sign of change beyond the usual ups and downs."),
    (Variation.IMPROVEMENT_HIGH, "Getting better: recent figures are higher than before, "
                                 "more than chance would explain."),
    (Variation.IMPROVEMENT_LOW, "Getting better: recent figures are lower than before"),
    (Variation.CONCERN_HIGH, "Getting worse: recent figures are higher than before"),
    (Variation.CONCERN_LOW, "Getting worse: recent figures are lower than before"),
    (Variation.NEUTRAL_HIGH, "Changing: recent figures are higher than before"),
    (Variation.NEUTRAL_LOW, "Changing: recent figures are lower than before"),
    ("", public_words.TOO_FEW),
])
def test_each_variation_in_plain_words(variation, words):
    said = public_words.public_status(_status(variation=variation), value="92.0%", target="")
    assert said.sentence.startswith(
        f"The latest figure is 92.0%, for April 2024. It has no target. {words}")
    assert "variation" not in said.sentence.lower() and "cause" not in said.sentence.lower()


@pytest.mark.parametrize(("assurance", "words"), [
    (Assurance.CONSISTENT_PASS, "it should keep meeting its target."),
    (Assurance.CONSISTENT_FAIL, "it will not meet its target: something needs to change."),
    (Assurance.INCONSISTENT, "it will meet its target some of the time but not always."),
])
def test_each_assurance_in_plain_words(assurance, words):
    said = public_words.public_status(
        _status(variation=Variation.COMMON_CAUSE, assurance=assurance, rag=Rag.GREEN),
        value="96.0%", target="95.0%")
    assert said.sentence == ("The latest figure is 96.0%, for April 2024. Meeting its target "
                             "of 95.0%. No sign of change beyond the usual ups and downs. "
                             f"If things carry on as they are, {words}")
    # The statistics' words stay, for a details box.
    assert said.details == f"Common cause variation. {assurance.description}."


@pytest.mark.parametrize(("rag", "words"), [
    (Rag.GREEN, "Meeting its target of 95%."), (Rag.AMBER, "Just short of its target of 95%."),
    (Rag.RED, "Not meeting its target of 95%."), ("", "Its target is 95%.")])
def test_each_rag_in_plain_words(rag, words):
    said = public_words.public_status(_status(rag=rag), value="90%", target="95%")
    assert words in said.sentence


def test_every_status_value_has_its_words():
    assert set(public_words.VARIATION_WORDS) == set(Variation)
    assert set(public_words.ASSURANCE_WORDS) == set(Assurance)
    assert set(public_words.RAG_WORDS) == set(Rag)
    assert set(public_words.DIRECTION_WORDS) == set(Direction)
    assert public_words.direction_words(Direction.IMPROVING) == "Better than the figure before."
    assert public_words.direction_words("") == ""


def test_no_figures_and_a_withheld_latest_value():
    assert public_words.public_status(_status(latest_period=""), value="", target=""
                                      ).sentence == public_words.NO_FIGURES
    said = public_words.public_status(_status(rag=Rag.RED, variation=Variation.CONCERN_HIGH),
                                      value="", target="5", latest_hidden=True)
    assert (said.sentence, said.details) == (public_words.SMALL_LATEST, "")


def test_the_snapshot_uses_the_plain_words(world):
    make_indicator(world.partnership, owner=world.council, code="UP",
                   values=[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], published=True)
    row = _row(world, "UP")
    assert "Special cause" not in row["status"] and "Common cause" not in row["status"]
    assert "Getting" in row["status"] or "No sign of change" in row["status"]
    assert row["status_details"].endswith("No target.")


# B5: taking the last indicator down ---------------------------------------------------------

def test_the_last_indicator_can_be_taken_down_once_published(world):
    indicator = make_indicator(world.partnership, owner=world.council, code="ONLY",
                               values=[1.0, 2.0], published=True)
    editor = Actor(user=world.editor)
    services.publish(editor, world.partnership)
    Indicator.objects.filter(pk=indicator.pk).update(published=False)
    empty = services.publish(editor, world.partnership, note="Taken down")
    assert empty.content["indicators"] == [] and empty.indicators_published == 0
    assert Publication.objects.count() == 2


def test_a_first_publication_with_nothing_is_still_refused(world):
    make_indicator(world.partnership, owner=world.council, code="NOT-PUB", values=[1.0])
    with pytest.raises(ValidationError) as refused:
        services.publish(Actor(user=world.editor), world.partnership)
    assert refused.value.error_dict["__all__"][0].code == "something_to_publish"


# B6: a contributor's rewrite of public commentary -------------------------------------------

APRIL = Period.month(2024, 4)


def _save(actor, indicator, **fields):
    return measure_services.save_commentary(actor, indicator, APRIL,
                                            {"what_it_shows": "Up a little", **fields},
                                            loaded_version=PROGRAM_CHANGE)


def test_a_contributors_rewrite_takes_commentary_off_the_public_pages(world):
    indicator = world.sample_indicator()
    _save(Actor(user=world.editor), indicator, is_public=True)
    saved = _save(Actor(user=world.contributor), indicator, what_it_shows="Rewritten")
    stored = Commentary.objects.get()
    assert (stored.what_it_shows, stored.is_public) == ("Rewritten", False)
    assert saved.public_withdrawn is True
    assert stored.history.latest().history_user == world.contributor


def test_the_same_words_or_an_editors_rewrite_stay_public(world):
    indicator = world.sample_indicator()
    _save(Actor(user=world.editor), indicator, is_public=True)
    assert _save(Actor(user=world.contributor), indicator).public_withdrawn is False
    assert Commentary.objects.get().is_public is True
    _save(Actor(user=world.editor), indicator, what_it_shows="Edited by the editor")
    assert Commentary.objects.get().is_public is True


def test_the_contributor_is_told(client, world):
    indicator = world.sample_indicator()
    _save(Actor(user=world.editor), indicator, is_public=True)
    client.force_login(world.contributor)
    url = reverse("commentary_edit", args=["alpha", indicator.code]) + "?period=" + APRIL.key
    response = client.post(url, {"period": "April 2024", "version_period": APRIL.key,
                                 "version": Commentary.objects.get().version,
                                 "what_it_shows": "Rewritten"}, follow=True)
    text = response.content.decode()
    assert "It is no longer shown to the public" in text
    assert Commentary.objects.get().is_public is False


# B16: the action form offers "public" only to editors ---------------------------------------

def test_the_action_form_has_no_public_box_for_others(world):
    assert "published" in ActionForm(world.partnership).fields
    assert "published" not in ActionForm(world.partnership, can_publish=False).fields


# UX11: a reason for a rosier selection ------------------------------------------------------

@pytest.fixture
def rosier(world):
    """Three red indicators left unpublished, one green one published."""
    for number in range(3):
        red = make_indicator(world.partnership, owner=world.council, code=f"RED-{number}",
                             values=[40.0, 41.0, 42.0])
        Target.objects.create(indicator=red, value=60.0)
        status.refresh([red])
    green = make_indicator(world.partnership, owner=world.council, code="GREEN",
                           values=[70.0, 71.0, 72.0], published=True)
    Target.objects.create(indicator=green, value=60.0)
    status.refresh([green])


def test_a_rosier_selection_needs_a_reason_kept_on_the_note(world, rosier):
    editor = Actor(user=world.editor)
    with pytest.raises(ValidationError) as refused:
        services.publish(editor, world.partnership, note="Q2")
    assert refused.value.error_dict["reason"][0].code == "reason_for_selection"
    publication = services.publish(editor, world.partnership, note="Q2",
                                   reason="The red ones await approved figures")
    assert publication.note == ("Q2\n\nWhy publish this selection: The red ones await "
                                "approved figures")


def test_the_publish_page_asks_why_when_warned(client, world, rosier):
    client.force_login(world.editor)
    url = reverse("publish", args=["alpha"])
    page = client.get(url).content.decode()
    assert "Why publish this selection" in page
    assert "You are publishing none of the 3 red indicators in the plan." in page
    response = client.post(url, {"note": "Q2", "reason": ""})
    assert response.status_code == 200 and not Publication.objects.exists()
    assert "Say why you publish this selection" in response.content.decode()
    response = client.post(url, {"note": "Q2", "reason": "Awaiting approval"})
    assert response.status_code == 302
    assert Publication.objects.get().note.endswith("Why publish this selection: "
                                                   "Awaiting approval")


def test_a_fair_selection_is_not_asked_why(world):
    assert "reason" not in PublishForm(warned=False).fields
    assert PublishForm(warned=True).fields["reason"].required


# UX12 and UX23: names and words -------------------------------------------------------------

def test_the_signed_in_page_is_called_publishing(client, world):
    client.force_login(world.admin)
    page = client.get(reverse("publishing", args=["alpha"])).content.decode()
    assert '<h1 class="govuk-heading-l">Publishing</h1>' in page
    assert "<title>Publishing" in page
    settings = client.get(reverse("public_settings", args=["alpha"])).content.decode()
    assert "Stage 5: check and report progress · Publishing" in settings
    assert "Cancel and go back to Publishing" in settings


def test_the_threshold_is_asked_clearly(world):
    field = SettingsForm(instance=services.public_settings(world.partnership)
                         ).fields["small_number_threshold"]
    assert field.label == "Flag counts below this number as small"
    assert field.help_text.startswith("Flag counts from 1 up to one less than this number")


def test_small_numbers_read_as_a_count_in_a_period():
    from pif.reports.small_numbers import SmallNumber

    assert SmallNumber("M2021-09", "September 2021", "Total", "value", 9.0).words == (
        "9 in September 2021")
    assert SmallNumber("M2026-03", "March 2026", "Aged 75 and over", "numerator", 4.0
                       ).words == "numerator 4 in March 2026 (Aged 75 and over)"
