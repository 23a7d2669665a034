"""`pif export --partnership SHORTNAME PATH`: write every observation to CSV or Excel."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pif.measures.exporting import ExportError, export_to_path
from pif.partnerships.management.commands.partnership import get_partnership


class Command(BaseCommand):
    help = ("Export a partnership's indicator values to a CSV or Excel (.xlsx) file in the long "
            "format that pif import reads.")

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help="Where to write: a .csv or .xlsx file.")
        parser.add_argument("--partnership", required=True, metavar="SHORTNAME")

    def handle(self, *args, **options):
        partnership = get_partnership(options["partnership"])
        path = Path(options["path"])
        try:
            count = export_to_path(partnership, path)
        except ExportError as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}") from None
        self.stdout.write(f"Wrote {count} values of {partnership.name} to {path}")
