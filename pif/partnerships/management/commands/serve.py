from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Apply migrations, then serve PIF on http://127.0.0.1:8000 for local use."

    def add_arguments(self, parser):
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"Serving PIF on http://{options['address']}/ (Ctrl+C to stop)")
        call_command("runserver", options["address"], use_reloader=False)
