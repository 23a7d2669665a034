from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from pif.actors import COMMAND_LINE
from pif.partnerships import services
from pif.partnerships.management.commands.partnership import describe, get_partnership
from pif.partnerships.models import Organisation


class Command(BaseCommand):
    help = "Add or list a partnership's organisations."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="Add an organisation to a partnership.")
        add.add_argument("short_name", metavar="SHORTNAME")
        add.add_argument("--name", required=True)
        add.add_argument("--type", required=True, dest="kind",
                         help=f"One of: {', '.join(Organisation.Kind.values)}.")
        add.add_argument("--code", default="", help="Short code; made from the name if omitted.")
        listing = actions.add_parser("list", help="List a partnership's organisations.")
        listing.add_argument("short_name", metavar="SHORTNAME")

    def handle(self, *args, **options):
        partnership = get_partnership(options["short_name"])
        if options["action"] == "list":
            for organisation in partnership.organisations.all():
                self.stdout.write(f"{organisation.short_code}\t{organisation.get_kind_display()}"
                                  f"\t{organisation.name}")
            return
        kind = options["kind"].strip().lower().replace(" ", "_").replace("-", "_")
        if kind not in Organisation.Kind.values:
            raise CommandError(f"--type '{options['kind']}' is not a type of organisation. "
                               f"Use one of: {', '.join(Organisation.Kind.values)}.")
        code = options["code"] or code_from_name(options["name"])
        try:
            organisation = services.add_organisation(
                COMMAND_LINE, partnership, name=options["name"], kind=kind,
                short_code=code)
        except ValidationError as error:
            raise CommandError(describe(error)) from error
        self.stdout.write(f"Added {organisation.name} ({organisation.short_code}) to "
                          f"{partnership.short_name}")


def code_from_name(name: str) -> str:
    """Initials of the name's words, for example NHS Loch Arden -> NLA."""
    letters = "".join(word[0] for word in name.split() if word[:1].isalnum()).upper()
    return (letters + "XX")[: max(2, min(len(letters), 12))]
