"""`pif demo --no-serve` loads the Loch Arden demo partnership, once."""

import os
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.http import HttpRequest

from pif import cli
from pif.partnerships import demo, history
from pif.partnerships.models import Event, Membership, Organisation, Partnership


def run(*args) -> str:
    out = StringIO()
    call_command("demo", "--no-serve", *args, stdout=out)
    return out.getvalue()


def printed_logins(output):
    return re.findall(r"^  (\w+)\s+(\S+@\S+)\s+password: (\S+)$", output, re.MULTILINE)


def counts():
    return {model.__name__: model.objects.count()
            for model in (Partnership, Organisation, Membership, Event, get_user_model())}


@pytest.fixture
def foundation_only(monkeypatch):
    """Leave out the steps other apps add to the demo: these tests are about its base."""
    monkeypatch.setattr(demo, "_steps", [])


def test_it_loads_the_demo_with_one_person_per_role_who_can_sign_in(db, client,
                                                                    foundation_only):
    output = run()
    assert "Loaded the demo partnership: Loch Arden Community Planning Partnership" in output
    partnership = Partnership.objects.get(short_name="loch-arden")
    assert partnership.organisations.count() == 6
    roles = sorted(partnership.memberships.values_list("role", flat=True))
    assert roles == ["admin", "contributor", "editor", "viewer"]
    assert partnership.memberships.get(role="contributor").organisation.short_code == "NHSLA"
    assert partnership.events.filter(verb="member_added").count() == 4
    staff = get_user_model().objects.filter(is_staff=True).values_list("email", flat=True)
    assert list(staff) == ["admin@example.org"]
    logins = printed_logins(output)
    assert sorted(role for role, _, _ in logins) == ["admin", "contributor", "editor", "viewer"]
    for role, email, password in logins:
        assert client.login(request=HttpRequest(), username=email, password=password), role
        assert client.get("/p/loch-arden/").status_code == 200
        client.logout()


def test_running_it_twice_duplicates_nothing_and_restores_the_passwords(db, client,
                                                                        foundation_only):
    run()
    before = counts()
    admin = get_user_model().objects.get(email="admin@example.org")
    admin.set_password("something-else-entirely")
    admin.save()
    output = run()
    assert "is already loaded (use --reset to load it afresh)" in output
    assert counts() == before
    for _, email, password in printed_logins(output):
        assert client.login(request=HttpRequest(), username=email, password=password)


def test_reset_loads_it_afresh(db, foundation_only):
    run()
    partnership = Partnership.objects.get(short_name="loch-arden")
    Organisation.objects.filter(partnership=partnership, short_code="ACCF").delete()
    output = run("--reset")
    assert "Loaded the demo partnership" in output
    assert Partnership.objects.get(short_name=demo.SHORT_NAME).organisations.count() == 6
    assert Partnership.objects.filter(short_name="loch-arden").count() == 1


def test_the_pif_command_loads_the_whole_demo_once(db, capsys, monkeypatch):
    monkeypatch.setenv("DEBUG", "true")
    cli.main(["pif", "demo", "--no-serve"])
    assert len(printed_logins(capsys.readouterr().out)) == 4
    assert Partnership.objects.get(short_name="loch-arden").organisations.count() == 6
    before = counts()
    cli.main(["pif", "demo", "--no-serve"])
    assert "already loaded" in capsys.readouterr().out
    assert counts() == before


@pytest.mark.parametrize("word", ["demo", "serve"])
def test_the_pif_command_turns_debug_on_for_the_local_server(monkeypatch, word):
    monkeypatch.setenv("DEBUG", "placeholder")  # so monkeypatch puts DEBUG back afterwards
    monkeypatch.delenv("DEBUG")
    calls = []
    monkeypatch.setattr("django.core.management.execute_from_command_line", calls.append)
    cli.main(["pif", word, "--no-serve"])
    assert os.environ["DEBUG"] == "true"
    assert calls == [["pif", word, "--no-serve"]]


def test_other_pif_commands_leave_debug_alone(monkeypatch):
    monkeypatch.setenv("DEBUG", "placeholder")
    monkeypatch.delenv("DEBUG")
    calls = []
    monkeypatch.setattr("django.core.management.execute_from_command_line", calls.append)
    cli.main(["pif", "partnership", "list"])
    assert "DEBUG" not in os.environ
    assert calls == [["pif", "partnership", "list"]]


def test_pif_without_a_command_shows_help(monkeypatch):
    calls = []
    monkeypatch.setattr("django.core.management.execute_from_command_line", calls.append)
    cli.main(["pif"])
    assert calls == [["pif", "help"]]


def test_every_change_the_demo_makes_says_it_was_made_through_the_demo(db):
    partnership = demo.load()
    not_through_demo = {}
    for key, tracked in history._tracked.items():
        rows = tracked.model.history.model.objects.filter(
            **{tracked.partnership_lookup: partnership.pk})
        wrong = rows.exclude(history_change_reason__endswith="Changed through demo")
        if wrong.exists():
            not_through_demo[key] = list(
                wrong.values_list("history_change_reason", flat=True)[:3])
    assert not_through_demo == {}
    admin = get_user_model().objects.get(email="admin@example.org")
    created = Partnership.history.filter(id=partnership.pk).earliest("history_date")
    assert (created.history_user, created.history_change_reason) == (
        admin, "Changed through demo")
