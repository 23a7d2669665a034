"""Entering one period's value by hand."""

import pytest
from django.urls import reverse

from pif.actors import Actor
from pif.measures.models import Observation
from pif.measures.testing import make_indicator
from pif.partnerships.models import Event


def url(code="AE-4HR"):
    return reverse("enter_value", args=["alpha", code])


@pytest.fixture
def ae(world):
    return world.sample_indicator()


@pytest.fixture
def council_indicator(world):
    return make_indicator(world.partnership, owner=world.council, code="HOMES",
                          values=[10, 11, 12])


def shown(client, code="AE-4HR", period="May 2024") -> dict:
    """The hidden fields of the form opened for `period`: the entry it was loaded with."""
    response = client.get(url(code), {"period": period})
    if response.status_code != 200:  # no form: post as if one showed nothing stored
        return {"loaded_period": "", "loaded": ""}
    form = response.context["form"]
    return {name: form.initial[name] for name in ("loaded_period", "loaded")}


def post(client, code="AE-4HR", follow=False, **fields):
    data = {"period": "May 2024", "value": "93.5", "numerator": "", "denominator": "",
            "status": "provisional", "note": ""}
    data.update(fields)
    if "loaded" not in data:  # opened for the period posted, as by the indicator's link
        data.update(shown(client, code, data["period"]))
    return client.post(url(code), data, follow=follow)


def may(indicator):
    return Observation.objects.get(indicator=indicator, period="M2024-05")


def test_the_form_offers_the_period_from_the_link(client, world, ae):
    client.force_login(world.contributor)
    response = client.get(url(), {"period": "May 2024"})
    assert response.status_code == 200
    assert 'value="May 2024"' in response.content.decode()


