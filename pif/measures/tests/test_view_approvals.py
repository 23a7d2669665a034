"""The editors' queue of values awaiting approval."""

import pytest
from django.urls import reverse

from pif.actors import Actor
from pif.lib.periods import Period
from pif.measures.models import Observation
from pif.measures.testing import make_indicator
from pif.measures.writing import ObservationInput, write_observations
from pif.partnerships.models import Event

URL = reverse("approvals", args=["alpha"])


def seen(*observations) -> dict:
    """What the approvals page carries for each value it showed: the entry it showed."""
    return {f"seen-{o.pk}": o.entered_token for o in observations}


@pytest.fixture
def waiting(world):
    """Two values submitted by the contributor for May and June 2024."""
    ae = world.sample_indicator()
    write_observations(Actor(user=world.contributor),
                       [ObservationInput(ae, Period.month(2024, 5), 93.0),
                        ObservationInput(ae, Period.month(2024, 6), 94.0)],
                       approve=False, partnership=world.partnership)
    return list(Observation.objects.filter(indicator=ae, approved_at__isnull=True)
                .order_by("period_start"))


def test_the_queue_lists_each_value_with_who_entered_it(client, world, waiting):
    client.force_login(world.editor)
    response = client.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert "2 values to check" in text
    assert "May 2024" in text and "93.0%" in text and "June 2024" in text
    assert "Contributor," in text
    assert f'name="observation" value="{waiting[0].pk}"' in text
    assert "Approve AE-4HR May 2024" in text  # the checkbox's label


def test_an_editor_approves_the_selected_values(client, world, waiting):
    may, june = waiting
    client.force_login(world.editor)
    response = client.post(URL, {"observation": [may.pk], **seen(may)}, follow=True)
    assert response.redirect_chain[-1][0] == URL
    assert "1 value approved." in response.content.decode()
    may.refresh_from_db()
    june.refresh_from_db()
    assert may.status == Observation.Status.FINAL
    assert may.approved_by == world.editor and may.approved_at is not None
    assert june.approved_at is None and june.status == Observation.Status.PROVISIONAL
    assert may.history.order_by("-history_date").first().history_user == world.editor
    event = Event.objects.get(verb="data_approved")
    assert event.actor == world.editor and event.description.endswith("approved")
    may.indicator.status.refresh_from_db()
    assert may.indicator.status.awaiting_approval == 1
    assert "1 value to check" in response.content.decode()


def test_approving_all_empties_the_queue(client, world, waiting):
    client.force_login(world.editor)
    response = client.post(URL, {"observation": [o.pk for o in waiting], **seen(*waiting)},
                           follow=True)
    text = response.content.decode()
    assert "2 values approved." in text
    assert "Nothing is waiting for approval." in text
    assert not Observation.objects.filter(approved_at__isnull=True).exists()


def test_approving_nothing_says_so(client, world, waiting):
    client.force_login(world.editor)
    response = client.post(URL, {}, follow=True)
    assert "Choose the values to approve." in response.content.decode()
    assert Observation.objects.filter(approved_at__isnull=True).count() == 2
    assert not Event.objects.filter(verb="data_approved").exists()


def test_nonsense_and_another_partnerships_ids_are_ignored(client, world, waiting):
    beta = make_indicator(world.other_partnership, owner=world.other_council, code="B")
    write_observations(Actor(user=world.outsider),
                       [ObservationInput(beta, Period.month(2024, 1), 1.0)],
                       approve=False, partnership=world.other_partnership)
    theirs = Observation.objects.get(indicator=beta)
    client.force_login(world.editor)
    response = client.post(URL, {"observation": ["abc", str(theirs.pk)]}, follow=True)
    assert "no longer awaiting approval" in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.approved_at is None


def test_another_partnerships_values_are_not_listed(client, world, waiting):
    beta = make_indicator(world.other_partnership, owner=world.other_council, code="BETA-Q")
    write_observations(Actor(user=world.outsider),
                       [ObservationInput(beta, Period.month(2024, 1), 1.0)],
                       approve=False, partnership=world.other_partnership)
    client.force_login(world.editor)
    assert "BETA-Q" not in client.get(URL).content.decode()


