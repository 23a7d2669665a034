"""Restoring a backup: `restore_backup(path)` into an empty database.

In order: open (decrypt) the file and check every checksum and row count in its manifest
before anything is written; refuse a backup from a newer PIF (migrations this code does not
know) and a database that already holds PIF data; migrate the database to the backup's
migration state; load every table through that state's models with foreign key checks
deferred, replacing the content types and permissions `migrate` made with the backup's
(history and permissions point at their ids); check the foreign keys; reset the id
sequences (PostgreSQL); write the uploaded files; migrate forward to the current code.

On PostgreSQL all of that is one transaction: a failure leaves the database as it was. On
SQLite a schema change cannot run inside a transaction, so the first migration runs on its
own and the loading is one transaction: if loading fails the database is left migrated
but empty, and the restore can simply be run again (see `RestoreFailed`).
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from contextlib import ExitStack
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.migrations.exceptions import IrreversibleError
from django.db.migrations.executor import MigrationExecutor

from . import archive, selection, state

ROWS_PER_INSERT = 1000


def allowed_in_empty(apps) -> set[str]:
    """Tables that may hold rows in an "empty" database: what `migrate` makes, and the ones
    a backup leaves out (opening the sign-in page makes a session), which a restore leaves
    alone."""
    tables = {state.MIGRATIONS_TABLE}
    for label in [*state.MADE_BY_MIGRATE, *state.LEFT_OUT]:
        try:
            tables.add(apps.get_model(label)._meta.db_table)
        except LookupError:
            continue  # not at the backup's migration state: nothing to allow
    return tables


def open_backup(path: Path, work: Path) -> Path:
    """The path of the plain zip: the file itself, or its decryption in `work`."""
    if not path.is_file():
        raise CommandError(f"There is no file {path}.")
    if archive.is_encrypted(path):
        plain = work / "backup.zip"
        archive.decrypt_file(path, plain, archive.fernet_from_environment())
        return plain
    if not zipfile.is_zipfile(path):
        raise CommandError(f"{path} is not a PIF backup, or it is damaged.")
    return path


def read_manifest(bundle: zipfile.ZipFile, path: Path) -> dict:
    try:
        manifest = json.loads(bundle.read(archive.MANIFEST))
    except (KeyError, ValueError, zipfile.BadZipFile) as error:
        raise CommandError(f"{path} has no readable manifest: it is damaged or not a "
                           "PIF backup.") from error
    if not isinstance(manifest, dict) or manifest.get("format") != archive.FORMAT:
        raise CommandError(f"{path} is not a PIF backup.")
    version = manifest.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise CommandError(f"{path} is not a PIF backup: its manifest has no format version.")
    if version > archive.FORMAT_VERSION:
        raise CommandError(
            f"{path} was made by a newer PIF ({manifest.get('pif_version')}) in a backup "
            "format this version cannot read. Restore it with that version of PIF or later.")
    if not _manifest_has_its_shape(manifest):
        raise CommandError(f"{path} has a damaged manifest. Nothing was restored.")
    return manifest


def _manifest_has_its_shape(manifest: dict) -> bool:
    """The manifest's parts are of the kinds the writer gives them (a hand edit may not be)."""
    shapes = {"tables": list, "media": list, "migrations": dict, "scope": dict}
    if any(not isinstance(manifest.get(key), kind) for key, kind in shapes.items()):
        return False
    return (all(isinstance(entry, dict) for entry in manifest["tables"] + manifest["media"])
            and all(isinstance(names, list) and all(isinstance(name, str) for name in names)
                    for names in manifest["migrations"].values()))


def check_coverage(bundle: zipfile.ZipFile, manifest: dict, apps, path: Path) -> None:
    """Every data file in the zip is in the manifest, every listed model exists at the
    backup's migration state, and a site backup has every table but those left out. The
    manifest has no checksum of its own, so this is what notices a table dropped from it."""
    listed = {table.get("file") for table in manifest["tables"]}
    present = {name for name in bundle.namelist() if name.startswith("data/")}
    labels = {table.get("model") for table in manifest["tables"]}
    try:
        if not all(isinstance(label, str) for label in labels):
            raise ValueError("a table has no model")
        models = {apps.get_model(label) for label in labels}
    except (LookupError, ValueError) as error:
        raise CommandError(f"{path} names a table PIF does not have ({error}). Nothing "
                           "was restored.") from error
    expected = {model._meta.label for model in selection.concrete_models(apps)} - set(
        state.LEFT_OUT)
    if present != listed or len(models) != len(labels) or (
            manifest["scope"].get("kind") == "site" and labels != expected):
        raise CommandError(f"{path} is damaged: its manifest does not list every table. "
                           "Nothing was restored.")


