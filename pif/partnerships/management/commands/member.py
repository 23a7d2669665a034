from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from pif.actors import COMMAND_LINE
from pif.partnerships import services
from pif.partnerships.invitations import send_invitation
from pif.partnerships.management.commands.partnership import describe, get_partnership
from pif.partnerships.models import Membership


class Command(BaseCommand):
    help = "Add a member to a partnership, or list its members."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="Add a person to a partnership with a role.")
        add.add_argument("short_name", metavar="SHORTNAME")
        add.add_argument("email", metavar="EMAIL")
        add.add_argument("--role", required=True,
                         help=f"One of: {', '.join(Membership.Role.values)}.")
        add.add_argument("--organisation", default="", metavar="NAME",
                         help="The member's organisation, by name or short code.")
        add.add_argument("--name", default="", help="Full name, for a new account.")
        listing = actions.add_parser("list", help="List a partnership's members.")
        listing.add_argument("short_name", metavar="SHORTNAME")

    def handle(self, *args, **options):
        partnership = get_partnership(options["short_name"])
        if options["action"] == "list":
            for membership in partnership.memberships.select_related("user", "organisation"):
                self.stdout.write(f"{membership.user.email}\t{membership.role}\t"
                                  f"{membership.organisation or ''}")
            return
        organisation = self._organisation(partnership, options["organisation"])
        try:
            membership, new_account = services.add_member(
                COMMAND_LINE, partnership, email=options["email"],
                role=options["role"].strip().lower(), organisation=organisation,
                full_name=options["name"])
        except ValidationError as error:
            raise CommandError(describe(error)) from error
        self.stdout.write(f"Added {membership.user.email} to {partnership.short_name} as "
                          f"{membership.get_role_display().lower()}")
        if new_account:
            send_invitation(None, membership)
            self.stdout.write("They have been emailed a link to set their password.")

    def _organisation(self, partnership, name: str):
        if not name:
            return None
        for organisation in partnership.organisations.all():
            if name.strip().lower() in (organisation.name.lower(),
                                        organisation.short_code.lower()):
                return organisation
        known = ", ".join(o.name for o in partnership.organisations.all()) or "none yet"
        raise CommandError(f"--organisation '{name}' is not an organisation of "
                           f"{partnership.short_name}. Its organisations: {known}.")
