"""A backup restored into an empty database gives back every row and uploaded file: on
SQLite, on PostgreSQL and across the two. Compared by backing the restored database up
again: the data files hold every table's rows in a canonical form."""

import pytest

from pif.backups import selection, state

from .helpers import (
    PostgresDatabase,
    assert_same_data,
    contents,
    manifest,
    postgres_available,
    sqlite_site,
)


def test_the_backup_holds_every_table_history_and_the_evidence_file(source):
    written = manifest(source.backup)
    tables = {table["model"]: table for table in written["tables"]}
    assert written["scope"] == {"kind": "site"}
    assert written["database_vendor"] == "sqlite"
    assert "sessions.Session" not in tables
    # Every table but sessions: the round trips compare two backups from the same writer, so
    # a table the writer dropped would be missing from both.
    assert set(tables) == {model._meta.label for model in selection.concrete_models()} - set(
        state.LEFT_OUT)
    assert tables["partnerships.Partnership"]["rows"] == 1
    assert tables["measures.HistoricalObservation"]["rows"] > 0
    assert tables["reviews.HistoricalEvidence"]["rows"] > 0
    assert "0001_initial" in written["migrations"]["partnerships"]
    assert [media["name"] for media in written["media"]] == [source.evidence_name]
    files = contents(source.backup)
    assert files[f"media/{source.evidence_name}"] == b"%PDF-1.4 signed agreement"
    # Readable by its owner only: it holds password and token hashes.
    assert source.backup.stat().st_mode & 0o077 == 0


def test_an_encrypted_sqlite_backup_restores_without_loss(source, encrypted, empty_template,
                                                         tmp_path):
    assert not encrypted.read_bytes().startswith(b"PK")  # not a readable zip
    assert encrypted.stat().st_mode & 0o077 == 0
    assert not list(source.folder.glob(".pif-backup-*"))  # no working copy left beside it
    target = sqlite_site(tmp_path / "target", template=empty_template)
    result = target.pif("restore", str(encrypted))
    assert "Restored the whole site" in result.stdout
    # --compare backs the database up again and compares every table's and file's checksum
    # with the backup's: the same proof as comparing two backups' data files.
    compared = target.pif("restore", "--compare", str(encrypted))
    assert "holds exactly what" in compared.stdout
    assert (target.media / source.evidence_name).read_bytes() == b"%PDF-1.4 signed agreement"


@pytest.mark.skipif(not postgres_available(), reason="PostgreSQL does not answer on 127.0.0.1")
def test_sqlite_to_postgresql_and_back_loses_nothing(source, empty_template, tmp_path):
    with PostgresDatabase() as database_url:
        postgres = sqlite_site(tmp_path / "postgres")
        postgres.database_url = database_url
        # A brand-new database: the restore runs every migration itself.
        postgres.pif("restore", str(source.backup))
        from_postgres = tmp_path / "from-postgres.zip"
        postgres.pif("backup", str(from_postgres))
    assert manifest(from_postgres)["database_vendor"] == "postgresql"
    assert_same_data(source.backup, from_postgres)

    back = sqlite_site(tmp_path / "back", template=empty_template)
    back.pif("restore", str(from_postgres))
    again = tmp_path / "back.zip"
    back.pif("backup", str(again))
    assert_same_data(source.backup, again)


def test_one_partnership_restores_into_an_empty_database(source, empty_template, tmp_path):
    backup = tmp_path / "loch-arden.zip"
    source.pif("backup", str(backup), "--partnership", "loch-arden")
    written = manifest(backup)
    assert written["scope"]["partnership"] == "loch-arden"
    assert backup.stat().st_mode & 0o077 == 0
    target = sqlite_site(tmp_path / "target", template=empty_template)
    result = target.pif("restore", str(backup))
    assert "Restored partnership loch-arden" in result.stdout
    compared = target.pif("restore", "--compare", str(backup))
    assert "holds exactly what" in compared.stdout