def verify(bundle: zipfile.ZipFile, manifest: dict, path: Path) -> None:
    """Check every data and media file against the manifest, reading each once."""
    try:
        for table in manifest["tables"]:
            digest = hashlib.sha256()
            lines = 0
            with bundle.open(table["file"]) as stream:
                for line in stream:
                    digest.update(line)
                    lines += 1
            if digest.hexdigest() != table["sha256"] or lines - 1 != table["rows"]:
                raise CommandError(f"{path} is damaged: {table['file']} does not match its "
                                   "checksum in the manifest. Nothing was restored.")
        for media in manifest["media"]:
            with bundle.open(media["file"]) as stream:
                if archive.sha256_of(stream) != media["sha256"]:
                    raise CommandError(f"{path} is damaged: {media['file']} does not match "
                                       "its checksum in the manifest. Nothing was restored.")
    except (KeyError, zipfile.BadZipFile, OSError, EOFError) as error:
        raise CommandError(f"{path} is damaged ({error}). Nothing was restored.") from error


def tables_with_data(apps) -> list[str]:
    existing = connection.introspection.table_names()
    busy = []
    with connection.cursor() as cursor:
        for table in sorted(set(existing) - allowed_in_empty(apps)):
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
            if cursor.fetchone():
                busy.append(table)
    return busy


def refuse_unless_empty(apps) -> None:
    busy = tables_with_data(apps)
    if busy:
        shown = ", ".join(busy[:5]) + (" and more" if len(busy) > 5 else "")
        raise CommandError(
            f"The database already holds PIF data (in {shown}). A restore goes only into an "
            "empty database: create a new one, point DATABASE_URL at it and run the restore "
            "again. Nothing was restored.")


def media_targets(manifest: dict) -> list[tuple[dict, Path]]:
    """Where each uploaded file goes; refuses a name that escapes MEDIA_ROOT or a different
    file already there."""
    root = Path(settings.MEDIA_ROOT).resolve()
    targets = []
    for media in manifest["media"]:
        target = (root / media["name"]).resolve()
        if root not in target.parents:
            raise CommandError(f"The backup names a file outside MEDIA_ROOT: {media['name']}.")
        if target.exists():
            with open(target, "rb") as existing:
                if archive.sha256_of(existing) != media["sha256"]:
                    raise CommandError(
                        f"{target} exists and differs from the backup's copy. Restore into an "
                        "empty MEDIA_ROOT. Nothing was restored.")
        targets.append((media, target))
    return targets


def migrate_to(targets, migration_loader) -> None:
    executor = MigrationExecutor(connection)
    executor.loader = migration_loader
    try:
        executor.migrate(targets)
    except IrreversibleError as error:
        # Only when the database was migrated past the backup's state before the restore:
        # going back to it would need a migration that cannot be undone.
        raise CommandError(
            f"This database is migrated past the backup's state and cannot be taken back to "
            f"it ({error}). Restore an older backup into a brand-new database, one `migrate` "
            "has not been run on. No rows were loaded.") from error


def replace_made_by_migrate(apps) -> None:
    """Empty the content type and permission tables, so the backup's rows (and ids) go in."""
    with connection.cursor() as cursor:
        for label in ("auth.Permission", "contenttypes.ContentType"):
            table = apps.get_model(label)._meta.db_table
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608


def load_table(bundle, table: dict, apps) -> type:
    model = apps.get_model(table["model"])
    fields = {field.attname: field for field in model._meta.concrete_fields}
    for field in fields.values():
        # The backup's dates are the truth: do not stamp "now" over them.
        field.auto_now = field.auto_now_add = False
    with bundle.open(table["file"]) as stream:
        try:
            columns = json.loads(stream.readline())["columns"]
        except (ValueError, KeyError, TypeError) as error:
            raise CommandError(f"{table['file']} has no readable list of columns.") from error
        unknown = [column for column in columns if column not in fields]
        if unknown:
            raise CommandError(f"{table['file']} has columns the model {table['model']} does "
                               f"not have at this migration state: {', '.join(unknown)}.")
        kinds = [archive.value_type(fields[column]) for column in columns]
        batch = []
        for line in stream:
            try:
                values = json.loads(line)
                batch.append(model(**{column: archive.decode_value(kind, value)
                                      for column, kind, value in zip(columns, kinds, values,
                                                                     strict=True)}))
            except (ValueError, TypeError) as error:
                raise CommandError(f"{table['file']} has a row PIF cannot read ({error}).") \
                    from error
            if len(batch) >= ROWS_PER_INSERT:
                model._base_manager.bulk_create(batch)
                batch = []
        if batch:
            model._base_manager.bulk_create(batch)
    return model


