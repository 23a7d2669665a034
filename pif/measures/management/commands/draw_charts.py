from django.core.management.base import BaseCommand

from pif.measures.charts.ahead import BATCH, draw_charts
from pif.measures.models import Indicator
from pif.partnerships.management.commands.partnership import get_partnership


class Command(BaseCommand):
    help = ("Draw every indicator's chart into the shared chart store (those stored already "
            "are kept), so its page need not draw it. Charts are drawn in the background "
            "after every data change; run this after an upgrade or to fill a new store.")

    def add_arguments(self, parser):
        parser.add_argument("--partnership", metavar="SHORTNAME",
                            help="Only this partnership (default: all).")

    def handle(self, *args, **options):
        indicators = Indicator.objects.order_by("pk")
        if options["partnership"]:
            indicators = indicators.filter(partnership=get_partnership(options["partnership"]))
        ids = list(indicators.values_list("pk", flat=True))
        drawn = 0
        for start in range(0, len(ids), BATCH):
            drawn += draw_charts(ids[start:start + BATCH])
            if options["verbosity"] > 1:
                self.stdout.write(f"{min(start + BATCH, len(ids))} of {len(ids)} indicators.")
        self.stdout.write(f"Drew {drawn} chart{'' if drawn == 1 else 's'} of {len(ids)} "
                          f"indicator{'' if len(ids) == 1 else 's'}.")