def test_a_contributor_enters_a_value_that_awaits_approval(client, world, ae):
    client.force_login(world.contributor)
    response = post(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("indicator", args=["alpha", "AE-4HR"])
    observation = may(ae)
    assert observation.value == 93.5
    assert observation.status == Observation.Status.PROVISIONAL
    assert observation.approved_at is None and observation.approved_by is None
    assert observation.entered_by == world.contributor
    ae.status.refresh_from_db()
    assert ae.status.awaiting_approval == 1
    # it does not count until approved, but it is no longer asked for
    assert ae.status.latest_period == "M2024-04"
    assert ae.status.submitted_period == "M2024-05"


def test_the_contributor_is_told_an_editor_will_approve(client, world, ae):
    client.force_login(world.contributor)
    response = post(client, follow=True)
    text = response.content.decode()
    assert "Saved 1 new, 0 changed and 0 unchanged values for 1 indicator." in text
    assert "An editor will approve them before they count." in text


def test_the_history_records_the_person_who_entered_the_value(client, world, ae):
    client.force_login(world.contributor)
    post(client)
    record = Observation.history.filter(indicator_id=ae.pk, period="M2024-05").get()
    assert record.history_user == world.contributor
    assert record.history_type == "+"
    event = Event.objects.filter(partnership=world.partnership, verb="data_submitted").get()
    assert event.actor == world.contributor
    assert "(awaiting approval)" in event.description


def test_a_contributor_gets_403_for_another_organisations_indicator(client, world,
                                                                   council_indicator):
    client.force_login(world.contributor)
    assert client.get(url("HOMES")).status_code == 403
    assert post(client, "HOMES").status_code == 403
    assert not Observation.objects.filter(indicator=council_indicator,
                                          period="M2024-05").exists()


def test_a_viewer_gets_403_and_an_outsider_404(client, world, ae):
    client.force_login(world.viewer)
    assert post(client).status_code == 403
    client.force_login(world.outsider)
    assert post(client).status_code == 404
    assert not Observation.objects.filter(indicator=ae, period="M2024-05").exists()


def test_an_unknown_indicator_is_404(client, world, ae):
    client.force_login(world.editor)
    assert post(client, "NOPE").status_code == 404


def test_an_editors_value_is_approved_at_once(client, world, council_indicator):
    client.force_login(world.editor)
    response = post(client, "HOMES", period="April 2024", value="13", follow=True)
    observation = Observation.objects.get(indicator=council_indicator, period="M2024-04")
    assert observation.status == Observation.Status.FINAL
    assert observation.approved_by == world.editor and observation.approved_at is not None
    text = response.content.decode()
    assert "Saved 1 new" in text
    assert "An editor will approve" not in text
    council_indicator.status.refresh_from_db()
    assert council_indicator.status.awaiting_approval == 0
    assert council_indicator.status.latest_value == 13


def test_correcting_an_approved_value_marks_it_revised(client, world, ae):
    client.force_login(world.editor)
    post(client, period="March 2024", value="88")
    observation = Observation.objects.get(indicator=ae, period="M2024-03")
    assert observation.value == 88
    assert observation.status == Observation.Status.REVISED
    assert list(observation.history.order_by("history_date")
                .values_list("value", flat=True)) == [89.5, 88]


def test_entering_the_same_value_again_changes_nothing(client, world, ae):
    client.force_login(world.editor)
    response = post(client, period="April 2024", value="92", follow=True)
    assert "Nothing changed: the values were the same" in response.content.decode()
    assert Observation.history.filter(indicator_id=ae.pk, period="M2024-04").count() == 1
    assert not Event.objects.filter(verb="data_submitted").exists()


def test_an_unreadable_period_shows_the_error_summary(client, world, ae):
    client.force_login(world.contributor)
    response = post(client, period="Smarch 2024")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'class="govuk-error-summary"' in text
    assert ('<a href="#id_period">&#x27;Smarch 2024&#x27; is not a period we recognise: '
            'write it like one of these: April 2019') in text
    assert "This field" not in text
    assert not Observation.objects.filter(indicator=ae).exclude(
        period__in=["M2024-01", "M2024-02", "M2024-03", "M2024-04"]).exists()


def test_an_unreadable_value_shows_a_specific_message(client, world, ae):
    client.force_login(world.contributor)
    response = post(client, value="ninety")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'class="govuk-error-summary"' in text
    assert ('<a href="#id_value">&#x27;ninety&#x27; is not a number or a missing-data code'
            in text)
    assert not Observation.objects.filter(indicator=ae, period="M2024-05").exists()


def test_a_missing_period_says_enter_a_period(client, world, ae):
    client.force_login(world.contributor)
    response = post(client, period="")
    assert '<a href="#id_period">Enter a period</a>' in response.content.decode()


def test_the_missing_value_code_c_is_stored_as_missing(client, world, ae):
    client.force_login(world.contributor)
    assert post(client, value="c").status_code == 302
    observation = may(ae)
    assert observation.value is None
    assert observation.missing_code == "c"


def test_numerator_denominator_and_note_are_stored(client, world, ae):
    client.force_login(world.contributor)
    post(client, value="90", numerator="450", denominator="500", note="From the weekly SitRep")
    observation = may(ae)
    assert (observation.numerator, observation.denominator) == (450, 500)
    assert observation.note == "From the weekly SitRep"


def test_the_saved_message_uses_the_singular_for_one_indicator(client, world, ae):
    client.force_login(world.contributor)
    response = post(client, follow=True)
    assert "values for 1 indicator." in response.content.decode()


def test_a_period_of_the_wrong_frequency_is_refused(client, world):
    make_indicator(world.partnership, owner=world.health_board, code="QTR",
                   frequency="quarterly")
    client.force_login(world.contributor)
    response = post(client, "QTR", period="May 2024")
    assert response.status_code == 200
    assert "&#x27;May 2024&#x27; is a month, but this data is quarterly" in response.text
    assert not Observation.objects.filter(indicator__code="QTR").exists()
    assert post(client, "QTR", period="Q1 2024/25").status_code == 302
    assert Observation.objects.get(indicator__code="QTR").period_label == "Q1 2024/25"


def test_a_contributor_choosing_final_still_needs_approval(client, world, ae):
    client.force_login(world.contributor)
    post(client, status="final")
    observation = may(ae)
    assert observation.approved_at is None
    client.force_login(world.editor)
    assert "Approve AE-4HR May 2024" in client.get(reverse("approvals", args=["alpha"])).text


# -- the rules (pif.measures.rules): refusals on their field, warnings before saving --

def test_a_blank_value_is_worked_out_from_numerator_and_denominator(client, world, ae):
    client.force_login(world.editor)
    response = post(client, value="", numerator="181", denominator="200")
    assert response.status_code == 302
    assert (may(ae).value, may(ae).numerator, may(ae).denominator) == (90.5, 181, 200)


def test_an_unusual_value_is_shown_with_its_warnings_and_not_saved(client, world, ae):
    client.force_login(world.editor)
    response = post(client, value="20")
    assert response.status_code == 200
    text = response.content.decode()
    assert "This value is unusual" in text
    assert "20 is outside this indicator&#x27;s process limits" in text
    assert "a change of more than half this indicator&#x27;s range from the previous value, " \
           "92: check it is right" in text
    assert "Save anyway" in text
    assert not Observation.objects.filter(indicator=ae, period="M2024-05").exists()


def test_saving_anyway_saves_the_unusual_value(client, world, ae):
    client.force_login(world.editor)
    key = post(client, value="20").context["warnings_key"]
    response = post(client, value="20", accepted_warnings=key)
    assert response.status_code == 302
    assert may(ae).value == 20


def test_a_value_changed_after_the_warnings_is_checked_again(client, world, ae):
    client.force_login(world.editor)
    key = post(client, value="20").context["warnings_key"]
    response = post(client, value="10", accepted_warnings=key)
    assert response.status_code == 200
    assert "10 is outside this indicator&#x27;s process limits" in response.content.decode()
    assert not Observation.objects.filter(indicator=ae, period="M2024-05").exists()


def test_a_usual_value_saves_with_no_warning(client, world, ae):
    client.force_login(world.editor)
    assert post(client, value="91").status_code == 302


def test_a_refused_value_is_never_saved_anyway(client, world, ae):
    client.force_login(world.editor)
    response = post(client, value="120", accepted_warnings="")
    assert response.context["form"].errors["value"] == [
        "Enter a percentage of 100% or less: 120% is more than this indicator can be"]
    assert not Observation.objects.filter(indicator=ae, period="M2024-05").exists()


# The edit-conflict check: the form carries the entry it was opened with


def test_a_value_saved_by_someone_else_since_opening_is_not_overwritten(world, ae):
    """Issue 9: a contributor opened the form, an editor saved and approved 93.5, and the
    contributor's 93.0 was saved over it with no warning."""
    from django.test import Client

    contributor, editor = Client(), Client()
    contributor.force_login(world.contributor)
    editor.force_login(world.editor)
    opened = shown(contributor, period="March 2024")  # 89.5, approved
    assert post(editor, period="March 2024", value="93.5").status_code == 302
    response = post(contributor, period="March 2024", value="93.0", **opened)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Someone else saved the value for March 2024 while you were editing" in text
    march = Observation.objects.get(indicator=ae, period="M2024-03")
    assert (f"{world.editor.display_name} saved the value for March 2024 at "
            f"{_saved_at(march)}") in text  # 5 December 2026, 09:03: as History writes it
    assert 'value="93.0"' in text  # what they typed is kept
    assert march.value == 93.5 and march.approved_by == world.editor

    # The page now carries the entry saved since: saving again keeps theirs, knowingly.
    again = dict(response.context["form"].data.items())
    assert contributor.post(url(), again).status_code == 302
    assert Observation.objects.get(indicator=ae, period="M2024-03").value == 93.0


def test_a_period_other_than_the_one_opened_must_still_have_no_value(client, world, ae):
    client.force_login(world.contributor)
    opened = shown(client, period="May 2024")  # nothing stored for May
    response = post(client, period="March 2024", value="93.0", **opened)
    assert response.status_code == 200
    assert "Someone else saved the value for March 2024" in response.content.decode()
    assert Observation.objects.get(indicator=ae, period="M2024-03").value == 89.5


def test_a_post_without_the_entry_it_was_opened_with_is_refused(client, world, ae):
    client.force_login(world.contributor)
    response = client.post(url(), {"period": "March 2024", "value": "93.0",
                                   "status": "provisional"})
    assert response.status_code == 200
    assert "This page did not say which version" in response.content.decode()
    assert Observation.objects.get(indicator=ae, period="M2024-03").value == 89.5


def test_a_garbled_entry_is_a_conflict_not_an_error(client, world, ae):
    client.force_login(world.contributor)
    response = post(client, period="March 2024", value="93.0", loaded_period="M2024-03\x00",
                    loaded="nonsense" * 3)
    assert response.status_code == 200
    assert Observation.objects.get(indicator=ae, period="M2024-03").value == 89.5


def test_a_percentage_too_large_to_store_is_refused_not_a_server_error(client, world):
    make_indicator(world.partnership, owner=world.health_board, code="OVER",
                   may_exceed_100=True)
    client.force_login(world.contributor)
    for numerator, denominator in (("1", "1e-310"), ("1e15", "1e-300")):
        response = post(client, "OVER", value="", numerator=numerator,
                        denominator=denominator)
        assert response.status_code == 200
        assert "gives a percentage too large to be right" in response.content.decode()
    assert not Observation.objects.filter(indicator__code="OVER").exists()


def test_a_large_change_is_measured_from_the_latest_approved_value(client, world, ae):
    """A value awaiting approval (May's 20, perhaps a mistake) is not what June is
    compared with: April's approved 92.0 is."""
    from pif.lib.periods import Period
    from pif.measures.writing import ObservationInput, write_observations

    write_observations(Actor(user=world.contributor),
                       [ObservationInput(ae, Period.month(2024, 5), 20.0)],
                       approve=False, partnership=world.partnership)
    client.force_login(world.contributor)
    assert post(client, period="June 2024", value="90").status_code == 302


def test_a_value_withdrawn_since_opening_is_a_conflict_too(client, world, ae):
    from pif.measures.writing import reject

    client.force_login(world.contributor)
    post(client, period="May 2024", value="93.5")
    opened = shown(client, period="May 2024")  # the contributor's 93.5, awaiting approval
    reject(Actor(user=world.editor), [may(ae)], partnership=world.partnership, reason="Wrong")
    response = post(client, period="May 2024", value="94.0", **opened)
    assert response.status_code == 200
    assert "Someone else changed the value for May 2024" in response.content.decode()
    assert not Observation.objects.filter(indicator=ae, period="M2024-05").exists()
    assert response.context["form"].data["loaded"] == ""  # saving again enters theirs


# A form sent twice, or from two tabs, by the same person


def _saved_at(observation) -> str:
    """When the value was entered, as the page says it: 5 December 2026, 09:03."""
    from pif.times import format_time

    return format_time(observation.entered_at)


def test_posting_the_same_new_value_twice_says_it_was_already_saved(client, world, ae):
    """Issue 9 audit: the second POST was told "Someone else saved the value for May 2024
    while you were editing", though the person saving it was the only one."""
    client.force_login(world.contributor)
    opened = shown(client, period="May 2024")  # nothing stored for May
    first = post(client, value="93.5", **opened)
    assert first.status_code == 302
    response = post(client, value="93.5", follow=True, **opened)
    assert response.redirect_chain == [(first["Location"], 302)]
    text = response.content.decode()
    assert "This was already saved." in text
    assert "Someone else" not in text
    assert may(ae).value == 93.5
    assert Observation.history.filter(indicator=ae, period="M2024-05").count() == 1


def test_a_value_saved_differently_in_another_tab_is_named_as_the_persons_own(
        client, world, ae):
    client.force_login(world.contributor)
    opened = shown(client, period="May 2024")
    assert post(client, value="93.5", **opened).status_code == 302
    response = post(client, value="94.0", **opened)
    assert response.status_code == 200
    text = response.content.decode()
    assert ("You saved a different version in another tab or window at "
            f"{_saved_at(may(ae))}") in text
    assert "Someone else" not in text
    assert f"{world.contributor.display_name} saved" not in text
    assert may(ae).value == 93.5


def test_the_same_value_sent_after_someone_elses_entry_is_still_a_conflict(world, ae):
    from django.test import Client

    contributor, editor = Client(), Client()
    contributor.force_login(world.contributor)
    editor.force_login(world.editor)
    opened = shown(contributor, period="May 2024")
    assert post(editor, value="93.5").status_code == 302
    response = post(contributor, value="93.5", **opened)
    assert response.status_code == 200
    assert "Someone else saved the value for May 2024" in response.content.decode()


def test_a_correction_sent_twice_says_it_was_already_saved(client, world, ae):
    """The first save marks the correction revised; the same form's "provisional" sent again
    is the same entry, as writing it again would be, not a different version."""
    client.force_login(world.editor)
    opened = shown(client, period="March 2024")
    assert post(client, period="March 2024", value="88", **opened).status_code == 302
    response = post(client, period="March 2024", value="88", follow=True, **opened)
    assert "This was already saved." in response.content.decode()
    observation = Observation.objects.get(indicator=ae, period="M2024-03")
    assert observation.status == Observation.Status.REVISED
    assert observation.history.count() == 2


@pytest.mark.parametrize("fields", [
    {"value": "93.5", "status": "final"},  # waits as provisional until an editor approves
    {"value": "", "numerator": "187", "denominator": "200"},  # stored as 93.5
    {"value": "93.5%"},
], ids=["final-by-a-contributor", "worked-out-from-the-ratio", "with-a-percent-sign"])
def test_a_form_sent_twice_is_compared_as_it_would_be_written(client, world, ae, fields):
    """Review: comparing the form's text with the stored entry called each of these "a
    different version in another tab", though the second save would write just the same."""
    client.force_login(world.contributor)
    opened = shown(client, period="May 2024")
    assert post(client, **(fields | opened)).status_code == 302
    response = post(client, follow=True, **(fields | opened))
    text = response.content.decode()
    assert "This was already saved." in text
    assert "another tab" not in text
    assert may(ae).value == 93.5
    assert Observation.history.filter(indicator=ae, period="M2024-05").count() == 1


def test_an_editors_save_between_the_persons_own_is_not_hidden(world, ae):
    """Review: "it was you" was decided from the last save alone, so an editor's save
    since the form was opened, followed by the person's own in another tab, was hidden."""
    from django.test import Client

    contributor, editor = Client(), Client()
    contributor.force_login(world.contributor)
    editor.force_login(world.editor)
    opened = shown(contributor, period="May 2024")
    assert post(editor, value="92").status_code == 302
    assert post(contributor, value="93").status_code == 302
    response = post(contributor, value="94", **opened)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Someone else saved the value for May 2024" in text
    assert "another tab" not in text
    assert may(ae).value == 93


@pytest.mark.parametrize("period", ["07/07/2019", "20190707", "2019-07-07"])
def test_a_date_for_an_indicator_of_spans_of_financial_years_is_explained(client, world, period):
    make_indicator(world.partnership, owner=world.council, code="LGBF",
                   frequency="multi_financial_year")
    client.force_login(world.editor)
    response = post(client, code="LGBF", period=period, loaded_period="", loaded="")
    assert response.status_code == 200
    assert ("is a date, but this data is for spans of financial years: write the years, "
            "such as 2016/17 to 2018/19") in response.content.decode()