def test_a_contributor_gets_403_and_an_outsider_404(client, world, waiting):
    client.force_login(world.contributor)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"observation": [waiting[0].pk]}).status_code == 403
    client.force_login(world.outsider)
    assert client.post(URL, {"observation": [waiting[0].pk]}).status_code == 404
    assert Observation.objects.filter(approved_at__isnull=True).count() == 2


def test_the_approval_event_uses_the_singular_for_one_value(client, world, waiting):
    client.force_login(world.editor)
    client.post(URL, {"observation": [waiting[0].pk], **seen(waiting[0])})
    assert Event.objects.get(verb="data_approved").description == "1 value approved"


# Old and new values, warnings, approve or reject per row and for all


def _revise_april(world, value=99.5):
    """The contributor revises April 2024's approved 92.0% (the sample's latest)."""
    ae = world.sample_indicator()
    write_observations(Actor(user=world.contributor),
                       [ObservationInput(ae, Period.month(2024, 4), value)],
                       approve=False, partnership=world.partnership)
    return Observation.objects.get(indicator=ae, period=Period.month(2024, 4).key)


def test_the_queue_shows_the_approved_value_beside_the_new_one_and_warnings(client, world,
                                                                            waiting):
    april = _revise_april(world)
    client.force_login(world.editor)
    response = client.get(URL)
    items = {item.observation.pk: item for item in response.context["items"]}
    assert items[april.pk].approved.value == 92.0
    assert items[waiting[0].pk].approved is None
    assert any(w.rule == "process_limits" for w in items[april.pk].warnings)
    text = response.content.decode()
    assert "92.0%" in text and "99.5%" in text and "None yet" in text
    assert "process limits" in text


def test_one_row_is_approved_by_its_own_button(client, world, waiting):
    may, june = waiting
    client.force_login(world.editor)
    response = client.post(URL, {"approve": str(june.pk), "shown": [may.pk, june.pk],
                                 **seen(may, june)},
                           follow=True)
    assert "1 value approved." in response.content.decode()
    june.refresh_from_db()
    may.refresh_from_db()
    assert june.approved_at is not None and may.approved_at is None


def test_approve_all_approves_the_values_shown_only(client, world, waiting):
    may, june = waiting
    client.force_login(world.editor)
    response = client.post(URL, {"approve": "all", "shown": [may.pk], **seen(may)},
                           follow=True)
    assert "1 value approved." in response.content.decode()
    assert list(Observation.objects.filter(approved_at__isnull=True)) == [june]


def test_a_rejection_asks_why_and_needs_an_answer(client, world, waiting):
    may, _ = waiting
    client.force_login(world.editor)
    response = client.post(URL, {"reject": str(may.pk)})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Reject 1 value" in text and "Why are you rejecting them?" in text
    assert f'name="observation" value="{may.pk}"' in text
    response = client.post(URL, {"observation": [may.pk], "reason": "   "})
    assert response.status_code == 200
    assert "Enter why you are rejecting the values" in response.content.decode()
    assert Observation.objects.filter(pk=may.pk, approved_at__isnull=True).exists()
    assert not Event.objects.filter(verb="data_rejected").exists()


def test_a_rejected_value_is_withdrawn_and_the_contributor_sees_why(client, world, waiting):
    may, june = waiting
    client.force_login(world.editor)
    response = client.post(URL, {"observation": [may.pk], **seen(may),
                                 "reason": "May is 91.3% in the source"}, follow=True)
    assert response.redirect_chain[-1][0] == URL
    assert "1 value rejected." in response.content.decode()
    assert not Observation.objects.filter(pk=may.pk).exists()
    assert Observation.objects.filter(pk=june.pk, approved_at__isnull=True).exists()
    assert Event.objects.get(verb="data_rejected").actor == world.editor
    client.force_login(world.contributor)
    my_data = client.get(reverse("my_data", args=["alpha"])).content.decode()
    assert "May is 91.3% in the source" in my_data and "93.0%" in my_data
    page = client.get(reverse("indicator", args=["alpha", "AE-4HR"])).content.decode()
    assert "May is 91.3% in the source" in page
    write_observations(Actor(user=world.contributor),
                       [ObservationInput(may.indicator, Period.month(2024, 5), 91.3)],
                       approve=False, partnership=world.partnership)
    my_data = client.get(reverse("my_data", args=["alpha"])).content.decode()
    assert "May is 91.3% in the source" not in my_data


