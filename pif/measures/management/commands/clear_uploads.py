from django.core.management.base import BaseCommand, CommandError

from pif.measures.models.upload import remove_stale_uploads


class Command(BaseCommand):
    help = ("Delete uploaded files that were previewed but never imported, once they are older "
            "than --days (default 14). Imported files are dropped at import already.")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=14,
                            help="Keep files never imported for this many days (default 14).")

    def handle(self, *args, **options):
        try:
            removed, emptied = remove_stale_uploads(options["days"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Removed {removed} upload{'' if removed == 1 else 's'} never "
                          f"imported and older than {options['days']} days.")
        if emptied:
            self.stdout.write(f"Deleted the files of {emptied} imported upload"
                              f"{'' if emptied == 1 else 's'}; their values are kept.")
