"""Editing several periods of one indicator at once."""

import pytest
from django.urls import reverse

from pif.actors import Actor
from pif.measures import grid
from pif.measures.models import Observation
from pif.measures.testing import make_indicator
from pif.partnerships.models import Event

URL = reverse("enter_grid", args=["alpha", "AE-4HR"])


@pytest.fixture
def ae(world):
    return world.sample_indicator()


def shown(indicator) -> dict:
    """What the grid's form holds when nobody types anything: each value, and what the page
    showed for it when loaded."""
    rows = grid.grid_rows(indicator)
    return ({row.field_name: row.text for row in rows}
            | {row.loaded_name: row.text for row in rows})


def test_the_grid_shows_recorded_periods_and_the_next_two(client, world, ae):
    client.force_login(world.contributor)
    response = client.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    for label in ("January 2024", "April 2024", "May 2024", "June 2024"):
        assert f'">{label}</label>' in text
    assert 'name="value-M2024-02" type="text" inputmode="decimal" value="91.2"' in text
    assert "Not submitted" in text


def test_changing_two_periods_writes_two_changes_and_leaves_the_rest(client, world, ae):
    data = shown(ae) | {"value-M2024-02": "91.5", "value-M2024-05": "94"}
    before = Observation.history.filter(indicator_id=ae.pk).count()
    client.force_login(world.contributor)
    response = client.post(URL, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("indicator", args=["alpha", "AE-4HR"])
    assert Observation.history.filter(indicator_id=ae.pk).count() == before + 2
    values = dict(Observation.objects.filter(indicator=ae).values_list("period", "value"))
    assert values == {"M2024-01": 90.1, "M2024-02": 91.5, "M2024-03": 89.5,
                      "M2024-04": 92.0, "M2024-05": 94.0}
    event = Event.objects.get(verb="data_submitted")
    assert event.description.startswith("1 new, 1 changed and 0 unchanged values")
    assert event.actor == world.contributor


def test_a_contributors_grid_changes_await_approval(client, world, ae):
    client.force_login(world.contributor)
    client.post(URL, shown(ae) | {"value-M2024-02": "91.5"})
    february = Observation.objects.get(indicator=ae, period="M2024-02")
    assert february.approved_at is None
    assert february.status == Observation.Status.REVISED
    ae.status.refresh_from_db()
    assert ae.status.awaiting_approval == 1


def test_an_editors_grid_changes_are_approved(client, world, ae):
    client.force_login(world.editor)
    client.post(URL, shown(ae) | {"value-M2024-05": "94"})
    may = Observation.objects.get(indicator=ae, period="M2024-05")
    assert may.approved_by == world.editor
    assert may.status == Observation.Status.FINAL


def test_a_bad_value_names_its_period_and_nothing_is_written(client, world, ae):
    before = Observation.history.count()
    client.force_login(world.contributor)
    response = client.post(URL, shown(ae) | {"value-M2024-02": "lots",
                                             "value-M2024-05": "94"})
    assert response.status_code == 200
    text = response.content.decode()
    assert 'class="govuk-error-summary"' in text
    assert '<a href="#value-M2024-02">February 2024:' in text
    assert 'value="lots"' in text  # what they typed is kept to correct
    assert Observation.history.count() == before
    assert not Observation.objects.filter(indicator=ae, period="M2024-05").exists()
    assert not Event.objects.filter(verb="data_submitted").exists()


def test_posting_the_grid_unchanged_says_nothing_changed(client, world, ae):
    client.force_login(world.editor)
    response = client.post(URL, shown(ae), follow=True)
    assert "Nothing changed" in response.content.decode()
    assert not Event.objects.filter(verb="data_submitted").exists()


def test_existing_notes_are_kept_and_a_new_value_drops_the_old_ratio(client, world, ae):
    Observation.objects.filter(indicator=ae, period="M2024-03").update(
        numerator=895, denominator=1000, note="Checked")
    client.force_login(world.editor)
    client.post(URL, shown(ae) | {"value-M2024-03": "89.6"})
    march = Observation.objects.get(indicator=ae, period="M2024-03")
    assert march.value == 89.6
    # 895 out of 1000 no longer describes 89.6 (see writing.keeping_ratio)
    assert (march.numerator, march.denominator, march.note) == (None, None, "Checked")


def test_a_missing_code_in_the_grid_is_stored_as_missing(client, world, ae):
    client.force_login(world.editor)
    client.post(URL, shown(ae) | {"value-M2024-05": ".."})
    may = Observation.objects.get(indicator=ae, period="M2024-05")
    assert may.value is None and may.missing_code == ".."


def test_a_contributor_gets_403_for_the_councils_indicator(client, world):
    homes = make_indicator(world.partnership, owner=world.council, code="HOMES",
                           values=[10, 11])
    url = reverse("enter_grid", args=["alpha", "HOMES"])
    client.force_login(world.contributor)
    assert client.get(url).status_code == 403
    assert client.post(url, shown(homes) | {"value-M2024-01": "99"}).status_code == 403
    assert Observation.objects.get(indicator=homes, period="M2024-01").value == 10


def test_an_outsider_gets_404(client, world, ae):
    client.force_login(world.outsider)
    assert client.post(URL, shown(ae) | {"value-M2024-01": "1"}).status_code == 404
    assert Observation.objects.get(indicator=ae, period="M2024-01").value == 90.1


def test_a_stale_grid_never_writes_back_a_value_its_person_did_not_touch(world, ae):
    """The race in issue 9: a contributor's grid save reverted an editor's approved value
    that the contributor never touched, and both saves said "Saved"."""
    from django.test import Client

    contributor, editor = Client(), Client()
    contributor.force_login(world.contributor)
    editor.force_login(world.editor)
    loaded = shown(ae)  # the contributor opens the grid: February shows 91.2
    editor.post(URL, shown(ae) | {"value-M2024-02": "95"})
    response = contributor.post(URL, loaded | {"value-M2024-03": "88"})
    assert response.status_code == 302
    values = dict(Observation.objects.filter(indicator=ae).values_list("period", "value"))
    assert values["M2024-02"] == 95.0  # the editor's value stands
    assert values["M2024-03"] == 88.0
    assert Observation.objects.get(indicator=ae, period="M2024-02").approved_by == world.editor


def test_a_cell_changed_by_someone_else_since_loading_is_refused_naming_its_period(
        client, world, ae):
    loaded = shown(ae)
    Observation.objects.filter(indicator=ae, period="M2024-02").update(value=95)
    client.force_login(world.contributor)
    response = client.post(URL, loaded | {"value-M2024-02": "93", "value-M2024-03": "88"})
    assert response.status_code == 200
    text = response.content.decode()
    assert ('February 2024: someone else changed this value since you opened the page (it '
            'was “91.2”, it is now “95”)') in text
    assert 'value="93"' in text  # what they typed is kept
    values = dict(Observation.objects.filter(indicator=ae).values_list("period", "value"))
    assert (values["M2024-02"], values["M2024-03"]) == (95.0, 89.5)  # nothing written

    # The refusal now carries the stored value as loaded: saving again keeps theirs.
    row = next(r for r in response.context["rows"] if r.period.key == "M2024-02")
    assert row.loaded_text == "95"
    again = {r.field_name: r.text for r in response.context["rows"]} | {
        r.loaded_name: r.loaded_text for r in response.context["rows"]}
    assert client.post(URL, again).status_code == 302
    assert Observation.objects.get(indicator=ae, period="M2024-02").value == 93.0


def test_a_first_value_entered_by_someone_else_since_loading_is_refused(client, world, ae):
    loaded = shown(ae)  # May is blank
    Observation.objects.create(indicator=ae, period="M2024-05", period_start="2024-05-01",
                               period_end="2024-05-31", value=94)
    client.force_login(world.contributor)
    response = client.post(URL, loaded | {"value-M2024-05": "90"})
    assert response.status_code == 200
    assert "May 2024: someone else changed this value" in response.content.decode()
    assert Observation.objects.get(indicator=ae, period="M2024-05").value == 94


def test_a_changed_cell_without_what_the_page_showed_is_refused(client, world, ae):
    client.force_login(world.contributor)
    response = client.post(URL, {"value-M2024-02": "93"})
    assert response.status_code == 200
    assert "February 2024: this page did not say what the value was" in (
        response.content.decode())
    assert Observation.objects.get(indicator=ae, period="M2024-02").value == 91.2


def test_a_changed_cell_breaking_a_rule_is_refused_on_that_cell(client, world, ae):
    client.force_login(world.contributor)
    response = client.post(URL, shown(ae) | {"value-M2024-02": "1234.5"})
    assert response.status_code == 200
    row = next(r for r in response.context["rows"] if r.period.key == "M2024-02")
    assert row.problems and row.problems[0].startswith("February 2024: ")
    assert 'govuk-input--error" id="value-M2024-02"' in response.content.decode()
    assert Observation.objects.get(indicator=ae, period="M2024-02").value == 91.2


# The rows posted are the periods the page showed, not the periods it would show now


def test_an_edit_to_a_period_the_window_has_moved_past_is_saved(client, world):
    from pif.lib.periods import Period
    from pif.measures.writing import ObservationInput, write_observations

    twelve = make_indicator(world.partnership, owner=world.health_board, code="TWELVE",
                            values=[50.0, 54.0] * 6,  # 55 is within the limits
                            first_period=Period.month(2023, 1))
    url = reverse("enter_grid", args=["alpha", "TWELVE"])
    loaded = shown(twelve)  # January to December 2023, then January and February 2024
    write_observations(Actor(user=world.editor),
                       [ObservationInput(twelve, Period.month(2024, 1), 51.0)],
                       approve=True, partnership=world.partnership)
    assert "value-M2023-01" not in shown(twelve)  # the window has moved on
    client.force_login(world.contributor)
    response = client.post(url, loaded | {"value-M2023-01": "55"}, follow=True)
    assert "Saved 0 new, 1 changed" in response.content.decode()
    values = dict(Observation.objects.filter(indicator=twelve).values_list("period", "value"))
    assert values["M2023-01"] == 55.0 and values["M2024-01"] == 51.0


@pytest.mark.parametrize("key", ["NOPE", "FY2019", "M2024-13", "M2024-05\x00", "x" * 500])
def test_a_cell_naming_no_period_of_this_indicator_is_refused(client, world, ae, key):
    client.force_login(world.contributor)
    response = client.post(URL, shown(ae) | {f"loaded-{key}": "", f"value-{key}": "5",
                                             "value-M2024-03": "88"})
    assert response.status_code == 200
    assert "is not a period of this indicator" in response.content.decode()
    values = dict(Observation.objects.filter(indicator=ae).values_list("period", "value"))
    assert values["M2024-03"] == 89.5  # nothing written


# Warnings: shown on their cells, and saved only once the person says so


def test_an_unusual_value_is_shown_with_its_warning_and_saved_only_anyway(client, world, ae):
    client.force_login(world.contributor)
    response = client.post(URL, shown(ae) | {"value-M2024-05": "20"})
    assert response.status_code == 200
    text = response.content.decode()
    assert ("May 2024: 20 is a change of more than half this indicator&#x27;s range from "
            "the previous value, 92") in text
    assert "Save anyway" in text
    assert not Observation.objects.filter(indicator=ae, period="M2024-05").exists()
    again = shown(ae) | {"value-M2024-05": "20",
                         "accepted_warnings": response.context["warnings_key"]}
    assert client.post(URL, again).status_code == 302
    assert Observation.objects.get(indicator=ae, period="M2024-05").value == 20.0


def test_a_grid_value_beyond_the_process_limits_is_warned_of_as_on_the_entry_form(
        client, world, ae):
    """Issue 10: the grid read the status only if something had loaded it, so it never
    warned of the process limits; it now reads `indicator.current_status`, as the form."""
    beyond = ae.current_status.upper_limit + 1  # and not a large change from April's 92
    client.force_login(world.contributor)
    response = client.post(URL, shown(ae) | {"value-M2024-05": f"{beyond:.1f}"})
    assert response.status_code == 200
    assert (f"May 2024: {beyond:.1f} is outside this indicator&#x27;s process limits"
            in response.content.decode())
    assert not Observation.objects.filter(indicator=ae, period="M2024-05").exists()


def test_a_value_changed_after_the_warning_is_checked_again(client, world, ae):
    client.force_login(world.contributor)
    response = client.post(URL, shown(ae) | {"value-M2024-05": "20"})
    again = shown(ae) | {"value-M2024-05": "10",
                         "accepted_warnings": response.context["warnings_key"]}
    assert client.post(URL, again).status_code == 200
    assert not Observation.objects.filter(indicator=ae, period="M2024-05").exists()


def test_a_week_ending_on_any_day_is_read_back_from_the_page(client, world):
    from pif.lib.periods import Period

    weekly = make_indicator(world.partnership, owner=world.health_board, code="WEEKLY",
                            frequency="weekly", values=[50.0],
                            first_period=Period.from_key("W2024-07-03"))  # a Wednesday
    client.force_login(world.contributor)
    response = client.post(reverse("enter_grid", args=["alpha", "WEEKLY"]),
                           shown(weekly) | {"value-W2024-07-03": "55"})
    assert response.status_code == 302
    assert Observation.objects.get(indicator=weekly, period="W2024-07-03").value == 55.0


def test_a_post_of_more_periods_than_the_page_shows_is_refused(client, world, ae):
    from pif.lib.periods import Period

    client.force_login(world.contributor)
    periods = [Period.month(2020 + index // 12, index % 12 + 1) for index in range(15)]
    data = {f"loaded-{p.key}": "" for p in periods} | {f"value-{p.key}": "50" for p in periods}
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "This page sent values for more than 14 periods" in response.content.decode()
    assert not Observation.objects.filter(indicator=ae, period__startswith="M2020").exists()


def test_posting_the_grid_twice_says_it_was_already_saved(client, world, ae):
    """Issue 9 audit: the second POST was refused as "someone else changed this value"."""
    client.force_login(world.contributor)
    data = shown(ae) | {"value-M2024-05": "90"}
    first = client.post(URL, data)
    assert first.status_code == 302
    response = client.post(URL, data, follow=True)
    assert response.redirect_chain == [(first["Location"], 302)]
    text = response.content.decode()
    assert "This was already saved." in text
    assert "someone else" not in text
    assert Observation.history.filter(indicator=ae, period="M2024-05").count() == 1


def test_a_grid_value_saved_differently_in_another_tab_is_named_as_the_persons_own(
        client, world, ae):
    client.force_login(world.contributor)
    loaded = shown(ae)
    assert client.post(URL, loaded | {"value-M2024-05": "90"}).status_code == 302
    response = client.post(URL, loaded | {"value-M2024-05": "91"})
    assert response.status_code == 200
    text = response.content.decode()
    assert ("May 2024: you saved a different value in another tab or window since you "
            "opened this page (it was blank, it is now “90”)") in text
    assert "someone else" not in text
    assert Observation.objects.get(indicator=ae, period="M2024-05").value == 90


def test_the_same_grid_value_entered_first_by_someone_else_is_still_refused(client, world,
                                                                          ae):
    loaded = shown(ae)
    Observation.objects.create(indicator=ae, period="M2024-05", period_start="2024-05-01",
                               period_end="2024-05-31", value=90, entered_by=world.editor)
    client.force_login(world.contributor)
    response = client.post(URL, loaded | {"value-M2024-05": "90"})
    assert response.status_code == 200
    assert "May 2024: someone else changed this value" in response.content.decode()


@pytest.mark.parametrize("typed", ["90%", " 90 ", "90.0"])
def test_a_grid_value_written_differently_and_sent_twice_was_already_saved(client, world, ae,
                                                                            typed):
    """Review: "90%" sent twice was read with float(), so the second post said the person
    had saved a different value in another tab."""
    client.force_login(world.contributor)
    data = shown(ae) | {"value-M2024-05": typed}
    assert client.post(URL, data).status_code == 302
    text = client.post(URL, data, follow=True).content.decode()
    assert "This was already saved." in text
    assert "another tab" not in text
    assert Observation.history.filter(indicator=ae, period="M2024-05").count() == 1


def test_an_editors_grid_save_between_the_persons_own_is_not_hidden(client, world, ae):
    """Review: "you saved a different value in another tab" was decided from the last save
    alone, hiding an editor's save since the page was loaded."""
    from django.test import Client

    editor = Client()
    editor.force_login(world.editor)
    loaded = shown(ae)
    assert editor.post(URL, shown(ae) | {"value-M2024-05": "92"}).status_code == 302
    client.force_login(world.contributor)
    assert client.post(URL, shown(ae) | {"value-M2024-05": "93"}).status_code == 302
    response = client.post(URL, loaded | {"value-M2024-05": "94"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "May 2024: someone else changed this value" in text
    assert "another tab" not in text
    assert Observation.objects.get(indicator=ae, period="M2024-05").value == 93
