from django.core.management import call_command
from django.core.management.base import BaseCommand

from pif.partnerships import demo


class Command(BaseCommand):
    help = "Set up the database, load the demo partnership and serve it on 127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--reset", action="store_true",
                            help="Delete the demo partnership and load it afresh.")
        parser.add_argument("--no-serve", action="store_true",
                            help="Load the demo but do not start the server.")

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        partnership = demo.load(reset=options["reset"])
        if partnership is None:
            self.stdout.write(f"The demo partnership '{demo.SHORT_NAME}' is already loaded "
                              "(use --reset to load it afresh).")
        else:
            self.stdout.write(f"Loaded the demo partnership: {partnership.name}")
        self.stdout.write(f"\nSign in at http://{options['address']}/account/login/ as:")
        for user in demo.DEMO_USERS:
            self.stdout.write(f"  {user.role:<12} {user.email:<26} password: {user.password}")
        self.stdout.write(
            f"\nThe API is at http://{options['address']}/api/v1/docs; make a token on your "
            "account page, or with\n"
            "  pif token create editor@example.org --name 'Trying the API'\n")
        if not options["no_serve"]:
            call_command("runserver", options["address"], use_reloader=False)
