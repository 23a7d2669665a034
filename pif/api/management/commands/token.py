"""`pif token create EMAIL --name NAME [--days N]`: make a personal API token for a person and
print it as the last line, so a script can take it with `| tail -n 1`. `pif token list EMAIL`
lists a person's tokens (never the tokens themselves); `pif token revoke PREFIX` revokes the
token that starts with PREFIX. They call the same services as the account page."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pif.accounts.models import User
from pif.actors import COMMAND_LINE
from pif.api import tokens
from pif.api.forms import DEFAULT_DAYS
from pif.api.models import ApiToken
from pif.partnerships.management.commands.partnership import describe
from pif.times import format_time


class Command(BaseCommand):
    help = "Make, list or revoke a person's API tokens."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser(
            "create", help="Make a personal API token and print it as the last line.")
        create.add_argument("email", metavar="EMAIL", help="The person the token acts as.")
        create.add_argument("--name", required=True,
                            help="What will use the token, such as 'Nightly finance feed'.")
        create.add_argument("--days", default=str(DEFAULT_DAYS), metavar="N",
                            help=f"How many days the token works (default {DEFAULT_DAYS}, "
                                 f"at most {settings.API_TOKEN_MAX_DAYS}).")
        listing = actions.add_parser("list", help="List a person's tokens (not the secrets).")
        listing.add_argument("email", metavar="EMAIL")
        revoke = actions.add_parser("revoke", help="Revoke the token that starts with PREFIX.")
        revoke.add_argument("prefix", metavar="PREFIX",
                            help="The token's start, as the list shows it (pif_ and 6 more).")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "create":
            return self._create(options["email"], options["name"], options["days"])
        if action == "list":
            return self._list(options["email"])
        return self._revoke(options["prefix"])

    def _create(self, email: str, name: str, days: str):
        user = _person(email)
        expires_at = timezone.now() + timedelta(days=_days(days))
        try:
            token, secret = tokens.create_personal(COMMAND_LINE, user, name, expires_at)
        except ValidationError as error:
            raise CommandError(describe(error)) from None
        self.stdout.write(f"Made the API token ‘{token.name}’ for {user.email}; it works until "
                          f"{format_time(token.expires_at)}.")
        self.stdout.write("It is shown once, below: keep it where you keep passwords.")
        self.stdout.write(secret)

    def _list(self, email: str):
        user = _person(email)
        rows = ApiToken.objects.filter(kind=ApiToken.Kind.PERSONAL, user=user)
        if not rows:
            self.stdout.write(f"{user.email} has no API tokens. Make one with: pif token "
                              "create EMAIL --name NAME")
        for token in rows:
            self.stdout.write(f"{token.prefix}\t{token.state}\t"
                              f"until {format_time(token.expires_at)}\t{token.name}")

    def _revoke(self, prefix: str):
        matches = list(ApiToken.objects.filter(prefix=prefix.strip().rstrip("…"))[:2])
        if not matches:
            raise CommandError(f"No token starts with '{prefix}'. "
                               "See them with: pif token list EMAIL")
        if len(matches) > 1:
            raise CommandError(f"More than one token starts with '{prefix}'; revoke it on its "
                               "page instead.")
        token = tokens.revoke(COMMAND_LINE, matches[0])
        self.stdout.write(f"Revoked the token ‘{token.name}’ ({token.prefix}…).")


def _person(email: str) -> User:
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise CommandError(f"No one has the email address '{email}'.")
    return user


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise CommandError(f"--days must be a whole number of days, not '{text}'.") from None
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise CommandError(f"--days must be 1 to {settings.API_TOKEN_MAX_DAYS}, not {days}.")
    return days
