"""A partnership sees a person's full name only if it knows it (issue 9, section 6).

An admin who adds an existing account by typing its email address must not learn the name
the person gave elsewhere, on any page that lists people: members, history (its filter, its
"who" column, its labels and changed values), activity, and every choice of a person. The
name becomes known when this partnership's admin typed it, when inviting the person, or once
the person signs in as a member."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE
from pif.outcomes.services import outcomes as outcome_service
from pif.outcomes.testing import make_outcome, make_risk
from pif.partnerships import services
from pif.partnerships.models import Membership

SECRET = "Secret Person"
EMAIL = "secret@alpha.test"


def beta_admin(world):
    return world.outsider  # the other partnership's admin


def add_to_beta(world):
    """Beta's admin adds, by email alone, an account Alpha invited a moment ago."""
    services.add_member(Actor(user=world.admin), world.partnership, email=EMAIL, role="viewer",
                        full_name=SECRET)
    membership, _ = services.add_member(Actor(user=beta_admin(world)), world.other_partnership,
                                        email=EMAIL, role="viewer")
    return membership


def signs_in(membership):
    user = membership.user
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])


def beta_page(client, world, name, *args, **query):
    client.force_login(beta_admin(world))
    response = client.get(reverse(name, args=["beta", *args]), query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_an_account_made_elsewhere_moments_before_is_not_named(world):
    membership = add_to_beta(world)
    assert membership.known_full_name == ""
    assert membership.known_name == EMAIL


@pytest.mark.django_db
def test_the_name_an_admin_typed_when_inviting_is_known_to_that_partnership(world):
    add_to_beta(world)
    alpha = Membership.objects.get(partnership=world.partnership, user__email=EMAIL)
    assert alpha.name_given_here
    assert alpha.known_full_name == SECRET
    assert not Membership.objects.get(partnership=world.other_partnership,
                                      user__email=EMAIL).name_given_here


@pytest.mark.django_db
def test_the_name_is_known_once_the_person_signs_in_as_a_member(client, world):
    membership = add_to_beta(world)
    signs_in(membership)
    membership.refresh_from_db()
    assert membership.known_full_name == SECRET
    assert SECRET in beta_page(client, world, "history")


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["members", "history", "events"])
def test_partnership_pages_do_not_name_an_unknown_person(client, world, page):
    add_to_beta(world)
    text = beta_page(client, world, page)
    assert SECRET not in text
    assert EMAIL in text


@pytest.mark.django_db
def test_the_history_filter_and_labels_use_the_known_name(client, world):
    add_to_beta(world)
    text = beta_page(client, world, "history")
    assert f"Membership of {EMAIL}" in text
    assert f">{EMAIL}</option>" in text


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["outcome_create", "risk_add", "indicator_create"])
def test_person_choices_use_the_known_name(client, world, page):
    add_to_beta(world)
    text = beta_page(client, world, page)
    assert SECRET not in text
    assert f">{EMAIL}</option>" in text


@pytest.mark.django_db
def test_a_chosen_lead_person_is_shown_by_the_known_name(client, world):
    membership = add_to_beta(world)
    outcome = make_outcome(world.other_partnership, "Safer streets")
    risk = make_risk(world.other_partnership, world.other_council)
    for record, field in ((outcome, "lead_person"), (risk, "owner")):
        setattr(record, field, membership.user)
        record.save()
    for page, args in (("outcome", [outcome.pk]), ("outcomes", []), ("risks", []),
                       ("history", [])):
        text = beta_page(client, world, page, *args)
        assert SECRET not in text, page


@pytest.mark.django_db
def test_the_change_of_a_person_in_history_uses_the_known_name(client, world):
    membership = add_to_beta(world)
    outcome = make_outcome(world.other_partnership, "Safer streets")
    outcome_service.update_outcome(Actor(user=beta_admin(world)), outcome.pk,
                                   {"lead_person": membership.user},
                                   loaded_version=PROGRAM_CHANGE)
    client.force_login(beta_admin(world))
    change = client.get(reverse("history", args=["beta"]),
                        {"kind": "outcomes.outcome"}).context["changes"][0]
    assert [(f.old, f.new) for f in change.fields] == [("(blank)", EMAIL)]


@pytest.mark.django_db
def test_existing_memberships_are_marked_named_here_only_for_the_invitation_that_made_them(
        world):
    add_to_beta(world)
    Membership.objects.update(name_given_here=False)
    migration = importlib.import_module(
        "pif.partnerships.migrations.0004_membership_name_given_here")
    migration.mark_names_given_by_invitations(apps, None)
    assert {(m.partnership.short_name, m.user.email): m.name_given_here
            for m in Membership.objects.filter(user__email=EMAIL)} == {
        ("alpha", EMAIL): True, ("beta", EMAIL): False}


@pytest.mark.django_db
def test_an_indicator_lead_is_shown_by_the_known_name(client, world):
    from pif.measures.testing import make_indicator

    membership = add_to_beta(world)
    indicator = make_indicator(world.other_partnership, owner=world.other_council, code="B1",
                               values=[1.0, 2.0])
    indicator.lead = membership.user
    indicator.save()
    text = beta_page(client, world, "indicator", "B1")
    assert SECRET not in text
    assert f"led by {EMAIL}" in text


@pytest.mark.django_db
def test_the_demo_partnership_knows_the_names_it_gave_its_people():
    from pif.partnerships import demo

    partnership = demo.load()
    assert {m.user.email: m.known_full_name for m in partnership.memberships.all()} == {
        user.email: user.full_name for user in demo.DEMO_USERS}
