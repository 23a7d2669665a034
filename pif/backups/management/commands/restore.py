"""`pif restore PATH`: load a backup into an empty database (see pif/backups/reader.py);
`--check` checks a backup file without restoring it; `--compare` checks that the database
holds exactly what a backup holds (the monthly restore test)."""

from django.core.management.base import BaseCommand, CommandError

from pif.backups import reader


class Command(BaseCommand):
    help = ("Restore a backup made by `pif backup` into an empty database, then migrate it to "
            "this version of PIF. Checks the file before writing anything.")

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help="The backup file.")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--check", action="store_true",
                          help="Only check the file's checksums and version; write nothing.")
        mode.add_argument("--compare", action="store_true",
                          help="Check that the database holds exactly the backup's rows and "
                               "files (after a test restore); write nothing.")

    def handle(self, *args, **options):
        path = options["path"]
        if options["check"]:
            manifest = reader.check_backup(path)
            self.stdout.write(f"{path} is sound: {self._contents(manifest)}.")
            return
        if options["compare"]:
            differences = reader.compare_with_database(path)
            if differences:
                raise CommandError("The database differs from the backup:\n  "
                                   + "\n  ".join(differences))
            self.stdout.write(f"The database holds exactly what {path} holds.")
            return
        manifest = reader.restore_backup(path)
        scope = manifest["scope"]
        what = ("the whole site" if scope["kind"] == "site"
                else f"partnership {scope['partnership']}")
        self.stdout.write(
            f"Restored {what} from {path}: {self._contents(manifest)}. Sign-in sessions "
            "are not kept: everyone signs in again.")

    @staticmethod
    def _contents(manifest) -> str:
        rows = sum(table["rows"] for table in manifest["tables"])
        return (f"made {manifest['made_at']} by PIF {manifest['pif_version']}, {rows} rows "
                f"and {len(manifest['media'])} uploaded files")
