"""Resetting a forgotten password by email, with Django's own views."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.locmem import EmailBackend
from django.db.models import F

from pif.accounts.models import PasswordResetSent
from pif.accounts.tokens import password_reset_token_generator
from pif.partnerships.invitations import invitation_link
from pif.testing import PASSWORD, make_user

START = "/account/password/reset/"
SENT = "/account/password/reset/sent/"
NEW_PASSWORD = "a-brand-new-password-for-pif"


def ask_for_reset(client, email: str, **headers):
    return client.post(START, {"email": email}, **headers)


def full_link_in(message) -> str:
    return re.search(r"https?://\S+/account/password/reset/\S+", message.body).group(0)


def link_in(message) -> str:
    return urlsplit(full_link_in(message)).path


def test_the_sign_in_page_links_to_it(client, db):
    page = client.get("/account/login/").content.decode()
    assert f'href="{START}"' in page


def test_the_request_page_is_a_govuk_form(client, db):
    page = client.get(START).content.decode()
    assert "<h1 class=\"govuk-heading-l\">Reset your password</h1>" in page
    assert 'class="govuk-input' in page
    assert 'autocomplete="email"' in page


def test_it_emails_a_link_that_sets_a_new_password(client, world):
    response = ask_for_reset(client, "editor@alpha.test")
    assert response.status_code == 302
    assert response["Location"] == SENT

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["editor@alpha.test"]
    assert message.subject == "Reset your password for PIF"
    assert "PIF" in message.body
    assert "&#x27;" not in message.body and "&amp;" not in message.body

    form_page = client.get(link_in(message), follow=True)
    assert form_page.status_code == 200
    assert "Choose a new password" in form_page.content.decode()

    done = client.post(form_page.redirect_chain[-1][0],
                       {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert "Your password has been reset" in client.get(done["Location"]).content.decode()

    world.editor.refresh_from_db()
    assert world.editor.check_password(NEW_PASSWORD)
    assert not world.editor.check_password(PASSWORD)


def test_a_link_works_once(client, world):
    ask_for_reset(client, "editor@alpha.test")
    link = link_in(mail.outbox[0])
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = client.get(link, follow=True).content.decode()
    assert "This link has expired" in again


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, world):
    known = ask_for_reset(client, "editor@alpha.test")
    unknown = ask_for_reset(client, "nobody@alpha.test")
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    assert [m.to for m in mail.outbox] == [["editor@alpha.test"]]


def test_the_sent_page_does_not_say_whether_the_address_has_an_account(client, db):
    page = client.get(SENT).content.decode()
    assert "If there is an account for that email address" in page


def test_it_sends_one_email_per_address_in_a_quarter_of_an_hour(client, world):
    for _ in range(3):
        assert ask_for_reset(client, "editor@alpha.test")["Location"] == SENT
    ask_for_reset(client, "EDITOR@alpha.test")
    assert len(mail.outbox) == 1


def test_an_empty_address_is_a_govuk_error(client, db):
    page = ask_for_reset(client, "").content.decode()
    assert "There is a problem" in page
    assert "Enter your email address" in page


def test_the_new_password_must_meet_the_rules(client, world):
    ask_for_reset(client, "editor@alpha.test")
    form_url = client.get(link_in(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    page = client.post(form_url, {"new_password1": "short", "new_password2": "short"})
    assert page.status_code == 200
    assert "There is a problem" in page.content.decode()
    world.editor.refresh_from_db()
    assert world.editor.check_password(PASSWORD)


def test_the_sign_in_page_names_the_product_not_the_server(client, db):
    page = client.get("/account/login/").content.decode()
    title = re.search(r"<title>(.*?)</title>", page).group(1)
    assert title == "Sign in – PIF"
    assert "testserver" not in page
    assert "Performance improvement for partnerships" in page


def test_the_limit_holds_across_server_processes(client, world):
    ask_for_reset(client, "editor@alpha.test")
    cache.clear()  # another gunicorn worker, or a restart, has an empty cache
    ask_for_reset(client, "editor@alpha.test")
    assert len(mail.outbox) == 1


def test_the_limit_ends_after_a_quarter_of_an_hour(client, world):
    ask_for_reset(client, "editor@alpha.test")
    PasswordResetSent.objects.update(sent_at=F("sent_at") - timedelta(minutes=16))
    ask_for_reset(client, "editor@alpha.test")
    assert len(mail.outbox) == 2


def test_no_address_is_stored_in_clear(client, world):
    ask_for_reset(client, "editor@alpha.test", REMOTE_ADDR="198.51.100.7")
    keys = " ".join(PasswordResetSent.objects.values_list("key", flat=True))
    assert PasswordResetSent.objects.count() == 2
    assert "editor" not in keys and "198.51.100.7" not in keys


def test_one_client_address_gets_at_most_five_emails_an_hour(client, world):
    people = [make_user(f"person{n}@alpha.test", f"Person {n}") for n in range(7)]
    for person in people:
        response = ask_for_reset(client, person.email, REMOTE_ADDR="203.0.113.9")
        assert response["Location"] == SENT
    assert len(mail.outbox) == 5

    ask_for_reset(client, people[6].email, REMOTE_ADDR="198.51.100.7")
    assert mail.outbox[-1].to == [people[6].email]


def test_a_failed_send_does_not_stop_the_next_attempt(client, world, monkeypatch):
    def fail(self, messages):
        raise ConnectionRefusedError("the mail server is down")

    with monkeypatch.context() as patch:
        patch.setattr(EmailBackend, "send_messages", fail)
        response = ask_for_reset(client, "editor@alpha.test")
    assert response["Location"] == SENT
    assert not PasswordResetSent.objects.exists()

    ask_for_reset(client, "editor@alpha.test")
    assert len(mail.outbox) == 1


def test_the_link_uses_site_url_not_the_host_header(client, world, settings):
    settings.SITE_URL = "https://pif.example.org"
    settings.ALLOWED_HOSTS = ["*"]
    ask_for_reset(client, "editor@alpha.test", HTTP_HOST="evil.example.com")
    link = full_link_in(mail.outbox[0])
    assert link.startswith("https://pif.example.org/account/password/reset/")
    assert "evil" not in mail.outbox[0].body


def test_a_reset_link_lasts_an_hour(client, world, monkeypatch):
    ask_for_reset(client, "editor@alpha.test")
    link = link_in(mail.outbox[0])
    sent = password_reset_token_generator._now()
    monkeypatch.setattr(password_reset_token_generator, "_now",
                        lambda: sent + timedelta(minutes=59))
    assert "Choose a new password" in client.get(link, follow=True).content.decode()

    monkeypatch.setattr(password_reset_token_generator, "_now",
                        lambda: sent + timedelta(minutes=61))
    page = client.get(link, follow=True).content.decode()
    assert "This link has expired" in page
    assert "lasts 1 hour" in page


def test_a_reset_token_is_not_an_invitation_token(world):
    reset_token = password_reset_token_generator.make_token(world.editor)
    assert not default_token_generator.check_token(world.editor, reset_token)
    invitation_token = default_token_generator.make_token(world.editor)
    assert not password_reset_token_generator.check_token(world.editor, invitation_token)


def test_an_invitation_still_lasts_seven_days(client, world, monkeypatch):
    link = urlsplit(invitation_link(world.editor, "http://testserver")).path
    sent = default_token_generator._now()
    monkeypatch.setattr(default_token_generator, "_now",
                        lambda: sent + timedelta(days=6, hours=23))
    assert client.get(link, follow=True).context["validlink"]
