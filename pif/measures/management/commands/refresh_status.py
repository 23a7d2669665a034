from django.core.management.base import BaseCommand

from pif.measures import status
from pif.measures.models import Indicator
from pif.partnerships.management.commands.partnership import get_partnership


class Command(BaseCommand):
    help = ("Recompute and store the status of every indicator (variation, assurance, RAG, "
            "sparkline). Status is refreshed after every data change; run this after an upgrade.")

    def add_arguments(self, parser):
        parser.add_argument("--partnership", metavar="SHORTNAME",
                            help="Only this partnership (default: all).")

    def handle(self, *args, **options):
        indicators = Indicator.objects.all()
        if options["partnership"]:
            indicators = indicators.filter(partnership=get_partnership(options["partnership"]))
        count = status.refresh(list(indicators.values_list("pk", flat=True)))
        self.stdout.write(f"Refreshed the status of {count} indicator{'' if count == 1 else 's'}.")
