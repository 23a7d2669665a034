from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from pif.partnerships.management.commands.partnership import describe
from pif.reviews import assessment_frameworks as frameworks


class Command(BaseCommand):
    help = "List or load the assessment frameworks in frameworks/assessment/ (EFQM, PSIF, " \
           "Customer Service Excellence), or import a licence holder's full wording."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("list", help="List the framework files and their versions.")
        load = actions.add_parser("load", help="Load a framework file into the database.")
        load.add_argument("name", nargs="?", metavar="NAME",
                          help="File name without .toml, for example efqm-2013.")
        load.add_argument("--all", action="store_true",
                          help="Load every framework and the matches between them.")
        text = actions.add_parser(
            "import-text", help="Import the full wording of a shipped version from a CSV "
                                "file with the columns code,text (all rows or none).")
        text.add_argument("slug", metavar="SLUG", help="The framework, for example efqm.")
        text.add_argument("version", metavar="VERSION", help="The version, for example 2013.")
        text.add_argument("file", metavar="FILE.csv")

    def handle(self, *args, **options):
        try:
            getattr(self, options["action"].replace("-", "_"))(options)
        except ValidationError as error:
            raise CommandError(describe(error)) from error

    def list(self, options):
        for name, path in frameworks.available().items():
            data = frameworks.read(name)
            versions = ", ".join(v["label"] for v in data.get("versions", []))
            kind = "template" if data.get("template") else data["slug"]
            self.stdout.write(f"{name}\t{kind}\t{versions}\t{path.name}")

    def load(self, options):
        if options["all"]:
            loaded = frameworks.load_all()
        elif options["name"]:
            loaded = [frameworks.load(options["name"])]
        else:
            raise CommandError("Name a framework file, or use --all. "
                               "See: pif assessment_framework list")
        for done in loaded:
            self.stdout.write(f"Loaded {done.framework.name}: {done.versions} version(s), "
                              f"{done.nodes} node(s)")

    def import_text(self, options):
        path = Path(options["file"])
        try:
            content = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        count = frameworks.import_text(options["slug"], options["version"], content)
        self.stdout.write(f"Imported the wording of {count} node(s) of "
                          f"{options['slug']} {options['version']}")
