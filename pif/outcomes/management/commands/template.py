from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from pif.actors import COMMAND_LINE
from pif.outcomes import frameworks
from pif.outcomes.services import plan
from pif.partnerships.management.commands.partnership import describe, get_partnership


class Command(BaseCommand):
    help = "List or load framework templates (National Performance Framework, Balanced " \
           "Scorecard, ...) from the frameworks/ folder."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("list", help="List the templates shipped with PIF.")
        load = actions.add_parser("load", help="Load a template into the database.")
        load.add_argument("name", nargs="?", metavar="NAME",
                          help="Template name, for example npf. See: pif template list")
        load.add_argument("--all", action="store_true", help="Load every template.")
        load.add_argument("--partnership", metavar="SHORTNAME",
                          help="Also use the template's current version in this partnership.")

    def handle(self, *args, **options):
        if options["action"] == "list":
            for name, path in frameworks.available().items():
                self.stdout.write(f"{name}\t{path.name}")
            return
        names = list(frameworks.available()) if options["all"] else [options["name"]]
        if names == [None]:
            raise CommandError("Name a template, or use --all. See: pif template list")
        try:
            for name in names:
                loaded = frameworks.load(name)
                self.stdout.write(f"Loaded {loaded.framework.name}: {loaded.versions} "
                                  f"version(s), {loaded.nodes} node(s)")
        except ValidationError as error:
            raise CommandError(describe(error)) from error
        if options["partnership"]:
            partnership = get_partnership(options["partnership"])
            for name in names:
                version = frameworks.current_version(name)
                added = plan.use_framework(COMMAND_LINE, partnership, version)
                self.stdout.write(f"{partnership.short_name} now uses {version}"
                                  f"{f'; {added} national outcomes added' if added else ''}")
