"""A restore refuses, with a clear message and nothing written, a damaged or cut-short file,
the wrong or a missing key, a database that already holds PIF data, and a backup from a
newer PIF."""

import json
import sqlite3
import zipfile

import pytest

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


def test_the_wrong_key_and_a_missing_key_are_refused(source, target, tmp_path):
    encrypted = tmp_path / "sealed.pifbackup"
    source.pif("backup", str(encrypted), "--encrypt")
    other_key = target.pif("backup", "--new-key").stdout.strip()
    assert other_key != KEY
    refused(target, encrypted, "cannot be decrypted with this PIF_BACKUP_KEY",
            PIF_BACKUP_KEY=other_key)
    refused(target, encrypted, "PIF_BACKUP_KEY is not set", PIF_BACKUP_KEY="")
    refused(target, encrypted, "is not a valid backup key", PIF_BACKUP_KEY="not-a-key")


def test_an_encrypted_file_cut_short_is_refused(source, target, tmp_path):
    encrypted = tmp_path / "sealed.pifbackup"
    source.pif("backup", str(encrypted), "--encrypt")
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
