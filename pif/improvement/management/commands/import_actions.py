"""`pif import_actions PATH --partnership SHORTNAME`: import an action plan from a CSV or Excel
file, with the same checks as the import page; nothing is imported unless every row is valid."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pif.actors import COMMAND_LINE
from pif.improvement import importing
from pif.partnerships.management.commands.partnership import get_partnership


class Command(BaseCommand):
    help = ("Import actions from a CSV or Excel (.xlsx) file with one row per action, headed "
            "as the action plan's download is. A reference the plan has changes that action; "
            "a new one adds an action. Nothing is imported unless every row is valid.")

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH")
        parser.add_argument("--partnership", required=True, metavar="SHORTNAME")
        parser.add_argument("--dry-run", action="store_true",
                            help="Check the file and say what would change, changing nothing.")

    def handle(self, *args, **options):
        partnership = get_partnership(options["partnership"])
        path = Path(options["path"])
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        checked = importing.check_file(content, path.name, partnership)
        if checked.ok and not options["dry_run"]:
            try:
                result = importing.import_checked(COMMAND_LINE, checked)
            except importing.ImportRefused as refused:
                checked.problems = refused.problems
            else:
                self.stdout.write(f"Imported {path.name}: {result.describe()}.")
                return
        if checked.problems or not checked.rows:
            for problem in checked.problems:
                self.stderr.write(str(problem))
            count = len(checked.problems)
            raise CommandError(f"Nothing imported: {count} problem{'s' if count != 1 else ''} "
                               f"in {path.name}. " + " ".join(str(p) for p in checked.problems[:5]))
        self.stdout.write(f"{path.name} is ready to import: {checked.new_count} new and "
                          f"{checked.changed_count} changed. Nothing was imported (--dry-run).")
