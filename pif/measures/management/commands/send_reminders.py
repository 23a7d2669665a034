from django.core.mail import send_mass_mail
from django.core.management.base import BaseCommand

from pif.measures.collection import outstanding
from pif.measures.models import Indicator
from pif.measures.scorecard import status_of
from pif.partnerships.events import record_event
from pif.partnerships.models import Membership, Partnership


class Command(BaseCommand):
    help = ("Email each contributor the figures their organisation owes: periods whose data "
            "is due or overdue.")

    def add_arguments(self, parser):
        parser.add_argument("--partnership", metavar="SHORTNAME",
                            help="Only this partnership (default: all).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Print what would be sent, send nothing.")

    def handle(self, *args, **options):
        partnerships = Partnership.objects.all()
        if options["partnership"]:
            partnerships = partnerships.filter(short_name=options["partnership"])
        total = 0
        for partnership in partnerships:
            messages = reminder_messages(partnership)
            total += len(messages)
            for subject, _, _, recipients in messages:
                self.stdout.write(f"To {', '.join(recipients)}: {subject}")
            if messages and not options["dry_run"]:
                send_mass_mail(messages)
                record_event(partnership, "reminders_sent",
                             f"{len(messages)} data reminders sent", via="command line")
        self.stdout.write(f"{total} reminder{'s' if total != 1 else ''}"
                          f"{' would be' if options['dry_run'] else ''} sent.")


def reminder_messages(partnership) -> list[tuple]:
    indicators = (Indicator.objects.filter(partnership=partnership)
                  .select_related("status", "owner"))
    owed: dict[int, list] = {}
    for indicator in indicators:
        for item in outstanding(indicator, status_of(indicator).latest_period):
            owed.setdefault(indicator.owner_id, []).append(item)
    contributors = (Membership.objects.filter(partnership=partnership, role="contributor",
                                              organisation_id__in=owed)
                    .select_related("user", "organisation"))
    messages = []
    for membership in contributors:
        items = owed[membership.organisation_id]
        lines = [f"- {i.indicator.code} {i.indicator.title}: {i.period.label}, due "
                 f"{i.due:%-d %B %Y}{' (overdue)' if i.overdue else ''}" for i in items]
        body = (f"Hello {membership.user.display_name},\n\n"
                f"{membership.organisation.name} has {len(items)} figure"
                f"{'s' if len(items) != 1 else ''} to submit for {partnership.name}:\n\n"
                + "\n".join(lines)
                + "\n\nYou can enter them one by one, or upload a spreadsheet, from the "
                  "partnership's scorecard.\n")
        messages.append((f"Figures due for {partnership.name}", body, None,
                         [membership.user.email]))
    return messages
