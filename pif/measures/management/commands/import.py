"""`pif import PATH --partnership SHORTNAME`: import observations from a CSV or Excel file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pif.actors import COMMAND_LINE
from pif.measures.importing import (
    FIELDS,
    ImportOptions,
    MappingError,
    check_file,
    import_checked,
    parse_map_options,
)
from pif.measures.importing.run import refusal_problems
from pif.measures.models import Indicator
from pif.measures.rules import ObservationRefused
from pif.partnerships.management.commands.partnership import get_partnership


class Command(BaseCommand):
    help = ("Import indicator values from a CSV or Excel (.xlsx) file, in long format (one row "
            "per indicator, period and breakdown) or wide format (one column per period). "
            "Nothing is imported unless every row is valid.")

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH")
        parser.add_argument("--partnership", required=True, metavar="SHORTNAME")
        parser.add_argument("--map", action="append", default=[], metavar="FIELD=HEADER",
                            help=f"Read a field from the column with this header. Fields: "
                                 f"{', '.join(FIELDS)}.")
        parser.add_argument("--indicator", default="", metavar="CODE",
                            help="Every row is this indicator (for files with no indicator "
                                 "column).")
        parser.add_argument("--create-indicators", action="store_true",
                            help="Create indicators for codes the partnership does not have.")
        parser.add_argument("--owner", default="", metavar="CODE",
                            help="Short code of the organisation owning indicators created "
                                 "(default: the partnership's first organisation).")
        parser.add_argument("--frequency", default="", choices=["", *Indicator.Frequency.values],
                            help="Frequency of indicators created (default: guessed from the "
                                 "periods).")
        parser.add_argument("--unit", default="", choices=["", *Indicator.Unit.values],
                            help="Unit of indicators created (default: percentage if the value "
                                 "header says so, otherwise count).")
        parser.add_argument("--sheet", default="", metavar="NAME",
                            help="The worksheet to read (default: the first with a header row).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Check the file and say what would change, changing nothing.")

    def handle(self, *args, **options):
        partnership = get_partnership(options["partnership"])
        path = Path(options["path"])
        try:
            with path.open("rb"):
                pass  # the file is read as it is checked, a row at a time; see it can be
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        try:
            mapping = parse_map_options(options["map"])
        except MappingError as error:
            raise CommandError(f"--map {error}") from None
        import_options = ImportOptions(
            mapping=mapping, indicator=options["indicator"].strip(),
            create_indicators=options["create_indicators"], frequency=options["frequency"],
            unit=options["unit"], owner=_owner(partnership, options["owner"]),
            sheet=options["sheet"])
        # Streamed: a CSV is read from disk a row at a time, the checked rows wait in a
        # temporary file, and they are written a batch at a time, in one transaction.
        checked = check_file(path, path.name, partnership=partnership, options=import_options,
                             streamed=True)
        if not checked.ok:
            for problem in checked.problems:
                self.stderr.write(str(problem))
            if not options["create_indicators"] and any(
                    "There is no indicator with the code" in p.message for p in checked.problems):
                self.stderr.write("To create indicators for codes the partnership lacks, "
                                  "import again with --create-indicators.")
            count = len(checked.problems)
            raise CommandError(f"{count} problem{'s' if count != 1 else ''} in {path.name}: "
                               "nothing was imported." if count else
                               f"{path.name} has no values to import.")
        try:
            result = import_checked(COMMAND_LINE, checked, partnership=partnership,
                                    approve=True, dry_run=options["dry_run"])
        except ObservationRefused as refused:  # a rule's last guard, such as a locked period
            problems = refusal_problems(checked, refused)
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{_count(problems, 'problem')} in {path.name}: nothing was "
                               "imported.") from None
        self.report(checked, result, options["dry_run"])
        self.warn(checked)

    def report(self, checked, result, dry_run: bool) -> None:
        verb = "Would import" if dry_run else "Imported"
        layout = checked.layout
        where = f' (sheet "{layout.sheet_name}")' if layout.sheet_name else ""
        self.stdout.write(f"{verb} {checked.filename}{where}, {layout.kind} format, header in "
                          f"row {layout.header_row}: {result.describe()}.")
        if checked.new_indicators:
            self.stdout.write(f"{'Would create' if dry_run else 'Created'} "
                              f"{_count(checked.new_indicators, 'indicator')}: "
                              + ", ".join(sorted(checked.new_indicators)))
        if checked.new_breakdowns:
            self.stdout.write(f"{'Would add' if dry_run else 'Added'} "
                              f"{_count(checked.new_breakdowns, 'breakdown')}: "
                              + ", ".join(checked.new_breakdowns))
        if layout.ignored:
            self.stdout.write("Columns not read: " + ", ".join(layout.ignored))


    def warn(self, checked) -> None:
        """Unusual values, and guesses made in creating indicators, as the preview shows."""
        for warning in checked.warnings:
            self.stderr.write(f"Warning: {warning}")
        if checked.more_warnings:
            self.stderr.write(f"and {checked.more_warnings} more warnings")


def _count(items, noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


def _owner(partnership, code: str):
    if not code:
        return None
    owner = partnership.organisations.filter(short_code__iexact=code).first()
    if owner is None:
        raise CommandError(f"--owner '{code}' is not an organisation of {partnership.name}. "
                           f"See them with: pif organisation list {partnership.short_name}")
    return owner
