"""`pif backup PATH [--partnership SHORT] [--encrypt]` and `pif backup --new-key`."""

from django.core.management.base import BaseCommand, CommandError

from pif.backups import archive, writer
from pif.partnerships.management.commands.partnership import get_partnership


class Command(BaseCommand):
    help = ("Write the whole site (or one partnership) to one backup file: every table, the "
            "migration state and the uploaded files, with checksums. Sessions are left out.")

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", metavar="PATH",
                            help="The file to write, e.g. pif-2026-12-05.zip.")
        parser.add_argument("--partnership", metavar="SHORTNAME",
                            help="Only this partnership's rows (and the users they name).")
        parser.add_argument("--encrypt", action="store_true",
                            help=f"Encrypt the file with the key in {archive.KEY_VARIABLE}.")
        parser.add_argument("--new-key", action="store_true",
                            help=f"Print a new key for {archive.KEY_VARIABLE} and stop.")

    def handle(self, *args, **options):
        if options["new_key"]:
            self.stdout.write(archive.new_key())
            return
        if not options["path"]:
            raise CommandError("Say where to write the backup: pif backup PATH")
        partnership = (get_partnership(options["partnership"])
                       if options["partnership"] else None)
        manifest = writer.write_backup(options["path"], partnership=partnership,
                                       encrypt=options["encrypt"])
        rows = sum(table["rows"] for table in manifest["tables"])
        self.stdout.write(
            f"Wrote {options['path']}: {rows} rows from {len(manifest['tables'])} tables and "
            f"{len(manifest['media'])} uploaded files"
            + (", encrypted." if options["encrypt"] else "."))