def test_rejecting_a_revision_keeps_the_approved_value(client, world, waiting):
    april = _revise_april(world)
    client.force_login(world.editor)
    client.post(URL, {"observation": [april.pk], "reason": "Typing error", **seen(april)})
    april.refresh_from_db()
    assert april.value == 92.0 and april.approved_at is not None


def test_reject_all_rejects_the_values_shown(client, world, waiting):
    client.force_login(world.editor)
    response = client.post(URL, {"reject": "all", "shown": [o.pk for o in waiting]})
    assert "Reject 2 values" in response.content.decode()
    response = client.post(URL, {"observation": [o.pk for o in waiting], "reason": "Wrong",
                                 **seen(*waiting)}, follow=True)
    assert "2 values rejected." in response.content.decode()
    assert not Observation.objects.filter(approved_at__isnull=True).exists()


def test_rejecting_nothing_says_so(client, world, waiting):
    client.force_login(world.editor)
    response = client.post(URL, {"reject": "selected"}, follow=True)
    assert "Choose the values to reject." in response.content.decode()


def test_a_contributor_cannot_reject(client, world, waiting):
    client.force_login(world.contributor)
    response = client.post(URL, {"observation": [waiting[0].pk], "reason": "Mine"})
    assert response.status_code == 403
    assert Observation.objects.filter(pk=waiting[0].pk).exists()


def test_an_id_too_large_for_the_database_is_ignored(client, world, waiting):
    client.force_login(world.editor)
    for data in ({"observation": ["9" * 40]}, {"approve": "9" * 40}, {"reject": "9" * 40},
                 {"observation": ["9" * 40], "reason": "x"}):
        assert client.post(URL, data, follow=True).status_code == 200


def _waiting_values(world, count):
    ae = world.sample_indicator()
    period, rows = Period.month(2024, 4), []
    for _ in range(count):
        period = period.next()
        rows.append(ObservationInput(ae, period, 90.0))
    write_observations(Actor(user=world.contributor), rows, approve=False,
                       partnership=world.partnership)


def test_the_queue_takes_the_same_number_of_queries_for_3_and_30_values(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.editor)
    _waiting_values(world, 3)
    _revise_april(world)
    with CaptureQueriesContext(connection) as few:
        assert "4 values to check" in client.get(URL).content.decode()
    Observation.objects.filter(approved_at__isnull=True).delete()
    _waiting_values(world, 30)
    _revise_april(world)
    with CaptureQueriesContext(connection) as many:
        assert "31 values to check" in client.get(URL).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_value_changed_after_the_page_showed_it_is_not_approved(client, world, waiting):
    may, june = waiting
    client.force_login(world.editor)
    page = client.get(URL).content.decode()
    assert f'name="seen-{may.pk}"' in page
    seen = {f"seen-{o.pk}": o.entered_token for o in waiting}
    write_observations(Actor(user=world.contributor),
                       [ObservationInput(may.indicator, Period.month(2024, 5), 95.0)],
                       approve=False, partnership=world.partnership)
    response = client.post(URL, {"approve": "all", "shown": [may.pk, june.pk], **seen},
                           follow=True)
    text = response.content.decode()
    assert "1 value approved." in text
    assert "1 value was entered again after you opened this page" in text
    may.refresh_from_db()
    june.refresh_from_db()
    assert may.approved_at is None and may.value == 95.0
    assert june.approved_at is not None


def test_a_value_of_an_indicator_never_given_a_status_is_listed(client, world):
    from pif.measures.models import IndicatorStatus

    bare = make_indicator(world.partnership, owner=world.health_board, code="BARE")
    IndicatorStatus.objects.filter(indicator=bare).delete()
    observation = Observation(indicator=bare, value=50.0, entered_by=world.contributor)
    observation.set_period(Period.month(2024, 1))
    observation.save()
    client.force_login(world.editor)
    response = client.get(URL)
    assert response.status_code == 200
    assert "BARE" in response.content.decode()


