"""Inviting a member: a new account gets an email whose link sets the password."""

import re
import smtplib
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from pif.partnerships.models import Event, Membership

URL = "/p/alpha/members/add/"
NEW_PASSWORD = "a-long-new-password-2026"


def invite(client, world, **data):
    client.force_login(world.admin)
    return client.post(URL, {"email": "new@alpha.test", "full_name": "New Person",
                             "role": "viewer", "organisation": "", **data})


def link_from(message) -> str:
    match = re.search(r"http://testserver(/account/invitation/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_it_adds_a_new_account_and_sends_an_invitation(client, world):
    response = invite(client, world, role="contributor", organisation=world.health_board.pk)
    assert response.status_code == 302
    assert response["Location"] == reverse("members", args=["alpha"])
    membership = Membership.objects.get(user__email="new@alpha.test")
    assert (membership.role, membership.organisation) == ("contributor", world.health_board)
    assert not membership.user.has_usable_password()
    assert membership.history.get().history_user == world.admin
    assert Event.objects.get(verb="member_added").actor == world.admin
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new@alpha.test"]
    assert message.subject == "You have been invited to Alpha Partnership on PIF"
    assert "Admin has invited you to join Alpha Partnership" in message.body
    assert "as contributor" in message.body


def test_the_success_message_says_an_invitation_was_sent(client, world):
    response = client.get(invite(client, world)["Location"])
    page = response.content.decode()
    assert "new@alpha.test has been sent an invitation to set a password." in page
    assert "govuk-tag--yellow\">Invited<" in page


def test_the_invitation_link_sets_the_password_and_signs_in(client, world):
    invite(client, world)
    client.logout()
    link = link_from(mail.outbox[0])
    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert "Set your password" in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD,
                                      "new_password2": NEW_PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("invitation_done")
    assert "Your password is set" in response.content.decode()
    user = get_user_model().objects.get(email="new@alpha.test")
    assert user.check_password(NEW_PASSWORD)
    assert response.context["user"] == user
    assert client.get(reverse("partnership", args=["alpha"])).status_code == 200


def test_the_invitation_link_works_only_once(client, world):
    invite(client, world)
    client.logout()
    link = link_from(mail.outbox[0])
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    client.logout()
    response = client.get(link, follow=True)
    assert "This link has expired" in response.content.decode()


def test_the_invitation_link_expires_after_seven_days(client, world, monkeypatch):
    from datetime import datetime, timedelta

    from django.contrib.auth.tokens import default_token_generator

    invite(client, world)
    client.logout()
    later = datetime.now() + timedelta(days=7, hours=1)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    response = client.get(link_from(mail.outbox[0]), follow=True)
    assert "This link has expired" in response.content.decode()
    assert response.context["validlink"] is False


def test_the_invitation_page_refuses_a_short_password(client, world):
    invite(client, world)
    client.logout()
    form_url = client.get(link_from(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "short", "new_password2": "short"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not get_user_model().objects.get(email="new@alpha.test").has_usable_password()


def an_account_made_last_year(user):
    user.date_joined -= timedelta(days=365)
    user.save()


def test_an_existing_account_is_added_without_an_email(client, world):
    an_account_made_last_year(world.outsider)
    response = client.get(invite(client, world, email="OUTSIDER@beta.test")["Location"])
    assert "outsider@beta.test added." in response.content.decode()
    assert Membership.objects.get(partnership=world.partnership,
                                  user=world.outsider).role == "viewer"
    assert mail.outbox == []


def test_it_shows_the_error_summary_for_a_missing_email_and_role(client, world):
    response = invite(client, world, email="", role="")
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter an email address" in page
    assert "Select a role" in page
    assert 'href="#id_email"' in page
    assert mail.outbox == []


def test_it_shows_an_invalid_email(client, world):
    response = invite(client, world, email="not-an-email")
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert not get_user_model().objects.filter(email="not-an-email").exists()


def test_it_shows_a_duplicate_member_against_the_email_field(client, world):
    response = invite(client, world, email="viewer@alpha.test")
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "viewer@alpha.test is already a member of Alpha Partnership."]
    assert mail.outbox == []


def test_it_shows_a_contributor_without_an_organisation(client, world):
    response = invite(client, world, role="contributor")
    assert response.status_code == 200
    assert response.context["form"].errors["organisation"] == [
        "Choose the organisation a contributor enters data for."]
    assert not get_user_model().objects.filter(email="new@alpha.test").exists()


def test_it_offers_only_this_partnerships_organisations(client, world):
    response = invite(client, world, organisation=world.other_council.pk)
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Membership.objects.filter(user__email="new@alpha.test").exists()


@pytest.mark.parametrize("role", ["viewer", "contributor", "editor"])
def test_only_admins_may_invite(client, world, role):
    client.force_login(world.users[role])
    response = client.post(URL, {"email": "new@alpha.test", "role": "admin"})
    assert response.status_code == 403
    assert not get_user_model().objects.filter(email="new@alpha.test").exists()
    assert mail.outbox == []


def test_adding_an_existing_account_does_not_show_its_name(client, world):
    # The name was given in another partnership; typing an address must not reveal it.
    an_account_made_last_year(world.outsider)
    response = client.get(invite(client, world, email="outsider@beta.test",
                                 full_name="")["Location"])
    page = response.content.decode()
    assert "outsider@beta.test added." in page
    assert "Outsider" not in page
    assert "Outsider" not in client.get(URL.replace("add/", "")).content.decode()
    event = Event.objects.get(verb="member_added", partnership=world.partnership)
    assert event.description == "outsider@beta.test added as viewer"
    membership = Membership.objects.get(partnership=world.partnership, user=world.outsider)
    for page_url in (f"/p/alpha/members/{membership.pk}/",
                     f"/p/alpha/members/{membership.pk}/remove/", "/p/alpha/activity/"):
        assert "Outsider" not in client.get(page_url).content.decode(), page_url


def test_the_name_shows_once_the_person_has_signed_in(client, world):
    an_account_made_last_year(world.outsider)
    invite(client, world, email="outsider@beta.test")
    client.force_login(world.outsider)
    client.force_login(world.admin)
    page = client.get(URL.replace("add/", "")).content.decode()
    assert ">Outsider<" in page


def test_a_name_typed_for_a_new_account_shows(client, world):
    response = client.get(invite(client, world)["Location"])
    assert "New Person" in response.content.decode()


def test_an_invitation_the_mail_server_refuses_still_adds_the_member(client, world,
                                                                      monkeypatch):
    # The membership is saved before the email is sent: say so, never show a 500.
    def refuse(*args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({"new@alpha.test": (550, b"No such user")})

    monkeypatch.setattr("pif.partnerships.invitations.send_mail", refuse)
    response = client.get(invite(client, world)["Location"])
    page = response.content.decode()
    assert Membership.objects.filter(user__email="new@alpha.test").exists()
    assert "new@alpha.test has been added, but the invitation email could not be sent" in page
