"""`pif vision set|show`: the partnership's vision, kept with its planning cycle on the Vision
page (its one home), from the command line."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from pif.actors import COMMAND_LINE
from pif.editing import PROGRAM_CHANGE
from pif.outcomes.models import Vision
from pif.outcomes.services import plan
from pif.partnerships.management.commands.partnership import describe, get_partnership


class Command(BaseCommand):
    help = "Set or show a partnership's vision for a planning cycle."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        set_ = actions.add_parser("set", help="Set the current vision for a planning cycle.")
        set_.add_argument("short_name", metavar="SHORTNAME")
        set_.add_argument("--statement", required=True,
                          help="Where the partnership wants to be, in plain words.")
        set_.add_argument("--first-year", type=int, required=True,
                          help="The financial year the plan starts, for example 2026 for "
                               "2026/27.")
        set_.add_argument("--last-year", type=int, required=True,
                          help="The financial year the plan ends, for example 2035.")
        set_.add_argument("--purpose", default="",
                          help="Why the partnership exists, in a sentence or two.")
        show = actions.add_parser("show", help="Show the current vision.")
        show.add_argument("short_name", metavar="SHORTNAME")

    def handle(self, *args, **options):
        partnership = get_partnership(options["short_name"])
        if options["action"] == "show":
            return self._show(partnership)
        try:
            vision = plan.save_vision(
                COMMAND_LINE, partnership, statement=options["statement"],
                purpose=options["purpose"], first_year=options["first_year"],
                last_year=options["last_year"], is_current=True, loaded_version=PROGRAM_CHANGE)
        except ValidationError as error:
            raise CommandError(describe(error)) from error
        self.stdout.write(f"Vision for {vision.cycle_label} saved for {partnership.short_name}.")

    def _show(self, partnership):
        current = Vision.objects.filter(partnership=partnership, is_current=True).first()
        if current is None:
            self.stdout.write(f"{partnership.short_name} has no vision yet. Set one with: pif "
                              f"vision set {partnership.short_name} --statement TEXT "
                              "--first-year YEAR --last-year YEAR")
            return
        self.stdout.write(f"Vision {current.cycle_label} (current):\n{current.statement}")
