"""Adding and changing an indicator's definition, and two editors saving at once."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pif.measures.models import Indicator, Tag
from pif.measures.services import refuse_broken_indicator
from pif.measures.testing import make_indicator
from pif.partnerships.models import Event

CREATE = reverse("indicator_create", args=["alpha"])


def edit_url(code="AE-4HR"):
    return reverse("indicator_edit", args=["alpha", code])


def fields(world, **changes) -> dict:
    data = {"code": "DD-1", "title": "Delayed discharges", "definition": "Bed days lost",
            "unit": "count", "rate_per": "", "decimals": "0", "improvement": "lower",
            "frequency": "monthly", "owner": world.health_board.pk, "lead": "",
            "data_source": "", "quality_note": "", "measure_kind": "outcome", "rba_kind": "",
            "chart_type": "xmr", "baseline_period": "", "due_days": "30", "version": ""}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def form_of(indicator, world, **changes) -> dict:
    data = fields(world, code=indicator.code, title=indicator.title,
                  definition=indicator.definition, unit=indicator.unit,
                  decimals=str(indicator.decimals), improvement=indicator.improvement,
                  frequency=indicator.frequency, owner=indicator.owner_id,
                  version=str(indicator.version))
    data.update(changes)
    return data


def hidden_version(response) -> int:
    match = re.search(r'<input type="hidden" name="version" value="(\d+)"', response.text)
    return int(match.group(1))


def test_an_editor_adds_an_indicator_with_history_and_an_event(client, world):
    client.force_login(world.editor)
    response = client.post(CREATE, fields(world), follow=True)
    assert response.redirect_chain[-1][0] == reverse("indicator", args=["alpha", "DD-1"])
    assert "DD-1 Delayed discharges saved." in response.content.decode()
    indicator = Indicator.objects.get(partnership=world.partnership, code="DD-1")
    assert indicator.improvement == "lower" and indicator.owner == world.health_board
    assert indicator.version == 1
    record = indicator.history.get()
    assert record.history_type == "+" and record.history_user == world.editor
    event = Event.objects.get(verb="indicator_created")
    assert event.actor == world.editor
    assert event.description == "DD-1 Delayed discharges created"
    assert event.object_id == str(indicator.pk)
    assert Indicator.objects.get(pk=indicator.pk).status.points == 0


def test_tags_and_a_baseline_period_are_saved(client, world):
    tag = Tag.objects.create(partnership=world.partnership, name="Customer", group="Perspective")
    client.force_login(world.editor)
    client.post(CREATE, fields(world, tags=[tag.pk], baseline_period="April 2023"))
    indicator = Indicator.objects.get(code="DD-1")
    assert list(indicator.tags.all()) == [tag]
    assert indicator.baseline_period == "M2023-04"


def test_new_tags_are_created_with_their_groups_and_existing_ones_reused(client, world):
    existing = Tag.objects.create(partnership=world.partnership, name="Customer",
                                  group="Perspective")
    client.force_login(world.editor)
    client.post(CREATE, fields(world, new_tags="perspective: customer, NPF: Healthy life, Winter"))
    indicator = Indicator.objects.get(code="DD-1")
    assert sorted((t.group, t.name) for t in indicator.tags.all()) == [
        ("", "Winter"), ("NPF", "Healthy life"), ("Perspective", "Customer")]
    assert Tag.objects.filter(partnership=world.partnership).count() == 3
    assert existing in indicator.tags.all()
    assert Tag.history.filter(history_user=world.editor).count() == 2


def test_a_rate_needs_its_per_number(client, world):
    client.force_login(world.editor)
    response = client.post(CREATE, fields(world, unit="rate"))
    assert "Enter how many the rate is per, for example 1000" in response.content.decode()
    assert not Indicator.objects.filter(code="DD-1").exists()


def test_a_bad_code_is_refused_with_the_rule(client, world):
    client.force_login(world.editor)
    response = client.post(CREATE, fields(world, code="DD 1!"))
    assert "Use letters, numbers, and . _ - &amp; only" in response.content.decode()
    assert not Indicator.objects.exists()


def test_a_duplicate_code_is_refused_with_a_clear_message(client, world):
    world.sample_indicator()
    client.force_login(world.editor)
    response = client.post(CREATE, fields(world, code="AE-4HR"))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'class="govuk-error-summary"' in text
    assert "This partnership already has an indicator with that code." in text
    assert Indicator.objects.filter(code="AE-4HR").count() == 1
    assert not Event.objects.filter(verb="indicator_created").exists()


def test_renaming_to_a_code_already_used_is_refused(client, world):
    ae = world.sample_indicator()
    make_indicator(world.partnership, owner=world.council, code="TAKEN")
    client.force_login(world.editor)
    response = client.post(edit_url(), form_of(ae, world, code="TAKEN"))
    assert response.status_code == 200
    assert "This partnership already has an indicator with that code." in response.text
    ae.refresh_from_db()
    assert ae.code == "AE-4HR" and ae.version == 1


def test_the_same_code_in_another_partnership_is_fine(client, world):
    make_indicator(world.other_partnership, owner=world.other_council, code="DD-1")
    client.force_login(world.editor)
    assert client.post(CREATE, fields(world)).status_code == 302
    assert Indicator.objects.filter(code="DD-1").count() == 2


def test_contributors_and_viewers_get_403_and_outsiders_404(client, world):
    for user, code in [(world.contributor, 403), (world.viewer, 403), (world.outsider, 404)]:
        client.force_login(user)
        assert client.get(CREATE).status_code == code
        assert client.post(CREATE, fields(world)).status_code == code
    assert not Indicator.objects.exists()


def test_the_owner_must_be_one_of_the_partnerships_organisations(client, world):
    client.force_login(world.editor)
    response = client.post(CREATE, fields(world, owner=world.other_council.pk))
    assert response.status_code == 200
    assert '<a href="#id_owner">' in response.content.decode()
    assert not Indicator.objects.exists()


def test_an_editor_changes_an_indicator(client, world):
    ae = world.sample_indicator()
    client.force_login(world.editor)
    response = client.get(edit_url())
    assert response.status_code == 200
    assert hidden_version(response) == 1
    response = client.post(edit_url(), form_of(ae, world, title="Four-hour A&E"))
    assert response.status_code == 302
    ae.refresh_from_db()
    assert ae.title == "Four-hour A&E" and ae.version == 2
    assert ae.history.latest().history_user == world.editor
    assert Event.objects.get(verb="indicator_changed").description == (
        "AE-4HR Four-hour A&E changed")


def test_the_second_of_two_editors_is_shown_who_changed_what_then_can_save(client, world):
    ae = world.sample_indicator()
    other = client.__class__()
    client.force_login(world.editor)
    other.force_login(world.admin)
    mine = client.get(edit_url())
    assert hidden_version(mine) == 1

    theirs = other.post(edit_url(), form_of(ae, world, title="Title by admin"))
    assert theirs.status_code == 302

    refused = client.post(edit_url(), form_of(ae, world, title="Title by editor",
                                              version="1"))
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "Someone else saved this indicator while you were editing." in text
    assert "Admin saved this indicator at" in text
    conflict_table = text.split("What is different")[1].split("</table>")[0]
    assert "Title" in conflict_table
    assert "Title by admin" in conflict_table and "Title by editor" in conflict_table
    assert hidden_version(refused) == 2
    ae.refresh_from_db()
    assert ae.title == "Title by admin" and ae.version == 2

    again = client.post(edit_url(), form_of(ae, world, title="Title by editor",
                                            version=str(hidden_version(refused))))
    assert again.status_code == 302
    ae.refresh_from_db()
    assert ae.title == "Title by editor" and ae.version == 3
    assert Event.objects.filter(verb="indicator_changed").count() == 2


def test_editing_another_partnerships_indicator_is_404(client, world):
    make_indicator(world.other_partnership, owner=world.other_council, code="BETA-1")
    client.force_login(world.editor)
    assert client.get(edit_url("BETA-1")).status_code == 404


@pytest.mark.parametrize("role", ["contributor", "viewer"])
def test_only_editors_change_definitions(client, world, role):
    ae = world.sample_indicator()
    client.force_login(world.users[role])
    assert client.post(edit_url(), form_of(ae, world, title="Mine now")).status_code == 403
    ae.refresh_from_db()
    assert ae.title == "Indicator AE-4HR"


# -- the rules about an indicator's settings (pif.measures.rules) --

def form_errors(client, world, **changes) -> dict:
    client.force_login(world.editor)
    response = client.post(CREATE, fields(world, **changes))
    assert response.status_code == 200
    assert not Indicator.objects.filter(code=changes.get("code", "DD-1")).exists()
    return response.context["form"].errors


@pytest.mark.parametrize("code", ["new", "edit", "enter", "grid", "chart.json", "Targets"])
def test_a_word_used_in_page_addresses_cannot_be_a_code(client, world, code):
    errors = form_errors(client, world, code=code)
    assert errors["code"] == [f"'{code}' cannot be an indicator code: page addresses use that "
                              "word"]


def test_bounds_and_may_exceed_100_are_saved(client, world):
    client.force_login(world.editor)
    client.post(CREATE, fields(world, unit="percentage", may_exceed_100="on",
                               lower_bound="0", upper_bound="150"))
    indicator = Indicator.objects.get(code="DD-1")
    assert (indicator.may_exceed_100, indicator.lower_bound, indicator.upper_bound) == (
        True, 0, 150)


def test_the_form_offers_the_bounds(client, world):
    client.force_login(world.editor)
    text = client.get(CREATE).content.decode()
    for name in ("may_exceed_100", "lower_bound", "upper_bound"):
        assert f'name="{name}"' in text


def test_the_lower_bound_cannot_be_above_the_upper(client, world):
    errors = form_errors(client, world, lower_bound="10", upper_bound="5")
    assert errors["upper_bound"] == ["Enter an upper bound that is not less than the lower "
                                     "bound"]


def test_a_bound_too_large_to_be_right_is_refused(client, world):
    errors = form_errors(client, world, upper_bound="1e300")
    assert errors["upper_bound"][0].startswith("Enter an upper bound between")


def test_only_a_percentage_may_exceed_100(client, world):
    errors = form_errors(client, world, unit="count", may_exceed_100="on")
    assert errors["may_exceed_100"] == ["Only a percentage can be allowed to exceed 100%"]


def test_the_services_refuse_what_the_form_refuses(world):
    indicator = Indicator(partnership=world.partnership, owner=world.health_board, code="new",
                          title="Rate", unit="rate", chart_type="p")
    with pytest.raises(ValidationError) as refused:
        refuse_broken_indicator(indicator)
    assert set(refused.value.message_dict) == {"code", "rate_per", "chart_type"}
