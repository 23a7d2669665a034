"""Writing a backup: `write_backup(path, partnership=None, encrypt=False)`.

Rows are read a table at a time with `.iterator()` and written straight into the zip, so
memory holds one chunk of rows, not the database. What it writes is described in
`pif.backups.archive`; which rows, in `pif.backups.selection` (one partnership) or every
table but sessions (the whole site).
"""

from __future__ import annotations

import datetime
import hashlib
import importlib.metadata
import json
import os
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection

from . import archive, selection, state

ROWS_PER_FETCH = 2000


def pif_version() -> str:
    try:
        return importlib.metadata.version("pif")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def site_querysets(apps) -> list:
    """Every table of the site but the ones left out, parents first."""
    models = [model for model in selection.concrete_models(apps)
              if model._meta.label not in state.LEFT_OUT]
    return [(model, model._default_manager.order_by("pk"))
            for model in selection.load_order(models)]


def scope_querysets(apps, partnership_id):
    """One partnership's rows, with the content types and permissions (needed by a restore)."""
    chosen = selection.partnership_querysets(partnership_id, apps, strict=True)
    chosen_models = {model for model, _ in chosen}
    made_by_migrate = [
        (model, model._default_manager.order_by("pk"))
        for model in selection.load_order(selection.concrete_models(apps))
        if model._meta.label in state.MADE_BY_MIGRATE and model not in chosen_models]
    return made_by_migrate + chosen


def file_field_names(model, apps) -> list[str]:
    """Columns that name an uploaded file: file fields, and their copies in history."""
    names = [field.attname for field in model._meta.concrete_fields
             if field.get_internal_type() in {"FileField", "ImageField"}]
    recorded = selection.recorded_model(model, apps)
    if recorded is not None:
        columns = {field.attname for field in model._meta.concrete_fields}
        names += [name for name in file_field_names(recorded, apps)
                  if name in columns and name not in names]
    return names


def _write_table(bundle, model, queryset, apps, media: set) -> dict:
    fields = list(model._meta.concrete_fields)
    columns = [field.attname for field in fields]
    kinds = [archive.value_type(field) for field in fields]
    file_columns = {columns.index(name) for name in file_field_names(model, apps)}
    name = archive.data_file_name(model)
    rows = 0
    with bundle.open(name, "w", force_zip64=True) as stream:
        writer = archive.HashingWriter(stream)
        writer.write_line({"model": model._meta.label, "table": model._meta.db_table,
                           "columns": columns})
        for values in queryset.values_list(*columns).iterator(chunk_size=ROWS_PER_FETCH):
            writer.write_line([archive.encode_value(kind, value)
                               for kind, value in zip(kinds, values, strict=True)])
            media.update(values[index] for index in file_columns if values[index])
            rows += 1
    return {"model": model._meta.label, "file": name, "rows": rows,
            "sha256": writer.digest.hexdigest()}


def _write_media(bundle, names: set) -> list[dict]:
    root = Path(settings.MEDIA_ROOT).resolve()
    written = []
    for name in sorted(names):
        path = (root / name).resolve()
        if not path.is_file() or root not in path.parents:
            continue  # a row naming a file that is gone: nothing to carry
        digest = hashlib.sha256()
        with open(path, "rb") as source, bundle.open(f"media/{name}", "w",
                                                      force_zip64=True) as target:
            while chunk := source.read(archive.CHUNK_BYTES):
                digest.update(chunk)
                target.write(chunk)
        written.append({"name": name, "file": f"media/{name}", "sha256": digest.hexdigest()})
    return written


def write_plain(path: Path, partnership=None) -> dict:
    """Write an unencrypted backup zip to `path` and return its manifest."""
    migration_loader = state.loader()
    recorded = state.applied_migrations(migration_loader)
    apps = state.state_apps(recorded, migration_loader)
    if partnership is None:
        scope = {"kind": "site"}
    else:
        scope = {"kind": "partnership", "partnership": partnership.short_name,
                 "partnership_id": partnership.pk}
    media: set[str] = set()
    # The rows are chosen and read inside one snapshot, so the tables agree with each other:
    # a member added meanwhile cannot name a user the chosen users leave out.
    with state.one_snapshot(), zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bundle:
        try:
            querysets = (site_querysets(apps) if partnership is None
                         else scope_querysets(apps, partnership.pk))
        except selection.ForeignPartnershipRows as error:
            raise CommandError(f"{error} Fix those rows, then back up again. Nothing was "
                               "written.") from error
        tables = [_write_table(bundle, model, queryset, apps, media)
                  for model, queryset in querysets]
        manifest = {
            "format": archive.FORMAT,
            "format_version": archive.FORMAT_VERSION,
            "pif_version": pif_version(),
            "made_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "database_vendor": connection.vendor,
            "scope": scope,
            "left_out": state.LEFT_OUT,
            "migrations": recorded,
            "tables": tables,
            "media": _write_media(bundle, media),
        }
        bundle.writestr(archive.MANIFEST, json.dumps(manifest, indent=2))
    return manifest


def write_backup(path, partnership=None, encrypt: bool = False) -> dict:
    """Write the backup to `path` (encrypted with PIF_BACKUP_KEY if asked) and return its
    manifest. The file appears only when complete: it is written beside and renamed. It is
    readable by its owner only: it holds password and token hashes."""
    path = Path(path)
    fernet = archive.fernet_from_environment() if encrypt else None
    folder = path.resolve().parent
    if path.is_dir():
        raise CommandError(f"{path} is a folder: name a file in it, such as "
                           f"{path / 'pif-backup.zip'}.")
    if not folder.is_dir():
        raise CommandError(f"Cannot write {path}: there is no folder {folder}.")
    try:
        with tempfile.TemporaryDirectory(dir=folder, prefix=".pif-backup-") as work, \
                tempfile.TemporaryDirectory(prefix="pif-backup-plain-") as plain_work:
            # The plain zip stays out of the target folder (often synced or copied off the
            # server) when it is to be encrypted.
            plain = Path(plain_work if fernet else work) / "backup.zip"
            manifest = write_plain(plain, partnership)
            if fernet is None:
                os.chmod(plain, 0o600)  # it holds password and token hashes
                os.replace(plain, path)
            else:
                sealed = Path(work) / "backup.zip.fernet"
                archive.encrypt_file(plain, sealed, fernet)
                os.chmod(sealed, 0o600)
                os.replace(sealed, path)
    except OSError as error:
        raise CommandError(f"Cannot write {path}: {error.strerror}.") from error
    return manifest
