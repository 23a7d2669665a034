"""The send_reminders command: email contributors the figures their organisation owes."""

from datetime import date
from io import StringIO
from unittest.mock import Mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command

from pif import cli
from pif.lib.periods import Period
from pif.measures.collection import figures_to_submit
from pif.measures.management.commands import send_reminders as reminders
from pif.measures.models import Indicator
from pif.measures.testing import make_indicator
from pif.partnerships.models import Event, Membership, Partnership
from pif.testing import make_user


def months_ago(months: int) -> Period:
    return Period.month(date.today().year, date.today().month).shift(-months)


def last_month() -> Period:
    return months_ago(1)


@pytest.fixture
def owed(world):
    ae = world.sample_indicator()  # NHS Alpha; nothing since April 2024: dormant
    make_indicator(world.partnership, owner=world.health_board, code="FRESH",
                   title="Up to date", values=[1], first_period=last_month())
    make_indicator(world.partnership, owner=world.council, code="HOMES", title="Homes built",
                   values=[1, 2])
    return ae


def run(*args) -> str:
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_each_contributor_of_an_organisation_that_owes_figures_is_emailed(world, owed):
    second = make_user("second@alpha.test", "Second Contributor")
    Membership.objects.create(partnership=world.partnership, user=second, role="contributor",
                              organisation=world.health_board)
    output = run()
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["contributor@alpha.test", "second@alpha.test"]
    assert "2 reminders sent." in output
    assert "To contributor@alpha.test: Figures due for Alpha Partnership" in output


def test_the_email_lists_the_same_groups_as_the_page(world, owed):
    make_indicator(world.partnership, owner=world.health_board, code="DUE",
                   title="Waiting times", values=[5], first_period=months_ago(2),
                   due_days=60)
    make_indicator(world.partnership, owner=world.health_board, code="LATE",
                   title="Delayed discharges", values=[5], first_period=months_ago(3),
                   due_days=0)
    run()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    figures = figures_to_submit(Indicator.objects.filter(owner=world.health_board)
                                .select_related("status"))
    assert message.subject == "Figures due for Alpha Partnership"
    assert message.body.startswith("Hello Contributor,\n\n")
    assert (f"For Alpha Partnership, NHS Alpha has {figures.count} figures to submit: "
            f"1 due now, 2 overdue and {figures.dormant_count} in a series not updated "
            "for more than a year.\n" in message.body)
    due_now = figures.due_now[0]
    assert (f"Due now:\n- DUE Waiting times: {last_month().label}, due "
            f"{due_now.due:%-d %B %Y}\n" in message.body)
    assert (f"Overdue:\n- LATE Delayed discharges: {months_ago(2).label}, due "
            f"{figures.overdue[0].due:%-d %B %Y}\n- LATE Delayed discharges: "
            f"{months_ago(1).label}, due {figures.overdue[1].due:%-d %B %Y}\n"
            in message.body)
    assert ("Not updated for more than a year:\n- AE-4HR Indicator AE-4HR: "
            f"{figures.dormant_count} figures missing, from May 2024 (due 30 June 2024)\n"
            in message.body)
    assert (message.body.index("Due now:") < message.body.index("Overdue:")
            < message.body.index("Not updated for more than a year:"))
    assert f"\n{settings.SITE_URL}/p/alpha/my-data/\n" in message.body
    assert "FRESH" not in message.body  # its next figure is not yet due
    assert "HOMES" not in message.body  # the council's, and the council has no contributor


def test_the_email_and_the_page_are_decided_by_one_function(world, owed, monkeypatch):
    calls = []
    real = reminders.figures_to_submit

    def counted(indicators, today=None):
        calls.append(sorted(i.code for i in indicators))
        return real(indicators, today)

    monkeypatch.setattr(reminders, "figures_to_submit", counted)
    run()
    assert ["AE-4HR", "FRESH"] in calls


def test_nobody_but_the_contributors_is_emailed(world, owed):
    run()
    for message in mail.outbox:
        assert message.to == ["contributor@alpha.test"]


def test_a_dry_run_sends_nothing_and_records_nothing(world, owed):
    output = run("--dry-run")
    assert mail.outbox == []
    assert "To contributor@alpha.test: Figures due for Alpha Partnership" in output
    assert "1 reminder would be sent." in output
    assert not Event.objects.filter(verb="reminders_sent").exists()


def test_sending_records_an_event(world, owed):
    run()
    event = Event.objects.get(verb="reminders_sent")
    assert event.partnership == world.partnership
    assert event.description == "1 data reminders sent"
    assert event.via == "command line"


def test_one_partnership_only(world, owed):
    beta = make_indicator(world.other_partnership, owner=world.other_council, code="B1",
                          values=[1])
    beta_contributor = make_user("c@beta.test", "Beta Contributor")
    Membership.objects.create(partnership=world.other_partnership, user=beta_contributor,
                              role="contributor", organisation=world.other_council)
    assert beta.status.latest_period
    run("--partnership", "beta")
    assert [m.to for m in mail.outbox] == [["c@beta.test"]]
    assert "Alpha" not in mail.outbox[0].body


def test_nothing_owed_sends_nothing(world):
    make_indicator(world.partnership, owner=world.health_board, code="FRESH", values=[1],
                   first_period=last_month())
    output = run()
    assert mail.outbox == []
    assert "0 reminders sent." in output
    assert not Event.objects.filter(verb="reminders_sent").exists()


@pytest.fixture
def beta_owed(world):
    make_indicator(world.other_partnership, owner=world.other_council, code="B1", values=[1])
    Membership.objects.create(partnership=world.other_partnership,
                              user=make_user("c@beta.test", "Beta Contributor"),
                              role="contributor", organisation=world.other_council)


def run_with_errors(*args) -> tuple[str, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("send_reminders", *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), str(error)
    return out.getvalue(), err.getvalue(), ""


def test_a_partnership_name_with_a_line_break_does_not_stop_its_reminders(world, owed):
    # Stored before names had to be single lines; an email subject cannot hold a newline.
    Partnership.objects.filter(pk=world.partnership.pk).update(name="Alpha\nPartnership")
    output, errors, failure = run_with_errors()
    assert (errors, failure) == ("", "")
    assert [message.subject for message in mail.outbox] == ["Figures due for Alpha Partnership"]
    assert "1 reminder sent." in output


def test_one_partnerships_failure_is_reported_and_the_rest_are_sent(world, owed, beta_owed,
                                                                   monkeypatch):
    real = reminders.reminder_messages

    def failing_for_alpha(partnership):
        if partnership.short_name == "alpha":
            raise ValueError("the mail server refused the address")
        return real(partnership)

    monkeypatch.setattr(reminders, "reminder_messages", failing_for_alpha)
    output, errors, failure = run_with_errors()
    assert [message.to for message in mail.outbox] == [["c@beta.test"]]
    assert "Reminders for alpha were not sent: the mail server refused the address" in errors
    assert failure == "Reminders failed for 1 partnership: alpha"
    assert "1 reminder sent." in output


def test_a_failure_gives_a_non_zero_exit_status(world, owed, monkeypatch):
    monkeypatch.setattr(reminders, "send_mass_mail", Mock(side_effect=OSError("no server")))
    with pytest.raises(SystemExit) as caught:
        cli.main(["pif", "send_reminders"])
    assert caught.value.code != 0
