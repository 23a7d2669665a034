"""A backup restored into an empty database gives back every row and uploaded file: on
SQLite, on PostgreSQL and across the two. Compared by backing the restored database up
again: the data files hold every table's rows in a canonical form."""

import pytest

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
    assert tables["partnerships.Partnership"]["rows"] == 1
    assert tables["measures.HistoricalObservation"]["rows"] > 0
    assert tables["reviews.HistoricalEvidence"]["rows"] > 0
    assert "0001_initial" in written["migrations"]["partnerships"]
    assert [media["name"] for media in written["media"]] == [source.evidence_name]
    files = contents(source.backup)
    assert files[f"media/{source.evidence_name}"] == b"%PDF-1.4 signed agreement"


def test_an_encrypted_sqlite_backup_restores_without_loss(source, empty_template, tmp_path):
    encrypted = tmp_path / "site.pifbackup"
    source.pif("backup", str(encrypted), "--encrypt")
    assert not encrypted.read_bytes().startswith(b"PK")  # not a readable zip
    target = sqlite_site(tmp_path / "target", template=empty_template)
    result = target.pif("restore", str(encrypted))
    assert "Restored the whole site" in result.stdout
    compared = target.pif("restore", "--compare", str(encrypted))
    assert "holds exactly what" in compared.stdout
    again = tmp_path / "again.zip"
    target.pif("backup", str(again))
    assert_same_data(source.backup, again)
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
