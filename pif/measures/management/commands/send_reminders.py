import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import get_connection, send_mass_mail
from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from pif.actors import COMMAND_LINE
from pif.lib.text import one_line
from pif.measures import reminders
from pif.measures.collection import figures_to_submit
from pif.measures.models import Indicator
from pif.partnerships.models import Membership, Partnership

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = ("Email each contributor the figures their organisation owes: due now, overdue, "
            "and series not updated for more than a year; and the reminders other parts of "
            "PIF register (such as actions not started or due soon).")

    def add_arguments(self, parser):
        parser.add_argument("--partnership", metavar="SHORTNAME",
                            help="Only this partnership (default: all).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Print what would be sent, send nothing.")

    def handle(self, *args, **options):
        partnerships = Partnership.objects.order_by("short_name")
        if options["partnership"]:
            partnerships = partnerships.filter(short_name=options["partnership"])
        total, failed = 0, []
        for partnership in partnerships:
            # One partnership's failure (bad data, a refused address) must not stop the
            # reminders of every partnership after it.
            try:
                total += self.remind(partnership, dry_run=options["dry_run"])
            except Exception as error:  # noqa: BLE001 - reported, then the rest are sent
                logger.exception("Reminders for %s failed", partnership.short_name)
                failed.append(partnership.short_name)
                self.stderr.write(f"Reminders for {partnership.short_name} were not sent: "
                                  f"{one_line(error) or type(error).__name__}")
        self.stdout.write(f"{total} reminder{'s' if total != 1 else ''}"
                          f"{' would be' if options['dry_run'] else ''} sent.")
        if failed:
            raise CommandError(f"Reminders failed for {len(failed)} partnership"
                               f"{'s' if len(failed) != 1 else ''}: {', '.join(failed)}")

    def remind(self, partnership, *, dry_run: bool) -> int:
        messages = reminder_messages(partnership)
        for subject, _, _, recipients in messages:
            self.stdout.write(f"To {', '.join(recipients)}: {subject}")
        if messages and not dry_run:
            send_mass_mail(messages)
            COMMAND_LINE.event(partnership, "reminders_sent",
                               f"{len(messages)} data reminders sent")
        return len(messages) + self.remind_registered(partnership, dry_run=dry_run)

    def remind_registered(self, partnership, *, dry_run: bool) -> int:
        """The reminders other apps register (pif.measures.reminders), each recorded by its
        app as soon as it has gone, so a run stopped half way sends none of them twice."""
        today = timezone.localdate()
        others = [reminder for sender in reminders.registered()
                  for reminder in sender(partnership, today)]
        for reminder in others:
            self.stdout.write(f"To {', '.join(reminder.recipients)}: {reminder.subject}")
        if others and not dry_run:
            with get_connection() as connection:
                for reminder in others:
                    connection.send_messages([reminder.message])
                    reminder.sent()
        return len(others)


def reminder_messages(partnership) -> list[tuple]:
    """One email for each contributor whose organisation owes figures, listing them in the
    groups of the "Data you need to submit" page, from the same `figures_to_submit`."""
    by_owner: dict[int, list] = defaultdict(list)
    for indicator in (Indicator.objects.filter(partnership=partnership)
                      .select_related("status")):
        by_owner[indicator.owner_id].append(indicator)
    owed = {owner: figures for owner, indicators in by_owner.items()
            if (figures := figures_to_submit(indicators))}
    contributors = (Membership.objects.filter(partnership=partnership, role="contributor",
                                              organisation_id__in=owed)
                    .select_related("user", "organisation"))
    link = settings.SITE_URL.rstrip("/") + reverse("my_data", args=[partnership.short_name])
    messages = []
    for membership in contributors:
        body = render_to_string("measures/email/reminder.txt", {
            "membership": membership, "partnership": partnership,
            "figures": owed[membership.organisation_id], "link": link,
        })
        # A subject is one line whatever the data, or the email cannot be sent at all.
        messages.append((one_line(f"Figures due for {partnership.name}"), body, None,
                         [membership.user.email]))
    return messages