def load_everything(bundle, manifest: dict, apps) -> None:
    replace_made_by_migrate(apps)
    if connection.vendor == "postgresql":
        # A migration that drops a foreign key first makes it IMMEDIATE for the rest of the
        # transaction (Django's "SET CONSTRAINTS ... IMMEDIATE"); defer them all again.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    with connection.constraint_checks_disabled():
        models = [load_table(bundle, table, apps) for table in manifest["tables"]]
    try:
        connection.check_constraints(table_names=[model._meta.db_table for model in models])
    except IntegrityError as error:
        raise CommandError(f"The backup's rows do not fit together ({error}). Nothing was "
                           "restored.") from error
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    ContentType.objects.clear_cache()


def write_media(bundle, targets) -> None:
    for media, target in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        with bundle.open(media["file"]) as source, open(target, "wb") as out:
            while chunk := source.read(archive.CHUNK_BYTES):
                out.write(chunk)


def restore_backup(path, stdout=None) -> dict:
    """Restore the backup at `path`; returns its manifest. See the module docstring."""
    path = Path(path)
    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="pif-restore-")))
        bundle = stack.enter_context(zipfile.ZipFile(open_backup(path, work)))
        manifest = read_manifest(bundle, path)
        verify(bundle, manifest, path)
        migration_loader = state.loader()
        unknown = state.unknown_migrations(manifest["migrations"], migration_loader)
        if unknown:
            raise CommandError(
                f"{path} was made by a newer PIF ({manifest.get('pif_version')}): it records "
                f"migrations this version does not have ({', '.join(unknown[:5])}). Upgrade "
                "PIF to that version or later, then restore. Nothing was restored.")
        apps = state.state_apps(manifest["migrations"], migration_loader)
        check_coverage(bundle, manifest, apps, path)
        refuse_unless_empty(apps)
        targets = media_targets(manifest)
        leaves = state.leaf_targets(manifest["migrations"], migration_loader)
        # SQLite can roll back schema changes, but its schema editor must switch foreign
        # keys off, which it cannot do inside a transaction.
        if connection.features.can_rollback_ddl and connection.vendor != "sqlite":
            with transaction.atomic():
                migrate_to(leaves, migration_loader)
                load_everything(bundle, manifest, apps)
                call_command("migrate", interactive=False, verbosity=0)
                write_media(bundle, targets)
        else:
            migrate_to(leaves, migration_loader)
            try:
                with transaction.atomic():
                    load_everything(bundle, manifest, apps)
            except (DatabaseError, CommandError) as error:
                raise CommandError(
                    f"The restore failed while loading rows ({error}). The database is left "
                    "migrated but empty: fix the cause and run the restore again.") from error
            write_media(bundle, targets)
            call_command("migrate", interactive=False, verbosity=0)
    return manifest


def check_backup(path) -> dict:
    """Open the file and check every checksum, its migrations and that its manifest lists
    every table, writing nothing."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="pif-restore-") as work:
        with zipfile.ZipFile(open_backup(path, Path(work))) as bundle:
            manifest = read_manifest(bundle, path)
            verify(bundle, manifest, path)
            migration_loader = state.loader()
            unknown = state.unknown_migrations(manifest["migrations"], migration_loader)
            if unknown:
                raise CommandError(
                    f"{path} was made by a newer PIF ({manifest.get('pif_version')}): this "
                    f"version cannot restore it ({', '.join(unknown[:5])}).")
            check_coverage(bundle, manifest,
                           state.state_apps(manifest["migrations"], migration_loader), path)
    return manifest


def compare_with_database(path) -> list[str]:
    """The tables and files where the database differs from the backup at `path` (empty when
    they agree), for the monthly restore test. Compares checksums of the canonical data
    files, so the backup must be of the same scope and migration state."""
    from . import writer

    original = check_backup(path)
    partnership = None
    if original["scope"]["kind"] == "partnership":
        from pif.partnerships.models import Partnership

        scope = original["scope"]
        partnership = Partnership.objects.filter(pk=scope.get("partnership_id")).first()
        if partnership is None:
            raise CommandError(f"The database has no partnership {scope.get('partnership')}: "
                               "nothing to compare.")
    with tempfile.TemporaryDirectory(prefix="pif-compare-") as work:
        now = writer.write_plain(Path(work) / "now.zip", partnership)

    def summary(manifest):
        tables = {table["model"]: (table["rows"], table["sha256"])
                  for table in manifest["tables"]}
        media = {media["name"]: media["sha256"] for media in manifest["media"]}
        return tables, media

    (old_tables, old_media), (new_tables, new_media) = summary(original), summary(now)
    differences = [
        f"{model}: {old_tables.get(model, (0,))[0]} rows in the backup, "
        f"{new_tables.get(model, (0,))[0]} in the database"
        for model in sorted(set(old_tables) | set(new_tables))
        if old_tables.get(model) != new_tables.get(model)]
    differences += [f"uploaded file {name}" for name in sorted(set(old_media) | set(new_media))
                    if old_media.get(name) != new_media.get(name)]
    return differences
