"""A restore refuses, with a clear message and nothing written, a damaged or cut-short file,
the wrong or a missing key, a database that already holds PIF data, and a backup from a
newer PIF."""

import io
import json
import sqlite3
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pif.backups import reader

from .helpers import KEY, sqlite_site


def partnership_rows(site) -> int:
    with sqlite3.connect(site.folder / "pif.sqlite3") as database:
        return database.execute("SELECT count(*) FROM partnerships_partnership").fetchone()[0]


@pytest.fixture
def target(empty_template, tmp_path):
    return sqlite_site(tmp_path / "target", template=empty_template)


def rewrite(original, copy, change):
    """Copy a backup zip, passing each entry's bytes through change(name, data)."""
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(copy, "w") as out:
        for name in source.namelist():
            out.writestr(name, change(name, source.read(name)))
    return copy


def refused(site, path, message, **env):
    result = site.pif("restore", str(path), check=False, **env)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert partnership_rows(site) == 0
    assert not any(site.media.iterdir())


def test_a_changed_table_is_refused_before_anything_is_written(source, target, tmp_path):
    damaged = rewrite(source.backup, tmp_path / "damaged.zip", lambda name, data: (
        data.replace(b"Loch Arden", b"Loch Ardne") if name.endswith("Partnership.jsonl")
        else data))
    refused(target, damaged, "does not match its checksum")


def test_a_file_cut_short_is_refused(source, target, tmp_path):
    cut = tmp_path / "cut.zip"
    cut.write_bytes(source.backup.read_bytes()[:-5000])
    refused(target, cut, "is not a PIF backup, or it is damaged")


def test_the_wrong_key_and_a_missing_key_are_refused(encrypted, target):
    printed = io.StringIO()
    call_command("backup", "--new-key", stdout=printed)
    other_key = printed.getvalue().strip()
    assert other_key != KEY
    refused(target, encrypted, "cannot be decrypted with this PIF_BACKUP_KEY",
            PIF_BACKUP_KEY=other_key)
    refused(target, encrypted, "PIF_BACKUP_KEY is not set", PIF_BACKUP_KEY="")
    refused(target, encrypted, "is not a valid backup key", PIF_BACKUP_KEY="not-a-key")


def test_an_encrypted_file_cut_short_is_refused(encrypted, target, tmp_path):
    cut = tmp_path / "cut.pifbackup"
    cut.write_bytes(encrypted.read_bytes()[:-100])
    refused(target, cut, "is damaged or cut short")


def test_a_missing_key_stops_an_encrypted_backup(source, tmp_path):
    result = source.pif("backup", str(tmp_path / "x.zip"), "--encrypt", check=False,
                        PIF_BACKUP_KEY=None)
    assert result.returncode != 0
    assert "PIF_BACKUP_KEY is not set" in result.stderr
    assert not (tmp_path / "x.zip").exists()


def test_a_database_holding_pif_data_is_refused(source):
    result = source.pif("restore", str(source.backup), check=False)
    assert result.returncode != 0
    assert "already holds PIF data" in result.stderr
    assert partnership_rows(source) == 1


def test_a_backup_from_a_newer_pif_is_refused(source, target, tmp_path):
    def from_the_future(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["pif_version"] = "9.0.0"
        manifest["migrations"]["partnerships"].append("0999_from_the_future")
        return json.dumps(manifest).encode()

    newer = rewrite(source.backup, tmp_path / "newer.zip", from_the_future)
    refused(target, newer, "was made by a newer PIF (9.0.0)")


def edited(original, copy, edit):
    """Copy a backup zip with its manifest passed through edit(manifest)."""
    def change(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        edit(manifest)
        return json.dumps(manifest).encode()

    return rewrite(original, copy, change)


def drop_table(label):
    def edit(manifest):
        manifest["tables"] = [table for table in manifest["tables"] if table["model"] != label]
    return edit


# Hand-edited or damaged manifests. These are refused by reading the manifest alone, before
# the database is opened, so they are checked in this process.
SHAPES = {
    "no migrations": (lambda manifest: manifest.pop("migrations"), "has a damaged manifest"),
    "tables not a list": (lambda manifest: manifest.update(tables=5), "has a damaged manifest"),
    "format version as text": (lambda manifest: manifest.update(format_version="1"),
                               "its manifest has no format version"),
}


@pytest.mark.parametrize("edit", list(SHAPES))
def test_a_manifest_of_the_wrong_shape_is_refused(source, tmp_path, edit):
    change, message = SHAPES[edit]
    damaged = edited(source.backup, tmp_path / "edited.zip", change)
    with pytest.raises(CommandError, match=message):
        reader.restore_backup(damaged)


# These need the backup's migration state, so they go through `pif restore`.
COVERAGE = {
    "an unknown model": (
        lambda manifest: manifest["tables"][0].update(model="nosuch.Model"),
        "names a table PIF does not have"),
    "a table dropped": (drop_table("measures.HistoricalObservation"),
                        "its manifest does not list every table"),
}


@pytest.mark.parametrize("edit", list(COVERAGE))
def test_a_manifest_that_does_not_match_its_tables_is_refused(source, target, tmp_path, edit):
    change, message = COVERAGE[edit]
    damaged = edited(source.backup, tmp_path / "edited.zip", change)
    refused(target, damaged, message)
