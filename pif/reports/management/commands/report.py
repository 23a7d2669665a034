"""`pif report KIND --partnership SHORTNAME --output FILE.pdf|.html|.xlsx`: build a report as
the partnership stood at the end of a day and write it to a file, through the same builders,
rules and renderers as the report pages; `--keep` also keeps it as a draft report."""

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pif.actors import COMMAND_LINE
from pif.lib.periods import format_long_date
from pif.partnerships.management.commands.partnership import describe, get_partnership
from pif.reports import kinds
from pif.reports import render as rendering
from pif.reports.models import ReportKind
from pif.reports.render.charts import start_engine
from pif.reports.services import reports as services

EXTENSIONS = {".pdf": "pdf", ".html": "html", ".htm": "html", ".xlsx": "xlsx"}


class Command(BaseCommand):
    help = ("Build a report (board, exception, scorecard, a stat meeting memo or a statutory "
            "annual report) as the partnership stood at the end of a day, and write it to a "
            "PDF, HTML or Excel file.")

    def add_arguments(self, parser):
        parser.add_argument("kind", metavar="KIND",
                            help="The kind of report: " + ", ".join(ReportKind.values) + ".")
        parser.add_argument("--partnership", required=True, metavar="SHORTNAME")
        parser.add_argument("--output", required=True, metavar="FILE",
                            help="Where to write: a .pdf, .html or .xlsx file.")
        parser.add_argument("--as-of", metavar="DATE",
                            help="Show things as they stood at the end of this day, written "
                                 "2026-10-31 (default: today, as recorded so far).")
        parser.add_argument("--title", default="", metavar="TITLE",
                            help="The report's title (default: its kind and the date, or an annual "
                                 "report's reporting year).")
        parser.add_argument("--outcome", action="append", default=[], metavar="ID",
                            help="An outcome to report on, by its number; repeat for more.")
        parser.add_argument("--indicator", action="append", default=[], metavar="CODE",
                            help="An indicator to report on, by its code; repeat for more.")
        parser.add_argument("--meeting", metavar="ID", help="The stat meeting, by its number.")
        parser.add_argument("--locality", metavar="NAME", help="The locality, by its name.")
        parser.add_argument("--year", metavar="YYYY",
                            help="The reporting year, by the year it starts: 2026 for 2026/27.")
        parser.add_argument("--keep", action="store_true",
                            help="Also keep the report as a draft in PIF, on its Reports page.")

    def handle(self, *args, **options):
        partnership = get_partnership(options["partnership"])
        kind = options["kind"]
        if kind not in kinds.TEMPLATES:
            raise CommandError(f"There is no kind of report '{kind}'. Choose one of: "
                               + ", ".join(k for k in ReportKind.values if k in kinds.TEMPLATES))
        path = Path(options["output"])
        fmt = EXTENSIONS.get(path.suffix.lower())
        if fmt is None or fmt not in rendering.FORMATS:
            raise CommandError(f"Cannot tell the format from '{path.name}': end the file name "
                               "with .pdf, .html or .xlsx")
        as_of = _as_of(options["as_of"])
        chosen = _options(partnership, kinds.TEMPLATES[kind], options)
        title = services.title_or_default(partnership, kind, as_of, options["title"].strip(),
                                          chosen)
        if fmt == "pdf":
            start_engine()  # the chart engine starts while the report is built
        try:
            if options["keep"]:
                report = services.create_report(COMMAND_LINE, partnership, kind=kind,
                                                 as_of=as_of, title=title, options=chosen)
                document = report.content
            else:
                chosen = services.check_new(partnership, kind, as_of, title, chosen)
                document = kinds.build(partnership, kind, as_of=as_of, options=chosen,
                                       narrative={}, title=title)
        except ValidationError as error:
            raise CommandError(describe(error)) from None
        content = rendering.render(document, fmt)
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}") from None
        kept = f", kept as report {report.pk}" if options["keep"] else ""
        self.stdout.write(f"Wrote “{title}” of {partnership.name}, as things stood on "
                          f"{format_long_date(as_of)}, to {path}{kept}")


def _as_of(text: str | None) -> datetime.date:
    if not text:
        return timezone.localdate()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of '{text}' is not a date: write it as 2026-10-31") from None


def _options(partnership, template, options) -> dict:
    """What the command line chose, as a report keeps it: ids, a name, a first year."""
    from pif.measures.models import Indicator

    needs, chosen = set(template.needs), {}
    given = {"outcomes": options["outcome"], "indicators": options["indicator"],
             "meeting": options["meeting"], "locality": options["locality"],
             "reporting_year": options["year"]}
    unused = [name for name, value in given.items() if value and name not in needs]
    if unused:
        flags = {"outcomes": "--outcome", "indicators": "--indicator", "meeting": "--meeting",
                 "locality": "--locality", "reporting_year": "--year"}
        raise CommandError(f"A {template.label[:1].lower()}{template.label[1:]} does not take "
                           + ", ".join(flags[name] for name in unused))
    if "outcomes" in needs:
        chosen["outcomes"] = sorted(_number(value, "--outcome") for value in options["outcome"])
    if "indicators" in needs:
        codes = options["indicator"]
        found = dict(Indicator.objects.filter(partnership=partnership, code__in=codes)
                     .values_list("code", "pk"))
        missing = [code for code in codes if code not in found]
        if missing:
            raise CommandError(f"{partnership.name} has no indicator with the code "
                               + ", ".join(f"'{code}'" for code in missing))
        chosen["indicators"] = sorted(set(found.values()))
    if options["meeting"]:
        chosen["meeting"] = _number(options["meeting"], "--meeting")
    if options["locality"]:
        chosen["locality"] = options["locality"].strip()
    if options["year"]:
        chosen["reporting_year"] = _number(options["year"], "--year")
    return chosen


def _number(text: str, flag: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise CommandError(f"{flag} '{text}' is not a whole number") from None