def test_a_value_someone_else_approved_first_says_so(client, world, waiting):
    may, _ = waiting
    from pif.measures.writing import approve

    approve(Actor(user=world.admin), [may],
            partnership=world.partnership)
    client.force_login(world.editor)
    for data in ({"approve": str(may.pk)}, {"reject": str(may.pk)},
                 {"observation": [may.pk], "reason": "Wrong"}):
        text = client.post(URL, data, follow=True).content.decode()
        assert "no longer awaiting approval: someone else may have approved or rejected" in text
    may.refresh_from_db()
    assert may.approved_at is not None


def test_a_value_entered_again_while_its_rejection_was_written_is_not_rejected(client, world,
                                                                              waiting):
    may, _ = waiting
    client.force_login(world.editor)
    page = client.post(URL, {"reject": str(may.pk)}).content.decode()
    assert f'name="seen-{may.pk}" value="{may.entered_token}"' in page
    write_observations(Actor(user=world.contributor),
                       [ObservationInput(may.indicator, Period.month(2024, 5), 95.0)],
                       approve=False, partnership=world.partnership)
    response = client.post(URL, {"observation": [may.pk], "reason": "Wrong",
                                 f"seen-{may.pk}": may.entered_token})
    assert response.status_code == 200
    text = response.content.decode()
    assert "1 of these values was entered again after you opened this page" in text
    assert "95.0%" in text
    may.refresh_from_db()
    assert may.value == 95.0 and may.approved_at is None
    assert not Event.objects.filter(verb="data_rejected").exists()


# What the page showed is required, the rules are checked again, and rows are locked


def test_approving_without_what_the_page_showed_approves_nothing(client, world, waiting):
    may, _ = waiting
    client.force_login(world.editor)
    for data in ({"observation": [may.pk]}, {"approve": str(may.pk)},
                 {"approve": "all", "shown": [may.pk]}):
        text = client.post(URL, data, follow=True).content.decode()
        assert "1 value was entered again after you opened this page" in text
    may.refresh_from_db()
    assert may.approved_at is None
    assert not Event.objects.filter(verb="data_approved").exists()


def test_rejecting_without_what_the_page_showed_rejects_nothing(client, world, waiting):
    may, _ = waiting
    client.force_login(world.editor)
    response = client.post(URL, {"observation": [may.pk], "reason": "Wrong"})
    assert response.status_code == 200
    assert "1 of these values was entered again after you opened this page" in (
        response.content.decode())
    assert Observation.objects.filter(pk=may.pk, approved_at__isnull=True).exists()
    assert not Event.objects.filter(verb="data_rejected").exists()


def test_a_value_that_now_breaks_a_rule_is_not_approved_and_can_be_rejected(client, world,
                                                                            waiting):
    may, june = waiting
    may.indicator.__class__.objects.filter(pk=may.indicator_id).update(upper_bound=93.5)
    client.force_login(world.editor)
    page = client.get(URL)
    items = {item.observation.pk: item for item in page.context["items"]}
    assert [f.rule for f in items[june.pk].refusals] == ["upper_bound"]
    assert "Cannot be approved" in page.content.decode()
    response = client.post(URL, {"approve": "all", "shown": [may.pk, june.pk],
                                 **seen(may, june)}, follow=True)
    text = response.content.decode()
    assert "1 value approved." in text
    assert ("AE-4HR June 2024 was not approved: Enter a value of 93.5 or less: that is the "
            "highest this indicator can be") in text
    june.refresh_from_db()
    assert june.approved_at is None
    response = client.post(URL, {"observation": [june.pk], "reason": "Too high",
                                 **seen(june)}, follow=True)
    assert "1 value rejected." in response.content.decode()
    assert not Observation.objects.filter(pk=june.pk).exists()


def test_a_large_change_is_measured_from_the_approved_value_before_the_period(client, world):
    """Not from the indicator's latest value, which may be of a later period."""
    gap = make_indicator(world.partnership, owner=world.health_board, code="GAP", values=[10])
    write_observations(Actor(user=world.editor),
                       [ObservationInput(gap, Period.month(2024, 3), 90.0)],
                       approve=True, partnership=world.partnership)
    write_observations(Actor(user=world.contributor),
                       [ObservationInput(gap, Period.month(2024, 2), 15.0)],
                       approve=False, partnership=world.partnership)
    client.force_login(world.editor)
    [item] = client.get(URL).context["items"]
    assert not [w for w in item.warnings if w.rule == "large_change"]
