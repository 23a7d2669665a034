from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from pif.actors import COMMAND_LINE
from pif.partnerships import services
from pif.partnerships.models import MONTHS, Partnership


class Command(BaseCommand):
    help = "Create or list partnerships."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Create a partnership.")
        create.add_argument("short_name", metavar="SHORTNAME")
        create.add_argument("--name", required=True)
        create.add_argument("--year-start-month", type=int, default=4,
                            help="Month the reporting year starts, 1-12 (default 4, April).")
        actions.add_parser("list", help="List partnerships.")

    def handle(self, *args, **options):
        if options["action"] == "list":
            return self._list()
        month = options["year_start_month"]
        if month not in dict(MONTHS):
            raise CommandError(f"--year-start-month must be 1 to 12, not {month}.")
        try:
            partnership = services.create_partnership(
                COMMAND_LINE, name=options["name"], short_name=options["short_name"],
                reporting_year_start_month=month)
        except ValidationError as error:
            raise CommandError(describe(error)) from error
        self.stdout.write(f"Created partnership {partnership.short_name}: {partnership.name}")

    def _list(self):
        rows = Partnership.objects.order_by("short_name")
        if not rows:
            self.stdout.write("No partnerships yet. Create one with: pif partnership create "
                              "SHORTNAME --name NAME")
        for partnership in rows:
            self.stdout.write(f"{partnership.short_name}\t{partnership.name}")


def describe(error: ValidationError) -> str:
    """A ValidationError as lines a person at a terminal can act on."""
    if hasattr(error, "error_dict"):
        return "\n".join(f"{field.replace('_', ' ')}: {' '.join(messages)}"
                         if field != "__all__" else " ".join(messages)
                         for field, messages in error.message_dict.items())
    return " ".join(error.messages)


def get_partnership(short_name: str) -> Partnership:
    try:
        return Partnership.objects.get(short_name=short_name)
    except Partnership.DoesNotExist:
        raise CommandError(
            f"There is no partnership with short name '{short_name}'. "
            "See them with: pif partnership list"
        ) from None
